from datetime import date

from odoo.tests import tagged

from .common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestCardCommunication(LoyaltyCase):
    """Invoice points move the card through loyalty.card.write: the card's chatter tracks
    every balance change (accrual, release, redemption, reversal, expiry) and the program's
    "points reached" communication (a loyalty.mail with trigger 'points_reach') is sent."""

    @classmethod
    def default_env_context(cls):
        # Odoo's test classes switch tracking and mail off by default; this test is about them.
        return {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_a.write({"email": "ayse@example.com", "lang": "en_US"})
        cls.template = (
            cls.env["mail.template"]
            .sudo()
            .create(
                {
                    "name": "500 puan",
                    "model_id": cls.env["ir.model"]._get_id("loyalty.card"),
                    "subject": "{{ object.partner_id.name }}: 500 puana ulaştınız",
                    "partner_to": "{{ object.partner_id.id }}",
                    "body_html": "<p>Kartınızda <t t-out='object.points'/> puan var.</p>",
                }
            )
        )
        cls.env["loyalty.mail"].sudo().create(
            {
                "program_id": cls.program.id,
                "trigger": "points_reach",
                "points": 500,
                "mail_template_id": cls.template.id,
            }
        )

    def setUp(self):
        super().setUp()
        self.env.user.group_ids |= self.env.ref("sales_team.group_sale_manager")
        # The customer's card exists from an earlier transaction: as everywhere in Odoo, the
        # changes of a record created in the same transaction are not tracked.
        self.card = self.program._crm_tr_card_for(self.partner_a)
        self._tracked(self.card)

    def _mails(self, card):
        return self.env["mail.mail"].sudo().search([("model", "=", "loyalty.card"), ("res_id", "=", card.id)])

    def _tracked(self, card):
        """[(old, new)] of the card's tracked balance, oldest first, as committed (the
        tracking messages are written just before a commit)."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        card.invalidate_recordset(["message_ids"])
        values = (
            self.env["mail.tracking.value"]
            .sudo()
            .search([("mail_message_id", "in", card.message_ids.ids), ("field_id.name", "=", "points")], order="id")
        )
        return [(value.old_value_float, value.new_value_float) for value in values]

    def test_points_reached_mail_on_invoice_points(self):
        self._invoice([(self.klima, 1, 28500)])
        card = self.card
        self.assertEqual((card.points, self._tracked(card)), (285.0, [(0.0, 285.0)]))
        self.assertFalse(self._mails(card), "500 points not reached yet")
        self._invoice([(self.klima, 1, 28500)])
        self.assertEqual((card.points, self._tracked(card)[-1]), (570.0, (285.0, 570.0)))
        mail = self._mails(card)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.partner_a)
        self.assertEqual(mail.subject, "partner_a: 500 puana ulaştınız")
        self.assertIn("Kartınızda 570.0 puan var.", mail.body_html)
        self._invoice([(self.klima, 1, 28500)])
        self.assertEqual(len(self._mails(card)), 1, "the milestone was already passed: not sent again")
        self.assertEqual(self._tracked(card), [(0.0, 285.0), (285.0, 570.0), (570.0, 855.0)])

    def test_points_reached_mail_when_pending_points_are_released(self):
        self.env.company.crm_tr_loyalty_pending_until_paid = True
        invoice = self._invoice([(self.klima, 2, 28500)])
        card = self.card
        self.assertEqual((card.points, card.crm_tr_pending_points), (0.0, 570.0))
        self.assertFalse(self._mails(card))
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {}
        )._create_payments()
        self.assertEqual(card.points, 570.0)
        self.assertEqual(len(self._mails(card)), 1)
        self.assertEqual(self._tracked(card), [(0.0, 570.0)])

    def test_redemption_reversal_and_expiry_are_tracked(self):
        self.program.crm_tr_expiry_months = 12
        self._invoice([(self.klima, 1, 28500)], invoice_date="2025-01-10")
        card = self.card
        self.assertEqual(self._tracked(card), [(0.0, 285.0)])
        self._invoice([(self.klima, 4, 28500)], invoice_date="2026-01-10")
        self.assertEqual(self._tracked(card)[-1], (285.0, 1425.0))
        self.assertEqual(len(self._mails(card)), 1, "500 points reached")
        draft = self._invoice([(self.other, 1, 1000)], post=False)
        self.env["crm_tr.loyalty.redeem.wizard"].with_context(default_move_id=draft.id).create(
            {"points": 100}
        ).action_redeem()
        self.assertEqual(self._tracked(card)[-1], (1425.0, 1325.0))
        later = self._invoice([(self.bakim, 1, 1800)], invoice_date="2026-01-15")
        self.assertEqual(self._tracked(card)[-1], (1325.0, 1345.0))
        later.button_draft()
        self.assertEqual(self._tracked(card)[-1], (1345.0, 1325.0))
        # 285 earned on 2025-01-10, 100 of them redeemed: 185 expire a year later.
        self.env["crm_tr.loyalty.accrual"].sudo()._crm_tr_expire(card, date(2026, 2, 1))
        self.assertEqual(self._tracked(card)[-1], (1325.0, 1140.0))
        self.assertEqual(len(self._tracked(card)), 6)
        self.assertEqual(len(self._mails(card)), 1, "losing points sends nothing; 1,345 was above 500 already")
        self.assertEqual(self._ledger_sum(card), 1140.0)

    def test_first_invoice_of_a_new_customer_reaches_the_milestone(self):
        self.partner_b.email = "mehmet@example.com"
        self._invoice([(self.klima, 2, 28500)], partner=self.partner_b)
        card = self._card(self.partner_b)
        self.assertEqual(card.points, 570.0)
        self.assertEqual(self._mails(card).recipient_ids, self.partner_b, "the card is new, the mail goes all the same")

    def test_cards_of_one_batch_tracked_as_odoo_does(self):
        """The tracking messages of a batch's cards are written together: each card gets its
        own message, as Odoo's tracking writes it (a note by the user, with the points)."""
        card_b = self.program._crm_tr_card_for(self.partner_b)
        self._tracked(card_b)
        moves = self._invoice([(self.klima, 1, 28500)], post=False)
        moves |= self._invoice([(self.bakim, 2, 1800)], post=False, partner=self.partner_b)
        moves.action_post()
        self.assertEqual(self._tracked(self.card), [(0.0, 285.0)])
        self.assertEqual(self._tracked(card_b), [(0.0, 40.0)])
        messages = (self.card | card_b).message_ids.filtered("tracking_value_ids")
        self.assertEqual(sorted(messages.mapped("res_id")), sorted([card_b.id, self.card.id]))
        self.assertEqual(set(messages.mapped("message_type")), {"notification"})
        self.assertEqual(messages.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(messages.author_id, self.env.user.partner_id)
        # One card alone goes through Odoo's own path: the same kind of message.
        self._invoice([(self.bakim, 1, 1800)])
        self.assertEqual(self._tracked(self.card)[-1], (285.0, 305.0))
        single = self.card.message_ids.filtered("tracking_value_ids")[0]
        self.assertEqual(
            (single.message_type, single.subtype_id, single.author_id),
            ("notification", self.env.ref("mail.mt_note"), self.env.user.partner_id),
        )
