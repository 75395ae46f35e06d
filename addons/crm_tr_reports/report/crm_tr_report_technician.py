from odoo import fields, models
from odoo.tools import SQL

# Counted over the distinct (technician, day) pairs of the grouped rows: right at any grouping.
DAY_COUNTS = ("working_days:sum", "jobs_per_day:avg")


class CrmTrReportTechnician(models.Model):
    """One row per done service visit and technician who went on it: the job, its day (in
    the technician's time zone), how long it took, whether it fixed its case the first time,
    the customer's rating and its cost (the technician's own labour plus an equal share of
    the visit's travel, parts and expenses), in the current company's currency."""

    _name = "crm_tr.report.technician"
    _description = "Technician Performance"
    _auto = False
    _order = "date desc, employee_id"
    _rec_name = "employee_id"

    visit_id = fields.Many2one("crm_tr.visit", string="Visit", readonly=True)
    employee_id = fields.Many2one("hr.employee", string="Technician", readonly=True)
    date = fields.Date(string="Day", readonly=True)
    case_id = fields.Many2one("crm_tr.service.case", string="Service Case", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    team_id = fields.Many2one("crm_tr.service.team", string="Team", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    working_days = fields.Integer(
        string="Working Days", readonly=True, help="Distinct days the technician did at least one job."
    )
    jobs_per_day = fields.Float(string="Jobs per Day", aggregator="avg", digits=(16, 2), readonly=True)
    duration_hours = fields.Float(
        string="Duration (Hours)",
        aggregator="avg",
        digits=(16, 2),
        readonly=True,
        help="Time worked, or the planned time when no start and finish were recorded.",
    )
    first_visit = fields.Boolean(string="First Visit of the Case", readonly=True)
    first_time_fix = fields.Float(
        string="First-Time Fix (%)",
        aggregator="avg",
        digits=(16, 1),
        readonly=True,
        help="On the first visit of a solved case: 100 when no other visit was needed.",
    )
    satisfaction = fields.Float(
        aggregator="avg", digits=(16, 2), readonly=True, help="The customer's rating of the visit (1-5)."
    )
    cost = fields.Monetary(readonly=True)

    _depends = {
        "crm_tr.visit": [
            "employee_ids",
            "state",
            "visit_type",
            "case_id",
            "partner_id",
            "commercial_partner_id",
            "state_id",
            "company_id",
            "actual_start",
            "planned_start",
            "actual_hours",
            "planned_hours",
            "total_cost",
            "labour_cost",
            "rating_last_value",
        ],
        "crm_tr.visit.labour": ["visit_id", "employee_id", "cost"],
        "crm_tr.service.case": ["state", "team_id"],
        "res.currency.rate": ["currency_id", "name"],
    }

    @property
    def _table_query(self):
        return SQL("%s %s %s %s", self._select(), self._from(), self._where(), self._group_by())

    def _select(self):
        return SQL(
            """
            SELECT ROW_NUMBER() OVER (ORDER BY visits.visit_id, visits.employee_id) AS id,
                   visits.visit_id AS visit_id,
                   visits.employee_id AS employee_id,
                   visits.date AS date,
                   visits.case_id AS case_id,
                   visits.partner_id AS partner_id,
                   visits.state_id AS state_id,
                   service_case.team_id AS team_id,
                   visits.company_id AS company_id,
                   %(currency)s AS currency_id,
                   1 AS working_days,
                   1.0 AS jobs_per_day,
                   visits.duration_hours AS duration_hours,
                   (visits.case_id IS NOT NULL AND visits.case_rank = 1) AS first_visit,
                   CASE WHEN visits.case_rank = 1 AND service_case.state = 'done'
                        THEN (CASE WHEN case_visits.case_visits = 1 THEN 100.0 ELSE 0.0 END)
                   END AS first_time_fix,
                   visits.satisfaction AS satisfaction,
                   (COALESCE(labour.cost, 0)
                    + (COALESCE(visits.total_cost, 0) - COALESCE(visits.labour_cost, 0)) / visits.employee_count
                   ) * account_currency_table.rate AS cost
            """,
            currency=self.env.company.currency_id.id,
        )

    def _from(self):
        return SQL(
            """
            FROM (
                SELECT visit.id AS visit_id, rel.hr_employee_id AS employee_id,
                       (COALESCE(visit.actual_start, visit.planned_start) AT TIME ZONE 'UTC'
                            AT TIME ZONE COALESCE(resource.tz, 'Europe/Istanbul'))::date AS date,
                       visit.case_id, visit.commercial_partner_id AS partner_id, visit.state_id,
                       visit.company_id, visit.total_cost, visit.labour_cost,
                       COALESCE(NULLIF(visit.actual_hours, 0), visit.planned_hours) AS duration_hours,
                       NULLIF(visit.rating_last_value, 0) AS satisfaction,
                       COUNT(*) OVER (PARTITION BY visit.id) AS employee_count,
                       CASE WHEN visit.case_id IS NOT NULL THEN DENSE_RANK() OVER (
                                PARTITION BY visit.case_id
                                ORDER BY COALESCE(visit.actual_start, visit.planned_start), visit.id)
                       END AS case_rank
                  FROM crm_tr_visit visit
                  JOIN crm_tr_visit_hr_employee_rel rel ON rel.crm_tr_visit_id = visit.id
                  JOIN hr_employee employee ON employee.id = rel.hr_employee_id
             LEFT JOIN resource_resource resource ON resource.id = employee.resource_id
                 WHERE visit.state = 'done' AND visit.visit_type = 'service'
            ) visits
            LEFT JOIN crm_tr_service_case service_case ON service_case.id = visits.case_id
            LEFT JOIN (
                    SELECT visit.case_id, COUNT(*) AS case_visits
                      FROM crm_tr_visit visit
                     WHERE visit.state = 'done' AND visit.visit_type = 'service' AND visit.case_id IS NOT NULL
                  GROUP BY visit.case_id
                 ) case_visits ON case_visits.case_id = visits.case_id
            LEFT JOIN crm_tr_visit_labour labour
                   ON labour.visit_id = visits.visit_id AND labour.employee_id = visits.employee_id
            JOIN %(currency_table)s ON account_currency_table.company_id = visits.company_id
            """,
            currency_table=self.env["res.currency"]._crm_tr_currency_table(self.env.companies),
        )

    def _where(self):
        return SQL("")

    def _group_by(self):
        return SQL("")

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec not in DAY_COUNTS:
            return super()._read_group_select(aggregate_spec, query)
        employee = self._field_to_sql(self._table, "employee_id", query)
        day = self._field_to_sql(self._table, "date", query)
        if aggregate_spec == "working_days:sum":
            return SQL("COUNT(DISTINCT (%s, %s))", employee, day)
        return SQL("COUNT(*)::float / NULLIF(COUNT(DISTINCT (%s, %s)), 0)", employee, day)
