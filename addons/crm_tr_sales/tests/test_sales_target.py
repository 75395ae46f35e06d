from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

MARCH = date(2025, 3, 1)
APRIL = date(2025, 4, 1)


@tagged("post_install", "-at_install")
class TestSalesTarget(AccountTestInvoicingCommon):
    """March 2025 of company A, all untaxed, in company currency unless said:

    rep A: 2 split units × 1,000 (cost 600 each) + 1 cable × 500 (cost 100) on the 5th,
           1 split × 3,000 EUR (EUR at 2 per company unit: 1,500) on the 20th,
           a credit note of 1 split × 1,000 on the 25th, an April invoice and a draft
           March invoice (neither counts), and 1 split × 7,000 in company B;
    rep B: 4 cables × 500 on the 10th, for sales team Ege.

    rep A: revenue 2,000 + 500 + 1,500 − 1,000 = 3,000, cost 1,200 + 100 + 600 − 600 = 1,300;
    rep A, air conditioners (Split is a child of Klima): 2,500, cost 1,200;
    rep B: 2,000, cost 400; the company: 5,000, cost 1,700.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company_data["company"]
        cls.company_b = cls.setup_other_company(name="Karadeniz Klima Ltd. Şti.")["company"]
        cls.eur = cls.setup_other_currency("EUR")  # 2 EUR per company unit since 2017
        both = [Command.set((cls.company_a | cls.company_b).ids)]
        cls.rep_a = new_test_user(
            cls.env,
            login="target_rep_a",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company_a.id,
            company_ids=both,
        )
        cls.rep_b = new_test_user(
            cls.env, login="target_rep_b", groups="sales_team.group_sale_salesman", company_id=cls.company_a.id
        )
        cls.leader = new_test_user(
            cls.env,
            login="target_leader",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=cls.company_a.id,
        )
        cls.manager = new_test_user(
            cls.env, login="target_manager", groups="sales_team.group_sale_manager", company_id=cls.company_a.id
        )
        cls.team = cls.env["crm.team"].sudo().create({"name": "Ege", "company_id": cls.company_a.id})
        cls.klima = cls.env["product.category"].create({"name": "Klima"})
        cls.split_categ = cls.env["product.category"].create({"name": "Split", "parent_id": cls.klima.id})
        cls.split = cls._create_product(name="Split 12000", categ_id=cls.split_categ.id, standard_price=600.0)
        cls.cable = cls._create_product(name="Kablo", standard_price=100.0)
        cls.split.with_company(cls.company_b).standard_price = 600.0
        cls._invoice(cls.rep_a, "2025-03-05", [(cls.split, 2, 1000.0), (cls.cable, 1, 500.0)])
        cls._invoice(cls.rep_a, "2025-03-20", [(cls.split, 1, 3000.0)], currency_id=cls.eur.id)
        cls._invoice(cls.rep_a, "2025-03-25", [(cls.split, 1, 1000.0)], move_type="out_refund")
        cls._invoice(cls.rep_a, "2025-04-02", [(cls.split, 1, 1000.0)])
        cls._invoice(cls.rep_a, "2025-03-15", [(cls.split, 5, 1000.0)], post=False)
        cls._invoice(cls.rep_a, "2025-03-12", [(cls.split, 1, 7000.0)], company=cls.company_b)
        cls._invoice(cls.rep_b, "2025-03-10", [(cls.cable, 4, 500.0)], team_id=cls.team.id)
        Target = cls.env["crm_tr.sales.target"].with_user(cls.manager)
        cls.target_a = Target.create(
            {"user_id": cls.rep_a.id, "month": "2025-03-17", "target_revenue": 5000.0, "target_margin": 2000.0}
        )
        cls.target_a_klima = Target.create(
            {"user_id": cls.rep_a.id, "categ_id": cls.klima.id, "month": MARCH, "target_revenue": 2000.0}
        )
        cls.target_b = Target.create({"user_id": cls.rep_b.id, "month": MARCH, "target_revenue": 4000.0})
        cls.target_team = Target.create({"team_id": cls.team.id, "month": MARCH, "target_revenue": 1000.0})
        cls.target_company = Target.create({"month": MARCH, "target_revenue": 10000.0, "target_margin": 2000.0})
        cls.target_a_april = Target.create({"user_id": cls.rep_a.id, "month": APRIL, "target_revenue": 800.0})
        cls.target_in_b = (
            cls.env["crm_tr.sales.target"]
            .sudo()
            .with_company(cls.company_b)
            .create({"user_id": cls.rep_a.id, "month": MARCH, "target_revenue": 10000.0})
        )

    @classmethod
    def _invoice(cls, user, day, lines, *, move_type="out_invoice", post=True, company=None, **values):
        # No sales team unless given (Odoo would pick the company's first team for a rep in none).
        values.setdefault("team_id", False)
        return cls._create_invoice(
            move_type=move_type,
            invoice_date=day,
            company_id=(company or cls.company_a).id,
            partner_id=cls.partner_a.id,
            invoice_user_id=user.id,
            invoice_line_ids=[
                Command.create({"product_id": product.id, "quantity": qty, "price_unit": price, "tax_ids": []})
                for product, qty, price in lines
            ],
            post=post,
            **values,
        )

    def _figures(self, target):
        target.invalidate_recordset()
        return (target.actual_revenue, target.actual_margin, round(target.attainment, 2))

    def test_actuals_and_attainment(self):
        self.assertEqual(self.target_a.month, MARCH, "a target's month is its first day")
        self.assertEqual(self._figures(self.target_a), (3000.0, 1700.0, 60.0))
        self.assertEqual(round(self.target_a.margin_attainment, 2), 85.0)
        self.assertEqual(self._figures(self.target_a_klima), (2500.0, 1300.0, 125.0), "Split is within Klima")
        self.assertEqual(self._figures(self.target_b), (2000.0, 1600.0, 50.0))
        self.assertEqual(self._figures(self.target_team), (2000.0, 1600.0, 200.0), "the team's invoices only")
        self.assertEqual(self._figures(self.target_company), (5000.0, 3300.0, 50.0), "every rep, each line once")
        self.assertEqual(round(self.target_company.margin_attainment, 2), 165.0)
        self.assertEqual(self._figures(self.target_a_april), (1000.0, 400.0, 125.0))
        self.assertEqual(self._figures(self.target_in_b), (7000.0, 6400.0, 70.0), "company B's invoices only")

    def test_a_just_posted_invoice_counts_at_once(self):
        self.assertEqual(self._figures(self.target_b)[0], 2000.0)
        self._invoice(self.rep_b, "2025-03-31", [(self.cable, 2, 500.0)])
        self.assertEqual(self._figures(self.target_b), (3000.0, 2400.0, 75.0))
        draft = self.env["account.move"].search([("invoice_user_id", "=", self.rep_a.id), ("state", "=", "draft")])
        draft.action_post()
        self.assertEqual(self._figures(self.target_a), (8000.0, 3700.0, 160.0))

    def test_analysis_adds_targets_and_actuals_up(self):
        Analysis = self.env["crm_tr.sales.target.analysis"].with_user(self.manager)
        groups = Analysis._read_group(
            [("scope", "=", "rep"), ("month", "=", MARCH)],
            ["user_id"],
            ["target_revenue:sum", "actual_revenue:sum", "attainment:avg"],
        )
        by_user = {user: (target, actual, round(attainment, 2)) for user, target, actual, attainment in groups}
        # The group's attainment is its actual total over its target total, not an average.
        self.assertEqual(by_user, {self.rep_a: (7000.0, 5500.0, 78.57), self.rep_b: (4000.0, 2000.0, 50.0)})
        row = Analysis.browse(self.target_company.id)
        self.assertEqual((row.scope, row.actual_revenue, row.actual_margin), ("company", 5000.0, 3300.0))

    def test_actuals_read_in_one_query_for_any_number_of_targets(self):
        Target = self.env["crm_tr.sales.target"].with_user(self.manager)
        categories = self.env["product.category"].sudo().create([{"name": f"Kategori {i}"} for i in range(30)])
        many = Target.create(
            [
                {"user_id": self.rep_b.id, "categ_id": categ.id, "month": MARCH, "target_revenue": 100.0}
                for categ in categories
            ]
        )
        few = many[:3]
        self.env.invalidate_all()
        many.mapped("attainment")  # warm the access rule caches up
        counts = []
        for targets in (few, many):
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            targets.mapped("attainment")
            counts.append(self.env.cr.sql_log_count - start)
        self.assertEqual(counts[0], counts[1], "as many queries for 30 targets as for 3")
        self.env.invalidate_all()
        with self.assertQueryCount(2):  # the targets, then all their actuals
            many.mapped("attainment")

    def test_who_sees_and_edits_what(self):
        Target = self.env["crm_tr.sales.target"]
        self.assertEqual(Target.with_user(self.rep_b).search([]), self.target_b, "a rep reads his own targets")
        self.assertEqual(
            self.env["crm_tr.sales.target.analysis"].with_user(self.rep_b).search([]).ids, self.target_b.ids
        )
        with self.assertRaises(AccessError):
            Target.with_user(self.rep_b).create({"user_id": self.rep_b.id, "month": APRIL, "target_revenue": 1.0})
        with self.assertRaises(AccessError):
            self.target_b.with_user(self.leader).target_revenue = 1.0
        seen = Target.with_user(self.leader).search([])
        self.assertIn(self.target_company, seen, "a team leader reads all targets of his company")
        self.assertNotIn(self.target_in_b, seen, "not another company's")
        both = Target.with_user(self.rep_a).with_context(allowed_company_ids=(self.company_a | self.company_b).ids)
        self.assertEqual(both.search([]), self.target_a | self.target_a_klima | self.target_a_april | self.target_in_b)

    def test_duplicates_are_refused(self):
        Target = self.env["crm_tr.sales.target"].with_user(self.manager)
        count = Target.search_count([])
        with self.assertRaisesRegex(ValidationError, "already a target for"):
            Target.create({"user_id": self.rep_b.id, "month": "2025-03-28", "target_revenue": 1.0})
        with self.assertRaisesRegex(ValidationError, "already a target for the whole company, all products"):
            Target.create([{"month": APRIL, "target_revenue": 1.0}, {"month": APRIL, "target_revenue": 2.0}])
        with self.assertRaisesRegex(ValidationError, "already a target"):
            self.target_a_klima.with_user(self.manager).categ_id = False
        self.assertEqual(Target.search_count([]), count)
        self.target_a_klima.invalidate_recordset()
        self.assertEqual(self.target_a_klima.categ_id, self.klima, "nothing changed")
        # The same rep and month in another company is another target.
        self.assertEqual((self.target_in_b.user_id, self.target_in_b.month), (self.rep_a, MARCH))

    def test_negative_targets_are_refused(self):
        Target = self.env["crm_tr.sales.target"].with_user(self.manager)
        with self.assertRaisesRegex(ValidationError, "Target Revenue cannot be negative"):
            Target.create({"user_id": self.rep_b.id, "month": APRIL, "target_revenue": -1.0})
        with self.assertRaisesRegex(ValidationError, "Target Margin cannot be negative"):
            self.target_b.with_user(self.manager).write({"target_revenue": 10.0, "target_margin": -5.0})
        self.target_b.invalidate_recordset()
        self.assertEqual((self.target_b.target_revenue, self.target_b.target_margin), (4000.0, 0.0))
        self.assertFalse(Target.search([("month", "=", APRIL), ("user_id", "=", self.rep_b.id)]))

    def test_closed_month_is_frozen(self):
        """A month is closed once it ended on or before the company's lock date."""
        Target = self.env["crm_tr.sales.target"].with_user(self.manager)
        self.company_a.sale_lock_date = date(2025, 3, 30)
        self.assertFalse(self.target_a.month_closed, "March is not over at the lock date")
        self.target_a.with_user(self.manager).target_revenue = 5500.0
        self.company_a.sale_lock_date = date(2025, 3, 31)
        self.target_a.invalidate_recordset()
        self.assertTrue(self.target_a.month_closed)
        self.assertFalse(self.target_a_april.month_closed)
        self.assertFalse(self.target_in_b.month_closed, "company B's books are open")
        count = Target.search_count([])
        with self.assertRaisesRegex(ValidationError, "March 2025 is closed in"):
            Target.create({"user_id": self.rep_b.id, "categ_id": self.klima.id, "month": MARCH, "target_revenue": 1.0})
        with self.assertRaisesRegex(ValidationError, "is closed"):
            self.target_a.with_user(self.manager).target_revenue = 9999.0
        with self.assertRaisesRegex(ValidationError, "is closed"):
            self.target_a_april.with_user(self.manager).month = MARCH - date.resolution
        with self.assertRaisesRegex(ValidationError, "is closed"):
            self.target_b.with_user(self.manager).unlink()
        self.assertEqual(Target.search_count([]), count)
        self.env.invalidate_all()
        self.assertEqual((self.target_a.target_revenue, self.target_a_april.month), (5500.0, APRIL), "unchanged")
        # Rewriting the same figure changes nothing, and open months stay open.
        self.target_a.with_user(self.manager).target_revenue = 5500.0
        self.target_a_april.with_user(self.manager).target_revenue = 900.0
        self.target_in_b.with_user(self.manager).sudo().target_revenue = 12000.0
        # Its actuals still show: a closed month is history.
        self.assertEqual(self._figures(self.target_a)[0], 3000.0)

    def test_generate_a_month_for_a_team(self):
        self.team.sudo().member_ids = self.rep_a | self.rep_b
        Wizard = self.env["crm_tr.sales.target.generate"].with_user(self.manager)
        wizard = Wizard.create(
            {"team_id": self.team.id, "month": date(2026, 3, 9), "basis": "last_year", "increase": 10.0}
        )
        action = wizard.action_generate()
        Target = self.env["crm_tr.sales.target"].with_user(self.manager)
        targets = Target.search(action["domain"])
        self.assertEqual(
            {(t.user_id, t.month, t.target_revenue) for t in targets},
            {(self.rep_a, date(2026, 3, 1), 3300.0), (self.rep_b, date(2026, 3, 1), 2200.0)},
            "March 2025 plus 10%",
        )
        # Again with an amount: those who have a target keep it, a new member gets one.
        targets[0].unlink()
        Wizard.create({"team_id": self.team.id, "month": date(2026, 3, 1), "amount": 5000.0}).action_generate()
        figures = Target.search([("month", "=", date(2026, 3, 1))]).mapped("target_revenue")
        self.assertEqual(sorted(figures), sorted([5000.0, targets[1:].target_revenue]))
