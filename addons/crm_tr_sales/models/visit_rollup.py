from odoo import fields, models

# What a document's visits cost, summed: crm.lead, sale.order and res.partner read it.
ROLLUP_STATES = ("planned", "in_progress", "done")


class CrmTrVisitRollup(models.AbstractModel):
    """Visits and their total cost on a document they are linked to (_crm_tr_visit_field:
    the visit's field pointing to it)."""

    _name = "crm_tr.visit.rollup"
    _description = "Visits of a Document"
    _crm_tr_visit_field = None

    crm_tr_visit_count = fields.Integer(string="Visits", compute="_compute_crm_tr_visits")
    crm_tr_visit_cost = fields.Monetary(
        string="Visit Cost",
        compute="_compute_crm_tr_visits",
        currency_field="crm_tr_visit_currency_id",
        help="The total cost of the visits (labour, travel, parts, expenses), cancelled ones aside.",
    )
    crm_tr_visit_currency_id = fields.Many2one("res.currency", compute="_compute_crm_tr_visits")

    def _compute_crm_tr_visits(self):
        field = self._crm_tr_visit_field
        groups = self.env["crm_tr.visit"]._read_group(
            [(field, "in", self.ids), ("state", "in", ROLLUP_STATES)], [field], ["__count", "total_cost:sum"]
        )
        figures = {record.id: (count, cost) for record, count, cost in groups}
        for record in self:
            count, cost = figures.get(record._origin.id, (0, 0.0))
            record.crm_tr_visit_count = count
            record.crm_tr_visit_cost = cost
            record.crm_tr_visit_currency_id = self.env.company.currency_id

    def action_crm_tr_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_sales.crm_tr_visit_action")
        action["domain"] = [(self._crm_tr_visit_field, "=", self.id)]
        action["context"] = {f"default_{self._crm_tr_visit_field}": self.id}
        return action


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm_tr.visit.rollup"]
    _crm_tr_visit_field = "opportunity_id"

    def action_crm_tr_view_visits(self):
        action = super().action_crm_tr_view_visits()
        action["context"]["default_partner_id"] = self.partner_id.id
        return action


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "crm_tr.visit.rollup"]
    _crm_tr_visit_field = "sale_order_id"

    def action_crm_tr_view_visits(self):
        action = super().action_crm_tr_view_visits()
        action["context"]["default_partner_id"] = self.partner_id.id
        action["context"]["default_opportunity_id"] = self.opportunity_id.id
        return action
