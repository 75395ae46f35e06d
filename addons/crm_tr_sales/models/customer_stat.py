import logging

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, formatLang

_logger = logging.getLogger(__name__)

CLASSES = [("a", "A"), ("b", "B"), ("c", "C")]
PRIORITIES = [("0", "Low"), ("1", "Normal"), ("2", "High"), ("3", "Very High")]
INTERACTION_KINDS = [
    ("invoice", "Invoice"),
    ("visit", "Visit"),
    ("activity", "Activity Done"),
    ("message", "Message"),
]
# The customer's figures a company weighs into the score: (company weight field, SQL
# ordering the customers from worst to best). Recency is the last purchase; a lower
# cost-to-serve ranks better.
CRITERIA = [
    ("crm_tr_weight_revenue", "revenue", SQL("")),
    ("crm_tr_weight_profit", "net_profit", SQL("")),
    ("crm_tr_weight_frequency", "invoice_count", SQL("")),
    ("crm_tr_weight_recency", "last_purchase", SQL("NULLS FIRST")),
    ("crm_tr_weight_acceptance", "acceptance_rate", SQL("NULLS FIRST")),
    ("crm_tr_weight_referral", "referral_revenue", SQL("")),
    ("crm_tr_weight_pipeline", "pipeline_amount", SQL("")),
    ("crm_tr_weight_cost_to_serve", "cost_to_serve", SQL("DESC")),
]
# The figures the nightly computation writes; the rest of the row is the classification.
FIGURES = [
    "revenue",
    "cost_of_sales",
    "gross_margin",
    "visit_cost",
    "cost_to_serve",
    "net_profit",
    "invoice_count",
    "first_purchase",
    "last_purchase",
    "mean_days_between",
    "visit_count",
    "quotation_count",
    "order_count",
    "acceptance_rate",
    "call_count",
    "meeting_count",
    "opportunity_count",
    "pipeline_amount",
    "pipeline_prorated",
    "last_interaction",
    "last_interaction_kind",
    "active",
    "computed_at",
]


class CrmTrCustomerStat(models.Model):
    """A customer's 360 figures in one company, and its class.

    One row per commercial partner and company, rebuilt nightly by a cron and on demand for
    one customer. The figures are aggregated in PostgreSQL from the ERP's own records —
    posted invoices and credit notes, done visits, quotations, opportunities, done
    activities and messages — in a few set-wise statements per company (raw SQL on purpose:
    the ORM would read a million invoice lines into Python; see tests/bench/bench_customer_360.py)."""

    _name = "crm_tr.customer.stat"
    _description = "Customer 360"
    _order = "score desc, revenue desc, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade")
    currency_id = fields.Many2one(related="company_id.currency_id")
    active = fields.Boolean(default=True, readonly=True, help="Archived customers keep their figures, hidden.")
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    state_id = fields.Many2one(related="partner_id.state_id", string="Province")
    # Money (company currency)
    revenue = fields.Monetary(
        readonly=True, help="Untaxed amount of the posted customer invoices less credit notes, in company currency."
    )
    cost_of_sales = fields.Monetary(
        readonly=True, help="What the goods sold cost at the time of sale (frozen on each invoice line when posted)."
    )
    gross_margin = fields.Monetary(readonly=True)
    gross_margin_percent = fields.Float(string="Gross Margin (%)", compute="_compute_percentages")
    visit_cost = fields.Monetary(readonly=True, help="Labour, travel, parts and expenses of the done visits.")
    cost_to_serve = fields.Monetary(
        string="Cost to Serve",
        readonly=True,
        help="What serving the customer costs: its done visits (sales and service).",
    )
    net_profit = fields.Monetary(readonly=True, help="Gross margin less the cost to serve.")
    net_margin_percent = fields.Float(string="Net Margin (%)", compute="_compute_percentages")
    # Purchases
    invoice_count = fields.Integer(string="Invoices", readonly=True)
    first_purchase = fields.Date(readonly=True)
    last_purchase = fields.Date(readonly=True)
    mean_days_between = fields.Float(
        string="Days Between Purchases", readonly=True, help="Mean number of days between two invoiced purchase days."
    )
    # Relationship
    visit_count = fields.Integer(string="Visits Done", readonly=True)
    quotation_count = fields.Integer(
        string="Quotations Sent", readonly=True, help="Quotations sent to the customer, confirmed ones included."
    )
    order_count = fields.Integer(string="Quotations Confirmed", readonly=True)
    acceptance_rate = fields.Float(string="Acceptance Rate (%)", readonly=True)
    call_count = fields.Integer(string="Calls", readonly=True, help="Phone call activities marked done.")
    meeting_count = fields.Integer(string="Meetings", readonly=True, help="Meeting activities marked done.")
    referral_count = fields.Integer(string="Customers Referred", readonly=True)
    referral_won_count = fields.Integer(string="Referred Customers Who Bought", readonly=True)
    referral_revenue = fields.Monetary(string="Referred Customers' Revenue", readonly=True)
    opportunity_count = fields.Integer(string="Open Opportunities", readonly=True)
    pipeline_amount = fields.Monetary(
        string="Pipeline", readonly=True, help="Expected revenue of the open opportunities."
    )
    pipeline_prorated = fields.Monetary(string="Weighted Pipeline", readonly=True)
    last_interaction = fields.Datetime(
        readonly=True,
        help="The latest of: invoice, done visit, done activity (call, meeting…), message or note on the customer, "
        "its contacts, opportunities and orders.",
    )
    last_interaction_kind = fields.Selection(INTERACTION_KINDS, readonly=True)
    # Classification
    score = fields.Float(readonly=True, digits=(5, 1), help="0–100: the company's weighted criteria, ranked.")
    customer_class = fields.Selection(CLASSES, string="Class", readonly=True, index=True)
    priority = fields.Selection(PRIORITIES, readonly=True, default="0")
    revenue_share = fields.Float(string="Revenue Share (%)", readonly=True, digits=(5, 2))
    revenue_cumulative_share = fields.Float(string="Cumulative Revenue Share (%)", readonly=True, digits=(5, 2))
    profit_share = fields.Float(string="Net Profit Share (%)", readonly=True, digits=(5, 2))
    profit_cumulative_share = fields.Float(string="Cumulative Net Profit Share (%)", readonly=True, digits=(5, 2))
    pareto_class = fields.Selection(
        CLASSES,
        string="Pareto Class",
        readonly=True,
        index=True,
        help="A: the biggest customers who together make the company's first 80% of revenue; B: the next 15%; "
        "C: the rest (the cut-offs are the company's settings).",
    )
    neglect_date = fields.Date(
        string="Neglected From",
        readonly=True,
        index=True,
        help="Last interaction plus the company's threshold for the customer's class.",
    )
    neglected = fields.Boolean(compute="_compute_neglected", search="_search_neglected")
    days_since_interaction = fields.Integer(compute="_compute_neglected")
    computed_at = fields.Datetime(string="Computed On", readonly=True)

    _partner_company_uniq = models.UniqueIndex("(partner_id, company_id)")
    _company_neglect_idx = models.Index("(company_id, neglect_date)")

    @api.depends("revenue", "gross_margin", "net_profit")
    def _compute_percentages(self):
        for stat in self:
            stat.gross_margin_percent = stat.revenue and 100.0 * stat.gross_margin / stat.revenue
            stat.net_margin_percent = stat.revenue and 100.0 * stat.net_profit / stat.revenue

    @api.depends("neglect_date", "last_interaction")
    def _compute_neglected(self):
        today = fields.Date.context_today(self)
        for stat in self:
            stat.neglected = bool(stat.neglect_date and stat.neglect_date < today)
            stat.days_since_interaction = (
                (today - fields.Date.context_today(self, stat.last_interaction)).days if stat.last_interaction else 0
            )

    def _search_neglected(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        today = fields.Date.context_today(self)
        domain = [("neglect_date", "<", today)]
        return domain if (operator == "in") == (True in value) else ["!", *domain]

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------

    @api.model
    def _cron_crm_tr_compute(self):
        """Every company's customers, one committed transaction per company."""
        companies = self.env["res.company"].sudo().search([])
        self.env["ir.cron"]._commit_progress(remaining=len(companies))
        for company in companies:
            self._crm_tr_compute(company)
            if not self.env["ir.cron"]._commit_progress(1):
                break

    @api.model
    def _crm_tr_compute_all(self):
        """Every company's customers in the current transaction (demo data, tests)."""
        for company in self.env["res.company"].sudo().search([]):
            self._crm_tr_compute(company)

    @api.model
    def _crm_tr_compute(self, company, partners=None):
        """Rebuild the 360 rows of `company` (all customers, or the commercial entities of
        `partners`), then rank and classify all the company's customers again: shares and
        ranks are relative to the others. Returns the stats of the customers computed."""
        self.env.flush_all()
        now = fields.Datetime.now()
        commercial_ids = partners.commercial_partner_id.ids if partners is not None else None
        self.env.cr.execute(self._crm_tr_figures_query(company, commercial_ids, now))
        computed = [partner_id for (partner_id,) in self.env.cr.fetchall()]
        # Customers left with nothing to count (an invoice cancelled, …) lose their row.
        stale = SQL("company_id = %s AND NOT (partner_id = ANY(%s))", company.id, computed)
        if commercial_ids is not None:
            stale = SQL("%s AND partner_id = ANY(%s)", stale, commercial_ids)
        self.env.cr.execute(SQL("DELETE FROM crm_tr_customer_stat WHERE %s", stale))
        if commercial_ids is None:
            # Fresh statistics for the ranking's joins: after a first computation (or a
            # rolled-back one) PostgreSQL would plan them for an empty table, in minutes.
            self.env.cr.execute("ANALYZE crm_tr_customer_stat")
        self._crm_tr_rank(company)
        self.env.invalidate_all()
        domain = [("company_id", "=", company.id)]
        if commercial_ids is not None:
            domain.append(("partner_id", "in", commercial_ids))
        return self.sudo().with_context(active_test=False).search(domain)

    def _crm_tr_cost_to_serve_sql(self, company, partner_filter):
        """(partner_id, amount) rows of what serving customers costs besides visits; other
        addons add theirs (service contracts, …) with UNION ALL. Visits of every type are
        counted in the visit cost already."""
        return SQL("SELECT NULL::int AS partner_id, 0::numeric AS amount WHERE FALSE")

    def _crm_tr_invoice_ctes(self, company, inv_only):
        """The main aggregation, over posted invoices and credit notes and their lines: the
        common table expressions `inv` (revenue, invoice count, first and last purchase,
        purchase days) and `cost` (cost of sales), per commercial partner. Measured against
        a hand-written GROUP BY over the same rows by tests/bench/bench_customer_360.py."""
        return SQL(
            """inv AS (
    SELECT m.commercial_partner_id AS partner_id,
           SUM(m.amount_untaxed_signed) AS revenue,
           COUNT(*) FILTER (WHERE m.move_type = 'out_invoice') AS invoice_count,
           MIN(m.invoice_date) FILTER (WHERE m.move_type = 'out_invoice') AS first_purchase,
           MAX(m.invoice_date) FILTER (WHERE m.move_type = 'out_invoice') AS last_purchase,
           COUNT(DISTINCT m.invoice_date) FILTER (WHERE m.move_type = 'out_invoice') AS purchase_days
      FROM account_move m
     WHERE m.company_id = %(cid)s AND m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')
       AND %(inv_only)s
  GROUP BY m.commercial_partner_id
), cost AS (
    SELECT m.commercial_partner_id AS partner_id, SUM(l.crm_tr_cost) AS cost
      FROM account_move_line l
      JOIN account_move m ON m.id = l.move_id
     WHERE l.company_id = %(cid)s AND l.parent_state = 'posted' AND l.crm_tr_cost IS NOT NULL
       AND m.move_type IN ('out_invoice', 'out_refund') AND %(inv_only)s
  GROUP BY m.commercial_partner_id
)""",
            cid=company.id,
            inv_only=inv_only,
        )

    def _crm_tr_figures_query(self, company, commercial_ids, now):
        def only(*column):
            if commercial_ids is None:
                return SQL("TRUE")
            return SQL("%s = ANY(%s)", SQL.identifier(*column), commercial_ids)

        cid = company.id
        uid = self.env.uid
        extra_cost = self._crm_tr_cost_to_serve_sql(company, only("partner_id"))
        return SQL(
            """
WITH %(invoice_ctes)s, vis AS (
    SELECT v.commercial_partner_id AS partner_id, COUNT(*) AS visit_count,
           SUM(v.total_cost) AS visit_cost, MAX(COALESCE(v.actual_end, v.planned_end)) AS last_visit
      FROM crm_tr_visit v
     WHERE v.company_id = %(cid)s AND v.state = 'done' AND %(vis_only)s
  GROUP BY v.commercial_partner_id
), extra AS (
    SELECT x.partner_id, SUM(x.amount) AS amount FROM (%(extra_cost)s) x GROUP BY x.partner_id
), quo AS (
    SELECT p.commercial_partner_id AS partner_id,
           COUNT(*) FILTER (WHERE so.state IN ('sent', 'sale')) AS quotation_count,
           COUNT(*) FILTER (WHERE so.state = 'sale') AS order_count
      FROM sale_order so
      JOIN res_partner p ON p.id = so.partner_id
     WHERE so.company_id = %(cid)s AND %(p_only)s
  GROUP BY p.commercial_partner_id
), opp AS (
    SELECT p.commercial_partner_id AS partner_id, COUNT(*) AS opportunity_count,
           SUM(l.expected_revenue) AS pipeline_amount, SUM(l.prorated_revenue) AS pipeline_prorated
      FROM crm_lead l
      JOIN res_partner p ON p.id = l.partner_id
     WHERE l.company_id = %(cid)s AND l.type = 'opportunity' AND l.active AND l.won_status = 'pending'
       AND %(p_only)s
  GROUP BY p.commercial_partner_id
), msg AS (
    SELECT x.partner_id,
           COUNT(*) FILTER (WHERE t.category = 'phonecall') AS call_count,
           COUNT(*) FILTER (WHERE t.category = 'meeting') AS meeting_count,
           MAX(x.date) FILTER (WHERE x.mail_activity_type_id IS NOT NULL) AS last_activity,
           MAX(x.date) FILTER (WHERE x.mail_activity_type_id IS NULL) AS last_message
      FROM (
            SELECT p.commercial_partner_id AS partner_id, mm.date, mm.mail_activity_type_id
              FROM mail_message mm
              JOIN res_partner p ON p.id = mm.res_id
             WHERE mm.model = 'res.partner' AND %(p_only)s
               AND (mm.mail_activity_type_id IS NOT NULL OR mm.message_type IN ('comment', 'email', 'sms'))
         UNION ALL
            SELECT p.commercial_partner_id, mm.date, mm.mail_activity_type_id
              FROM mail_message mm
              JOIN crm_lead l ON l.id = mm.res_id
              JOIN res_partner p ON p.id = l.partner_id
             WHERE mm.model = 'crm.lead' AND l.company_id = %(cid)s AND %(p_only)s
               AND (mm.mail_activity_type_id IS NOT NULL OR mm.message_type IN ('comment', 'email', 'sms'))
         UNION ALL
            SELECT p.commercial_partner_id, mm.date, mm.mail_activity_type_id
              FROM mail_message mm
              JOIN sale_order so ON so.id = mm.res_id
              JOIN res_partner p ON p.id = so.partner_id
             WHERE mm.model = 'sale.order' AND so.company_id = %(cid)s AND %(p_only)s
               AND (mm.mail_activity_type_id IS NOT NULL OR mm.message_type IN ('comment', 'email', 'sms'))
           ) x
      LEFT JOIN mail_activity_type t ON t.id = x.mail_activity_type_id
  GROUP BY x.partner_id
), customers AS (
    SELECT partner_id FROM inv UNION SELECT partner_id FROM vis
    UNION SELECT partner_id FROM quo UNION SELECT partner_id FROM opp
    UNION SELECT partner_id FROM extra
    -- A referrer counts where the customers it brought buy.
    UNION SELECT p.crm_tr_referred_by_id FROM res_partner p
           WHERE p.crm_tr_referred_by_id IS NOT NULL AND %(referrer_only)s
             AND EXISTS (SELECT FROM account_move m
                          WHERE m.commercial_partner_id = p.id AND m.company_id = %(cid)s AND m.state = 'posted'
                            AND m.move_type IN ('out_invoice', 'out_refund'))
), figures AS (
    SELECT c.partner_id,
           COALESCE(inv.revenue, 0) AS revenue,
           COALESCE(cost.cost, 0) AS cost_of_sales,
           COALESCE(vis.visit_cost, 0) AS visit_cost,
           COALESCE(vis.visit_cost, 0) + COALESCE(extra.amount, 0) AS cost_to_serve,
           COALESCE(inv.invoice_count, 0) AS invoice_count,
           inv.first_purchase, inv.last_purchase,
           CASE WHEN inv.purchase_days > 1
                THEN (inv.last_purchase - inv.first_purchase)::float / (inv.purchase_days - 1) END AS mean_days_between,
           COALESCE(vis.visit_count, 0) AS visit_count,
           COALESCE(quo.quotation_count, 0) AS quotation_count,
           COALESCE(quo.order_count, 0) AS order_count,
           CASE WHEN quo.quotation_count > 0 THEN 100.0 * quo.order_count / quo.quotation_count END AS acceptance_rate,
           COALESCE(msg.call_count, 0) AS call_count,
           COALESCE(msg.meeting_count, 0) AS meeting_count,
           COALESCE(opp.opportunity_count, 0) AS opportunity_count,
           COALESCE(opp.pipeline_amount, 0) AS pipeline_amount,
           COALESCE(opp.pipeline_prorated, 0) AS pipeline_prorated,
           last.at AS last_interaction, last.kind AS last_interaction_kind,
           p.active
      FROM customers c
      JOIN res_partner p ON p.id = c.partner_id AND p.id = p.commercial_partner_id
                        AND (p.company_id IS NULL OR p.company_id = %(cid)s)
      LEFT JOIN inv ON inv.partner_id = c.partner_id
      LEFT JOIN cost ON cost.partner_id = c.partner_id
      LEFT JOIN vis ON vis.partner_id = c.partner_id
      LEFT JOIN extra ON extra.partner_id = c.partner_id
      LEFT JOIN quo ON quo.partner_id = c.partner_id
      LEFT JOIN opp ON opp.partner_id = c.partner_id
      LEFT JOIN msg ON msg.partner_id = c.partner_id
      LEFT JOIN LATERAL (
            SELECT k.kind, k.at
              FROM (VALUES ('invoice', inv.last_purchase::timestamp), ('visit', vis.last_visit),
                           ('activity', msg.last_activity), ('message', msg.last_message)) AS k(kind, at)
             WHERE k.at IS NOT NULL
          ORDER BY k.at DESC
             LIMIT 1
      ) last ON TRUE
)
INSERT INTO crm_tr_customer_stat (
    partner_id, company_id, revenue, cost_of_sales, gross_margin, visit_cost, cost_to_serve, net_profit,
    invoice_count, first_purchase, last_purchase, mean_days_between, visit_count, quotation_count, order_count,
    acceptance_rate, call_count, meeting_count, opportunity_count, pipeline_amount, pipeline_prorated,
    last_interaction, last_interaction_kind, active, computed_at,
    referral_count, referral_won_count, referral_revenue, score, priority,
    create_uid, create_date, write_uid, write_date)
SELECT f.partner_id, %(cid)s, f.revenue, f.cost_of_sales, f.revenue - f.cost_of_sales, f.visit_cost,
       f.cost_to_serve, f.revenue - f.cost_of_sales - f.cost_to_serve,
       f.invoice_count, f.first_purchase, f.last_purchase, f.mean_days_between, f.visit_count, f.quotation_count,
       f.order_count, f.acceptance_rate, f.call_count, f.meeting_count, f.opportunity_count, f.pipeline_amount,
       f.pipeline_prorated, f.last_interaction, f.last_interaction_kind, f.active, %(now)s,
       0, 0, 0, 0, '0',
       %(uid)s, %(now)s, %(uid)s, %(now)s
  FROM figures f
ON CONFLICT (partner_id, company_id) DO UPDATE SET %(updates)s
RETURNING partner_id""",
            updates=SQL(", ").join(
                SQL("%s = EXCLUDED.%s", SQL.identifier(name), SQL.identifier(name))
                for name in [*FIGURES, "write_uid", "write_date"]
            ),
            cid=cid,
            uid=uid,
            now=now,
            extra_cost=extra_cost,
            invoice_ctes=self._crm_tr_invoice_ctes(company, only("m", "commercial_partner_id")),
            vis_only=only("v", "commercial_partner_id"),
            p_only=only("p", "commercial_partner_id"),
            referrer_only=only("p", "crm_tr_referred_by_id"),
        )

    def _crm_tr_rank(self, company):
        """Referral figures, shares, pareto, score, class, priority and neglect date of all the
        company's customers; class changes are logged on the customers, the partner's own
        class fields (company-dependent, for filters and group-bys on contacts) follow."""
        company._crm_tr_check_classification()
        cid = company.id
        weights = [
            (company[field], SQL("%s %s", SQL.identifier(column), direction))
            for field, column, direction in CRITERIA
            if company[field]
        ]
        total_weight = sum(weight for weight, _order in weights)
        score = SQL(
            "(%s) / %s",
            SQL(" + ").join(SQL("%s * percent_rank() OVER (ORDER BY %s)", weight, order) for weight, order in weights),
            total_weight / 100.0,
        )
        tz = company.partner_id.tz or "Europe/Istanbul"
        cr = self.env.cr
        cr.execute(
            SQL(
                """
WITH r AS (
    SELECT p.crm_tr_referred_by_id AS referrer, COUNT(*) AS referral_count,
           COUNT(*) FILTER (WHERE s.revenue > 0) AS referral_won_count,
           COALESCE(SUM(s.revenue), 0) AS referral_revenue
      FROM res_partner p
      LEFT JOIN crm_tr_customer_stat s ON s.partner_id = p.id AND s.company_id = %(cid)s
     WHERE p.crm_tr_referred_by_id IS NOT NULL
  GROUP BY p.crm_tr_referred_by_id
)
UPDATE crm_tr_customer_stat s
   SET referral_count = COALESCE(r.referral_count, 0),
       referral_won_count = COALESCE(r.referral_won_count, 0),
       referral_revenue = COALESCE(r.referral_revenue, 0)
  FROM crm_tr_customer_stat s0
  LEFT JOIN r ON r.referrer = s0.partner_id
 WHERE s.id = s0.id AND s0.company_id = %(cid)s
                """,
                cid=cid,
            )
        )
        cr.execute(
            SQL(
                """
WITH ranked AS (
    SELECT id, customer_class AS old_class, %(score)s AS score,
           revenue, net_profit,
           GREATEST(revenue, 0) / NULLIF(SUM(GREATEST(revenue, 0)) OVER (), 0) AS revenue_share,
           SUM(GREATEST(revenue, 0)) OVER (ORDER BY revenue DESC, partner_id ROWS UNBOUNDED PRECEDING)
               / NULLIF(SUM(GREATEST(revenue, 0)) OVER (), 0) AS revenue_cumulative,
           GREATEST(net_profit, 0) / NULLIF(SUM(GREATEST(net_profit, 0)) OVER (), 0) AS profit_share,
           SUM(GREATEST(net_profit, 0)) OVER (ORDER BY net_profit DESC, partner_id ROWS UNBOUNDED PRECEDING)
               / NULLIF(SUM(GREATEST(net_profit, 0)) OVER (), 0) AS profit_cumulative
      FROM crm_tr_customer_stat
     WHERE company_id = %(cid)s
), classed AS (
    SELECT r.*,
           CASE WHEN r.score >= %(a_min)s THEN 'a' WHEN r.score >= %(b_min)s THEN 'b' ELSE 'c' END AS customer_class,
           CASE WHEN r.revenue > 0 AND r.revenue_cumulative - r.revenue_share < %(pareto_a)s THEN 'a'
                WHEN r.revenue > 0 AND r.revenue_cumulative - r.revenue_share < %(pareto_b)s THEN 'b'
                ELSE 'c' END AS pareto_class
      FROM ranked r
)
UPDATE crm_tr_customer_stat s
   SET score = ROUND(c.score::numeric, 1),
       customer_class = c.customer_class,
       pareto_class = c.pareto_class,
       priority = CASE WHEN c.customer_class = 'a' AND c.pareto_class = 'a' THEN '3'
                       WHEN c.customer_class = 'a' OR c.pareto_class = 'a' THEN '2'
                       WHEN c.customer_class = 'b' THEN '1' ELSE '0' END,
       revenue_share = ROUND(100 * COALESCE(c.revenue_share, 0)::numeric, 2),
       revenue_cumulative_share = ROUND(100 * COALESCE(c.revenue_cumulative, 0)::numeric, 2),
       profit_share = ROUND(100 * COALESCE(c.profit_share, 0)::numeric, 2),
       profit_cumulative_share = ROUND(100 * COALESCE(c.profit_cumulative, 0)::numeric, 2),
       neglect_date = (s.last_interaction AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date
                      + CASE c.customer_class WHEN 'a' THEN %(days_a)s WHEN 'b' THEN %(days_b)s ELSE %(days_c)s END
  FROM classed c
 WHERE s.id = c.id
RETURNING s.partner_id, c.old_class, s.customer_class, s.score
                """,
                cid=cid,
                score=score,
                a_min=company.crm_tr_class_a_min,
                b_min=company.crm_tr_class_b_min,
                pareto_a=company.crm_tr_pareto_a / 100.0,
                pareto_b=company.crm_tr_pareto_b / 100.0,
                tz=tz,
                days_a=company.crm_tr_neglect_days_a,
                days_b=company.crm_tr_neglect_days_b,
                days_c=company.crm_tr_neglect_days_c,
            )
        )
        changes = [row for row in cr.fetchall() if row[1] and row[1] != row[2]]
        self._crm_tr_sync_partner_classes(company)
        if changes:
            self._crm_tr_log_class_changes(company, changes)

    def _crm_tr_sync_partner_classes(self, company):
        """Copy class, pareto class, priority and neglect date to the partners' company-dependent
        fields (jsonb keyed by company), set-wise, only where they differ."""
        key = str(company.id)
        fields_by_column = {
            "crm_tr_customer_class": "customer_class",
            "crm_tr_pareto_class": "pareto_class",
            "crm_tr_priority": "priority",
            "crm_tr_neglect_date": "neglect_date",
        }
        columns = [(col, SQL("to_jsonb(%s)", SQL.identifier("s", field))) for col, field in fields_by_column.items()]
        sets = SQL(", ").join(
            SQL(
                "%s = COALESCE(%s, '{}'::jsonb) || jsonb_build_object(%s, %s)",
                SQL.identifier(col),
                SQL.identifier("p", col),
                key,
                value,
            )
            for col, value in columns
        )
        differs = SQL(" OR ").join(
            SQL("%s -> %s IS DISTINCT FROM %s", SQL.identifier("p", col), key, value) for col, value in columns
        )
        self.env.cr.execute(
            SQL(
                """UPDATE res_partner p SET %s
                     FROM crm_tr_customer_stat s
                    WHERE s.partner_id = p.id AND s.company_id = %s AND (%s)""",
                sets,
                company.id,
                differs,
            )
        )
        removes = SQL(", ").join(
            SQL("%s = %s - %s", SQL.identifier(col), SQL.identifier("p", col), key) for col, _value in columns
        )
        self.env.cr.execute(
            SQL(
                """UPDATE res_partner p SET %s
                    WHERE p.crm_tr_customer_class ? %s
                      AND NOT EXISTS (SELECT FROM crm_tr_customer_stat s
                                       WHERE s.partner_id = p.id AND s.company_id = %s)""",
                removes,
                key,
                company.id,
            )
        )
        self.env["res.partner"].invalidate_model([col for col, _value in columns])

    def _crm_tr_log_class_changes(self, company, changes):
        """One note per customer whose class changed, in the company's language."""
        lang = company.partner_id.lang or self.env.lang
        env = self.with_context(lang=lang).env
        labels = dict(CLASSES)
        bodies = {
            partner_id: Markup("<p>%s</p>")
            % env._(
                "Customer class in %(company)s: %(old)s → %(new)s (score %(score)s).",
                company=company.name,
                old=labels[old],
                new=labels[new],
                score=formatLang(env, float(score), digits=1),
            )
            for partner_id, old, new, score in changes
        }
        self.env["res.partner"].browse(list(bodies)).sudo()._message_log_batch(bodies=bodies)

    def action_crm_tr_recompute(self):
        """Recompute these customers now (and re-rank their companies)."""
        for company in self.company_id:
            partners = self.filtered_domain([("company_id", "=", company.id)]).partner_id
            self._crm_tr_compute(company, partners)
        return True

    def action_crm_tr_plan_neglected(self):
        """The planner over the selected customers (all the neglected ones when none is)."""
        companies = self.company_id or self.env.company
        if len(companies) > 1:
            raise UserError(self.env._("Plan the customers of one company at a time."))
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_sales.crm_tr_neglect_planner_action")
        action["context"] = {"default_company_id": companies.id}
        if self:
            action["context"]["default_stat_ids"] = [Command.set(self.ids)]
        return action

    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "views": [(False, "form")],
        }
