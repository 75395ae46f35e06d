from odoo import api, fields, models
from odoo.tools import SQL

QUOTATION_STATES = [("sent", "Sent"), ("sale", "Confirmed"), ("cancel", "Cancelled")]


class CrmTrReportQuotationAcceptance(models.Model):
    """One row per quotation that left the company (sent, confirmed or cancelled), with the
    order's main product, its untaxed amount in the current company's currency and 0/1
    flags: the acceptance rate is the average of the accepted flag (x100) over the rows of
    a cell, that is confirmed quotations / all quotations of the cell.

    crm_tr_sales' Quotation Analysis (Odoo's sale.report, per order line) shows quoted and
    confirmed amounts; this report counts quotations, which a per-line report cannot do
    without counting an order once per line, and adds the cancelled ones and the rate."""

    _name = "crm_tr.report.quotation.acceptance"
    _description = "Quotation Acceptance Analysis"
    _auto = False
    _order = "date desc"

    date = fields.Date(string="Quotation Date", readonly=True)
    order_id = fields.Many2one("sale.order", string="Quotation", readonly=True)
    state = fields.Selection(QUOTATION_STATES, string="Status", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    product_id = fields.Many2one(
        "product.product",
        string="Main Product",
        readonly=True,
        help="The product of the quotation's line with the largest untaxed amount.",
    )
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    quotation_count = fields.Integer(string="Quotations", readonly=True)
    sent_count = fields.Integer(string="Awaiting Answer", readonly=True)
    confirmed_count = fields.Integer(string="Confirmed", readonly=True)
    cancelled_count = fields.Integer(string="Cancelled", readonly=True)
    amount = fields.Monetary(string="Quoted Amount", readonly=True)
    sent_amount = fields.Monetary(string="Amount Awaiting Answer", readonly=True)
    confirmed_amount = fields.Monetary(string="Confirmed Amount", readonly=True)
    cancelled_amount = fields.Monetary(string="Cancelled Amount", readonly=True)
    acceptance_rate = fields.Float(
        string="Acceptance Rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Confirmed quotations out of all quotations (sent, confirmed and cancelled).",
    )

    _depends = {
        "sale.order": [
            "state",
            "date_order",
            "partner_id",
            "user_id",
            "team_id",
            "company_id",
            "amount_untaxed",
            "currency_rate",
        ],
        "sale.order.line": ["order_id", "product_id", "price_subtotal", "display_type"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id"],
        "res.partner": ["commercial_partner_id", "state_id"],
    }

    @property
    def _table_query(self):
        return SQL("%s %s %s", self._select(), self._from(), self._where())

    @api.model
    def _select(self):
        # amount_untaxed is in the order's currency; currency_rate is the order currency per
        # company currency at the order date (as sale.report divides by it).
        # No division for an order in the company's currency (rate 1, most of them): numeric
        # division is what a grouping over the orders spends its time on.
        amount = self.env["res.currency"]._crm_tr_converted(
            self.env.companies,
            SQL(
                """CASE WHEN so.currency_rate = 1 OR COALESCE(so.currency_rate, 0) = 0 THEN so.amount_untaxed
                        ELSE so.amount_untaxed / so.currency_rate END"""
            ),
        )
        return SQL(
            """
            SELECT so.id AS id,
                   so.date_order::date AS date,
                   so.id AS order_id,
                   so.state AS state,
                   partner.commercial_partner_id AS partner_id,
                   so.user_id AS user_id,
                   so.team_id AS team_id,
                   so.company_id AS company_id,
                   %(currency)s AS currency_id,
                   main_line.product_id AS product_id,
                   template.categ_id AS categ_id,
                   commercial.state_id AS state_id,
                   1 AS quotation_count,
                   CASE WHEN so.state = 'sent' THEN 1 ELSE 0 END AS sent_count,
                   CASE WHEN so.state = 'sale' THEN 1 ELSE 0 END AS confirmed_count,
                   CASE WHEN so.state = 'cancel' THEN 1 ELSE 0 END AS cancelled_count,
                   %(amount)s AS amount,
                   CASE WHEN so.state = 'sent' THEN %(amount)s ELSE 0 END AS sent_amount,
                   CASE WHEN so.state = 'sale' THEN %(amount)s ELSE 0 END AS confirmed_amount,
                   CASE WHEN so.state = 'cancel' THEN %(amount)s ELSE 0 END AS cancelled_amount,
                   CASE WHEN so.state = 'sale' THEN 100.0 ELSE 0.0 END AS acceptance_rate
            """,
            currency=self.env.company.currency_id.id,
            amount=amount,
        )

    @api.model
    def _from(self):
        return SQL(
            """
              FROM sale_order so
              -- LEFT (an order always has its customer): dropped when a grouping needs neither
         LEFT JOIN res_partner partner ON partner.id = so.partner_id
         LEFT JOIN res_partner commercial ON commercial.id = partner.commercial_partner_id
         LEFT JOIN (
                   -- One row per order (DISTINCT ON): PostgreSQL drops the join, and the
                   -- product's, when a grouping does not ask for the product; a LATERAL
                   -- subquery ran once per quotation for every grouping (27x the
                   -- hand-written count by salesperson, tests/bench/bench_reports.py).
                   SELECT DISTINCT ON (line.order_id) line.order_id, line.product_id
                     FROM sale_order_line line
                    WHERE line.product_id IS NOT NULL AND line.display_type IS NULL
                 ORDER BY line.order_id, line.price_subtotal DESC, line.id
                   ) main_line ON main_line.order_id = so.id
         LEFT JOIN product_product product ON product.id = main_line.product_id
         LEFT JOIN product_template template ON template.id = product.product_tmpl_id
              JOIN %(currency_table)s ON account_currency_table.company_id = so.company_id
            """,
            currency_table=self.env["res.currency"]._crm_tr_currency_table(self.env.companies),
        )

    @api.model
    def _where(self):
        return SQL("WHERE so.state IN ('sent', 'sale', 'cancel')")
