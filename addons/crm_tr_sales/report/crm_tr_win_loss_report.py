from odoo import fields, models
from odoo.tools import SQL


class CrmTrWinLossReport(models.Model):
    """Closed opportunities (won and lost), one row per product of their quotations.

    A won opportunity is Odoo's won_status 'won' (active, in a won stage, probability 100); a
    lost one is won_status 'lost' (archived with probability 0). Each opportunity has one row
    per product quoted to it (lines of its sales orders that are not cancelled), or a single
    row without product when it had no quotation. The opportunity's own measures (counts,
    win rate, expected revenue) sit on its first row only, so they are never counted once per
    product; the quoted amount is per product. Grouped by product, count opportunities with
    the "Opportunity" measure (distinct count).
    """

    _name = "crm_tr.win.loss.report"
    _description = "Win/Loss Analysis"
    _auto = False
    _rec_name = "lead_id"
    _order = "date_closed desc, id"

    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    outcome = fields.Selection([("won", "Won"), ("lost", "Lost")], readonly=True)
    date_closed = fields.Datetime(string="Closed On", readonly=True)
    lost_reason_id = fields.Many2one("crm.lost.reason", string="Lost Reason", readonly=True)
    competitor_id = fields.Many2one("crm_tr.competitor", string="Lost To", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    product_categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    region_id = fields.Many2one("crm_tr.region", string="Region", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)

    opportunity_count = fields.Integer(string="Opportunities", readonly=True)
    won_count = fields.Integer(string="Won", readonly=True)
    lost_count = fields.Integer(string="Lost", readonly=True)
    win_rate = fields.Float(
        string="Win Rate (%)",
        aggregator="avg",
        readonly=True,
        help="Won opportunities out of the closed ones, in percent (by opportunity, whatever their products).",
    )
    expected_revenue = fields.Monetary(string="Expected Revenue", readonly=True)
    won_revenue = fields.Monetary(string="Won Revenue", readonly=True)
    lost_revenue = fields.Monetary(string="Lost Revenue", readonly=True)
    quoted_amount = fields.Monetary(
        string="Quoted Amount",
        readonly=True,
        help="Untaxed amount of the product on the opportunity's quotations and orders (cancelled ones left out), "
        "in the company's currency.",
    )

    _depends = {
        "crm.lead": [
            "type",
            "won_status",
            "date_closed",
            "lost_reason_id",
            "crm_tr_competitor_id",
            "user_id",
            "team_id",
            "company_id",
            "partner_id",
            "state_id",
            "expected_revenue",
        ],
        "res.partner": ["state_id"],
        "res.country.state": ["crm_tr_region_id"],
        "sale.order": ["opportunity_id", "state", "currency_rate"],
        "sale.order.line": ["order_id", "product_id", "price_subtotal", "display_type"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id"],
        "res.company": ["currency_id"],
    }

    @property
    def _table_query(self):
        return SQL("%s %s", self._with(), self._select())

    def _with(self):
        return SQL(
            """
            WITH closed AS (
                SELECT lead.id AS lead_id,
                       lead.won_status AS outcome,
                       lead.date_closed,
                       lead.lost_reason_id,
                       lead.crm_tr_competitor_id AS competitor_id,
                       lead.user_id,
                       lead.team_id,
                       lead.company_id,
                       lead.partner_id,
                       COALESCE(lead.state_id, partner.state_id) AS state_id,
                       COALESCE(lead.expected_revenue, 0) AS expected_revenue
                  FROM crm_lead lead
             LEFT JOIN res_partner partner ON partner.id = lead.partner_id
                 WHERE lead.type = 'opportunity'
                   AND lead.won_status IN ('won', 'lost')
            ),
            quoted AS (
                SELECT so.opportunity_id AS lead_id,
                       sol.product_id,
                       SUM(sol.price_subtotal
                           / CASE COALESCE(so.currency_rate, 0) WHEN 0 THEN 1.0 ELSE so.currency_rate END
                       ) AS quoted_amount
                  FROM sale_order so
                  JOIN sale_order_line sol ON sol.order_id = so.id
                  JOIN closed ON closed.lead_id = so.opportunity_id
                 WHERE so.state != 'cancel'
                   AND sol.display_type IS NULL
                   AND sol.product_id IS NOT NULL
              GROUP BY so.opportunity_id, sol.product_id
            ),
            ranked AS (
                SELECT closed.*,
                       quoted.product_id,
                       COALESCE(quoted.quoted_amount, 0) AS quoted_amount,
                       ROW_NUMBER() OVER (
                           PARTITION BY closed.lead_id ORDER BY quoted.product_id NULLS FIRST
                       ) AS rank_in_lead
                  FROM closed
             LEFT JOIN quoted ON quoted.lead_id = closed.lead_id
            )
            """
        )

    def _select(self):
        return SQL(
            """
            SELECT ROW_NUMBER() OVER (ORDER BY r.lead_id, r.product_id NULLS FIRST) AS id,
                   r.lead_id,
                   r.outcome,
                   r.date_closed,
                   r.lost_reason_id,
                   r.competitor_id,
                   r.user_id,
                   r.team_id,
                   r.company_id,
                   r.partner_id,
                   r.product_id,
                   template.categ_id AS product_categ_id,
                   r.state_id,
                   province.crm_tr_region_id AS region_id,
                   company.currency_id,
                   CASE WHEN r.rank_in_lead = 1 THEN 1 ELSE 0 END AS opportunity_count,
                   CASE WHEN r.rank_in_lead = 1 AND r.outcome = 'won' THEN 1 ELSE 0 END AS won_count,
                   CASE WHEN r.rank_in_lead = 1 AND r.outcome = 'lost' THEN 1 ELSE 0 END AS lost_count,
                   CASE WHEN r.rank_in_lead = 1 THEN (CASE WHEN r.outcome = 'won' THEN 100.0 ELSE 0.0 END)
                   END AS win_rate,
                   CASE WHEN r.rank_in_lead = 1 THEN r.expected_revenue ELSE 0 END AS expected_revenue,
                   CASE WHEN r.rank_in_lead = 1 AND r.outcome = 'won' THEN r.expected_revenue ELSE 0 END
                       AS won_revenue,
                   CASE WHEN r.rank_in_lead = 1 AND r.outcome = 'lost' THEN r.expected_revenue ELSE 0 END
                       AS lost_revenue,
                   r.quoted_amount
                   %s
              FROM ranked r
         LEFT JOIN product_product product ON product.id = r.product_id
         LEFT JOIN product_template template ON template.id = product.product_tmpl_id
         LEFT JOIN res_company company ON company.id = r.company_id
         LEFT JOIN res_country_state province ON province.id = r.state_id
         %s
            """,
            self._select_additional(),
            self._from_additional(),
        )

    def _select_additional(self):
        """Hook: extra columns (``, expression AS name``) for reports built on this one."""
        return SQL("")

    def _from_additional(self):
        """Hook: extra joins for the columns of `_select_additional`."""
        return SQL("")
