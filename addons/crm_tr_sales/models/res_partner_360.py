from odoo import api, fields, models

from .customer_stat import CLASSES, PRIORITIES


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The classification per company, copied from the customer's 360 row by its computation so
    # that every list of customers can filter and group by it (company-dependent: jsonb).
    crm_tr_customer_class = fields.Selection(CLASSES, string="Customer Class", company_dependent=True, readonly=True)
    crm_tr_pareto_class = fields.Selection(CLASSES, string="Pareto Class", company_dependent=True, readonly=True)
    crm_tr_priority = fields.Selection(PRIORITIES, string="Customer Priority", company_dependent=True, readonly=True)
    crm_tr_neglect_date = fields.Date(string="Neglected From", company_dependent=True, readonly=True)

    crm_tr_stat_id = fields.Many2one(
        "crm_tr.customer.stat", string="360", compute="_compute_crm_tr_stat_id", search="_search_crm_tr_stat_id"
    )
    crm_tr_stat_currency_id = fields.Many2one(related="crm_tr_stat_id.currency_id", string="360 Currency")
    crm_tr_revenue = fields.Monetary(
        related="crm_tr_stat_id.revenue", string="Revenue", currency_field="crm_tr_stat_currency_id"
    )
    crm_tr_cost_of_sales = fields.Monetary(
        related="crm_tr_stat_id.cost_of_sales", string="Cost of Sales", currency_field="crm_tr_stat_currency_id"
    )
    crm_tr_gross_margin = fields.Monetary(
        related="crm_tr_stat_id.gross_margin", string="Gross Margin", currency_field="crm_tr_stat_currency_id"
    )
    crm_tr_gross_margin_percent = fields.Float(related="crm_tr_stat_id.gross_margin_percent", string="Gross Margin (%)")
    crm_tr_cost_to_serve = fields.Monetary(
        related="crm_tr_stat_id.cost_to_serve", string="Cost to Serve", currency_field="crm_tr_stat_currency_id"
    )
    crm_tr_net_profit = fields.Monetary(
        related="crm_tr_stat_id.net_profit", string="Net Profit", currency_field="crm_tr_stat_currency_id"
    )
    crm_tr_net_margin_percent = fields.Float(related="crm_tr_stat_id.net_margin_percent", string="Net Margin (%)")
    crm_tr_invoice_count = fields.Integer(related="crm_tr_stat_id.invoice_count", string="Invoices (360)")
    crm_tr_first_purchase = fields.Date(related="crm_tr_stat_id.first_purchase", string="First Purchase")
    crm_tr_last_purchase = fields.Date(related="crm_tr_stat_id.last_purchase", string="Last Purchase")
    crm_tr_mean_days_between = fields.Float(related="crm_tr_stat_id.mean_days_between", string="Days Between Purchases")
    crm_tr_last_interaction = fields.Datetime(related="crm_tr_stat_id.last_interaction", string="Last Interaction")
    crm_tr_last_interaction_kind = fields.Selection(
        related="crm_tr_stat_id.last_interaction_kind", string="Last Interaction Type"
    )
    crm_tr_quotation_count = fields.Integer(related="crm_tr_stat_id.quotation_count", string="Quotations Sent")
    crm_tr_order_count = fields.Integer(related="crm_tr_stat_id.order_count", string="Quotations Confirmed")
    crm_tr_acceptance_rate = fields.Float(related="crm_tr_stat_id.acceptance_rate", string="Acceptance Rate (%)")
    crm_tr_call_count = fields.Integer(related="crm_tr_stat_id.call_count", string="Calls Done")
    crm_tr_meeting_count = fields.Integer(related="crm_tr_stat_id.meeting_count", string="Meetings Done")
    crm_tr_visit_done_count = fields.Integer(related="crm_tr_stat_id.visit_count", string="Visits Done")
    crm_tr_stat_referral_count = fields.Integer(related="crm_tr_stat_id.referral_count", string="Customers Referred")
    crm_tr_stat_referral_revenue = fields.Monetary(
        related="crm_tr_stat_id.referral_revenue",
        string="Referred Customers' Revenue",
        currency_field="crm_tr_stat_currency_id",
    )
    crm_tr_opportunity_count = fields.Integer(related="crm_tr_stat_id.opportunity_count", string="Open Opportunities")
    crm_tr_pipeline_amount = fields.Monetary(
        related="crm_tr_stat_id.pipeline_amount", string="Pipeline", currency_field="crm_tr_stat_currency_id"
    )
    crm_tr_score = fields.Float(related="crm_tr_stat_id.score", string="Score")
    crm_tr_revenue_share = fields.Float(related="crm_tr_stat_id.revenue_share", string="Revenue Share (%)")
    crm_tr_revenue_cumulative_share = fields.Float(
        related="crm_tr_stat_id.revenue_cumulative_share", string="Cumulative Revenue Share (%)"
    )
    crm_tr_profit_share = fields.Float(related="crm_tr_stat_id.profit_share", string="Net Profit Share (%)")
    crm_tr_neglected = fields.Boolean(related="crm_tr_stat_id.neglected", string="Neglected")
    crm_tr_computed_at = fields.Datetime(related="crm_tr_stat_id.computed_at", string="360 Computed On")

    @api.depends_context("company")
    def _compute_crm_tr_stat_id(self):
        stats = (
            self.env["crm_tr.customer.stat"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("company_id", "=", self.env.company.id),
                ]
            )
        )
        by_partner = {stat.partner_id.id: stat for stat in stats}
        for partner in self:
            partner.crm_tr_stat_id = by_partner.get(partner.commercial_partner_id.id, False)

    def _search_crm_tr_stat_id(self, operator, value):
        if operator != "in":
            return NotImplemented
        stats = self.env["crm_tr.customer.stat"].sudo().browse([v for v in value if v])
        return [("commercial_partner_id", "in", stats.partner_id.ids)]

    def action_crm_tr_recompute_360(self):
        """Recompute this customer's 360 figures in the current company now."""
        self.env["crm_tr.customer.stat"]._crm_tr_compute(self.env.company, self.commercial_partner_id)
        return True

    def action_crm_tr_view_360(self):
        self.ensure_one()
        stat = self.crm_tr_stat_id
        if not stat:
            stat = self.env["crm_tr.customer.stat"]._crm_tr_compute(self.env.company, self.commercial_partner_id)
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_sales.crm_tr_customer_stat_action")
        action.update({"res_id": stat[:1].id, "views": [(False, "form")], "view_mode": "form"})
        return action
