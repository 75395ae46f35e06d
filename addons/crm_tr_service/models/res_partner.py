from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_tr_service_case_count = fields.Integer(compute="_compute_crm_tr_service_case_count", string="Service Cases")

    def _compute_crm_tr_service_case_count(self):
        counts = dict(
            self.env["crm_tr.service.case"]._read_group(
                [("partner_id", "child_of", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            origin = partner._origin
            partner.crm_tr_service_case_count = (
                sum(count for case_partner, count in counts.items() if case_partner.commercial_partner_id == origin)
                if origin == origin.commercial_partner_id
                else counts.get(origin, 0)
            )

    def action_crm_tr_view_service_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_service.crm_tr_service_case_action")
        action["domain"] = [("partner_id", "child_of", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
