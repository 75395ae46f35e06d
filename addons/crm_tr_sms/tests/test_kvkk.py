from datetime import datetime

import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import CrmTrTwoCompanyCase


@tagged("post_install", "-at_install")
class TestKvkk(CrmTrTwoCompanyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.env["res.partner"].create(
            {
                "name": "Merve Koç",
                "phone": "0535 444 55 66",
                "email": "merve@example.com",
                "street": "Lale Sok. No:4",
                "city": "İzmir",
            }
        )
        Consent = cls.env["crm_tr.iys.consent"].with_company(cls.company_a)
        cls.onay = Consent.create({"partner_id": cls.partner.id, "recipient": cls.partner.phone, "evidence": "form 12"})
        cls.ret = Consent.create(
            {"partner_id": cls.partner.id, "recipient": cls.partner.phone, "status": "RET", "evidence": "çağrı"}
        )
        cls.kvkk = (
            cls.env["crm_tr.kvkk.consent"]
            .with_company(cls.company_a)
            .create(
                {
                    "partner_id": cls.partner.id,
                    "notice_version": "v2-2026",
                    "explicit_consent": True,
                    "date": datetime(2026, 2, 2, 9),
                }
            )
        )

    def test_withdrawal_is_a_new_record(self):
        action = self.kvkk.with_user(self.sms_user_a).action_withdraw()
        with Form(self.env["crm_tr.kvkk.consent"].with_user(self.sms_user_a).with_context(**action["context"])) as form:
            form.channel = "phone"
            form.evidence = "Called on 3 March"
        withdrawal = form.record
        self.assertEqual(
            (withdrawal.partner_id, withdrawal.company_id, withdrawal.notice_version, withdrawal.explicit_consent),
            (self.partner, self.company_a, "v2-2026", False),
        )
        self.assertEqual((withdrawal.withdrawal_of_id, withdrawal.channel), (self.kvkk, "phone"))
        self.assertEqual(self.kvkk.withdrawn_date, withdrawal.date)
        self.assertTrue(self.kvkk.explicit_consent, "the consent itself is kept as it was given")
        with self.assertRaisesRegex(UserError, "no explicit consent left to withdraw"):
            self.kvkk.action_withdraw()
        self.assertFalse(self.kvkk._crm_tr_withdraw(), "a withdrawn consent is not withdrawn twice")
        explicit = self.env["crm_tr.kvkk.consent"].search(
            [("partner_id", "=", self.partner.id), ("explicit_consent", "=", True), ("withdrawn_date", "=", False)]
        )
        self.assertFalse(explicit)

    def test_a_withdrawal_withdraws_an_explicit_consent_of_the_same_contact(self):
        other = self.env["res.partner"].create({"name": "Başkası"})
        with self.assertRaisesRegex(ValidationError, "withdraws an explicit consent of the same contact"):
            self.kvkk._crm_tr_withdraw(partner_id=other.id)
        notice_only = self.env["crm_tr.kvkk.consent"].create(
            {"partner_id": self.partner.id, "company_id": self.company_a.id, "notice_version": "v2-2026"}
        )
        with self.assertRaisesRegex(ValidationError, "withdraws an explicit consent"):
            self.env["crm_tr.kvkk.consent"].create(notice_only._crm_tr_withdrawal_values())

    def test_kvkk_records_are_history(self):
        for user in (self.sms_user_a, self.sms_manager_a):
            for vals in ({"explicit_consent": False}, {"notice_version": "v3"}, {"date": datetime(2026, 2, 1)}):
                with self.subTest(user=user.login, vals=vals), self.assertRaisesRegex(UserError, "is history"):
                    self.kvkk.with_user(user).write(vals)
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.kvkk.with_user(self.sms_manager_a).unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.kvkk.sudo().unlink()
        with self.assertRaises(AccessError):
            self.kvkk.with_user(self.sms_user_a).unlink()
        self.assertEqual((self.kvkk.notice_version, self.kvkk.explicit_consent), ("v2-2026", True))

    def test_a_contact_with_kvkk_records_is_not_deleted(self):
        contact = self.env["res.partner"].create({"name": "Silinecek"})
        self.env["crm_tr.kvkk.consent"].create(
            {"partner_id": contact.id, "company_id": self.company_a.id, "notice_version": "v2-2026"}
        )
        with self.assertRaises(psycopg2.errors.ForeignKeyViolation), mute_logger("odoo.sql_db"), self.cr.savepoint():
            contact.unlink()
        self.assertTrue(contact.exists())

    def test_erasure_keeps_only_the_opt_out(self):
        self.kvkk._crm_tr_withdraw()
        self.partner.with_user(self.sms_manager_a).action_crm_tr_kvkk_erase()
        partner = self.partner.with_context(active_test=False)
        self.assertFalse(partner.active)
        self.assertFalse(partner.phone or partner.email or partner.street or partner.city)
        self.assertTrue(partner.name.startswith("Erased contact"))
        self.assertFalse(self.onay.exists(), "the approval is personal data with no further use")
        self.assertTrue(self.ret.exists(), "the refusal stays, or we could message the number again")
        self.assertEqual((self.ret.recipient, self.ret.evidence), ("+905354445566", False))
        self.assertFalse(self.ret.message_ids, "its chatter named the contact")
        self.assertFalse(self.env["crm_tr.kvkk.consent"].search([("partner_id", "=", self.partner.id)]))
        blacklisted = self.env["phone.blacklist"].sudo().search([("number", "=", "+905354445566")])
        self.assertTrue(blacklisted.active)

    def test_erasure_refused_when_invoices_must_be_kept(self):
        if "account.move" not in self.env:
            self.skipTest("accounting is not installed")
        journal = self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.env.company.id)], limit=1
        )
        if not journal:
            self.skipTest("the test company has no chart of accounts")
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.partner.id,
                "invoice_line_ids": [(0, 0, {"name": "Bakım", "quantity": 1, "price_unit": 100, "tax_ids": []})],
            }
        )
        invoice.action_post()
        with self.assertRaisesRegex(UserError, "must be kept by law"):
            self.partner.action_crm_tr_kvkk_erase()
        self.assertEqual(self.partner.phone, "0535 444 55 66")
        self.assertTrue(self.kvkk.exists())

    def test_kvkk_records_stay_per_company(self):
        with self.assertRaises(AccessError):
            self.kvkk.with_user(self.sms_user_b).read(["notice_version"])
