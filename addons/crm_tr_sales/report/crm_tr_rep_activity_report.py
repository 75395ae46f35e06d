from odoo import fields, models
from odoo.tools import SQL

# Days are Turkish days: a timestamp (stored in UTC) belongs to the day it has in Istanbul,
# so a call logged at 23:30 Istanbul time (20:30 UTC) counts for that day, not the next.
REPORT_TZ = "Europe/Istanbul"


# The report's measures, in the order of its columns.
MEASURES = [
    "visit_count",
    "call_count",
    "meeting_count",
    "opportunity_created_count",
    "opportunity_won_count",
    "quotation_sent_count",
    "order_confirmed_count",
    "revenue",
]


class CrmTrRepActivityReport(models.Model):
    """What each sales representative did, per company and day.

    One row per (company, user, day), built in PostgreSQL from a UNION ALL of the sources
    (each counted once, by one clear date and one user):

    - visits: crm_tr.visit done, by its responsible, on the day it actually started;
    - calls and meetings: activities marked done (the mail.message Odoo posts with the activity
      type), by the user who marked them done, on that day; type category "Phonecall" is a call,
      "Meeting" a meeting. Calendar events are not counted on their own, so a meeting planned
      as an activity is counted once, when it is marked done; visits are counted as visits;
    - opportunities created: crm.lead of type opportunity (archived ones too), by salesperson,
      on their creation day; won: won_status 'won', by salesperson, on their closing day;
    - quotations sent: sales orders by salesperson on the day they were first sent
      (sale.order.crm_tr_date_sent, kept by this addon);
    - orders confirmed: sales orders in state Sales Order, by salesperson, on their confirmation
      day (Odoo 19 sets date_order to the confirmation time);
    - revenue: posted customer invoices less credit notes (untaxed, in the company's currency),
      by invoice salesperson, on the invoice date.
    """

    _name = "crm_tr.rep.activity.report"
    _description = "Rep Activity Report"
    _auto = False
    _rec_name = "user_id"
    _order = "date desc, user_id"

    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    date = fields.Date(string="Day", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    visit_count = fields.Integer(string="Visits", readonly=True)
    call_count = fields.Integer(string="Calls", readonly=True)
    meeting_count = fields.Integer(string="Meetings", readonly=True)
    opportunity_created_count = fields.Integer(string="Opportunities Created", readonly=True)
    opportunity_won_count = fields.Integer(string="Opportunities Won", readonly=True)
    quotation_sent_count = fields.Integer(string="Quotations Sent", readonly=True)
    order_confirmed_count = fields.Integer(string="Orders Confirmed", readonly=True)
    revenue = fields.Monetary(
        string="Revenue", readonly=True, help="Posted customer invoices less credit notes, untaxed."
    )

    _depends = {
        "crm_tr.visit": ["state", "user_id", "company_id", "actual_start"],
        "mail.message": ["mail_activity_type_id", "create_uid", "record_company_id", "date"],
        "mail.activity.type": ["category"],
        "crm.lead": ["type", "user_id", "company_id", "create_date", "won_status", "date_closed"],
        "sale.order": ["user_id", "company_id", "state", "date_order", "crm_tr_date_sent"],
        "account.move": [
            "move_type",
            "state",
            "invoice_user_id",
            "company_id",
            "invoice_date",
            "amount_untaxed_signed",
        ],
        "crm.team.member": ["user_id", "crm_team_id", "active"],
        "crm.team": ["company_id", "active"],
        "res.company": ["currency_id"],
        "res.users": ["company_id"],
    }

    @property
    def _table_query(self):
        return SQL(
            """
            WITH activity AS (%s)
            SELECT ROW_NUMBER() OVER (ORDER BY a.company_id, a.user_id, a.date) AS id,
                   a.company_id,
                   a.user_id,
                   team.crm_team_id AS team_id,
                   a.date,
                   company.currency_id,
                   a.visit_count,
                   a.call_count,
                   a.meeting_count,
                   a.opportunity_created_count,
                   a.opportunity_won_count,
                   a.quotation_sent_count,
                   a.order_confirmed_count,
                   a.revenue
              FROM (
                  SELECT company_id, user_id, date,
                         SUM(visit_count)::integer AS visit_count,
                         SUM(call_count)::integer AS call_count,
                         SUM(meeting_count)::integer AS meeting_count,
                         SUM(opportunity_created_count)::integer AS opportunity_created_count,
                         SUM(opportunity_won_count)::integer AS opportunity_won_count,
                         SUM(quotation_sent_count)::integer AS quotation_sent_count,
                         SUM(order_confirmed_count)::integer AS order_confirmed_count,
                         SUM(revenue) AS revenue
                    FROM activity
                   WHERE company_id IS NOT NULL
                GROUP BY company_id, user_id, date
              ) a
              JOIN res_company company ON company.id = a.company_id
              -- The rep's sales team in that company (his first membership), for grouping.
              LEFT JOIN LATERAL (
                  SELECT member.crm_team_id
                    FROM crm_team_member member
                    JOIN crm_team team ON team.id = member.crm_team_id
                   WHERE member.user_id = a.user_id
                     AND member.active
                     AND team.active
                     AND (team.company_id = a.company_id OR team.company_id IS NULL)
                ORDER BY team.company_id IS NULL, member.id
                   LIMIT 1
              ) team ON TRUE
            """,
            SQL(" UNION ALL ").join(self._activity_sources()),
        )

    def _local_day(self, column):
        return SQL("((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)::date", column, REPORT_TZ)

    def _source(self, company, user, day, table, where, **measures):
        """One source of the UNION ALL: its company, user and day, and its measures (the
        others are 0)."""
        values = [SQL("%s AS %s", measures.get(column, SQL("0")), SQL.identifier(column)) for column in MEASURES]
        return SQL(
            "SELECT %s AS company_id, %s AS user_id, %s AS date, %s FROM %s WHERE %s",
            company,
            user,
            day,
            SQL(", ").join(values),
            table,
            where,
        )

    def _activity_sources(self):
        one = SQL("1")
        return [
            self._source(
                SQL("visit.company_id"),
                SQL("visit.user_id"),
                self._local_day(SQL("visit.actual_start")),
                SQL("crm_tr_visit visit"),
                SQL("visit.state = 'done' AND visit.user_id IS NOT NULL AND visit.actual_start IS NOT NULL"),
                visit_count=one,
            ),
            self._source(
                SQL("COALESCE(message.record_company_id, author.company_id)"),
                SQL("message.create_uid"),
                self._local_day(SQL("message.date")),
                SQL(
                    """mail_message message
                    JOIN mail_activity_type activity_type ON activity_type.id = message.mail_activity_type_id
                    JOIN res_users author ON author.id = message.create_uid"""
                ),
                SQL("activity_type.category IN ('phonecall', 'meeting')"),
                call_count=SQL("CASE WHEN activity_type.category = 'phonecall' THEN 1 ELSE 0 END"),
                meeting_count=SQL("CASE WHEN activity_type.category = 'meeting' THEN 1 ELSE 0 END"),
            ),
            self._source(
                SQL("COALESCE(lead.company_id, rep.company_id)"),
                SQL("lead.user_id"),
                self._local_day(SQL("lead.create_date")),
                SQL("crm_lead lead JOIN res_users rep ON rep.id = lead.user_id"),
                SQL("lead.type = 'opportunity'"),
                opportunity_created_count=one,
            ),
            self._source(
                SQL("COALESCE(lead.company_id, rep.company_id)"),
                SQL("lead.user_id"),
                self._local_day(SQL("lead.date_closed")),
                SQL("crm_lead lead JOIN res_users rep ON rep.id = lead.user_id"),
                SQL("lead.type = 'opportunity' AND lead.won_status = 'won' AND lead.date_closed IS NOT NULL"),
                opportunity_won_count=one,
            ),
            self._source(
                SQL("sale.company_id"),
                SQL("sale.user_id"),
                self._local_day(SQL("sale.crm_tr_date_sent")),
                SQL("sale_order sale"),
                SQL("sale.crm_tr_date_sent IS NOT NULL AND sale.user_id IS NOT NULL"),
                quotation_sent_count=one,
            ),
            self._source(
                SQL("sale.company_id"),
                SQL("sale.user_id"),
                self._local_day(SQL("sale.date_order")),
                SQL("sale_order sale"),
                SQL("sale.state = 'sale' AND sale.user_id IS NOT NULL"),
                order_confirmed_count=one,
            ),
            self._source(
                SQL("move.company_id"),
                SQL("move.invoice_user_id"),
                SQL("move.invoice_date"),
                SQL("account_move move"),
                SQL(
                    "move.move_type IN ('out_invoice', 'out_refund') AND move.state = 'posted' "
                    "AND move.invoice_user_id IS NOT NULL AND move.invoice_date IS NOT NULL"
                ),
                revenue=SQL("move.amount_untaxed_signed"),
            ),
        ]
