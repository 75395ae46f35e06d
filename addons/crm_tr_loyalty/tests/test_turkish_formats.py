"""Numbers a person reads are written the reader's way: Turkish 1.200,50, English 1,200.50."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestTurkishFormats(LoyaltyCase):
    def setUp(self):
        super().setUp()
        self.env["res.lang"]._activate_lang("tr_TR")
        self.env.user.group_ids |= self.env.ref("sales_team.group_sale_manager")

    def test_points_in_the_readers_format(self):
        self._invoice([(self.klima, 8, 28500)])
        card = self._card()
        self.assertEqual(card.with_context(lang="tr_TR")._format_points(6409.85).split()[0], "6.409,85")
        self.assertEqual(card.with_context(lang="en_US")._format_points(6409.85).split()[0], "6,409.85")
        self.assertEqual(card.with_context(lang="tr_TR")._format_points(2000.0).split()[0], "2.000")

    def test_discount_line_and_errors_in_the_customers_format(self):
        self._invoice([(self.klima, 8, 28500)])  # 2,280 points
        card = self._card()
        card.partner_id.lang = "tr_TR"
        draft = self._invoice([(self.klima, 1, 28500)], post=False)
        wizard = (
            self.env["crm_tr.loyalty.redeem.wizard"].with_context(default_move_id=draft.id).create({"points": 1200})
        )
        wizard.action_redeem()
        line = draft.invoice_line_ids.filtered(lambda line: line.price_unit < 0)
        self.assertIn("1.200", line.name, "the customer reads 1.200 points")
        self.assertIn("0,50", line.name, "at 0,50 a point")
        self.assertNotIn("1200.0", line.name)
        small = self._invoice([(self.other, 1, 100)], post=False)
        wizard = (
            self.env["crm_tr.loyalty.redeem.wizard"].with_context(default_move_id=small.id).create({"points": 1000})
        )
        with self.assertRaises(UserError) as error:
            wizard.with_context(lang="tr_TR").action_redeem()
        self.assertIn("500,00", str(error.exception), "a discount of 500,00 ₺")
        self.assertNotIn("500.0 ", str(error.exception))
