from odoo import fields, models
from odoo.tools import SQL


class CrmTrReportServiceContract(models.Model):
    """One row per service contract: what was invoiced (posted invoices less credit notes
    of the contract, untaxed), what its done visits cost (labour, travel, parts and
    expenses), the profit, and its entitlement used and left. The same sources as the
    contract's own figures (crm_tr.service.contract._compute_profitability and
    _compute_consumed), read set-wise and converted to the current company's currency."""

    _name = "crm_tr.report.service.contract"
    _description = "Service Contract Profitability"
    _auto = False
    _order = "date_end desc, contract_id desc"
    _rec_name = "contract_id"

    contract_id = fields.Many2one("crm_tr.service.contract", string="Contract", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("expired", "Expired"), ("cancelled", "Cancelled")],
        string="Status",
        readonly=True,
    )
    billing = fields.Selection(
        [("once", "Once"), ("monthly", "Monthly"), ("quarterly", "Quarterly"), ("yearly", "Yearly")],
        readonly=True,
    )
    date_start = fields.Date(string="Start Date", readonly=True)
    date_end = fields.Date(string="End Date", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    invoiced_amount = fields.Monetary(string="Invoiced", readonly=True)
    cost = fields.Monetary(string="Cost of Visits", readonly=True)
    profit = fields.Monetary(readonly=True)
    entitlement_visits = fields.Integer(string="Visits Entitled", readonly=True)
    consumed_visits = fields.Integer(string="Visits Used", readonly=True)
    remaining_visits = fields.Integer(string="Visits Left", readonly=True)
    entitlement_hours = fields.Float(string="Hours Entitled", readonly=True)
    consumed_hours = fields.Float(string="Hours Used", readonly=True)
    remaining_hours = fields.Float(string="Hours Left", readonly=True)

    _depends = {
        "crm_tr.service.contract": [
            "partner_id",
            "user_id",
            "state",
            "billing",
            "date_start",
            "date_end",
            "company_id",
            "entitlement_visits",
            "entitlement_hours",
        ],
        "account.move": ["crm_tr_service_contract_id", "state", "amount_untaxed_signed"],
        "crm_tr.visit": ["crm_tr_contract_id", "state", "total_cost", "crm_tr_contract_hours"],
        "res.partner": ["state_id"],
        "res.currency.rate": ["currency_id", "name"],
    }

    @property
    def _table_query(self):
        return SQL("%s %s %s %s", self._select(), self._from(), self._where(), self._group_by())

    def _select(self):
        return SQL(
            """
            SELECT contract.id AS id,
                   contract.id AS contract_id,
                   contract.partner_id AS partner_id,
                   contract.user_id AS user_id,
                   contract.state AS state,
                   contract.billing AS billing,
                   contract.date_start AS date_start,
                   contract.date_end AS date_end,
                   partner.state_id AS state_id,
                   contract.company_id AS company_id,
                   %(currency)s AS currency_id,
                   COALESCE(invoices.amount, 0) * account_currency_table.rate AS invoiced_amount,
                   COALESCE(visits.cost, 0) * account_currency_table.rate AS cost,
                   (COALESCE(invoices.amount, 0) - COALESCE(visits.cost, 0)) * account_currency_table.rate AS profit,
                   COALESCE(contract.entitlement_visits, 0) AS entitlement_visits,
                   COALESCE(visits.visit_count, 0) AS consumed_visits,
                   GREATEST(COALESCE(contract.entitlement_visits, 0) - COALESCE(visits.visit_count, 0), 0)
                       AS remaining_visits,
                   COALESCE(contract.entitlement_hours, 0) AS entitlement_hours,
                   COALESCE(visits.hours, 0) AS consumed_hours,
                   GREATEST(COALESCE(contract.entitlement_hours, 0) - COALESCE(visits.hours, 0), 0)
                       AS remaining_hours
            """,
            currency=self.env.company.currency_id.id,
        )

    def _from(self):
        return SQL(
            """
            FROM crm_tr_service_contract contract
            -- LEFT (a contract always has its customer): dropped when a grouping needs no province
            LEFT JOIN res_partner partner ON partner.id = contract.partner_id
            LEFT JOIN (
                    SELECT move.crm_tr_service_contract_id AS contract_id, SUM(move.amount_untaxed_signed) AS amount
                      FROM account_move move
                     WHERE move.state = 'posted' AND move.crm_tr_service_contract_id IS NOT NULL
                  GROUP BY move.crm_tr_service_contract_id
                 ) invoices ON invoices.contract_id = contract.id
            LEFT JOIN (
                    SELECT visit.crm_tr_contract_id AS contract_id, COUNT(*) AS visit_count,
                           SUM(visit.total_cost) AS cost, SUM(visit.crm_tr_contract_hours) AS hours
                      FROM crm_tr_visit visit
                     WHERE visit.state = 'done' AND visit.crm_tr_contract_id IS NOT NULL
                  GROUP BY visit.crm_tr_contract_id
                 ) visits ON visits.contract_id = contract.id
            JOIN %(currency_table)s ON account_currency_table.company_id = contract.company_id
            """,
            currency_table=self.env["res.currency"]._crm_tr_currency_table(self.env.companies),
        )

    def _where(self):
        return SQL("")

    def _group_by(self):
        return SQL("")
