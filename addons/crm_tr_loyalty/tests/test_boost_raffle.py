from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..tools import draw
from .common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestBoosts(LoyaltyCase):
    def _boost(self, **values):
        vals = {
            "name": "Kış",
            "scope": "category",
            "categ_id": self.hvac.id,
            "multiplier": 2,
            "date_from": "2026-12-01",
            "date_to": "2027-02-28",
        }
        vals.update(values)
        return self.env["crm_tr.loyalty.boost"].sudo().create(vals)

    def test_bad_input(self):
        self._boost()
        with self.assertRaisesRegex(ValidationError, "same priority"):
            self._boost(
                name="Split",
                scope="product",
                categ_id=False,
                product_id=self.klima.id,
                date_from="2027-02-01",
                date_to="2027-03-31",
            )
        self._boost(
            name="Split",
            scope="product",
            categ_id=False,
            product_id=self.klima.id,
            priority=20,
            date_from="2027-02-01",
            date_to="2027-03-31",
        )
        self._boost(name="Yaz", date_from="2027-06-01", date_to="2027-08-31")  # no overlap in time
        with self.assertRaisesRegex(ValidationError, "start and an end"):
            self._boost(name="Tarihsiz", date_from=False, priority=5)
        with self.assertRaisesRegex(ValidationError, "multiplier above zero"):
            self._boost(name="Sıfır", multiplier=0, priority=6)
        with self.assertRaisesRegex(ValidationError, "needs the product or category"):
            self._boost(name="Boş", categ_id=False, priority=7)
        with self.assertRaisesRegex(ValidationError, "stock threshold or a number of unsold days"):
            self._boost(name="Stok", trigger="overstock", priority=8)
        with self.assertRaisesRegex(ValidationError, "positive number of points"):
            self.env["crm_tr.loyalty.earn.rule"].sudo().create(
                {
                    "name": "Eksi",
                    "program_id": self.program.id,
                    "scope": "product",
                    "product_id": self.bakim.id,
                    "points": -5,
                }
            )
        with self.assertRaisesRegex(ValidationError, "needs the product, category or tag"):
            self.env["crm_tr.loyalty.earn.rule"].sudo().create(
                {"name": "Kapsamsız", "program_id": self.program.id, "scope": "product", "points": 5}
            )

    def test_campaign_dates(self):
        self._boost()
        before = self._invoice([(self.klima, 1, 28500)], invoice_date="2026-11-30")
        during = self._invoice([(self.klima, 1, 28500)], invoice_date="2026-12-01")
        self.assertEqual((self._ledger(before).points, self._ledger(during).points), (285.0, 570.0))

    def test_overstock_boost_and_sms_campaign(self):
        storable = self._create_product(name="Isı Pompası", lst_price=60000.0, categ_id=self.hvac.id, is_storable=True)
        quiet = self._create_product(name="Kanal Klima", lst_price=40000.0, categ_id=self.split.id, is_storable=True)
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)], limit=1)
        self.env["stock.quant"]._update_available_quantity(storable, warehouse.lot_stock_id, 30)
        self.env["stock.quant"]._update_available_quantity(quiet, warehouse.lot_stock_id, 2)
        boost = self._boost(
            trigger="overstock",
            date_from=False,
            date_to=False,
            stock_threshold=20,
            unsold_days=90,
            multiplier=1.5,
            sms_body="Klimalarda 1,5 kat puan!",
            sms_auto_launch=True,
        )
        self._invoice([(quiet, 1, 40000)], partner=self.partner_b)  # sold today: not unsold
        self.partner_b.phone = "+90 532 111 22 33"
        # A commercial campaign needs the company's opt-out instruction (crm_tr_sms).
        self.env.company.crm_tr_sms_optout_text = "RET KLIMA yazıp 3338'e gönderin."
        boost._crm_tr_check_overstock()
        self.assertEqual(boost.overstock_product_ids, storable, "30 on hand > 20; the other sold recently and has 2")
        mailing = boost.mailing_ids
        self.assertEqual(len(mailing), 1)
        self.assertEqual(
            (mailing.crm_tr_message_type, mailing.mailing_type, mailing.state), ("commercial", "sms", "in_queue")
        )
        self.assertIn(self.partner_b.id, eval(mailing.mailing_domain)[0][2], "bought in the category")
        self.assertTrue(any("Isı Pompası" in body for body in boost.message_ids.mapped("body")))
        invoice = self._invoice([(storable, 1, 60000), (quiet, 1, 40000)])
        points = {entry.move_line_id.product_id: entry.points for entry in self._ledger(invoice)}
        self.assertEqual((points[storable], points[quiet]), (900.0, 400.0))
        boost._crm_tr_check_overstock()
        self.assertEqual(len(boost.mailing_ids), 1, "the campaign starts once, when the overstock starts")
        self.env["stock.quant"]._update_available_quantity(storable, warehouse.lot_stock_id, -15)
        boost._crm_tr_check_overstock()
        self.assertFalse(boost.overstock_product_ids, "15 on hand, sold today")


@tagged("post_install", "-at_install")
class TestRaffle(LoyaltyCase):
    def setUp(self):
        super().setUp()
        self.env.user.group_ids |= self.env.ref("crm_tr_loyalty.group_loyalty_manager")

    def test_draw_is_reproducible(self):
        self.assertEqual(draw("crm-tr-2026", [(7, 3), (9, 1), (12, 5), (20, 2)], 2), [(1, 20, 11), (2, 12, 9)])
        self.assertEqual(len(draw("crm-tr-2026", [(7, 3), (9, 1)], 5)), 2, "a customer wins once")
        winners = {draw(f"seed-{i}", [(1, 50), (2, 50)], 1)[0][1] for i in range(20)}
        self.assertEqual(winners, {1, 2}, "the seed decides: other seeds, other winners")

    def test_raffle_steps(self):
        partner_c = self.env["res.partner"].create({"name": "Zeynep Ak", "phone": "+90 533 444 55 66"})
        self.partner_a.phone = "+90 532 111 22 33"
        for _i in range(3):
            self._invoice([(self.klima, 1, 28500)], invoice_date="2026-10-05")
        self._invoice([(self.bakim, 1, 1800)], partner=partner_c, invoice_date="2026-10-06")
        self._invoice([(self.bakim, 1, 1800)], partner=self.partner_b, invoice_date="2026-10-06")
        self._invoice([(self.bakim, 1, 1800)], partner=partner_c, invoice_date="2026-08-01")  # before the period
        raffle = self.env["crm_tr.loyalty.raffle"].create(
            {
                "name": "Yılbaşı",
                "date_from": "2026-09-01",
                "date_to": "2026-11-30",
                "partner_domain": repr([("id", "!=", self.partner_b.id)]),
                "winner_count": 1,
            }
        )
        with self.assertRaisesRegex(UserError, "Count the tickets"):
            raffle.action_draw()
        raffle.action_count_tickets()
        self.assertEqual(
            raffle._crm_tr_ticket_list(),
            sorted([(self.partner_a.id, 3), (partner_c.id, 1)]),
            "partner B is not eligible",
        )
        raffle.action_draw(seed="kayitli-tohum")
        expected = draw("kayitli-tohum", raffle._crm_tr_ticket_list(), 1)
        self.assertEqual([(w.rank, w.partner_id.id, w.ticket_number) for w in raffle.winner_ids], expected)
        self.assertIn("kayitli-tohum", raffle.message_ids[0].body)
        raffle.action_verify()
        self.assertIn("the same winners", raffle.message_ids[0].body)
        raffle.action_notify_winners()
        self.assertEqual(raffle.state, "notified")
        sms = self.env["sms.sms"].sudo().search([("partner_id", "=", raffle.winner_ids.partner_id.id)])
        self.assertEqual(len(sms), 1)
        self.assertIn("Yılbaşı", sms.body)
        # Tampering with the recorded winners is detected by a re-run.
        raffle.winner_ids.ticket_number += 1
        with self.assertRaisesRegex(UserError, "other winners"):
            raffle.action_verify()

    def test_points_tickets(self):
        self._invoice([(self.klima, 1, 28500)], invoice_date="2026-10-05")  # 285 -> 2 tickets of 100
        raffle = self.env["crm_tr.loyalty.raffle"].create(
            {
                "name": "Puan çekilişi",
                "date_from": "2026-10-01",
                "date_to": "2026-10-31",
                "ticket_basis": "points",
                "program_id": self.program.id,
                "points_per_ticket": 100,
            }
        )
        raffle.action_count_tickets()
        self.assertEqual(raffle._crm_tr_ticket_list(), [(self.partner_a.id, 2)])
        with self.assertRaisesRegex(ValidationError, "program and the points per ticket"):
            raffle.points_per_ticket = 0
