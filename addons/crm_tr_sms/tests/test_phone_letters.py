"""A number with letters is never a phone number: "0532 XXX XX XX" is a mask, not
+905329999999 (which phonenumbers makes of it). Checked everywhere the suite decides whether
and where to send: the number tools, Odoo's formatting (composer, chatter SMS, blacklist),
consents, templates sent through crm_tr.sms.api, campaigns and the provider call."""

from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..tools.phone import has_letters, normalize_tr_phone, provider_number, sms_eligibility
from .standins import VerimorStandIn

MASKED = {
    "0532 XXX XX XX": "+905329999999",
    "0532 123 XX XX": "+905321239999",
    "0532 ABC 45 67": "+905322224567",
}


@tagged("post_install", "-at_install")
class TestPhoneLetters(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {
                "name": "Harf Klima A.Ş.",
                "crm_tr_sms_provider": "verimor",
                "crm_tr_sms_username": "908501234567",
                "crm_tr_sms_password": "s3cret",
                "crm_tr_sms_sender": "CRMTR",
                "crm_tr_sms_optout_text": "RET HARF yazıp 3338'e gönderin.",
            }
        )
        Partner = cls.env["res.partner"]
        turkey = cls.env.ref("base.tr").id
        cls.masked = Partner.create(
            [{"name": f"Maskeli {n}", "phone": number, "country_id": turkey} for n, number in enumerate(MASKED)]
        )
        cls.clean = Partner.create({"name": "Ayşe Yılmaz", "phone": "0532 111 22 33", "country_id": turkey})

    def test_tools_refuse_letters(self):
        for number, stranger in MASKED.items():
            self.assertTrue(has_letters(number))
            self.assertEqual(sms_eligibility(number), (False, "letters"), f"{number} would be {stranger}")
            self.assertFalse(normalize_tr_phone(number))
            self.assertFalse(provider_number(number, "netgsm"))
        for number in ("0532 123 45 67", "+90 (532) 123-45-67", "0212 123 45 67 dahili 12", "0532 123 45 67 ext. 9"):
            self.assertFalse(has_letters(number), number)
        self.assertEqual(sms_eligibility("0532 123 45 67 dahili 12"), ("+905321234567", False))
        self.assertEqual(sms_eligibility("0532 111 22 33"), ("+905321112233", False))
        self.assertTrue(has_letters("0532 123 45 6X"), "an X at the end is no extension")

    def test_odoo_formatting_refuses_letters(self):
        """Odoo's SMS composer, chatter SMS and blacklist all format through _phone_format."""
        for partner in self.masked:
            self.assertFalse(partner._phone_format(number=partner.phone))
            self.assertFalse(partner.phone_sanitized, "no sanitized number, so no blacklist match either")
            with self.assertRaisesRegex(UserError, "contains letters"):
                partner._phone_format(number=partner.phone, raise_exception=True)
        self.assertEqual(self.clean._phone_format(number=self.clean.phone), "+905321112233")

    def test_composer_marks_masked_numbers_invalid(self):
        composer = (
            self.env["sms.composer"]
            .with_context(active_model="res.partner", active_ids=(self.masked | self.clean).ids)
            .create({"body": "Servis kaydınız açıldı.", "composition_mode": "mass"})
        )
        self.assertEqual(composer.recipient_valid_count, 1)
        self.assertEqual(composer.recipient_invalid_count, 3)
        single = (
            self.env["sms.composer"]
            .with_context(active_model="res.partner", active_id=self.masked[0].id)
            .create({"body": "Servis kaydınız açıldı.", "composition_mode": "comment"})
        )
        self.assertFalse(single.recipient_single_valid)

    def test_chatter_sms_never_reaches_the_provider(self):
        with VerimorStandIn("908501234567", "s3cret") as server:
            self.company.crm_tr_sms_api_url = server.url
            self.masked[0].with_company(self.company)._message_sms(
                "Servis kaydınız açıldı.", partner_ids=self.masked[0].ids
            )
            sms = self.env["sms.sms"].search([("partner_id", "=", self.masked[0].id)])
            self.assertEqual(len(sms), 1)
            self.addCleanup(self._purge_ledger, sms.mapped("uuid"))
            sms.send(unlink_failed=False, unlink_sent=False, raise_exception=False)
            self.assertEqual((sms.state, sms.failure_type), ("error", "sms_number_format"))
            self.assertEqual(server.messages, [], "nothing was sent to +905329999999")

    def _purge_ledger(self, uuids):
        with self.registry.cursor() as cr:
            cr.execute(SQL("DELETE FROM crm_tr_sms_dispatch WHERE uuid = ANY(%s)", list(uuids)))

    def test_consent_is_not_matched_to_a_stranger(self):
        consent = self.env["crm_tr.iys.consent"].create(
            {
                "partner_id": self.clean.id,
                "company_id": self.company.id,
                "recipient": "+905329999999",
                "status": "ONAY",
                "consent_date": datetime(2026, 10, 1, 12),
            }
        )
        self.assertEqual(consent.recipient, "+905329999999")
        refused = self.masked._crm_tr_sms_commercial_exclusions(self.company)
        self.assertEqual(set(refused), set(self.masked), "the stranger's ONAY is not theirs")

    @freeze_time("2026-11-24 10:00:00")
    def test_template_excludes_with_reason(self):
        model = self.env["ir.model"]._get("res.partner")
        template = self.env["sms.template"].create(
            {"name": "Servis", "model_id": model.id, "body": "Servis kaydınız açıldı."}
        )
        result = self.env["crm_tr.sms.api"]._send_template(template, self.masked | self.clean, company=self.company)
        self.assertEqual(result["sms"].partner_id, self.clean)
        self.assertEqual(
            {exclusion.partner_id: exclusion.reason for exclusion in result["excluded"]},
            dict.fromkeys(self.masked, "letters"),
        )

    @freeze_time("2026-11-24 10:00:00")
    def test_campaign_excludes_with_reason(self):
        mailing = self.env["mailing.mailing"].create(
            {
                "mailing_type": "sms",
                "sms_subject": "Bilgi",
                "mailing_model_id": self.env["ir.model"]._get("res.partner").id,
                "mailing_domain": repr([("id", "in", (self.masked | self.clean).ids)]),
                "body_plaintext": "Servis ağımız genişledi.",
                "crm_tr_message_type": "informational",
                "crm_tr_company_id": self.company.id,
            }
        )
        mailing.action_send_sms()
        sms = self.env["sms.sms"].search([("mailing_id", "=", mailing.id)])
        self.assertEqual(sms.partner_id, self.clean)
        exclusions = self.env["crm_tr.sms.exclusion"].search([("mailing_id", "=", mailing.id)])
        self.assertEqual({e.partner_id: e.reason for e in exclusions}, dict.fromkeys(self.masked, "letters"))
