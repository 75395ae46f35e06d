from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.crm_tr_service.models.crm_tr_service_case import CASE_PRIORITIES
from odoo.addons.crm_tr_service.models.crm_tr_service_stage import STAGE_CATEGORIES


class CrmTrReportServiceCase(models.Model):
    """One row per service case: who, what, where, how fast (calendar hours from opening to
    the first response and to the closing), whether its SLA deadlines were kept, whether it
    was solved at first contact, the customer's score and what its done visits cost
    (labour, travel, parts and expenses) in the current company's currency.

    The SLA and first-contact figures are 100 (kept) / 0 (missed) / empty (not measurable
    yet): their average is the compliance percentage at any grouping."""

    _name = "crm_tr.report.service.case"
    _description = "Service Case Analysis"
    _auto = False
    _order = "date_open desc"
    _rec_name = "case_id"

    case_id = fields.Many2one("crm_tr.service.case", string="Service Case", readonly=True)
    subject = fields.Char(readonly=True)
    category_id = fields.Many2one("crm_tr.service.case.category", string="Category", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    lot_id = fields.Many2one("stock.lot", string="Serial Number", readonly=True)
    team_id = fields.Many2one("crm_tr.service.team", string="Team", readonly=True)
    technician_id = fields.Many2one("hr.employee", string="Technician", readonly=True)
    user_id = fields.Many2one("res.users", string="Assigned To", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    region_id = fields.Many2one("crm_tr.region", string="Region", readonly=True)
    priority = fields.Selection(CASE_PRIORITIES, readonly=True)
    channel = fields.Selection(
        [("phone", "Phone"), ("email", "E-mail"), ("portal", "Portal"), ("sms", "SMS")], readonly=True
    )
    case_type = fields.Selection(
        [("complaint", "Complaint"), ("request", "Request"), ("question", "Question")], string="Type", readonly=True
    )
    state = fields.Selection(STAGE_CATEGORIES, string="Status", readonly=True)
    sla_id = fields.Many2one("crm_tr.service.sla", string="SLA Policy", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    date_open = fields.Datetime(string="Opened On", readonly=True)
    date_closed = fields.Datetime(string="Closed On", readonly=True)
    response_hours = fields.Float(
        string="Hours to First Response",
        aggregator="avg",
        digits=(16, 2),
        readonly=True,
        help="Calendar hours from the opening to the first response.",
    )
    resolution_hours = fields.Float(
        string="Hours to Resolution",
        aggregator="avg",
        digits=(16, 2),
        readonly=True,
        help="Calendar hours from the opening to the closing of a solved case.",
    )
    response_sla_met = fields.Boolean(string="Response SLA Met", readonly=True)
    response_sla_breached = fields.Boolean(string="Response SLA Breached", readonly=True)
    resolution_sla_met = fields.Boolean(string="Resolution SLA Met", readonly=True)
    resolution_sla_breached = fields.Boolean(string="Resolution SLA Breached", readonly=True)
    response_compliance = fields.Float(
        string="Response SLA Compliance (%)",
        aggregator="avg",
        digits=(16, 1),
        readonly=True,
        help="100 when the first response came by its deadline, 0 when it came (or is) late.",
    )
    resolution_compliance = fields.Float(
        string="Resolution SLA Compliance (%)",
        aggregator="avg",
        digits=(16, 1),
        readonly=True,
        help="100 when the case was solved by its deadline, 0 when it was (or is) late.",
    )
    first_contact_resolution = fields.Boolean(readonly=True)
    fcr_rate = fields.Float(
        string="First-Contact Resolution (%)",
        aggregator="avg",
        digits=(16, 1),
        readonly=True,
        help="Of the solved cases: 100 when solved at first contact, without a visit.",
    )
    satisfaction = fields.Float(
        aggregator="avg", digits=(16, 2), readonly=True, help="The customer's survey score (1-5), when answered."
    )
    visit_count = fields.Integer(string="Done Visits", readonly=True)
    cost = fields.Monetary(string="Cost", readonly=True, help="Labour, travel, parts and expenses of its done visits.")
    repair_cost = fields.Monetary(
        string="Mean Cost of a Repair",
        aggregator="avg",
        readonly=True,
        help="The cost of the cases that needed at least one visit, averaged.",
    )

    _depends = {
        "crm_tr.service.case": [
            "subject",
            "category_id",
            "product_id",
            "lot_id",
            "team_id",
            "technician_id",
            "user_id",
            "partner_id",
            "commercial_partner_id",
            "priority",
            "channel",
            "case_type",
            "state",
            "sla_id",
            "company_id",
            "date_open",
            "date_closed",
            "first_response_date",
            "first_contact_resolution",
            "sla_response_deadline",
            "sla_deadline",
            "crm_tr_satisfaction",
        ],
        "crm_tr.visit": ["case_id", "state", "total_cost"],
        "res.partner": ["state_id"],
        "res.country.state": ["crm_tr_region_id"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id"],
        "res.currency.rate": ["currency_id", "name"],
    }

    @property
    def _table_query(self):
        return SQL("%s %s %s %s", self._select(), self._from(), self._where(), self._group_by())

    def _select(self):
        now = SQL("(NOW() AT TIME ZONE 'UTC')")
        response_late = SQL("COALESCE(service_case.first_response_date, %s) > service_case.sla_response_deadline", now)
        response_kept = SQL("service_case.first_response_date <= service_case.sla_response_deadline")
        # Solved by the deadline; a cancelled case is not measured; an open one only once late.
        resolution_late = SQL(
            "service_case.state != 'cancelled' AND COALESCE(service_case.date_closed, %s) > service_case.sla_deadline",
            now,
        )
        resolution_kept = SQL("service_case.state = 'done' AND service_case.date_closed <= service_case.sla_deadline")
        return SQL(
            """
            SELECT service_case.id AS id,
                   service_case.id AS case_id,
                   service_case.subject AS subject,
                   service_case.category_id AS category_id,
                   service_case.product_id AS product_id,
                   template.categ_id AS categ_id,
                   service_case.lot_id AS lot_id,
                   service_case.team_id AS team_id,
                   service_case.technician_id AS technician_id,
                   service_case.user_id AS user_id,
                   service_case.commercial_partner_id AS partner_id,
                   province.id AS state_id,
                   province.crm_tr_region_id AS region_id,
                   service_case.priority AS priority,
                   service_case.channel AS channel,
                   service_case.case_type AS case_type,
                   service_case.state AS state,
                   service_case.sla_id AS sla_id,
                   service_case.company_id AS company_id,
                   %(currency)s AS currency_id,
                   service_case.date_open AS date_open,
                   service_case.date_closed AS date_closed,
                   EXTRACT(EPOCH FROM service_case.first_response_date - service_case.date_open) / 3600.0
                       AS response_hours,
                   CASE WHEN service_case.state = 'done'
                        THEN EXTRACT(EPOCH FROM service_case.date_closed - service_case.date_open) / 3600.0
                   END AS resolution_hours,
                   COALESCE(%(response_kept)s, FALSE) AS response_sla_met,
                   COALESCE(%(response_late)s, FALSE) AS response_sla_breached,
                   COALESCE(%(resolution_kept)s, FALSE) AS resolution_sla_met,
                   COALESCE(%(resolution_late)s, FALSE) AS resolution_sla_breached,
                   CASE WHEN %(response_kept)s THEN 100.0 WHEN %(response_late)s THEN 0.0 END
                       AS response_compliance,
                   CASE WHEN %(resolution_kept)s THEN 100.0 WHEN %(resolution_late)s THEN 0.0 END
                       AS resolution_compliance,
                   COALESCE(service_case.first_contact_resolution, FALSE) AS first_contact_resolution,
                   CASE WHEN service_case.state = 'done'
                        THEN (CASE WHEN service_case.first_contact_resolution THEN 100.0 ELSE 0.0 END)
                   END AS fcr_rate,
                   NULLIF(service_case.crm_tr_satisfaction, 0) AS satisfaction,
                   COALESCE(visits.visit_count, 0) AS visit_count,
                   COALESCE(visits.cost, 0) * account_currency_table.rate AS cost,
                   CASE WHEN visits.visit_count > 0 THEN visits.cost * account_currency_table.rate END AS repair_cost
            """,
            currency=self.env.company.currency_id.id,
            response_kept=response_kept,
            response_late=response_late,
            resolution_kept=resolution_kept,
            resolution_late=resolution_late,
        )

    def _from(self):
        return SQL(
            """
            FROM crm_tr_service_case service_case
            -- every join LEFT on a unique key (a case always has its customer) and the
            -- customer's province nested: PostgreSQL drops the joins a grouping does not
            -- need (by category: 45 -> 25 ms over 100,000 cases, tests/bench/bench_reports.py)
            LEFT JOIN (res_partner partner
                       LEFT JOIN res_partner commercial ON commercial.id = partner.commercial_partner_id
                       LEFT JOIN res_country_state province
                              ON province.id = COALESCE(partner.state_id, commercial.state_id))
                   ON partner.id = service_case.partner_id
            LEFT JOIN product_product product ON product.id = service_case.product_id
            LEFT JOIN product_template template ON template.id = product.product_tmpl_id
            LEFT JOIN (
                    SELECT visit.case_id, COUNT(*) AS visit_count, SUM(visit.total_cost) AS cost
                      FROM crm_tr_visit visit
                     WHERE visit.state = 'done' AND visit.case_id IS NOT NULL
                  GROUP BY visit.case_id
                 ) visits ON visits.case_id = service_case.id
            JOIN %(currency_table)s ON account_currency_table.company_id = service_case.company_id
            """,
            currency_table=self.env["res.currency"]._crm_tr_currency_table(self.env.companies),
        )

    def _where(self):
        return SQL("")

    def _group_by(self):
        return SQL("")
