from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_tr_sales.models.customer_stat import CLASSES

SOURCES = [
    ("invoice", "Invoice"),
    ("visit", "Sales Visit"),
    ("service", "Service Visit"),
    ("loyalty", "Loyalty Points"),
]


class CrmTrReportCustomerProfitability(models.Model):
    """What each customer earns the company once serving him is paid for: one row per
    source (invoice, sales visit, service visit, loyalty points issued) with its date,
    so a period filter cuts every source the same way; the pivot adds them up per
    customer, company and month. Amounts in the current company's currency."""

    _name = "crm_tr.report.customer.profitability"
    _description = "Customer Profitability Analysis"
    _auto = False
    _order = "date desc"

    date = fields.Date(readonly=True)
    source = fields.Selection(SOURCES, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    region_id = fields.Many2one("crm_tr.region", string="Region", readonly=True)
    customer_class = fields.Selection(
        CLASSES, string="Customer Class", readonly=True, help="The customer's 360 class in the company."
    )
    revenue = fields.Monetary(string="Revenue (untaxed)", readonly=True)
    cost_of_goods = fields.Monetary(
        string="Cost of Goods", readonly=True, help="Cost of sale frozen on the invoice lines when they were posted."
    )
    gross_margin = fields.Monetary(string="Gross Margin", readonly=True)
    visit_cost = fields.Monetary(
        string="Visit Cost", readonly=True, help="Labour, travel and expenses of the done sales visits."
    )
    service_cost = fields.Monetary(
        string="Service Cost", readonly=True, help="Labour, travel, parts and expenses of the done service visits."
    )
    loyalty_cost = fields.Monetary(
        string="Loyalty Cost",
        readonly=True,
        help="Points issued to the customer (net of reversals) times the program's value per point.",
    )
    net_profit = fields.Monetary(
        string="Net Profit", readonly=True, help="Gross margin minus visit, service and loyalty costs."
    )

    _depends = {
        "account.move": [
            "state",
            "move_type",
            "commercial_partner_id",
            "invoice_user_id",
            "invoice_date",
            "company_id",
            "crm_tr_revenue",
            "crm_tr_cost",
        ],
        "crm_tr.visit": [
            "visit_type",
            "state",
            "commercial_partner_id",
            "user_id",
            "company_id",
            "actual_end",
            "planned_end",
            "total_cost",
        ],
        "crm_tr.loyalty.accrual": [
            "card_id",
            "partner_id",
            "program_id",
            "company_id",
            "points",
            "kind",
            "state",
            "date",
        ],
        "loyalty.program": ["crm_tr_point_value"],
        "res.partner": ["commercial_partner_id", "state_id", "crm_tr_region_id", "crm_tr_customer_class"],
    }

    @property
    def _table_query(self):
        return SQL("%s %s %s", self._select(), self._from(), self._where())

    @api.model
    def _select(self):
        convert = self.env["res.currency"]._crm_tr_converted
        companies = self.env.companies
        return SQL(
            """
            SELECT src.id AS id,
                   src.date AS date,
                   src.source AS source,
                   src.partner_id AS partner_id,
                   src.user_id AS user_id,
                   src.company_id AS company_id,
                   %(currency)s AS currency_id,
                   partner.state_id AS state_id,
                   partner.crm_tr_region_id AS region_id,
                   partner.crm_tr_customer_class ->> src.company_id::text AS customer_class,
                   %(revenue)s AS revenue,
                   %(cost_of_goods)s AS cost_of_goods,
                   %(gross_margin)s AS gross_margin,
                   %(visit_cost)s AS visit_cost,
                   %(service_cost)s AS service_cost,
                   %(loyalty_cost)s AS loyalty_cost,
                   %(net_profit)s AS net_profit
            """,
            currency=self.env.company.currency_id.id,
            revenue=convert(companies, SQL("src.revenue")),
            cost_of_goods=convert(companies, SQL("src.cost_of_goods")),
            gross_margin=convert(companies, SQL("src.revenue - src.cost_of_goods")),
            visit_cost=convert(companies, SQL("src.visit_cost")),
            service_cost=convert(companies, SQL("src.service_cost")),
            loyalty_cost=convert(companies, SQL("src.loyalty_cost")),
            net_profit=convert(
                companies,
                SQL("src.revenue - src.cost_of_goods - src.visit_cost - src.service_cost - src.loyalty_cost"),
            ),
        )

    @api.model
    def _sources(self):
        """The per-source rows, each in its company's currency, with an id unique across
        sources (source record id * 4 + the source's number). Extend with UNION ALL."""
        return [
            # Posted invoices and credit notes with product lines, one row each: the product
            # lines' untaxed amount and cost of sale, stored at posting by crm_tr_sales, both
            # signed (negative on a credit note). Read per invoice, not per line (a fifth of
            # the rows: tests/bench/bench_reports.py).
            # Every source gives its columns the same types, so PostgreSQL flattens the
            # UNION ALL, reads only the columns a grouping needs and runs it in parallel.
            SQL(
                """
                SELECT move.id * 4 AS id, move.invoice_date AS date, 'invoice'::varchar AS source,
                       move.commercial_partner_id AS partner_id, move.invoice_user_id AS user_id,
                       move.company_id AS company_id,
                       move.crm_tr_revenue AS revenue, COALESCE(move.crm_tr_cost, 0::numeric) AS cost_of_goods,
                       0::numeric AS visit_cost, 0::numeric AS service_cost, 0::numeric AS loyalty_cost
                  FROM account_move move
                 WHERE move.state = 'posted' AND move.move_type IN ('out_invoice', 'out_refund')
                   AND move.crm_tr_revenue IS NOT NULL
                """
            ),
            # Done visits, priced in the company's currency when they were done; service
            # visits (crm_tr_service) carry their parts in total_cost.
            SQL(
                """
                SELECT visit.id * 4 + 1 AS id, COALESCE(visit.actual_end, visit.planned_end)::date AS date,
                       (CASE WHEN visit.visit_type = 'service' THEN 'service' ELSE 'visit' END)::varchar AS source,
                       visit.commercial_partner_id AS partner_id, visit.user_id AS user_id,
                       visit.company_id AS company_id, 0::numeric AS revenue, 0::numeric AS cost_of_goods,
                       CASE WHEN visit.visit_type = 'service' THEN 0::numeric
                            ELSE COALESCE(visit.total_cost, 0::numeric) END AS visit_cost,
                       CASE WHEN visit.visit_type = 'service' THEN COALESCE(visit.total_cost, 0::numeric)
                            ELSE 0::numeric END AS service_cost,
                       0::numeric AS loyalty_cost
                  FROM crm_tr_visit visit
                 WHERE visit.state = 'done' AND visit.commercial_partner_id IS NOT NULL
                """
            ),
            # Points that reached the card (earned, or taken back by a reversal), valued at
            # the program's value per point; redemptions spend what was already counted.
            SQL(
                """
                SELECT accrual.id * 4 + 3 AS id, accrual.date AS date, 'loyalty'::varchar AS source,
                       card_partner.commercial_partner_id AS partner_id, NULL::int AS user_id,
                       accrual.company_id AS company_id, 0::numeric AS revenue, 0::numeric AS cost_of_goods,
                       0::numeric AS visit_cost, 0::numeric AS service_cost,
                       accrual.points * COALESCE(program.crm_tr_point_value, 0::numeric) AS loyalty_cost
                  FROM crm_tr_loyalty_accrual accrual
                  JOIN res_partner card_partner ON card_partner.id = accrual.partner_id
                  JOIN loyalty_program program ON program.id = accrual.program_id
                 WHERE accrual.state = 'done' AND accrual.kind IN ('accrual', 'reversal')
                """
            ),
        ]

    @api.model
    def _from(self):
        return SQL(
            """
              FROM (%(sources)s) src
              -- LEFT (every source row has its customer): PostgreSQL drops the join when a
              -- grouping needs none of the customer's columns (tests/bench/bench_reports.py)
         LEFT JOIN res_partner partner ON partner.id = src.partner_id
              JOIN %(currency_table)s ON account_currency_table.company_id = src.company_id
            """,
            sources=SQL(" UNION ALL ").join(self._sources()),
            currency_table=self.env["res.currency"]._crm_tr_currency_table(self.env.companies),
        )

    @api.model
    def _where(self):
        return SQL("")
