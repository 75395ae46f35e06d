from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestKvkk(TransactionCase):
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
        Consent = cls.env["crm_tr.iys.consent"]
        cls.onay = Consent.create({"partner_id": cls.partner.id, "recipient": cls.partner.phone, "evidence": "form 12"})
        cls.ret = Consent.create(
            {"partner_id": cls.partner.id, "recipient": cls.partner.phone, "status": "RET", "evidence": "çağrı"}
        )
        cls.kvkk = cls.env["crm_tr.kvkk.consent"].create(
            {"partner_id": cls.partner.id, "notice_version": "v2-2026", "explicit_consent": True}
        )

    def test_withdraw_explicit_consent(self):
        self.kvkk.action_withdraw()
        self.assertTrue(self.kvkk.withdrawn_date)

    def test_erasure_keeps_only_the_opt_out(self):
        self.partner.action_crm_tr_kvkk_erase()
        partner = self.partner.with_context(active_test=False)
        self.assertFalse(partner.active)
        self.assertFalse(partner.phone or partner.email or partner.street or partner.city)
        self.assertTrue(partner.name.startswith("Erased contact"))
        self.assertFalse(self.onay.exists(), "the approval is personal data with no further use")
        self.assertTrue(self.ret.exists(), "the refusal stays, or we could message the number again")
        self.assertEqual((self.ret.recipient, self.ret.evidence), ("+905354445566", False))
        self.assertFalse(self.kvkk.exists())
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

    def test_kvkk_records_stay_per_company(self):
        other = self.env["res.company"].create({"name": "Başka A.Ş."})
        user = new_test_user(
            self.env,
            login="kvkk_user",
            groups="crm_tr_sms.group_sms_user",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        with self.assertRaises(AccessError):
            self.kvkk.with_user(user).read(["notice_version"])
