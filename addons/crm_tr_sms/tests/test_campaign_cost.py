"""A campaign's real cost is what the provider bills for each message, on its own alphabet:
a personalised text can be plain GSM-7 for one customer and Turkish for another."""

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from .standins import VerimorStandIn

PRICE = 0.25


@tagged("post_install", "-at_install")
class TestCampaignCost(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {
                "name": "Maliyet Klima A.Ş.",
                "crm_tr_sms_provider": "verimor",
                "crm_tr_sms_username": "908501234567",
                "crm_tr_sms_password": "s3cret",
                "crm_tr_sms_sender": "CRMTR",
                "crm_tr_sms_price_per_part": PRICE,
                "crm_tr_sms_optout_text": "RET MALIYET yazip 3338'e gonderin.",
            }
        )
        Partner = cls.env["res.partner"]
        cls.plain = Partner.create({"name": "Ayse Yilmaz", "phone": "0532 111 22 33"})
        cls.turkish = Partner.create({"name": "Ayşe Yılmaz", "phone": "0505 444 55 66"})

    def test_real_cost_adds_each_message_parts(self):
        opening = "Merhaba {{ object.name }}, "
        filler = "x" * (158 - len("Merhaba Ayse Yilmaz, "))
        mailing = self.env["mailing.mailing"].create(
            {
                "mailing_type": "sms",
                "sms_subject": "Bakım",
                "mailing_model_id": self.env["ir.model"]._get("res.partner").id,
                "mailing_domain": repr([("id", "in", (self.plain | self.turkish).ids)]),
                "body_plaintext": opening + filler,
                "crm_tr_message_type": "informational",
                "crm_tr_company_id": self.company.id,
                "sms_allow_unsubscribe": False,
            }
        )
        mailing.action_send_sms()
        sms = self.env["sms.sms"].search([("mailing_id", "=", mailing.id)])
        self.assertEqual(sorted(len(body) for body in sms.mapped("body")), [158, 158])
        self.addCleanup(self._purge_ledger, sms.mapped("uuid"))
        with VerimorStandIn("908501234567", "s3cret") as server:
            self.company.crm_tr_sms_api_url = server.url
            sms.send(unlink_failed=False, unlink_sent=False, raise_exception=False)
            billed = {message["number"]: message["parts"] for message in server.messages}
        # 158 characters: 1 part in GSM-7 (160), 2 on the Turkish table (155/149).
        self.assertEqual(billed, {"905321112233": 1, "905054445566": 2})
        trackers = self.env["sms.tracker"].search([("sms_uuid", "in", sms.mapped("uuid"))])
        self.assertEqual(sorted(trackers.mapped("crm_tr_parts")), [1, 2])
        mailing.invalidate_recordset()
        self.assertAlmostEqual(mailing.crm_tr_real_cost, 3 * PRICE, msg="1 + 2 parts, as the provider bills")

    @freeze_time("2026-11-24 10:00:00")  # 13:00 in Türkiye: inside the commercial window
    def test_commercial_campaign_needs_the_opt_out_instruction(self):
        mailing = self.env["mailing.mailing"].create(
            {
                "mailing_type": "sms",
                "sms_subject": "Kış kampanyası",
                "mailing_model_id": self.env["ir.model"]._get("res.partner").id,
                "mailing_domain": repr([("id", "in", (self.plain | self.turkish).ids)]),
                "body_plaintext": "Kış bakımı %20 indirimli.",
                "crm_tr_message_type": "commercial",
                "crm_tr_company_id": self.company.id,
            }
        )
        self.company.crm_tr_sms_optout_text = False
        for action in (mailing.action_send_sms, mailing.action_launch, mailing.action_put_in_queue):
            with self.assertRaisesRegex(UserError, "no opt-out instruction"):
                action()
        self.assertEqual(mailing.state, "draft")
        self.assertFalse(self.env["sms.sms"].search_count([("mailing_id", "=", mailing.id)]))
        mailing.crm_tr_message_type = "informational"
        mailing.action_put_in_queue()  # information needs no opt-out line
        self.assertEqual(mailing.state, "in_queue")

    def _purge_ledger(self, uuids):
        with self.registry.cursor() as cr:
            cr.execute(SQL("DELETE FROM crm_tr_sms_dispatch WHERE uuid = ANY(%s)", list(uuids)))
