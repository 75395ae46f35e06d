from odoo import fields, models

from .visit_rollup import ROLLUP_STATES


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_tr_visit_count = fields.Integer(compute="_compute_crm_tr_visits", string="Visits")
    crm_tr_visit_cost = fields.Monetary(
        compute="_compute_crm_tr_visits",
        string="Visit Cost",
        currency_field="crm_tr_visit_currency_id",
        help="What the visits to this customer cost (labour, travel, parts, expenses), cancelled ones aside.",
    )
    crm_tr_visit_currency_id = fields.Many2one("res.currency", compute="_compute_crm_tr_visits")

    def _compute_crm_tr_visits(self):
        # A company counts the visits to all its contacts; a contact only his own.
        Visit = self.env["crm_tr.visit"]
        aggregates = ["__count", "total_cost:sum"]
        by_commercial = {
            partner: (count, cost)
            for partner, count, cost in Visit._read_group(
                [("commercial_partner_id", "in", self.ids), ("state", "in", ROLLUP_STATES)],
                ["commercial_partner_id"],
                aggregates,
            )
        }
        by_partner = {
            partner: (count, cost)
            for partner, count, cost in Visit._read_group(
                [("partner_id", "in", self.ids), ("state", "in", ROLLUP_STATES)], ["partner_id"], aggregates
            )
        }
        for partner in self:
            origin = partner._origin
            figures = by_commercial if origin == origin.commercial_partner_id else by_partner
            partner.crm_tr_visit_count, partner.crm_tr_visit_cost = figures.get(origin, (0, 0.0))
            partner.crm_tr_visit_currency_id = self.env.company.currency_id

    def action_crm_tr_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_sales.crm_tr_visit_action")
        field = "commercial_partner_id" if self == self.commercial_partner_id else "partner_id"
        action["domain"] = [(field, "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
