from datetime import datetime, timedelta

import pytz

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

NOON = pytz.timezone("Europe/Istanbul").localize(datetime(2026, 11, 24, 12, 0))
LATE = pytz.timezone("Europe/Istanbul").localize(datetime(2026, 11, 24, 21, 30))


@tagged("post_install", "-at_install")
class TestSmsApi(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Ege Klima A.Ş."})
        cls.other_company = cls.env["res.company"].create({"name": "Trakya Klima Ltd. Şti."})
        Partner = cls.env["res.partner"]
        cls.ayse = Partner.create({"name": "Ayşe Yılmaz", "phone": "0532 111 22 33"})
        cls.mehmet = Partner.create({"name": "Mehmet Kaya", "phone": "0505 444 55 66"})
        cls.otel = Partner.create({"name": "Yıldız Otelcilik A.Ş.", "is_company": True, "phone": "0544 777 88 99"})
        cls.landline = Partner.create({"name": "Sabit Hat Ltd.", "is_company": True, "phone": "0212 555 12 12"})
        cls.nophone = Partner.create({"name": "Telefonsuz Kişi"})
        model = cls.env["ir.model"]._get("res.partner")
        cls.info = cls.env["sms.template"].create(
            {"name": "Servis", "model_id": model.id, "body": "Sayın {{ object.name }}, servis kaydınız açıldı."}
        )
        cls.promo = cls.env["sms.template"].create(
            {
                "name": "Kampanya",
                "model_id": model.id,
                "body": "Kışa özel klima bakımı %20 indirimli. RET yazıp 3338'e gönderin.",
                "crm_tr_message_type": "commercial",
            }
        )
        cls.api = cls.env["crm_tr.sms.api"]

    def _consent(self, partner, status, *, days_ago=10, company=None, recipient_type="BIREYSEL", phone=None):
        return self.env["crm_tr.iys.consent"].create(
            {
                "partner_id": partner.id,
                "company_id": (company or self.company).id,
                "recipient": phone or partner.phone,
                "status": status,
                "recipient_type": recipient_type,
                "consent_date": datetime(2026, 11, 24) - timedelta(days=days_ago),
            }
        )

    def _reasons(self, result):
        return {exclusion.partner_id: exclusion.reason for exclusion in result["excluded"]}

    def test_informational_needs_a_mobile_only(self):
        partners = self.ayse | self.mehmet | self.otel | self.landline | self.nophone
        result = self.api._send_template(self.info, partners, company=self.company, now=LATE)
        self.assertEqual(result["sms"].partner_id, self.ayse | self.mehmet | self.otel)
        self.assertEqual(self._reasons(result), {self.landline: "not_mobile", self.nophone: "missing"})
        self.assertEqual(set(result["sms"].mapped("crm_tr_commercial")), {False})
        self.assertEqual(sorted(result["sms"].mapped("number")), ["+905054445566", "+905321112233", "+905447778899"])
        self.assertEqual(set(result["excluded"].mapped("company_id")), {self.company})

    def test_sms_is_posted_in_the_chatter(self):
        result = self.api._send_template(self.info, self.ayse, company=self.company, now=NOON)
        message = result["sms"].mail_message_id
        self.assertEqual(message.model, "res.partner")
        self.assertEqual(message.res_id, self.ayse.id)
        self.assertEqual(message.message_type, "sms")
        self.assertEqual(result["sms"].body, "Sayın Ayşe Yılmaz, servis kaydınız açıldı.")
        self.assertEqual(result["sms"].crm_tr_company_id, self.company)

    def test_commercial_needs_onay_for_individuals(self):
        self._consent(self.ayse, "ONAY")
        self._consent(self.mehmet, "ONAY", days_ago=30)
        self._consent(self.mehmet, "RET", days_ago=2)
        result = self.api._send_template(self.promo, self.ayse | self.mehmet, company=self.company, now=NOON)
        self.assertEqual(result["sms"].partner_id, self.ayse)
        self.assertEqual(self._reasons(result), {self.mehmet: "ret"})
        self.assertEqual((result["sms"].crm_tr_commercial, result["sms"].crm_tr_recipient_type), (True, "BIREYSEL"))

    def test_commercial_without_any_consent(self):
        result = self.api._send_template(self.promo, self.ayse | self.otel, company=self.company, now=NOON)
        self.assertEqual(self._reasons(result), {self.ayse: "no_consent"})
        self.assertEqual(result["sms"].partner_id, self.otel, "merchants (TACIR) may be sent to unless they refused")
        self.assertEqual(result["sms"].crm_tr_recipient_type, "TACIR")

    def test_merchant_refusal_is_honoured(self):
        self._consent(self.otel, "RET", recipient_type="TACIR")
        result = self.api._send_template(self.promo, self.otel, company=self.company, now=NOON)
        self.assertEqual(self._reasons(result), {self.otel: "ret"})
        self.assertFalse(result["sms"])

    def test_consent_belongs_to_a_company(self):
        self._consent(self.ayse, "ONAY", company=self.other_company)
        result = self.api._send_template(self.promo, self.ayse, company=self.company, now=NOON)
        self.assertEqual(self._reasons(result), {self.ayse: "no_consent"})

    def test_refusal_of_the_number_counts_for_every_contact(self):
        self._consent(self.ayse, "ONAY", days_ago=20)
        colleague = self.env["res.partner"].create({"name": "Ayşe (iş)", "phone": "+90 532 111 22 33"})
        self._consent(colleague, "RET", days_ago=1)
        result = self.api._send_template(self.promo, self.ayse, company=self.company, now=NOON)
        self.assertEqual(self._reasons(result), {self.ayse: "ret"})

    def test_blacklisted_numbers_are_left_out(self):
        self.env["phone.blacklist"].sudo().add("+905321112233")
        result = self.api._send_template(self.info, self.ayse | self.mehmet, company=self.company, now=NOON)
        self.assertEqual(self._reasons(result), {self.ayse: "blacklisted"})

    def test_same_number_and_text_once(self):
        twin = self.env["res.partner"].create({"name": "Ayşe Yılmaz", "phone": "+905321112233"})
        result = self.api._send_template(self.info, self.ayse | twin, company=self.company, now=NOON)
        self.assertEqual(len(result["sms"]), 1)
        self.assertEqual(self._reasons(result), {twin: "duplicate"})

    def test_commercial_only_in_the_send_window(self):
        self._consent(self.ayse, "ONAY")
        with self.assertRaisesRegex(UserError, "09:00 and 21:00"):
            self.api._send_template(self.promo, self.ayse, company=self.company, now=LATE)
        self.assertTrue(self.api._in_commercial_window(NOON))
        self.assertFalse(self.api._in_commercial_window(LATE))

    def test_one_decision_for_every_recipient(self):
        """_crm_tr_sms_decide, which templates and campaigns share: the number's consent counts
        for a recipient without a contact, consents belong to the sending company, the text
        tells two messages to one number apart, and the first reason found is the one kept."""
        self._consent(self.ayse, "ONAY")
        self._consent(self.mehmet, "ONAY")
        company, other = self.company.id, self.other_company.id
        seen = set()
        decisions = self.api._crm_tr_sms_decide(
            [
                ("ayse", "0532 111 22 33", self.ayse.id, False, company, "A"),
                ("same text", "+905321112233", False, False, company, "A"),
                ("other text", "+90 532 111 22 33", False, False, company, "B"),
                ("stranger", "0542 777 88 99", False, False, company, "B"),
                ("other company", "0505 444 55 66", False, False, other, "A"),
                ("merchant", "0544 777 88 99", self.otel.id, True, company, "A"),
                ("masked", "0532 XXX XX XX", False, False, company, "A"),
                ("unsubscribed", "0505 444 55 66", self.mehmet.id, False, company, "A"),
                ("landline", "0212 555 12 12", self.landline.id, True, company, "A"),
            ],
            commercial=True,
            seen=seen,
            opted_out={"unsubscribed"},
        )
        self.assertEqual(
            decisions,
            {
                "ayse": ("+905321112233", False),
                "same text": ("+905321112233", "duplicate"),
                "other text": ("+905321112233", False),
                "stranger": ("+905427778899", "no_consent"),
                "other company": ("+905054445566", "no_consent"),
                "merchant": ("+905447778899", False),
                "masked": ("0532 XXX XX XX", "letters"),
                "unsubscribed": ("+905054445566", "opt_out"),
                "landline": ("0212 555 12 12", "not_mobile"),
            },
        )
        self.assertEqual(seen, {("+905321112233", "A"), ("+905321112233", "B"), ("+905447778899", "A")})
        informational = self.api._crm_tr_sms_decide(
            [("other company", "0505 444 55 66", False, False, other, None)], commercial=False
        )
        self.assertEqual(informational, {"other company": ("+905054445566", False)}, "information needs no consent")
