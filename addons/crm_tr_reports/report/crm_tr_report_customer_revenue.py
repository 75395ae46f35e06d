from odoo import api, fields, models
from odoo.tools import SQL


class CrmTrReportCustomerRevenue(models.Model):
    """Posted customer invoice and credit note lines, in the current company's currency,
    for revenue and margin analysis per customer, product, salesperson and month."""

    _name = "crm_tr.report.customer.revenue"
    _description = "Customer Revenue Analysis"
    _auto = False
    _order = "date desc"

    date = fields.Date(string="Invoice Date", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    move_type = fields.Selection(
        [("out_invoice", "Invoice"), ("out_refund", "Credit Note")], string="Type", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    quantity = fields.Float(readonly=True)
    revenue = fields.Monetary(string="Revenue (untaxed)", readonly=True)
    cost = fields.Monetary(
        readonly=True,
        help="The cost of sale frozen on the invoice line when it was posted (not the product's cost today).",
    )
    margin = fields.Monetary(readonly=True)

    _depends = {
        "account.move": ["state", "move_type", "commercial_partner_id", "invoice_user_id", "invoice_date"],
        "account.move.line": [
            "move_id",
            "display_type",
            "product_id",
            "quantity",
            "balance",
            "crm_tr_cost",
            "company_id",
        ],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id"],
        "res.partner": ["state_id"],
    }

    @property
    def _table_query(self):
        return SQL("%s %s %s", self._select(), self._from(), self._where())

    @api.model
    def _select(self):
        # balance and crm_tr_cost are in the line's company currency; the currency table's
        # rate brings them to the current company's currency (1 when it is the same).
        sign = SQL("(CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END)")
        convert = self.env["res.currency"]._crm_tr_converted
        companies = self.env.companies
        revenue = convert(companies, SQL("-line.balance"))
        cost = convert(companies, SQL("COALESCE(line.crm_tr_cost, 0)"))
        return SQL(
            """
            SELECT line.id AS id,
                   move.invoice_date AS date,
                   move.id AS move_id,
                   move.move_type AS move_type,
                   move.commercial_partner_id AS partner_id,
                   move.invoice_user_id AS user_id,
                   line.company_id AS company_id,
                   %(currency)s AS currency_id,
                   line.product_id AS product_id,
                   template.categ_id AS categ_id,
                   partner.state_id AS state_id,
                   %(sign)s * line.quantity AS quantity,
                   %(revenue)s AS revenue,
                   %(cost)s AS cost,
                   %(margin)s AS margin
            """,
            currency=self.env.company.currency_id.id,
            sign=sign,
            revenue=revenue,
            cost=cost,
            # one multiplication by the rate per line, not two (numeric arithmetic is what a
            # grouping over 1,000,000 lines spends its time on)
            margin=convert(companies, SQL("-line.balance - COALESCE(line.crm_tr_cost, 0)")),
        )

    @api.model
    def _from(self):
        return SQL(
            """
              FROM account_move_line line
              JOIN account_move move ON move.id = line.move_id
              -- LEFT (a posted invoice always has its customer), like the products: PostgreSQL
              -- drops the joins a grouping does not need (tests/bench/bench_reports.py)
         LEFT JOIN res_partner partner ON partner.id = move.commercial_partner_id
         LEFT JOIN product_product product ON product.id = line.product_id
         LEFT JOIN product_template template ON template.id = product.product_tmpl_id
              JOIN %(currency_table)s ON account_currency_table.company_id = line.company_id
            """,
            currency_table=self.env["res.currency"]._crm_tr_currency_table(self.env.companies),
        )

    @api.model
    def _where(self):
        return SQL(
            """
             WHERE move.state = 'posted'
               AND move.move_type IN ('out_invoice', 'out_refund')
               AND line.display_type = 'product'
            """
        )
