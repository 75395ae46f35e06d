from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.query import Query


class CrmTrSalesTargetAnalysis(models.Model):
    """Each target with what was invoiced against it, read live from the posted invoice lines.

    A SQL view rather than stored actuals: a just-posted invoice, a credit note or a moved
    product category shows the next time anyone looks, and pivot and graph can add targets
    and actuals up. One row per target (same id)."""

    _name = "crm_tr.sales.target.analysis"
    _description = "Sales Target Attainment"
    _auto = False
    _order = "month desc, user_id"
    _rec_name = "target_id"

    target_id = fields.Many2one("crm_tr.sales.target", string="Target", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    month = fields.Date(readonly=True)
    scope = fields.Selection(
        [("rep", "Salesperson"), ("team", "Sales Team"), ("company", "Company")],
        string="Target Of",
        readonly=True,
        help="Whose invoices the target counts. Totals over targets of different scopes of the same month count "
        "the same invoices more than once: filter on one scope to add them up.",
    )
    target_revenue = fields.Monetary(string="Target Revenue", readonly=True)
    target_margin = fields.Monetary(string="Target Margin", readonly=True)
    actual_revenue = fields.Monetary(string="Actual Revenue", readonly=True)
    actual_margin = fields.Monetary(string="Actual Margin", readonly=True)
    # Totals of these are ratios of the totals, not sums or averages of ratios: _read_group_select.
    attainment = fields.Float(string="Attainment (%)", aggregator="avg", readonly=True)
    margin_attainment = fields.Float(string="Margin Attainment (%)", aggregator="avg", readonly=True)

    _depends = {
        "crm_tr.sales.target": [
            "company_id",
            "user_id",
            "team_id",
            "categ_id",
            "month",
            "target_revenue",
            "target_margin",
        ],
        "account.move": ["company_id", "move_type", "invoice_user_id", "team_id", "state", "invoice_date"],
        "account.move.line": [
            "move_id",
            "display_type",
            "product_id",
            "balance",
            "crm_tr_cost",
        ],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id"],
        "product.category": ["parent_path"],
        "res.company": ["currency_id"],
    }

    @property
    def _table_query(self):
        return SQL("%s %s", self._select(), self._from())

    @api.model
    def _select(self):
        return SQL(
            """
            SELECT target.id,
                   target.id AS target_id,
                   target.company_id,
                   company.currency_id,
                   target.user_id,
                   target.team_id,
                   target.categ_id,
                   target.month,
                   CASE WHEN target.user_id IS NOT NULL THEN 'rep'
                        WHEN target.team_id IS NOT NULL THEN 'team'
                        ELSE 'company' END AS scope,
                   COALESCE(target.target_revenue, 0) AS target_revenue,
                   COALESCE(target.target_margin, 0) AS target_margin,
                   COALESCE(actual.revenue, 0) AS actual_revenue,
                   COALESCE(actual.revenue, 0) - COALESCE(actual.cost, 0) AS actual_margin,
                   COALESCE(actual.revenue, 0) * 100.0 / NULLIF(target.target_revenue, 0) AS attainment,
                   (COALESCE(actual.revenue, 0) - COALESCE(actual.cost, 0)) * 100.0
                       / NULLIF(target.target_margin, 0) AS margin_attainment
            """
        )

    @api.model
    def _from(self):
        # Per target, a lateral aggregate of the matching invoice lines: PostgreSQL runs it for
        # the targets the query's filters keep only, from the month's invoices (the indexed
        # account_move.invoice_date) to their lines (by move_id), not from every line. Revenue
        # in company currency is the product lines' balance with its sign flipped (credit notes
        # come out negative); the cost is the cost of sale frozen at posting, signed like the
        # revenue (account_move.py).
        return SQL(
            """
            FROM crm_tr_sales_target target
            JOIN res_company company ON company.id = target.company_id
            LEFT JOIN product_category target_categ ON target_categ.id = target.categ_id
            LEFT JOIN LATERAL (
                SELECT SUM(-line.balance) AS revenue,
                       SUM(COALESCE(line.crm_tr_cost, 0)) AS cost
                  FROM account_move_line line
                  JOIN account_move move ON move.id = line.move_id
             LEFT JOIN product_product product ON product.id = line.product_id
             LEFT JOIN product_template template ON template.id = product.product_tmpl_id
             LEFT JOIN product_category categ ON categ.id = template.categ_id
                 WHERE move.company_id = target.company_id
                   AND move.state = 'posted'
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   AND move.invoice_date >= target.month
                   AND move.invoice_date < (target.month + INTERVAL '1 month')::date
                   AND line.display_type = 'product'
                   AND (target.user_id IS NULL OR move.invoice_user_id = target.user_id)
                   AND (target.team_id IS NULL OR move.team_id = target.team_id)
                   AND (target.categ_id IS NULL OR categ.parent_path LIKE target_categ.parent_path || '%%')
            ) actual ON TRUE
            """
        )

    def _read_group_select(self, aggregate_spec: str, query: Query) -> SQL:
        """The attainment of a group is its actual total over its target total."""
        ratios = {
            "attainment:avg": ("actual_revenue", "target_revenue"),
            "margin_attainment:avg": ("actual_margin", "target_margin"),
        }
        if aggregate_spec not in ratios:
            return super()._read_group_select(aggregate_spec, query)
        actual, target = ratios[aggregate_spec]
        return SQL(
            "SUM(%s) * 100.0 / NULLIF(SUM(%s), 0)",
            self._field_to_sql(self._table, actual, query),
            self._field_to_sql(self._table, target, query),
        )
