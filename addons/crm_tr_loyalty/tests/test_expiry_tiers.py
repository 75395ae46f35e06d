from datetime import date

from odoo.tests import tagged

from .common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestExpiry(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.write(
            {
                "crm_tr_expiry_months": 12,
                "crm_tr_expiry_notice_days": 30,
                "crm_tr_expiry_sms_template_id": cls.env.ref("crm_tr_loyalty.sms_template_points_expiry").id,
                "crm_tr_expiry_mail_template_id": cls.env.ref("crm_tr_loyalty.mail_template_points_expiry").id,
            }
        )
        cls.partner_a.write({"phone": "+90 532 111 22 33", "email": "ayse@example.com"})

    def setUp(self):
        super().setUp()
        self._invoice([(self.klima, 1, 28500)], invoice_date="2025-01-10")  # 285
        self._invoice([(self.bakim, 2, 1800)], invoice_date="2025-06-10")  # 40
        self._invoice([(self.klima, 2, 28500)], invoice_date="2026-01-10")  # 570
        self.card = self._card()
        draft = self._invoice([(self.klima, 1, 28500)], post=False)
        self.env["crm_tr.loyalty.redeem.wizard"].with_context(default_move_id=draft.id).create(
            {"points": 300}
        ).action_redeem()
        self.Accrual = self.env["crm_tr.loyalty.accrual"].sudo()

    def test_oldest_points_used_and_expired_first(self):
        self.assertEqual(self.card.points, 595.0)
        lots = self.Accrual._crm_tr_fifo(self.card.ids)[self.card.id]
        self.assertEqual(
            lots, [(date(2025, 6, 10), 25.0), (date(2026, 1, 10), 570.0)], "300 used: 285 + 15, oldest first"
        )
        expired = self.Accrual._crm_tr_expire(self.card, date(2026, 6, 10))
        self.assertEqual((expired.kind, expired.points, expired.date), ("expiry", -25.0, date(2026, 6, 10)))
        self.assertEqual(self.card.points, 570.0)
        self.assertFalse(self.Accrual._crm_tr_expire(self.card, date(2026, 6, 10)), "expired once")
        self.assertEqual(
            (self.card.crm_tr_next_expiry_date, self.card.crm_tr_next_expiry_points), (date(2027, 1, 10), 570.0)
        )
        self.Accrual._crm_tr_expire(self.card, date(2027, 1, 10))
        self.assertEqual(self.card.points, 0.0)
        self.assertEqual(self._ledger_sum(self.card), 0.0)

    def test_expiry_cron_reports_progress(self):
        cron = self.env.ref("crm_tr_loyalty.ir_cron_crm_tr_loyalty_expire")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        today = self.env["crm_tr.loyalty.accrual"]._fields["date"].default(self.Accrual)
        expected = 0.0 if today >= date(2027, 1, 10) else 570.0
        self.assertEqual(self.card.points, expected, "the 25 points left of the 2025 lots expire")
        expired = self.Accrual.search([("card_id", "=", self.card.id), ("kind", "=", "expiry")])
        self.assertEqual(sum(expired.mapped("points")), expected - 595.0)
        progress = self.env["ir.cron.progress"].sudo().search([("cron_id", "=", cron.id)], order="id desc", limit=1)
        self.assertTrue(progress.done >= 1)

    def test_notice_once_by_sms_and_email(self):
        self.Accrual._crm_tr_expire(self.card, date(2026, 6, 10))
        notified = self.Accrual._crm_tr_expiry_notice(today=date(2026, 12, 20))
        self.assertEqual(notified, self.card)
        sms = self.env["sms.sms"].sudo().search([("partner_id", "=", self.partner_a.id)])
        self.assertEqual(len(sms), 1)
        self.assertIn("570", sms.body)
        mail = self.env["mail.mail"].sudo().search([("model", "=", "loyalty.card"), ("res_id", "=", self.card.id)])
        self.assertEqual(len(mail), 1)
        self.assertFalse(self.Accrual._crm_tr_expiry_notice(today=date(2026, 12, 21)), "told once per expiry date")
        self.assertFalse(self.Accrual._crm_tr_expiry_notice(today=date(2026, 11, 1)), "not before the notice days")


@tagged("post_install", "-at_install")
class TestTiers(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Tier = cls.env["crm_tr.loyalty.tier"].sudo()
        cls.bronze, cls.silver, cls.gold = Tier.create(
            [
                {"name": "Bronz", "program_id": cls.program.id, "threshold": 0, "multiplier": 1},
                {"name": "Gümüş", "program_id": cls.program.id, "threshold": 500, "multiplier": 1.25},
                {"name": "Altın", "program_id": cls.program.id, "threshold": 1500, "multiplier": 1.5},
            ]
        )

    def test_points_basis(self):
        today = date(2026, 11, 24)
        self._invoice([(self.klima, 4, 28500)], invoice_date="2026-10-01")  # 1,140
        self._invoice([(self.klima, 4, 28500)], invoice_date="2025-10-01")  # older than 12 months
        self._invoice([(self.bakim, 1, 1800)], partner=self.partner_b, invoice_date="2026-10-01")  # 20
        Tier = self.env["crm_tr.loyalty.tier"].sudo()
        self.assertEqual(Tier._crm_tr_recompute(self.program, today=today), 2)
        self.assertEqual(self._card().crm_tr_tier_id, self.silver)
        self.assertEqual(self._card(self.partner_b).crm_tr_tier_id, self.bronze)
        self.assertIn("Gümüş", self._card().message_ids[0].body)
        self.assertEqual(Tier._crm_tr_recompute(self.program, today=today), 0, "nothing changes twice")
        # The tier multiplies what is earned next.
        invoice = self._invoice([(self.bakim, 1, 1800)], invoice_date="2026-11-20")
        self.assertEqual(self._ledger(invoice).points, 25.0)
        self._invoice([(self.klima, 1, 50000)], invoice_date="2026-11-21")  # 500 x 1.25
        self.assertEqual(Tier._crm_tr_recompute(self.program, today=today), 1)
        self.assertEqual(self._card().crm_tr_tier_id, self.gold, "1,140 + 25 + 625 = 1,790")

    def test_revenue_basis(self):
        self.program.crm_tr_tier_basis = "revenue"
        (self.bronze | self.silver | self.gold).unlink()
        Tier = self.env["crm_tr.loyalty.tier"].sudo()
        standard, premium = Tier.create(
            [
                {"name": "Standart", "program_id": self.program.id, "threshold": 0, "multiplier": 1},
                {"name": "Premium", "program_id": self.program.id, "threshold": 100000, "multiplier": 1.2},
            ]
        )
        invoice = self._invoice([(self.klima, 4, 28500)], invoice_date="2026-10-01")
        Tier._crm_tr_recompute(self.program, today=date(2026, 11, 24))
        self.assertEqual(self._card().crm_tr_tier_id, premium, "114,000 TL")
        self._invoice(
            [(self.klima, 1, 28500)], move_type="out_refund", reversed_entry_id=invoice.id, invoice_date="2026-10-02"
        )
        Tier._crm_tr_recompute(self.program, today=date(2026, 11, 24))
        self.assertEqual(self._card().crm_tr_tier_id, standard, "credit notes lower the revenue: 85,500 TL")

    def test_tier_cron(self):
        self._invoice([(self.klima, 6, 28500)])
        with self.enter_registry_test_mode():
            self.env.ref("crm_tr_loyalty.ir_cron_crm_tr_loyalty_tiers").method_direct_trigger()
        self.assertEqual(self._card().crm_tr_tier_id, self.gold)
