from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_tr_sales.models.customer_stat import CLASSES

SEGMENTS = [
    ("champions", "Champions"),
    ("loyal", "Loyal"),
    ("promising", "Promising"),
    ("need_attention", "Needs Attention"),
    ("at_risk", "At Risk"),
    ("lost", "Lost"),
]
PARETO_CLASSES = [("A", "A"), ("B", "B"), ("C", "C")]


class CrmTrReportCustomerRfm(models.Model):
    """Recency, frequency and monetary value of every customer of a company, scored 1..5
    by quintile among the company's customers, with the pareto rank and class.

    Scores are PostgreSQL's ntile(5) over the company's customers ordered by the figure
    (then by customer id): the rows are cut into five groups as equal as possible, so two
    customers with the same figure can land in neighbouring groups (the one with the lower
    id in the lower group), and a company with fewer than five customers only uses the
    scores 1..n."""

    _name = "crm_tr.report.customer.rfm"
    _description = "RFM and Pareto Analysis"
    _auto = False
    _order = "company_id, revenue_rank"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    region_id = fields.Many2one("crm_tr.region", string="Region", readonly=True)
    customer_class = fields.Selection(
        CLASSES, string="Customer Class", readonly=True, help="The customer's 360 class in the company."
    )
    first_invoice_date = fields.Date(string="First Invoice", readonly=True)
    last_invoice_date = fields.Date(string="Last Invoice", readonly=True)
    recency_days = fields.Integer(string="Days Since Last Invoice", readonly=True, aggregator="avg")
    frequency = fields.Integer(string="Invoices", readonly=True, help="Number of posted customer invoices.")
    mean_days_between = fields.Float(
        string="Mean Days Between Invoices",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Days from the first to the last invoice divided by the number of intervals; empty with one invoice.",
    )
    monetary = fields.Monetary(
        string="Revenue (untaxed)", readonly=True, help="Posted invoices minus credit notes, untaxed."
    )
    r_score = fields.Integer(string="R Score", readonly=True, aggregator="avg")
    f_score = fields.Integer(string="F Score", readonly=True, aggregator="avg")
    m_score = fields.Integer(string="M Score", readonly=True, aggregator="avg")
    rfm_code = fields.Char(string="RFM", readonly=True)
    segment = fields.Selection(SEGMENTS, readonly=True)
    revenue_rank = fields.Integer(string="Revenue Rank", readonly=True, aggregator="min")
    revenue_share = fields.Float(string="Revenue Share (%)", readonly=True, digits=(16, 2))
    cumulative_share = fields.Float(
        string="Cumulative Share (%)",
        readonly=True,
        aggregator="max",
        digits=(16, 2),
        help="Share of the company's revenue made by this customer and every customer ranked before him.",
    )
    pareto_class = fields.Selection(
        PARETO_CLASSES,
        string="Pareto Class",
        readonly=True,
        help="A: the customers making the first 80% of the revenue (the one crossing 80% included), "
        "B: the next 15%, C: the rest.",
    )
    customer_count = fields.Integer(string="Customers", readonly=True)

    _depends = {
        "account.move": [
            "state",
            "move_type",
            "commercial_partner_id",
            "invoice_date",
            "amount_untaxed_signed",
            "company_id",
        ],
        "res.partner": ["state_id", "crm_tr_region_id", "user_id", "crm_tr_customer_class"],
    }

    @property
    def _table_query(self):
        return SQL("%s %s %s", self._with(), self._select(), self._from())

    @api.model
    def _with(self):
        today = fields.Date.context_today(self)
        return SQL(
            """
            WITH customer AS (
                SELECT move.company_id, move.commercial_partner_id AS partner_id,
                       MIN(move.invoice_date) FILTER (WHERE move.move_type = 'out_invoice') AS first_date,
                       MAX(move.invoice_date) FILTER (WHERE move.move_type = 'out_invoice') AS last_date,
                       COUNT(*) FILTER (WHERE move.move_type = 'out_invoice') AS frequency,
                       SUM(move.amount_untaxed_signed) AS monetary
                  FROM account_move move
                 WHERE move.state = 'posted' AND move.move_type IN ('out_invoice', 'out_refund')
              GROUP BY move.company_id, move.commercial_partner_id
                HAVING COUNT(*) FILTER (WHERE move.move_type = 'out_invoice') > 0
            ), scored AS (
                SELECT customer.*,
                       %(today)s::date - customer.last_date AS recency_days,
                       ntile(5) OVER (PARTITION BY company_id ORDER BY last_date, partner_id) AS r_score,
                       ntile(5) OVER (PARTITION BY company_id ORDER BY frequency, partner_id) AS f_score,
                       ntile(5) OVER (PARTITION BY company_id ORDER BY monetary, partner_id) AS m_score,
                       ROW_NUMBER() OVER (PARTITION BY company_id ORDER BY monetary DESC, partner_id) AS revenue_rank,
                       SUM(monetary) OVER (PARTITION BY company_id ORDER BY monetary DESC, partner_id
                                           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cumulative,
                       SUM(monetary) OVER (PARTITION BY company_id) AS total
                  FROM customer
            )
            """,
            today=today,
        )

    @api.model
    def _select(self):
        share = SQL("100.0 * scored.monetary / NULLIF(scored.total, 0)")
        cumulative = SQL("100.0 * scored.cumulative / NULLIF(scored.total, 0)")
        return SQL(
            """
            SELECT scored.partner_id::bigint * 100000 + scored.company_id AS id,
                   scored.partner_id AS partner_id,
                   scored.company_id AS company_id,
                   %(currency)s AS currency_id,
                   partner.user_id AS user_id,
                   partner.state_id AS state_id,
                   partner.crm_tr_region_id AS region_id,
                   partner.crm_tr_customer_class ->> scored.company_id::text AS customer_class,
                   scored.first_date AS first_invoice_date,
                   scored.last_date AS last_invoice_date,
                   scored.recency_days AS recency_days,
                   scored.frequency AS frequency,
                   (scored.last_date - scored.first_date)::numeric / NULLIF(scored.frequency - 1, 0)
                       AS mean_days_between,
                   scored.monetary * account_currency_table.rate AS monetary,
                   scored.r_score AS r_score,
                   scored.f_score AS f_score,
                   scored.m_score AS m_score,
                   CONCAT(scored.r_score, scored.f_score, scored.m_score) AS rfm_code,
                   CASE WHEN scored.r_score >= 4 AND scored.f_score >= 4 THEN 'champions'
                        WHEN scored.r_score >= 3 AND scored.f_score >= 3 THEN 'loyal'
                        WHEN scored.r_score >= 4 THEN 'promising'
                        WHEN scored.r_score = 3 THEN 'need_attention'
                        WHEN scored.f_score >= 3 THEN 'at_risk'
                        ELSE 'lost' END AS segment,
                   scored.revenue_rank AS revenue_rank,
                   %(share)s AS revenue_share,
                   %(cumulative)s AS cumulative_share,
                   -- The class of the share reached before this customer: the customer who
                   -- crosses 80 percent still belongs to the A customers.
                   CASE WHEN COALESCE(%(cumulative)s - %(share)s, 0) < 80 THEN 'A'
                        WHEN %(cumulative)s - %(share)s < 95 THEN 'B'
                        ELSE 'C' END AS pareto_class,
                   1 AS customer_count
            """,
            currency=self.env.company.currency_id.id,
            share=share,
            cumulative=cumulative,
        )

    @api.model
    def _from(self):
        return SQL(
            """
              FROM scored
              JOIN res_partner partner ON partner.id = scored.partner_id
              JOIN %(currency_table)s ON account_currency_table.company_id = scored.company_id
            """,
            currency_table=self.env["res.currency"]._crm_tr_currency_table(self.env.companies),
        )
