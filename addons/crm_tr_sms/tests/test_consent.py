from datetime import date, datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.crm_tr_sms.tools.phone import normalize_tr_phone


@tagged("post_install", "-at_install")
class TestIysConsent(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env["res.company"].create({"name": "Ege Klima A.Ş."})
        cls.company_b = cls.env["res.company"].create({"name": "Trakya Klima Ltd. Şti."})
        cls.partner = cls.env["res.partner"].create({"name": "Ayşe Yılmaz", "phone": "0532 123 45 67"})
        cls.user_a = new_test_user(
            cls.env,
            login="consent_user_a",
            groups="crm_tr_sms.group_sms_user",
            company_id=cls.company_a.id,
            company_ids=[(6, 0, cls.company_a.ids)],
        )
        cls.employee_a = new_test_user(
            cls.env,
            login="consent_employee_a",
            groups="base.group_user",
            company_id=cls.company_a.id,
            company_ids=[(6, 0, cls.company_a.ids)],
        )

    def _consent(self, company, **vals):
        return self.env["crm_tr.iys.consent"].create(
            {"partner_id": self.partner.id, "company_id": company.id, "recipient": self.partner.phone} | vals
        )

    def test_normalize_tr_phone(self):
        for written in ("0532 123 45 67", "(0532) 123 45 67", "+90 532 123 45 67", "905321234567", "5321234567"):
            self.assertEqual(normalize_tr_phone(written), "+905321234567", written)
        self.assertFalse(normalize_tr_phone("0511 123 45 67"), "0511 is not an allocated Turkish range")
        self.assertFalse(normalize_tr_phone("not a number"))
        self.assertFalse(normalize_tr_phone(False))

    def test_recipient_stored_in_e164(self):
        consent = self._consent(self.company_a)
        self.assertEqual(consent.recipient, "+905321234567")
        consent.recipient = "0 (505) 987 65 43"
        self.assertEqual(consent.recipient, "+905059876543")

    def test_invalid_phone_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "not a valid phone number"):
            self._consent(self.company_a, recipient="12345")

    def test_email_consent_needs_an_address(self):
        with self.assertRaisesRegex(ValidationError, "needs an e-mail address"):
            self._consent(self.company_a, channel="EPOSTA", recipient="+905321234567")
        consent = self._consent(self.company_a, channel="EPOSTA", recipient="ayse@example.com")
        self.assertEqual(consent.recipient, "ayse@example.com")

    def test_future_consent_date_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "future"):
            self._consent(self.company_a, consent_date=fields.Datetime.now() + timedelta(days=1))

    def test_partner_smart_button_counts_consents(self):
        self._consent(self.company_a)
        self._consent(self.company_a, status="RET")
        self.assertEqual(self.partner.crm_tr_consent_count, 2)
        action = self.partner.action_crm_tr_view_consents()
        self.assertEqual(self.env["crm_tr.iys.consent"].search(action["domain"]), self.partner.crm_tr_consent_ids)

    def test_user_of_company_a_cannot_read_company_b(self):
        mine = self._consent(self.company_a)
        theirs = self._consent(self.company_b)
        Consent = self.env["crm_tr.iys.consent"].with_user(self.user_a)
        visible = Consent.search([("partner_id", "=", self.partner.id)])
        self.assertEqual(visible, mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_a).read(["status"])

    def test_sms_user_records_but_cannot_delete_consents(self):
        consent = self._consent(self.company_a).with_user(self.user_a)
        consent.status = "RET"
        with self.assertRaises(AccessError):
            consent.unlink()

    def test_other_employees_only_read_consents(self):
        consent = self._consent(self.company_a).with_user(self.employee_a)
        self.assertEqual(consent.status, "ONAY")
        with self.assertRaises(AccessError):
            consent.write({"status": "RET"})
        with self.assertRaises(AccessError):
            self.env["crm_tr.iys.consent"].with_user(self.employee_a).create(
                {"partner_id": self.partner.id, "company_id": self.company_a.id, "recipient": "+905321234567"}
            )


@tagged("post_install", "-at_install")
class TestIysDeadline(TransactionCase):
    def test_three_business_days(self):
        from ..models.crm_tr_iys_consent import add_business_days

        monday, thursday, saturday = date(2026, 11, 23), date(2026, 11, 26), date(2026, 11, 28)
        self.assertEqual(add_business_days(monday, 3), date(2026, 11, 26))
        self.assertEqual(add_business_days(thursday, 3), date(2026, 12, 1), "the weekend does not count")
        self.assertEqual(add_business_days(saturday, 3), date(2026, 12, 2))

    def test_overdue_consents_are_found(self):
        partner = self.env["res.partner"].create({"name": "Hatice Aslan", "phone": "0533 222 33 44"})
        Consent = self.env["crm_tr.iys.consent"]
        old, new, uploaded = Consent.create(
            [
                {"partner_id": partner.id, "recipient": partner.phone, "consent_date": datetime(2026, 1, 5, 9)},
                {"partner_id": partner.id, "recipient": partner.phone, "consent_date": fields.Datetime.now()},
                {"partner_id": partner.id, "recipient": partner.phone, "consent_date": datetime(2026, 1, 5, 9)},
            ]
        )
        uploaded.iys_state = "sent"
        self.assertEqual(old.iys_deadline, date(2026, 1, 8))
        mine = Consent.search([("partner_id", "=", partner.id), ("iys_overdue", "=", True)])
        self.assertEqual(mine, old)
        self.assertEqual(Consent.search([("partner_id", "=", partner.id), ("iys_overdue", "=", False)]), new | uploaded)

    def test_opt_out_takes_effect_at_once(self):
        partner = self.env["res.partner"].create({"name": "Emine Doğan", "phone": "0542 333 44 55"})
        self.env["crm_tr.iys.consent"].create(
            {"partner_id": partner.id, "recipient": partner.phone, "consent_date": datetime(2026, 1, 5, 9)}
        )
        self.assertFalse(partner._crm_tr_sms_commercial_exclusions(self.env.company))
        action = partner.action_crm_tr_sms_opt_out()
        refusal = self.env["crm_tr.iys.consent"].browse(action["res_id"])
        self.assertEqual((refusal.status, refusal.recipient, refusal.iys_state), ("RET", "+905423334455", "pending"))
        self.assertEqual(partner._crm_tr_sms_commercial_exclusions(self.env.company), {partner: "ret"})
        nophone = self.env["res.partner"].create({"name": "Numarasız"})
        with self.assertRaisesRegex(UserError, "no valid phone number"):
            nophone.action_crm_tr_sms_opt_out()
