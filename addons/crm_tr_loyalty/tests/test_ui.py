from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestLoyaltyUi(HttpCase):
    def _demo(self):
        istanbul = self.env.ref("crm_tr_sms.company_tr_istanbul", raise_if_not_found=False)
        if not istanbul:
            self.skipTest("walks through the demo data")
        program = self.env.ref("crm_tr_loyalty.loyalty_program_tr_istanbul")
        card = self.env["loyalty.card"].search(
            [("program_id", "=", program.id), ("points", ">=", 100)], order="points desc", limit=1
        )
        self.assertTrue(card, "the demo invoices earned points")
        return istanbul, card

    def test_redeem_tour(self):
        istanbul, card = self._demo()
        admin = self.env.ref("base.user_admin")
        admin.write({"company_ids": [Command.link(istanbul.id)], "company_id": istanbul.id})
        product = self.env.ref("crm_tr_sales.product_tr_split_12000")
        invoice = (
            self.env["account.move"]
            .with_company(istanbul)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": card.partner_id.id,
                    "company_id": istanbul.id,
                    "invoice_line_ids": [
                        Command.create({"product_id": product.id, "quantity": 1, "price_unit": 30000})
                    ],
                }
            )
        )
        before = card.points
        self.start_tour(
            f"/odoo/action-account.action_move_out_invoice_type/{invoice.id}",
            "crm_tr_loyalty_redeem_tour",
            login="admin",
        )
        card.invalidate_recordset(["points"])
        self.assertEqual(card.points, before - 100)
        self.assertIn(-50.0, invoice.invoice_line_ids.mapped("price_unit"))

    def test_portal_page(self):
        _istanbul, card = self._demo()
        partner = card.partner_id
        portal = new_test_user(self.env, login="portal_loyalty", groups="base.group_portal", partner_id=partner.id)
        self.authenticate(portal.login, portal.login)
        response = self.url_open("/my/loyalty")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(card.program_id.name, page)
        self.assertIn(card.with_context(lang=portal.lang).points_display, page, "in the customer's language")
        first = self.env["crm_tr.loyalty.accrual"].search(
            [("card_id", "=", card.id), ("state", "!=", "cancelled")], order="date desc, id desc", limit=1
        )
        self.assertIn(first.move_id.name, page)
        home = self.url_open("/my/home")
        self.assertIn("/my/loyalty", home.text)
        foreign = self.env["crm_tr.loyalty.accrual"].search(
            [("partner_id.commercial_partner_id", "!=", partner.commercial_partner_id.id), ("move_id", "!=", False)],
            limit=1,
        )
        self.assertTrue(foreign)
        self.assertNotIn(f">{foreign.move_id.name}<", page, "another customer's invoices are not shown")
