from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_tr_visit_count = fields.Integer(compute="_compute_crm_tr_visit_count", string="Visits")

    def _compute_crm_tr_visit_count(self):
        # A company counts the visits to all its contacts; a contact only its own.
        Visit = self.env["crm_tr.sales.visit"]
        by_commercial = dict(
            Visit._read_group([("commercial_partner_id", "in", self.ids)], ["commercial_partner_id"], ["__count"])
        )
        by_partner = dict(Visit._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            origin = partner._origin
            if origin == origin.commercial_partner_id:
                partner.crm_tr_visit_count = by_commercial.get(origin, 0)
            else:
                partner.crm_tr_visit_count = by_partner.get(origin, 0)

    def action_crm_tr_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_sales.crm_tr_sales_visit_action")
        field = "commercial_partner_id" if self == self.commercial_partner_id else "partner_id"
        action["domain"] = [(field, "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
