from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_tr_service_case_count = fields.Integer(compute="_compute_crm_tr_service_case_count", string="Service Cases")

    def _compute_crm_tr_service_case_count(self):
        # A company counts the cases of all its contacts; a contact only its own.
        Case = self.env["crm_tr.service.case"]
        by_commercial = dict(
            Case._read_group([("commercial_partner_id", "in", self.ids)], ["commercial_partner_id"], ["__count"])
        )
        by_partner = dict(Case._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            origin = partner._origin
            counts = by_commercial if origin == origin.commercial_partner_id else by_partner
            partner.crm_tr_service_case_count = counts.get(origin, 0)

    def action_crm_tr_view_service_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_service.crm_tr_service_case_action")
        field = "commercial_partner_id" if self == self.commercial_partner_id else "partner_id"
        action["domain"] = [(field, "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
