from datetime import date, datetime, timedelta

import pytz

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.crm_tr_sales.models.res_company import CLASSIFICATION_WEIGHTS


@tagged("post_install", "-at_install")
class TestCustomer360(AccountTestInvoicingCommon):
    """A hand-built company: Acme (a company with a contact, a credit note, a foreign-currency
    invoice, a done visit, quotations, a call, a meeting, an open opportunity, a referral),
    Solo (one purchase, referred by Acme) and Gone (archived), and the same Acme in a second
    company. product_a costs 800."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.group_ids += cls.env.ref("sales_team.group_sale_manager")
        cls.company = cls.env.company
        cls.company.partner_id.tz = "Europe/Istanbul"
        cls.product_a.with_company(cls.company).standard_price = 800.0
        cls.eur = cls.setup_other_currency("EUR", rates=[("2016-01-01", 2.0)])
        Partner = cls.env["res.partner"]
        cls.acme = Partner.create({"name": "Acme Klima A.Ş.", "is_company": True})
        cls.acme_contact = Partner.create({"name": "Ayşe Acme", "parent_id": cls.acme.id})
        cls.solo = Partner.create({"name": "Solo Ltd.", "is_company": True, "crm_tr_referred_by_id": cls.acme.id})
        cls.gone = Partner.create({"name": "Gone Ltd.", "is_company": True})
        cls._invoice(cls.acme_contact, "2026-01-10", 3, 1000)
        cls._invoice(cls.acme, "2026-03-11", 2, 1000)
        cls._invoice(cls.acme, "2026-03-20", 1, 1000, move_type="out_refund")
        cls._invoice(cls.acme, "2026-05-10", 1, 1000, currency=cls.eur)
        cls._invoice(cls.acme, "2026-05-12", 9, 1000, post=False)  # a draft counts for nothing
        cls._invoice(cls.solo, "2026-02-01", 1, 1000)
        cls._invoice(cls.gone, "2026-04-01", 2, 1000)
        cls.gone.action_archive()
        cls.other_company = cls.setup_other_company(name="Trakya Klima Ltd. Şti.")["company"]
        cls._invoice(cls.acme, "2026-04-15", 5, 900, company=cls.other_company)
        # Quotations: one draft (not sent), one sent, one confirmed.
        SaleOrder = cls.env["sale.order"]
        orders = SaleOrder.create(
            [
                {
                    "partner_id": cls.acme_contact.id,
                    "order_line": [Command.create({"product_id": cls.product_a.id, "product_uom_qty": 1})],
                }
                for _i in range(3)
            ]
        )
        orders[1].action_quotation_sent()
        orders[2].action_confirm()
        # A done visit (150 expenses) and done activities: a call on the contact, a meeting on a lead.
        visit = cls.env["crm_tr.visit"].create(
            {
                "partner_id": cls.acme_contact.id,
                "purpose": "Bakım",
                "company_id": cls.company.id,
                "planned_start": datetime(2026, 6, 15, 10),
                "planned_end": datetime(2026, 6, 15, 11),
                "expense_amount": 150.0,
            }
        )
        visit.action_done()
        Lead = cls.env["crm.lead"]
        cls.open_lead = Lead.create(
            {
                "name": "Acme VRF",
                "type": "opportunity",
                "partner_id": cls.acme.id,
                "expected_revenue": 10000.0,
                "probability": 30.0,
                "company_id": cls.company.id,
            }
        )
        won = Lead.create({"name": "Acme split", "type": "opportunity", "partner_id": cls.acme.id})
        won.action_set_won()
        call = cls.env.ref("mail.mail_activity_data_call")
        meeting = cls.env.ref("mail.mail_activity_data_meeting")
        cls.acme_contact.activity_schedule(activity_type_id=call.id).action_done()
        cls.open_lead.activity_schedule(activity_type_id=meeting.id).action_done()
        cls.Stat = cls.env["crm_tr.customer.stat"]

    @classmethod
    def _invoice(
        cls, partner, day, quantity, price, *, move_type="out_invoice", post=True, currency=None, company=None
    ):
        values = {
            "move_type": move_type,
            "partner_id": partner.id,
            "invoice_date": day,
            "date": day,
            "invoice_line_ids": [
                Command.create(
                    {"product_id": cls.product_a.id, "quantity": quantity, "price_unit": price, "tax_ids": []}
                )
            ],
        }
        if currency:
            values["currency_id"] = currency.id
        Move = cls.env["account.move"]
        if company:
            Move = Move.with_company(company)
            values["company_id"] = company.id
        move = Move.create(values)
        if post:
            move.action_post()
        return move

    def _stat(self, partner, company=None):
        return self.Stat.with_context(active_test=False).search(
            [("partner_id", "=", partner.id), ("company_id", "=", (company or self.company).id)]
        )

    def _today_istanbul(self):
        return datetime.now(pytz.timezone("Europe/Istanbul")).date()

    def test_figures(self):
        self.Stat._crm_tr_compute(self.company)
        acme = self._stat(self.acme)
        # Revenue: 3,000 + 2,000 − 1,000 + 1,000 EUR at 2 EUR a unit (500) = 4,500; cost
        # 2,400 + 1,600 − 800 + 800 = 4,000; visit 150.
        self.assertRecordValues(
            acme,
            [
                {
                    "revenue": 4500.0,
                    "cost_of_sales": 4000.0,
                    "gross_margin": 500.0,
                    "visit_cost": 150.0,
                    "cost_to_serve": 150.0,
                    "net_profit": 350.0,
                    "invoice_count": 3,
                    "first_purchase": date(2026, 1, 10),
                    "last_purchase": date(2026, 5, 10),
                    "mean_days_between": 60.0,
                    "visit_count": 1,
                    "quotation_count": 2,
                    "order_count": 1,
                    "acceptance_rate": 50.0,
                    "call_count": 1,
                    "meeting_count": 1,
                    "opportunity_count": 1,
                    "pipeline_amount": 10000.0,
                    "pipeline_prorated": 3000.0,
                    "referral_count": 1,
                    "referral_won_count": 1,
                    "referral_revenue": 1000.0,
                    "last_interaction_kind": "activity",
                    "active": True,
                }
            ],
        )
        self.assertAlmostEqual(acme.gross_margin_percent, 100 * 500 / 4500)
        self.assertFalse(self._stat(self.acme_contact), "a contact counts for its company")
        self.assertRecordValues(
            self._stat(self.solo),
            [{"revenue": 1000.0, "invoice_count": 1, "mean_days_between": 0.0, "last_interaction_kind": "invoice"}],
        )
        gone = self._stat(self.gone)
        self.assertRecordValues(gone, [{"revenue": 2000.0, "net_profit": 400.0, "active": False}])
        self.assertFalse(self.Stat.search([("partner_id", "=", self.gone.id)]), "archived customers are hidden")
        # The other company sees only its own invoice.
        self.Stat._crm_tr_compute(self.other_company)
        other = self._stat(self.acme, self.other_company)
        self.assertRecordValues(other, [{"revenue": 4500.0, "invoice_count": 1, "quotation_count": 0}])

    def test_classification_and_pareto(self):
        self.Stat._crm_tr_compute(self.company)
        acme, solo, gone = self._stat(self.acme), self._stat(self.solo), self._stat(self.gone)
        # Ranks among 3 (0, 0.5, 1) weighted 35/25/15/10/5/5/5/0 — see the class docstring.
        self.assertEqual((acme.score, gone.score, solo.score), (87.5, 47.5, 0.0))
        self.assertEqual((acme.customer_class, gone.customer_class, solo.customer_class), ("a", "b", "c"))
        # Revenue 4,500 / 2,000 / 1,000 of 7,500: 60 %, 86.67 %, 100 % cumulated.
        self.assertEqual((acme.revenue_share, gone.revenue_share, solo.revenue_share), (60.0, 26.67, 13.33))
        self.assertEqual(
            (acme.revenue_cumulative_share, gone.revenue_cumulative_share, solo.revenue_cumulative_share),
            (60.0, 86.67, 100.0),
        )
        self.assertEqual((acme.pareto_class, gone.pareto_class, solo.pareto_class), ("a", "a", "b"))
        self.assertEqual((acme.priority, gone.priority, solo.priority), ("3", "2", "0"))
        # Net profit 350 / 400 / 200 of 950.
        self.assertEqual((gone.profit_share, acme.profit_share, solo.profit_share), (42.11, 36.84, 21.05))
        # Neglect: from the last interaction, 30 days for A, 60 for B, 120 for C.
        self.assertEqual(acme.neglect_date, self._today_istanbul() + timedelta(days=30))
        self.assertEqual(gone.neglect_date, date(2026, 4, 1) + timedelta(days=60))
        self.assertEqual(solo.neglect_date, date(2026, 2, 1) + timedelta(days=120))
        self.assertFalse(acme.neglected)
        self.assertTrue(solo.neglected)
        neglected = self.Stat.search([("neglected", "=", True), ("company_id", "=", self.company.id)])
        self.assertEqual(neglected, solo, "gone is archived")
        # The partner carries its class for the current company: filters and group-bys on contacts.
        Partner = self.env["res.partner"].with_context(active_test=False)
        self.assertEqual(Partner.search([("crm_tr_customer_class", "=", "a")]), self.acme)
        self.assertEqual(
            Partner.search([("crm_tr_pareto_class", "=", "a")], order="id"), (self.acme | self.gone).sorted("id")
        )
        groups = dict(
            Partner._read_group([("crm_tr_customer_class", "!=", False)], ["crm_tr_customer_class"], ["__count"])
        )
        self.assertEqual(groups, {"a": 1, "b": 1, "c": 1})
        self.assertEqual(self.acme_contact.crm_tr_stat_id, acme, "the contact shows its company's 360")
        self.assertEqual(self.acme.crm_tr_revenue, 4500.0)
        self.assertFalse(self.acme.with_company(self.other_company).crm_tr_customer_class, "not computed there yet")

    def test_class_change_is_logged(self):
        self.Stat._crm_tr_compute(self.company)
        messages = self.gone.message_ids
        self.company.write(dict.fromkeys(self._weights(), 0) | {"crm_tr_weight_profit": 1})
        self.Stat._crm_tr_compute(self.company)
        # Net profit alone: gone 400 (rank 1) → A, acme 350 → 50 → B, solo stays C.
        self.assertEqual(self._stat(self.gone).customer_class, "a")
        new = self.gone.message_ids - messages
        self.assertEqual(len(new), 1)
        self.assertIn("B → A", new.body)
        self.assertFalse(self.solo.message_ids.filtered(lambda m: "→" in (m.body or "")), "no change, no note")

    def test_one_customer_on_demand_and_stale_rows(self):
        self.Stat._crm_tr_compute(self.company)
        self._invoice(self.solo, "2026-07-01", 4, 1000)
        self.solo.action_crm_tr_recompute_360()
        solo = self._stat(self.solo)
        self.assertEqual((solo.revenue, solo.invoice_count, solo.mean_days_between), (5000.0, 2, 150.0))
        # Re-ranked with the others: solo is now the largest, 5,000 of 11,500.
        self.assertEqual(solo.revenue_cumulative_share, round(100 * 5000 / 11500, 2))
        self.assertEqual(self._stat(self.acme).revenue_cumulative_share, round(100 * 9500 / 11500, 2))
        # A customer left with nothing (its only invoice reversed to draft) loses its row.
        lone = self.env["res.partner"].create({"name": "Lone"})
        move = self._invoice(lone, "2026-07-02", 1, 100)
        self.Stat._crm_tr_compute(self.company, lone)
        self.assertTrue(self._stat(lone))
        move.button_draft()
        self.Stat._crm_tr_compute(self.company, lone)
        self.assertFalse(self._stat(lone))
        self.assertFalse(lone.crm_tr_customer_class)

    def test_query_count_does_not_grow_with_customers(self):
        def count():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.Stat._crm_tr_compute(self.company)
            return self.env.cr.sql_log_count - before

        count()
        few = count()
        partners = self.env["res.partner"].create([{"name": f"Müşteri {i}"} for i in range(30)])
        for partner in partners:
            self._invoice(partner, "2026-06-01", 1, 100)
        count()
        self.assertEqual(count(), few)

    def test_cost_is_frozen_at_posting(self):
        move = self._invoice(self.solo, "2026-07-01", 2, 1000)
        self.product_a.with_company(self.company).standard_price = 999.0
        self.assertEqual(move.invoice_line_ids.crm_tr_cost, 1600.0)
        refund = self._invoice(self.solo, "2026-07-02", 1, 1000, move_type="out_refund")
        self.assertEqual(refund.invoice_line_ids.crm_tr_cost, -999.0)
        # the invoice's totals, which the analyses read per invoice
        self.assertEqual((move.crm_tr_revenue, move.crm_tr_cost), (2000.0, 1600.0))
        self.assertEqual((refund.crm_tr_revenue, refund.crm_tr_cost), (-1000.0, -999.0))

    def test_invoice_cost_follows_its_lines_when_posted_again(self):
        move = self._invoice(self.solo, "2026-07-01", 2, 1000)
        self.assertEqual(move.crm_tr_cost, 1600.0)
        move.button_draft()
        move.invoice_line_ids.quantity = 3
        self.product_a.with_company(self.company).standard_price = 500.0
        move.action_post()
        self.assertEqual(move.invoice_line_ids.crm_tr_cost, 1500.0)
        self.assertEqual((move.crm_tr_revenue, move.crm_tr_cost), (3000.0, 1500.0))
        # a line whose product is removed keeps no cost from its earlier posting
        move.button_draft()
        move.invoice_line_ids.product_id = False
        move.action_post()
        self.assertFalse(move.invoice_line_ids.crm_tr_cost)
        self.assertEqual((move.crm_tr_revenue, move.crm_tr_cost), (3000.0, 0.0))

    def test_invoice_totals_filled_from_lines_on_upgrade(self):
        # the columns of an upgraded database are filled from the lines in one statement
        move = self._invoice(self.solo, "2026-07-01", 2, 1000)
        refund = self._invoice(self.solo, "2026-07-02", 1, 1000, move_type="out_refund")
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE account_move SET crm_tr_cost = NULL, crm_tr_revenue = NULL WHERE id IN %s",
                (move.id, refund.id),
            )
        )
        self.env["account.move"]._crm_tr_fill_totals_from_lines()
        (move | refund).invalidate_recordset(["crm_tr_cost", "crm_tr_revenue"])
        self.assertEqual((move.crm_tr_revenue, move.crm_tr_cost), (2000.0, 1600.0))
        self.assertEqual((refund.crm_tr_revenue, refund.crm_tr_cost), (-1000.0, -800.0))

    def test_sale_order_cost_is_taken(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.solo.id,
                "order_line": [
                    Command.create({"product_id": self.product_a.id, "product_uom_qty": 2, "purchase_price": 650.0})
                ],
            }
        )
        order.action_confirm()
        order.order_line.qty_delivered = 2
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(invoice.invoice_line_ids.crm_tr_cost, 1300.0)

    @staticmethod
    def _weights():
        return CLASSIFICATION_WEIGHTS

    def test_bad_settings_are_refused(self):
        before = {field: self.company[field] for field in self._weights()}
        with self.assertRaisesRegex(ValidationError, "add up to zero"), self.env.cr.savepoint():
            self.company.write(dict.fromkeys(self._weights(), 0))
        self.env.invalidate_all()
        self.assertEqual({field: self.company[field] for field in self._weights()}, before)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"), self.env.cr.savepoint():
            self.company.crm_tr_weight_revenue = -5
        with self.assertRaisesRegex(ValidationError, "positive number of days"), self.env.cr.savepoint():
            self.company.crm_tr_neglect_days_b = -1
        with self.assertRaisesRegex(ValidationError, "class B < class A"), self.env.cr.savepoint():
            self.company.write({"crm_tr_class_a_min": 30, "crm_tr_class_b_min": 40})
        with self.assertRaisesRegex(ValidationError, "Pareto"), self.env.cr.savepoint():
            self.company.crm_tr_pareto_b = 50
        self.env.invalidate_all()
        self.assertEqual(self.company.crm_tr_neglect_days_b, 60)

    def test_access(self):
        self.Stat._crm_tr_compute(self.company)
        self.Stat._crm_tr_compute(self.other_company)
        rep = new_test_user(
            self.env,
            login="rep_360",
            groups="sales_team.group_sale_salesman",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        stats = self.Stat.with_user(rep).search([("partner_id", "=", self.acme.id)])
        self.assertEqual(stats.company_id, self.company, "the other company's row stays out")
        self.assertEqual(self.acme.with_user(rep).crm_tr_revenue, 4500.0)
        employee = new_test_user(self.env, login="emp_360", groups="base.group_user", company_id=self.company.id)
        with self.assertRaises(AccessError):
            self.Stat.with_user(employee).search([])
