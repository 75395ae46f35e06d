from odoo import fields, models
from odoo.tools import SQL

# Ratios that must stay right at any grouping: computed from the sums of their numerators
# and denominators in the grouped query (see _read_group_select), never averaged.
RATIOS = {
    "failure_rate_sold:avg": ("case_count", "quantity", 1.0),
    "failure_rate_installed:avg": ("case_count", "installed_count", 1.0),
    "mtbf_days:avg": ("failure_gap_days", "failure_gap_count", 1.0),
    "margin_percent:avg": ("margin", "revenue", 100.0),
}


class CrmTrReportProduct(models.Model):
    """Per invoice line, service case and installed unit of a product: what was sold
    (posted invoices less credit notes), its revenue and margin in the current company's
    currency, the service cases opened on it, the units installed at customers and the days
    between consecutive failures of the same unit. Rates are ratios of sums, right at every grouping."""

    _name = "crm_tr.report.product"
    _description = "Product Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "product_id"

    date = fields.Date(readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    product_tmpl_id = fields.Many2one("product.template", string="Product Template", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    quantity = fields.Float(string="Quantity Sold", readonly=True, help="Invoiced less credited quantity.")
    revenue = fields.Monetary(string="Revenue (untaxed)", readonly=True)
    cost = fields.Monetary(string="Cost of Sale", readonly=True, help="The cost frozen on the invoice lines.")
    margin = fields.Monetary(readonly=True)
    margin_percent = fields.Float(string="Margin %", aggregator="avg", readonly=True)
    case_count = fields.Integer(
        string="Service Cases", readonly=True, help="Cases opened on the product, not cancelled."
    )
    installed_count = fields.Integer(
        string="Installed Units", readonly=True, help="Serial numbers of the product owned by customers."
    )
    failure_rate_sold = fields.Float(string="Cases per Unit Sold", aggregator="avg", digits=(16, 4), readonly=True)
    failure_rate_installed = fields.Float(
        string="Cases per Installed Unit", aggregator="avg", digits=(16, 4), readonly=True
    )
    failure_gap_days = fields.Float(
        string="Days Between Failures (Total)",
        readonly=True,
        help="Sum of the days between a case and the previous case on the same serial number.",
    )
    failure_gap_count = fields.Integer(
        string="Repeat Failures", readonly=True, help="Cases that followed an earlier case on the same serial number."
    )
    mtbf_days = fields.Float(
        string="Mean Days Between Failures",
        aggregator="avg",
        digits=(16, 1),
        readonly=True,
        help="Days between consecutive cases on the same serial number, averaged.",
    )

    _depends = {
        "account.move": ["state", "move_type", "invoice_date"],
        "account.move.line": [
            "move_id",
            "display_type",
            "product_id",
            "quantity",
            "balance",
            "company_id",
            "crm_tr_cost",
        ],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id"],
        "crm_tr.service.case": ["product_id", "lot_id", "company_id", "date_open", "state"],
        "stock.lot": ["product_id", "company_id", "crm_tr_partner_id", "crm_tr_delivery_date"],
        "res.currency.rate": ["currency_id", "name"],
    }

    @property
    def _table_query(self):
        return SQL("%s %s %s", self._select(), self._from(), self._where())

    def _select(self):
        currency = self.env.company.currency_id.id
        convert = self.env["res.currency"]._crm_tr_converted
        companies = self.env.companies
        # One row per invoice line, case and installed unit, not grouped: the pivot groups
        # once, and the rates are ratios of sums there (_read_group_select). Grouping here
        # first by product, company and month cost twice a hand-written query
        # (tests/bench/bench_reports.py). A row's own rates are the same ratios on the row.
        return SQL(
            """
            SELECT src.id AS id,
                   src.date AS date,
                   src.product_id AS product_id,
                   product.product_tmpl_id AS product_tmpl_id,
                   template.categ_id AS categ_id,
                   src.company_id AS company_id,
                   %(currency)s AS currency_id,
                   src.quantity AS quantity,
                   %(revenue)s AS revenue,
                   %(cost)s AS cost,
                   %(margin)s AS margin,
                   COALESCE(100.0 * (src.revenue - src.cost) / NULLIF(src.revenue, 0), 0) AS margin_percent,
                   src.case_count AS case_count,
                   src.installed_count AS installed_count,
                   COALESCE(src.case_count / NULLIF(src.quantity, 0), 0) AS failure_rate_sold,
                   COALESCE(src.case_count::numeric / NULLIF(src.installed_count, 0), 0) AS failure_rate_installed,
                   src.failure_gap_days AS failure_gap_days,
                   src.failure_gap_count AS failure_gap_count,
                   COALESCE(src.failure_gap_days / NULLIF(src.failure_gap_count, 0), 0) AS mtbf_days
            """,
            currency=currency,
            revenue=convert(companies, SQL("src.revenue")),
            cost=convert(companies, SQL("src.cost")),
            margin=convert(companies, SQL("src.revenue - src.cost")),
        )

    # The three sources give their columns the same types (casts below), so PostgreSQL
    # flattens the UNION ALL, reads only the columns a grouping needs and runs it in
    # parallel; ids are the source's id * 3 plus the source's number.

    def _from_sales(self):
        # Credit notes: quantity negative, revenue (-balance) and crm_tr_cost already signed.
        return SQL(
            """
            SELECT line.id * 3 AS id, line.product_id, line.company_id, move.invoice_date AS date,
                   (CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END) * line.quantity AS quantity,
                   -line.balance AS revenue,
                   COALESCE(line.crm_tr_cost, 0::numeric) AS cost,
                   0 AS case_count, 0 AS installed_count, 0::numeric AS failure_gap_days, 0 AS failure_gap_count
              FROM account_move_line line
              JOIN account_move move ON move.id = line.move_id
             WHERE move.state = 'posted'
               AND move.move_type IN ('out_invoice', 'out_refund')
               AND line.display_type = 'product'
               AND line.product_id IS NOT NULL
            """
        )

    def _from_cases(self):
        # One row per case; a case on a serial number seen before carries the days since
        # the previous case on that unit (the time between two failures).
        return SQL(
            """
            SELECT cases.id * 3 + 1 AS id, cases.product_id, cases.company_id, cases.date_open::date AS date,
                   0::numeric AS quantity, 0::numeric AS revenue, 0::numeric AS cost,
                   1 AS case_count, 0 AS installed_count,
                   COALESCE(EXTRACT(EPOCH FROM cases.date_open - cases.previous_open) / 86400.0, 0::numeric)
                       AS failure_gap_days,
                   (CASE WHEN cases.previous_open IS NULL THEN 0 ELSE 1 END) AS failure_gap_count
              FROM (
                    SELECT service_case.id, service_case.product_id, service_case.company_id, service_case.date_open,
                           CASE WHEN service_case.lot_id IS NOT NULL
                                THEN LAG(service_case.date_open) OVER (
                                        PARTITION BY service_case.lot_id
                                        ORDER BY service_case.date_open, service_case.id)
                           END AS previous_open
                      FROM crm_tr_service_case service_case
                     WHERE service_case.state != 'cancelled'
                       AND service_case.product_id IS NOT NULL
                   ) cases
            """
        )

    def _from_installed(self):
        # A unit is installed once a customer owns it (delivery validated or set by hand),
        # counted on the day it was delivered.
        return SQL(
            """
            SELECT lot.id * 3 + 2 AS id, lot.product_id, lot.company_id,
                   COALESCE(lot.crm_tr_delivery_date, lot.create_date::date) AS date,
                   0::numeric AS quantity, 0::numeric AS revenue, 0::numeric AS cost,
                   0 AS case_count, 1 AS installed_count, 0::numeric AS failure_gap_days, 0 AS failure_gap_count
              FROM stock_lot lot
             WHERE lot.crm_tr_partner_id IS NOT NULL
               AND lot.company_id IS NOT NULL
            """
        )

    def _from(self):
        # Products LEFT joined (every row has one): PostgreSQL drops the joins when a
        # grouping needs neither template nor category.
        return SQL(
            """
            FROM (%(sales)s UNION ALL %(cases)s UNION ALL %(installed)s) src
       LEFT JOIN product_product product ON product.id = src.product_id
       LEFT JOIN product_template template ON template.id = product.product_tmpl_id
            JOIN %(currency_table)s ON account_currency_table.company_id = src.company_id
            """,
            sales=self._from_sales(),
            cases=self._from_cases(),
            installed=self._from_installed(),
            currency_table=self.env["res.currency"]._crm_tr_currency_table(self.env.companies),
        )

    def _where(self):
        return SQL("")

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec not in RATIOS:
            return super()._read_group_select(aggregate_spec, query)
        numerator, denominator, factor = RATIOS[aggregate_spec]
        return SQL(
            "COALESCE(%s * SUM(%s) / NULLIF(SUM(%s), 0), 0)",
            factor,
            self._field_to_sql(self._table, numerator, query),
            self._field_to_sql(self._table, denominator, query),
        )
