from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmLead(models.Model):
    _inherit = "crm.lead"

    crm_tr_competitor_id = fields.Many2one(
        "crm_tr.competitor",
        string="Lost To",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        copy=False,
        help="The competitor who got the business when the opportunity was lost.",
    )

    @api.constrains("crm_tr_competitor_id", "company_id")
    def _check_crm_tr_competitor_company(self):
        for lead in self:
            competitor_company = lead.crm_tr_competitor_id.company_id
            if competitor_company and lead.company_id and competitor_company != lead.company_id:
                raise ValidationError(
                    self.env._(
                        "Competitor %(competitor)s belongs to %(company)s: it cannot be recorded on "
                        "opportunity %(lead)s of %(lead_company)s.",
                        competitor=lead.crm_tr_competitor_id.name,
                        company=competitor_company.name,
                        lead=lead.name,
                        lead_company=lead.company_id.name,
                    )
                )

    def action_unarchive(self):
        # A restored opportunity is no longer lost to anyone (Odoo clears the lost reason too).
        lost = self.filtered(lambda lead: not lead.active and lead.crm_tr_competitor_id)
        res = super().action_unarchive()
        if lost:
            lost.write({"crm_tr_competitor_id": False})
        return res

    def action_set_lost(self, **additional_values):
        competitor_id = self.env.context.get("crm_tr_lost_competitor_id")
        if competitor_id and "crm_tr_competitor_id" not in additional_values:
            additional_values["crm_tr_competitor_id"] = competitor_id
        return super().action_set_lost(**additional_values)
