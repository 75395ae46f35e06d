from odoo import api, fields, models


class ResPartner(models.Model):
    """The customer card's service history: its cases, the hours its done service visits
    took, how long its solved cases took, and what serving it cost — the customer company
    counts its contacts' cases and visits."""

    _inherit = "res.partner"

    crm_tr_service_open_case_count = fields.Integer(
        string="Open Service Cases", compute="_compute_crm_tr_service_history"
    )
    crm_tr_service_hours = fields.Float(
        string="Service Hours Given",
        compute="_compute_crm_tr_service_history",
        help="Hours of the done service visits: the time worked, or the planned time when no start and finish "
        "were recorded.",
    )
    crm_tr_service_resolve_days = fields.Float(
        string="Mean Days to Resolve",
        compute="_compute_crm_tr_service_history",
        digits=(16, 1),
        help="Mean number of days from opening to solving, over the solved cases.",
    )
    crm_tr_service_cost = fields.Monetary(
        string="Service Cost",
        compute="_compute_crm_tr_service_history",
        currency_field="crm_tr_service_currency_id",
        help="Labour, travel, parts and expenses of the done service visits, in the current company.",
    )
    crm_tr_service_currency_id = fields.Many2one("res.currency", compute="_compute_crm_tr_service_history")

    @api.depends_context("company")
    def _compute_crm_tr_service_history(self):
        """Three grouped reads whatever the number of partners."""
        company = self.env.company
        commercial = self.commercial_partner_id
        Case = self.env["crm_tr.service.case"]
        open_cases = dict(
            Case._read_group(
                [("commercial_partner_id", "in", commercial.ids), ("state", "not in", ("done", "cancelled"))],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        solved = {
            partner: (count, opened, closed)
            for partner, count, opened, closed in Case._read_group(
                [
                    ("commercial_partner_id", "in", commercial.ids),
                    ("state", "=", "done"),
                    ("date_closed", "!=", False),
                ],
                ["commercial_partner_id"],
                ["__count", "date_open:array_agg", "date_closed:array_agg"],
            )
        }
        visits = {
            partner: (hours, cost)
            for partner, hours, cost in self.env["crm_tr.visit"]._read_group(
                [
                    ("commercial_partner_id", "in", commercial.ids),
                    ("visit_type", "=", "service"),
                    ("state", "=", "done"),
                    ("company_id", "=", company.id),
                ],
                ["commercial_partner_id"],
                ["crm_tr_contract_hours:sum", "total_cost:sum"],
            )
        }
        for partner in self:
            customer = partner._origin.commercial_partner_id
            partner.crm_tr_service_open_case_count = open_cases.get(customer, 0)
            count, opened, closed = solved.get(customer, (0, [], []))
            days = [(end - start).total_seconds() / 86400 for start, end in zip(opened, closed, strict=True)]
            partner.crm_tr_service_resolve_days = sum(days) / count if count else 0.0
            partner.crm_tr_service_hours, partner.crm_tr_service_cost = visits.get(customer, (0.0, 0.0))
            partner.crm_tr_service_currency_id = company.currency_id
