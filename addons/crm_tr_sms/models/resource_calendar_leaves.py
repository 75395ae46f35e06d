from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    def _crm_tr_recompute_iys_deadlines(self):
        """Company-wide time off (public holidays) moves the İYS deadline of the consents
        not uploaded yet; a leave of no company may concern any company."""
        self.env["crm_tr.iys.consent"]._crm_tr_recompute_open_deadlines(self._crm_tr_deadline_companies())

    def _crm_tr_deadline_companies(self):
        """The companies whose deadlines these leaves move: an empty recordset when none is
        company-wide, None when one belongs to no company (all companies)."""
        public = self.filtered(lambda leave: not leave.resource_id)
        if public and not all(public.mapped("company_id")):
            return None
        return public.company_id

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._crm_tr_recompute_iys_deadlines()
        return leaves

    def write(self, vals):
        before = self._crm_tr_deadline_companies()
        result = super().write(vals)
        after = self._crm_tr_deadline_companies()
        self.env["crm_tr.iys.consent"]._crm_tr_recompute_open_deadlines(
            None if before is None or after is None else before | after
        )
        return result

    def unlink(self):
        # Computed once the leaves are gone: Odoo flushes pending computations before it deletes.
        companies = self._crm_tr_deadline_companies()
        result = super().unlink()
        self.env["crm_tr.iys.consent"]._crm_tr_recompute_open_deadlines(companies)
        return result
