from collections import Counter
from datetime import timedelta
from itertools import permutations

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestCrossSell(AccountTestInvoicingCommon):
    """Baskets of the main company (one posted invoice each):

    inv1 {A, B}, inv2 {A, B, C}, inv3 {A, C} (60 days ago), inv4 {B, D} fully refunded (no
    basket), inv5 {A, D} with D refunded (basket {A}), inv6 {C, D}; a draft {A, D} and a credit
    note of B reversing nothing do not count. N = 5, n(A) = 4, n(B) = 2, n(C) = 3, n(D) = 1.
    The other company (in EUR) has two invoices {A, D}."""

    @classmethod
    def _line(cls, product, quantity=1.0):
        return Command.create({"product_id": product.id, "quantity": quantity, "price_unit": 100.0, "tax_ids": []})

    @classmethod
    def _invoice(cls, products, partner=None, post=True, **values):
        return cls._create_invoice(
            partner_id=(partner or cls.partner_a).id,
            invoice_line_ids=[cls._line(product) for product in products],
            post=post,
            **values,
        )

    @classmethod
    def _refund(cls, invoice, products, quantity=1.0):
        return cls._create_invoice(
            move_type="out_refund",
            partner_id=invoice.partner_id.id,
            reversed_entry_id=invoice.id,
            invoice_line_ids=[cls._line(product, quantity) for product in products],
            post=True,
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        eur = cls.setup_other_currency("EUR")
        cls.other_company = cls.setup_other_company(name="Karadeniz Klima Ltd. Şti.", currency_id=eur.id)["company"]
        cls.company = cls.env.company
        cls.company.crm_tr_cross_sell_min_support = 1
        cls.other_company.crm_tr_cross_sell_min_support = 1
        a, b = cls.product_a, cls.product_b
        c = cls._create_product(name="Klima Filtre Seti")
        d = cls._create_product(name="Klima Montaj Hizmeti")
        cls.a, cls.b, cls.c, cls.d = a, b, c, d
        cls.ege = cls.env["res.partner"].create({"name": "Ege Soğutma A.Ş.", "is_company": True})
        cls.ege_contact = cls.env["res.partner"].create({"name": "Deniz Aydın", "parent_id": cls.ege.id})
        cls._invoice([a, b])
        cls._invoice([a, b, c])
        cls._invoice([a, c], invoice_date=fields.Date.today() - timedelta(days=60))
        inv4 = cls._invoice([b, d])
        cls._refund(inv4, [b, d])
        inv5 = cls._invoice([a, d], partner=cls.ege)
        cls._refund(inv5, [d])
        cls._invoice([c, d], partner=cls.partner_b)
        cls._invoice([a, d], post=False)
        cls._create_invoice(
            move_type="out_refund", partner_id=cls.partner_a.id, invoice_line_ids=[cls._line(b)], post=True
        )
        for _i in range(2):
            cls._invoice([a, d], company_id=cls.other_company.id)
        cls.Pair = cls.env["crm_tr.report.cross.sell"]

    def _pairs(self, company):
        rows = self.Pair.sudo().search([("company_id", "=", company.id)])
        return {
            (row.product_id, row.suggested_product_id): (
                row.support_count,
                round(row.support, 6),
                round(row.confidence, 6),
                round(row.lift, 6),
                row.basket_count,
            )
            for row in rows
        }

    def _by_hand(self, company, date_from=None):
        """The same figures from the ORM, independently of the SQL: baskets net of the credit
        notes that reverse them, every ordered pair counted in Python."""
        Move = self.env["account.move"]
        domain = [("company_id", "=", company.id), ("state", "=", "posted"), ("move_type", "=", "out_invoice")]
        if date_from:
            domain.append(("invoice_date", ">=", date_from))
        baskets = []
        for invoice in Move.search(domain):
            quantities = Counter()
            for line in invoice.invoice_line_ids.filtered("product_id"):
                quantities[line.product_id] += line.quantity
            refunds = Move.search([("reversed_entry_id", "=", invoice.id), ("state", "=", "posted")])
            for line in refunds.invoice_line_ids.filtered("product_id"):
                quantities[line.product_id] -= line.quantity
            basket = {product for product, quantity in quantities.items() if quantity > 0}
            if basket:
                baskets.append(basket)
        n = len(baskets)
        single = Counter(product for basket in baskets for product in basket)
        both = Counter(pair for basket in baskets for pair in permutations(basket, 2))
        return {
            (x, y): (
                count,
                round(100.0 * count / n, 6),
                round(100.0 * count / single[x], 6),
                round(count * n / (single[x] * single[y]), 6),
                n,
            )
            for (x, y), count in both.items()
        }

    def test_support_confidence_lift(self):
        self.Pair._refresh_pairs(self.company)
        a, b, c, d = self.a, self.b, self.c, self.d
        expected = {
            (a, b): (2, 40.0, 50.0, 1.25, 5),
            (b, a): (2, 40.0, 100.0, 1.25, 5),
            (a, c): (2, 40.0, 50.0, 0.833333, 5),
            (c, a): (2, 40.0, 66.666667, 0.833333, 5),
            (b, c): (1, 20.0, 50.0, 0.833333, 5),
            (c, b): (1, 20.0, 33.333333, 0.833333, 5),
            (c, d): (1, 20.0, 33.333333, 1.666667, 5),
            (d, c): (1, 20.0, 100.0, 1.666667, 5),
        }
        self.assertEqual(self._pairs(self.company), expected)
        self.assertEqual(self._by_hand(self.company), expected, "the ORM's count agrees with the SQL")
        # a fully refunded invoice is no basket: B and D were never kept together
        self.assertNotIn((b, d), self._pairs(self.company))
        rows = self.Pair._read_group([("company_id", "=", self.company.id)], ["product_id"], ["support_count:sum"])
        self.assertEqual(dict(rows), {a: 4, b: 3, c: 4, d: 1})
        first = self.Pair.search([("company_id", "=", self.company.id)], limit=1)
        self.assertTrue(first.refreshed_at)

    def test_companies_kept_apart(self):
        self.Pair._refresh_all()
        self.assertEqual(
            self._pairs(self.other_company),
            {(self.a, self.d): (2, 100.0, 100.0, 1.0, 2), (self.d, self.a): (2, 100.0, 100.0, 1.0, 2)},
        )
        self.assertEqual(len(self._pairs(self.company)), 8)
        # refreshing one company leaves the other's rows alone
        self.Pair._refresh_pairs(self.company)
        self.assertEqual(len(self._pairs(self.other_company)), 2)
        accountant = new_test_user(
            self.env,
            login="cross_sell_accountant",
            groups="account.group_account_readonly",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.assertEqual(self.Pair.with_user(accountant).search([]).company_id, self.company)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.Pair.with_user(accountant).search([], limit=1).write({"support_count": 99})

    def test_minimum_support_and_period(self):
        self.company.crm_tr_cross_sell_min_support = 2
        self.assertEqual(self.Pair._refresh_pairs(self.company), 4)
        self.assertEqual(
            set(self._pairs(self.company)), {(self.a, self.b), (self.b, self.a), (self.a, self.c), (self.c, self.a)}
        )
        # the last month only: inv3 (60 days ago) leaves, N = 4
        self.company.write({"crm_tr_cross_sell_min_support": 1, "crm_tr_cross_sell_months": 1})
        self.Pair._refresh_pairs(self.company)
        pairs = self._pairs(self.company)
        self.assertEqual(pairs[self.a, self.b], (2, 50.0, 66.666667, 1.333333, 4))
        self.assertEqual(pairs, self._by_hand(self.company, fields.Date.today() - timedelta(days=31)))

    def test_suggestions_on_the_customer(self):
        """Ege bought A and D (D returned): D → C (confidence 100 %, lift 1.67) and A → B
        (50 %, 1.25); A → C has a lift under 1; what they bought, returned or not, is never suggested."""
        self.Pair._refresh_all()
        ege = self.ege.with_company(self.company)
        self.assertEqual(ege.crm_tr_cross_sell_ids.mapped("suggested_product_id"), self.c | self.b)
        self.assertEqual(ege.crm_tr_cross_sell_ids.mapped("product_id"), self.d | self.a)
        self.assertEqual(self.ege_contact.with_company(self.company).crm_tr_cross_sell_ids, ege.crm_tr_cross_sell_ids)
        self.assertEqual(
            self.Pair.get_suggestions(self.ege.id),
            [
                {
                    "product_id": self.c.id,
                    "because_of_id": self.d.id,
                    "confidence": 100.0,
                    "lift": 5 / 3,
                    "support_count": 1,
                },
                {
                    "product_id": self.b.id,
                    "because_of_id": self.a.id,
                    "confidence": 50.0,
                    "lift": 1.25,
                    "support_count": 2,
                },
            ],
        )
        self.assertFalse(self.partner_a.with_company(self.company).crm_tr_cross_sell_ids, "partner A bought everything")
        # the other company's pairs (A → D) never show in this one
        self.assertEqual(self.ege.with_company(self.other_company).crm_tr_cross_sell_ids, self.Pair)

    def test_salesman_quotes_suggestions_but_cannot_recompute(self):
        self.Pair._refresh_all()
        salesman = new_test_user(
            self.env,
            login="cross_sell_salesman",
            groups="sales_team.group_sale_salesman",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        ege = self.ege.with_user(salesman)
        self.assertEqual(ege.crm_tr_cross_sell_ids.suggested_product_id.mapped("name"), [self.c.name, self.b.name])
        with self.assertRaisesRegex(AccessError, "Only sales administrators"), self.env.cr.savepoint():
            self.Pair.with_user(salesman).action_refresh()
        action = ege.action_crm_tr_quote_suggestions()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual((order.partner_id, order.company_id), (self.ege, self.company))
        self.assertEqual([line.product_id for line in order.order_line], [self.c, self.b])
        with self.assertRaisesRegex(UserError, "no suggested products"), self.env.cr.savepoint():
            self.partner_a.with_user(salesman).action_crm_tr_quote_suggestions()

    def test_nightly_job_refreshes_every_company(self):
        cron = self.env.ref("crm_tr_reports.ir_cron_crm_tr_cross_sell")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertEqual(len(self._pairs(self.company)), 8)
        self.assertEqual(len(self._pairs(self.other_company)), 2)
