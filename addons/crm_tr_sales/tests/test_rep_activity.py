from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.crm_tr_sales.report.crm_tr_rep_activity_report import MEASURES

# Tuesday 10 and Wednesday 11 March 2026; Istanbul is UTC+3 all year.
DAY1, DAY2 = date(2026, 3, 10), date(2026, 3, 11)


def ist(day, hour, minute=0):
    """Naive UTC of an Istanbul time on `day`."""
    return datetime(day.year, day.month, day.day, hour, minute) - (datetime(2026, 1, 1, 3) - datetime(2026, 1, 1))


@tagged("post_install", "-at_install")
class TestRepActivity(AccountTestInvoicingCommon):
    """Two reps of company A and one of company B over two days (posted invoices need the
    chart of accounts of AccountTestInvoicingCommon's companies)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company_data["company"]
        cls.company_b = cls.setup_other_company(name="Trakya Klima Ltd. Şti.")["company"]
        both = cls.company_a | cls.company_b
        # The accountant AccountTestInvoicingCommon acts as has no CRM rights: set up as superuser.
        cls.env = cls.env(su=True, context=dict(cls.env.context, allowed_company_ids=both.ids))

        def user(login, groups, company=cls.company_a, companies=None):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=company.id,
                company_ids=[Command.set((companies or company).ids)],
                tz="Europe/Istanbul",
            )

        cls.selim = user("ra_selim", "sales_team.group_sale_salesman")
        cls.deniz = user("ra_deniz", "sales_team.group_sale_salesman")
        cls.ece = user("ra_ece", "sales_team.group_sale_salesman", company=cls.company_b)
        cls.leader = user("ra_leader", "sales_team.group_sale_salesman_all_leads")
        cls.manager = user("ra_manager", "sales_team.group_sale_manager", companies=both)
        cls.employee = user("ra_employee", "base.group_user")
        cls.team = cls.env["crm.team"].create(
            {"name": "İstanbul Satış", "company_id": cls.company_a.id, "member_ids": [Command.set(cls.selim.ids)]}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Yıldız Otelcilik A.Ş.", "is_company": True})
        cls.product = cls.env["product.product"].create({"name": "Split Klima", "list_price": 1000})
        cls.call = cls.env.ref("mail.mail_activity_data_call")
        cls.meeting = cls.env.ref("mail.mail_activity_data_meeting")
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")
        cls.Report = cls.env["crm_tr.rep.activity.report"].with_context(allowed_company_ids=both.ids)
        cls._build()

    @classmethod
    def _visit(cls, user, company, start, end):
        visit = cls.env["crm_tr.visit"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": user.id,
                "company_id": company.id,
                "planned_start": start,
                "planned_end": end,
            }
        )
        with freeze_time(start):
            visit.action_start()
        with freeze_time(end):
            visit.action_done()
        return visit

    @classmethod
    def _activity_done(cls, user, record, activity_type, when):
        activity = record.activity_schedule(activity_type_id=activity_type.id, user_id=user.id)
        with freeze_time(when):
            activity.with_user(user).with_context(allowed_company_ids=user.company_ids.ids).action_feedback("ok")

    @classmethod
    def _opportunity(cls, user, company, created, won_at=None):
        lead = cls.env["crm.lead"].create(
            {"name": "Fırsat", "type": "opportunity", "user_id": user.id, "company_id": company.id}
        )
        cls.env.cr.execute(SQL("UPDATE crm_lead SET create_date = %s WHERE id = %s", created, lead.id))
        if won_at:
            with freeze_time(won_at):
                lead.action_set_won()
        lead.invalidate_recordset()
        return lead

    @classmethod
    def _order(cls, user, company):
        return (
            cls.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "user_id": user.id,
                    "company_id": company.id,
                    "order_line": [Command.create({"product_id": cls.product.id, "price_unit": 1000, "tax_ids": []})],
                }
            )
        )

    @classmethod
    def _invoice(cls, user, company, day, amount, move_type="out_invoice"):
        return cls._create_invoice(
            move_type=move_type,
            company_id=company.id,
            partner_id=cls.customer.id,
            invoice_user_id=user.id,
            invoice_date=day,
            invoice_line_ids=[
                Command.create({"product_id": cls.product.id, "quantity": 1, "price_unit": amount, "tax_ids": []})
            ],
            post=True,
        )

    @classmethod
    def _build(cls):
        a, b = cls.company_a, cls.company_b
        lead = cls._opportunity(cls.selim, a, ist(DAY1, 9))  # created day 1
        # Selim, day 1: 2 visits, a call at 23:30 Istanbul time (still day 1), a meeting.
        cls._visit(cls.selim, a, ist(DAY1, 10), ist(DAY1, 11))
        cls._visit(cls.selim, a, ist(DAY1, 14), ist(DAY1, 15))
        cls._activity_done(cls.selim, lead, cls.call, ist(DAY1, 23, 30))
        cls._activity_done(cls.selim, lead, cls.meeting, ist(DAY1, 16))
        cls._activity_done(cls.selim, lead, cls.todo, ist(DAY1, 17))  # a to-do is neither
        # Selim, day 2: a call at 00:30 Istanbul time (23 March 21:30 UTC of day 1), won
        # opportunity, quotations sent (one by e-mail, one marked sent) and one confirmed.
        cls._activity_done(cls.selim, lead, cls.call, ist(DAY2, 0, 30))
        cls._opportunity(cls.selim, a, ist(DAY1, 12), won_at=ist(DAY2, 10))  # created day 1, won day 2
        mailed = cls._order(cls.selim, a)
        with freeze_time(ist(DAY2, 11)):
            mailed.with_context(mark_so_as_sent=True).message_post(body="Teklifimiz ektedir.")
        marked = cls._order(cls.selim, a)
        with freeze_time(ist(DAY2, 12)):
            marked.action_quotation_sent()
        with freeze_time(ist(DAY2, 15)):
            marked.action_confirm()
        # Revenue: invoices less a credit note, by invoice date.
        cls._invoice(cls.selim, a, DAY1, 5000)
        cls._invoice(cls.selim, a, DAY2, 3000)
        cls._invoice(cls.selim, a, DAY2, 1200, move_type="out_refund")
        cls._invoice(cls.selim, a, DAY2, 777).button_draft()  # not posted
        # Deniz, day 2: one visit, one meeting, one confirmed order without sending.
        cls._visit(cls.deniz, a, ist(DAY2, 9), ist(DAY2, 10, 30))
        cls._activity_done(cls.deniz, cls.customer, cls.meeting, ist(DAY2, 14))
        with freeze_time(ist(DAY2, 16)):
            cls._order(cls.deniz, a).action_confirm()
        # Not done: a planned visit and a cancelled one.
        cls.env["crm_tr.visit"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.deniz.id,
                "company_id": a.id,
                "planned_start": ist(DAY2, 13),
                "planned_end": ist(DAY2, 14),
            }
        )
        # Ece in company B, day 1: an opportunity and an invoice.
        cls._opportunity(cls.ece, b, ist(DAY1, 9, 15))
        cls._invoice(cls.ece, b, DAY1, 2500)

    def _rows(self, report=None):
        report = report if report is not None else self.Report
        users = self.selim | self.deniz | self.ece
        rows = report.search([("user_id", "in", users.ids), ("date", "in", [DAY1, DAY2])])
        return {(row.user_id, row.date): tuple(row[m] for m in MEASURES) for row in rows}

    def test_every_column_per_rep_and_day(self):
        self.assertEqual(
            self._rows(),
            {
                # visits, calls, meetings, opp. created, won, quotations sent, orders confirmed, revenue
                (self.selim, DAY1): (2, 1, 1, 2, 0, 0, 0, 5000.0),
                (self.selim, DAY2): (0, 1, 0, 0, 1, 2, 1, 1800.0),
                (self.deniz, DAY2): (1, 0, 1, 0, 0, 0, 1, 0.0),
                (self.ece, DAY1): (0, 0, 0, 1, 0, 0, 0, 2500.0),
            },
        )

    def test_team_company_and_grouping(self):
        row = self.Report.search([("user_id", "=", self.selim.id), ("date", "=", DAY1)])
        self.assertEqual((row.company_id, row.team_id), (self.company_a, self.team))
        self.assertEqual(row.currency_id, self.company_a.currency_id)
        [(visits, calls, revenue)] = self.Report._read_group(
            [("user_id", "=", self.selim.id), ("date", ">=", DAY1), ("date", "<=", DAY2)],
            [],
            ["visit_count:sum", "call_count:sum", "revenue:sum"],
        )
        self.assertEqual((visits, calls, revenue), (2, 2, 6800.0))

    def test_sent_date_kept_once(self):
        order = self._order(self.deniz, self.company_a)
        with freeze_time(ist(DAY1, 9)):
            order.action_quotation_sent()
        order.action_draft()
        with freeze_time(ist(DAY2, 9)):
            order.action_quotation_sent()
        self.assertEqual(order.crm_tr_date_sent, ist(DAY1, 9), "the first sending is kept")
        self.assertFalse(order.copy().crm_tr_date_sent)

    def test_access_per_role(self):
        selim_sees = self._rows(self.Report.with_user(self.selim).with_context(allowed_company_ids=self.company_a.ids))
        self.assertEqual(set(selim_sees), {(self.selim, DAY1), (self.selim, DAY2)})
        leader_sees = self._rows(
            self.Report.with_user(self.leader).with_context(allowed_company_ids=self.company_a.ids)
        )
        self.assertEqual(set(leader_sees), {(self.selim, DAY1), (self.selim, DAY2), (self.deniz, DAY2)})
        ece_sees = self._rows(self.Report.with_user(self.ece).with_context(allowed_company_ids=self.company_b.ids))
        self.assertEqual(set(ece_sees), {(self.ece, DAY1)})
        manager_sees = self._rows(
            self.Report.with_user(self.manager).with_context(allowed_company_ids=(self.company_a | self.company_b).ids)
        )
        self.assertEqual(len(manager_sees), 4)
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_model"):
            self.Report.with_user(self.employee).with_context(allowed_company_ids=self.company_a.ids).search([])
