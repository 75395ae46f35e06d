from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestDiscountGuidance(AccountTestInvoicingCommon):
    """Company A wants a 20% net margin and blocks; company B wants 10% and warns.

    The order: 2 split units at 1,000 (cost 700 each), 10% off, and 1 heat pump at 3,000
    (cost 1,600), untaxed. The customer's 360 row in company A: revenue 100,000, cost to
    serve 10,000, so a 10% share; no row in company B.

    C = 1,400 + 1,600 = 3,000; k = 1 − 0.10 − 0.20 = 0.70; C/k = 4,285.714…
    split (L = 2,000, O = 3,000): (5,000 − 4,285.714)/2,000 = 35.714…% → 35.71
    heat pump (L = 3,000, O = 1,800): (4,800 − 4,285.714)/3,000 = 17.142…% → 17.14
    net margin: 4,800 − 3,000 − 480 = 1,320, 27.5%.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company_data["company"]
        cls.company_b = cls.setup_other_company(name="Karadeniz Klima Ltd. Şti.")["company"]
        cls.company_a.write({"crm_tr_discount_min_margin": 20.0, "crm_tr_discount_mode": "block"})
        cls.company_b.write({"crm_tr_discount_min_margin": 10.0, "crm_tr_discount_mode": "warn"})
        cls.rep = new_test_user(
            cls.env,
            login="discount_rep",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company_a.id,
            company_ids=[Command.set((cls.company_a | cls.company_b).ids)],
        )
        cls.manager = new_test_user(
            cls.env, login="discount_manager", groups="sales_team.group_sale_manager", company_id=cls.company_a.id
        )
        cls.split = cls._create_product(name="Split 12000", lst_price=1000.0, taxes_id=[])
        cls.pump = cls._create_product(name="Isı Pompası", lst_price=3000.0, taxes_id=[])
        cls.customer = cls.env["res.partner"].create({"name": "Yıldız Otelcilik A.Ş.", "is_company": True})
        cls.contact = cls.env["res.partner"].create({"name": "Ayşe Yıldız", "parent_id": cls.customer.id})
        cls.stat = (
            cls.env["crm_tr.customer.stat"]
            .sudo()
            .create(
                {
                    "partner_id": cls.customer.id,
                    "company_id": cls.company_a.id,
                    "revenue": 100000.0,
                    "cost_to_serve": 10000.0,
                }
            )
        )

    def _order(self, company=None, partner=None, pump_discount=0.0):
        company = company or self.company_a
        return (
            self.env["sale.order"]
            .with_user(self.rep)
            .with_company(company)
            .create(
                {
                    "partner_id": (partner or self.contact).id,
                    "company_id": company.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.split.id,
                                "product_uom_qty": 2,
                                "price_unit": 1000.0,
                                "purchase_price": 700.0,
                                "discount": 10.0,
                                "tax_ids": [],
                            }
                        ),
                        Command.create(
                            {
                                "product_id": self.pump.id,
                                "product_uom_qty": 1,
                                "price_unit": 3000.0,
                                "purchase_price": 1600.0,
                                "discount": pump_discount,
                                "tax_ids": [],
                            }
                        ),
                    ],
                }
            )
        )

    def _maxima(self, order):
        return order.order_line.mapped("crm_tr_max_discount")

    def test_closed_formula(self):
        order = self._order()
        self.assertEqual(order.crm_tr_cost_to_serve_share, 10.0, "the 360 row of the contact's company")
        self.assertEqual(self._maxima(order), [35.71, 17.14])
        self.assertAlmostEqual(order.crm_tr_net_margin, 1320.0, places=2)
        self.assertAlmostEqual(order.crm_tr_net_margin_percent, 27.5, places=2)
        self.assertFalse(order.crm_tr_discount_exceeded)
        # The maximum keeps the minimum, one step more does not.
        pump = order.order_line[1]
        pump.discount = 17.14
        self.assertGreaterEqual(order.crm_tr_net_margin, 0.20 * order.amount_untaxed)
        self.assertFalse(order.crm_tr_discount_exceeded)
        pump.discount = 17.15
        self.assertLess(order.crm_tr_net_margin, 0.20 * order.amount_untaxed)
        self.assertTrue(pump.crm_tr_discount_exceeded)
        self.assertEqual(self._maxima(order)[1], 17.14, "a line's own discount does not move its maximum")

    def test_share_without_a_row_or_without_revenue(self):
        other = self.env["res.partner"].create({"name": "Ege Koleji", "is_company": True})
        order = self._order(partner=other)
        self.assertEqual(order.crm_tr_cost_to_serve_share, 0.0, "no 360 row: no share")
        # k = 0.8: (4,800 − 3,750)/3,000 = 35%
        self.assertEqual(self._maxima(order)[1], 35.0)
        self.env["crm_tr.customer.stat"].sudo().create(
            {"partner_id": other.id, "company_id": self.company_a.id, "revenue": 0.0, "cost_to_serve": 5000.0}
        )
        order.invalidate_recordset()
        self.assertEqual(order.crm_tr_cost_to_serve_share, 10.0, "costs but no revenue yet: the company's average")

    def test_block_mode_refuses_to_send_or_confirm(self):
        order = self._order(pump_discount=20.0)
        self.assertTrue(order.crm_tr_discount_exceeded)
        self.assertIn("Isı Pompası: 20.00% (at most 17.14%)", order.crm_tr_discount_warning)
        for action in ("action_confirm", "action_quotation_send", "action_quotation_sent"):
            with self.assertRaisesRegex(UserError, r"Isı Pompası: 20.00% \(at most 17.14%\)"):
                getattr(order, action)()
        self.assertEqual(order.state, "draft", "nothing changed")
        order.order_line[1].discount = 17.0
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_warn_mode_warns_only(self):
        self.company_a.crm_tr_discount_mode = "warn"
        order = self._order(pump_discount=20.0)
        self.assertTrue(order.crm_tr_discount_exceeded)
        self.assertTrue(order.crm_tr_discount_warning)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_guidance_off_at_zero(self):
        self.company_a.crm_tr_discount_min_margin = 0.0
        order = self._order(pump_discount=90.0)
        self.assertEqual(self._maxima(order), [100.0, 100.0])
        self.assertFalse(order.crm_tr_discount_exceeded)
        order.action_confirm()

    def test_manager_approves_an_exception(self):
        order = self._order(pump_discount=20.0)
        with self.assertRaises(AccessError):
            order.with_user(self.rep).action_crm_tr_approve_discount()
        self.assertFalse(order.crm_tr_discount_approved_uid)
        order.with_user(self.manager).action_crm_tr_approve_discount()
        self.assertEqual(order.crm_tr_discount_approved_uid, self.manager)
        self.assertTrue(order.crm_tr_discount_approved_date)
        self.assertEqual(order.order_line[1].crm_tr_discount_approved, 20.0)
        self.assertFalse(order.crm_tr_discount_exceeded)
        note = order.message_ids[0]
        self.assertIn("Discount exception approved by discount_manager", note.body)
        self.assertIn("Isı Pompası: 20.00% (at most 17.14%)", note.body)
        # Lowering a discount keeps the approval; the order goes through.
        order.with_user(self.rep).order_line[1].discount = 18.0
        self.assertEqual(order.crm_tr_discount_approved_uid, self.manager)
        order.with_user(self.rep).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_a_higher_discount_voids_the_approval(self):
        order = self._order(pump_discount=20.0)
        order.with_user(self.manager).action_crm_tr_approve_discount()
        order.with_user(self.rep).order_line[1].discount = 25.0
        self.assertFalse(order.crm_tr_discount_approved_uid)
        self.assertEqual(order.order_line.mapped("crm_tr_discount_approved"), [0.0, 0.0])
        self.assertTrue(order.crm_tr_discount_exceeded)
        self.assertIn("Discount exception voided", order.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "at most 17.14%"):
            order.with_user(self.rep).action_confirm()
        # Another line raised above its own maximum voids it too.
        order.with_user(self.manager).action_crm_tr_approve_discount()
        order.with_user(self.rep).order_line[0].discount = 40.0
        self.assertFalse(order.crm_tr_discount_approved_uid)

    def test_each_company_its_own_settings(self):
        order = self._order(company=self.company_b, pump_discount=40.0)
        self.assertEqual(order.crm_tr_cost_to_serve_share, 0.0, "company A's 360 row does not count in B")
        # k = 0.9, C/k = 3,333.33; pump 40% off brings 1,800:
        # split (L = 2,000, O = 1,800): 466.67/2,000 = 23.33; pump (L = 3,000, O = 1,800): 48.88
        self.assertEqual(self._maxima(order), [23.33, 48.88])
        order.order_line[1].discount = 50.0
        self.assertTrue(order.crm_tr_discount_exceeded)
        order.action_confirm()  # company B warns only
        self.assertEqual(order.state, "sale")
