from odoo import api, fields, models
from odoo.tools import SQL

PROBABILITY_BANDS = [
    ("0_20", "0-20%"),
    ("20_40", "20-40%"),
    ("40_60", "40-60%"),
    ("60_80", "60-80%"),
    ("80_100", "80-100%"),
]


class CrmTrReportPipeline(models.Model):
    """Open opportunities by probability band, stage, salesperson and team: expected and
    weighted (expected x probability) revenue in the current company's currency."""

    _name = "crm_tr.report.pipeline"
    _description = "Pipeline by Probability"
    _auto = False
    _order = "probability desc, id"

    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    date = fields.Date(string="Created On", readonly=True)
    date_deadline = fields.Date(string="Expected Closing", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    stage_id = fields.Many2one("crm.stage", string="Stage", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    probability = fields.Float(readonly=True, aggregator="avg", digits=(16, 2))
    probability_band = fields.Selection(PROBABILITY_BANDS, string="Probability Band", readonly=True)
    opportunity_count = fields.Integer(string="Opportunities", readonly=True)
    expected_revenue = fields.Monetary(string="Expected Revenue", readonly=True)
    weighted_revenue = fields.Monetary(
        string="Weighted Revenue", readonly=True, help="Expected revenue times the probability."
    )

    _depends = {
        "crm.lead": [
            "type",
            "active",
            "won_status",
            "probability",
            "expected_revenue",
            "partner_id",
            "user_id",
            "team_id",
            "stage_id",
            "company_id",
            "date_deadline",
        ],
        "crm.team": ["company_id"],
        "res.partner": ["commercial_partner_id", "state_id"],
    }

    @property
    def _table_query(self):
        return SQL("%s %s %s", self._select(), self._from(), self._where())

    @api.model
    def _company(self):
        # crm.lead: a lead without company has its expected revenue in the current company's
        # currency (crm.lead._compute_company_currency), so it counts in the current company.
        return SQL("COALESCE(lead.company_id, team.company_id, %s)", self.env.company.id)

    @api.model
    def _select(self):
        return SQL(
            """
            SELECT lead.id AS id,
                   lead.id AS lead_id,
                   lead.create_date::date AS date,
                   lead.date_deadline AS date_deadline,
                   partner.commercial_partner_id AS partner_id,
                   lead.user_id AS user_id,
                   lead.team_id AS team_id,
                   lead.stage_id AS stage_id,
                   %(company)s AS company_id,
                   %(currency)s AS currency_id,
                   COALESCE(lead.state_id, commercial.state_id) AS state_id,
                   COALESCE(lead.probability, 0) AS probability,
                   CASE WHEN COALESCE(lead.probability, 0) < 20 THEN '0_20'
                        WHEN lead.probability < 40 THEN '20_40'
                        WHEN lead.probability < 60 THEN '40_60'
                        WHEN lead.probability < 80 THEN '60_80'
                        ELSE '80_100' END AS probability_band,
                   1 AS opportunity_count,
                   COALESCE(lead.expected_revenue, 0) * account_currency_table.rate AS expected_revenue,
                   COALESCE(lead.expected_revenue, 0) * COALESCE(lead.probability, 0) / 100.0
                       * account_currency_table.rate AS weighted_revenue
            """,
            company=self._company(),
            currency=self.env.company.currency_id.id,
        )

    @api.model
    def _from(self):
        return SQL(
            """
              FROM crm_lead lead
         LEFT JOIN crm_team team ON team.id = lead.team_id
         LEFT JOIN res_partner partner ON partner.id = lead.partner_id
         LEFT JOIN res_partner commercial ON commercial.id = partner.commercial_partner_id
              JOIN %(currency_table)s ON account_currency_table.company_id = %(company)s
            """,
            company=self._company(),
            currency_table=self.env["res.currency"]._crm_tr_currency_table(self.env.companies),
        )

    @api.model
    def _where(self):
        return SQL("WHERE lead.type = 'opportunity' AND lead.active AND lead.won_status = 'pending'")
