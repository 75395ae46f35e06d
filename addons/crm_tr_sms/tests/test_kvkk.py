from datetime import datetime

import psycopg2

from odoo import Command
from odoo.exceptions import AccessError, RedirectWarning, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import html2plaintext, mute_logger

from .common import CrmTrTwoCompanyCase
from .tours import TurkishTourCase


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

    def _posted_invoice(self, partner, **values):
        """A posted customer invoice of the main company (which has a chart of accounts)
        addressed to `partner`."""
        if "account.move" not in self.env:
            self.skipTest("accounting is not installed")
        if not self.env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", self.env.company.id)]):
            self.skipTest("the test company has no chart of accounts")
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_line_ids": [
                    Command.create({"name": "Bakım", "quantity": 1, "price_unit": 100, "tax_ids": []})
                ],
                **values,
            }
        )
        invoice.action_post()
        return invoice

    def test_erasure_of_a_contact_person_of_a_company_with_invoices(self):
        """The company's invoices carry the company, not its contact person: he is erased."""
        company = self.env["res.partner"].create(
            {"name": "Ege Tekstil A.Ş.", "is_company": True, "vat": "TR1234567890"}
        )
        person = self.env["res.partner"].create(
            {"name": "Cem Erdoğan", "parent_id": company.id, "phone": "0532 295 38 80", "function": "İşletme Müdürü"}
        )
        invoice = self._posted_invoice(company)
        self.assertEqual(person._crm_tr_legal_retention_documents(), [])
        self.assertTrue(person.with_user(self.sms_manager_a).action_crm_tr_kvkk_erase())
        person = person.with_context(active_test=False)
        self.assertEqual(
            (person.name, person.phone, person.function, person.active),
            (f"Erased contact #{person.id}", False, False, False),
        )
        self.assertEqual((invoice.partner_id, invoice.state), (company, "posted"))
        # The company itself is on its invoices: it is kept.
        with self.assertRaisesRegex(RedirectWarning, "must be kept by law"):
            company.with_user(self.sms_manager_a).action_crm_tr_kvkk_erase()
        self.assertEqual((company.name, company.vat, company.active), ("Ege Tekstil A.Ş.", "TR1234567890", True))

    def test_erasure_refused_when_invoices_must_be_kept(self):
        """An invoice addressed to the contact keeps him; the refusal offers, as its one
        button, to restrict processing instead: archived, his number refusing commercial SMS
        (a new RET for İYS), his explicit consent withdrawn."""
        company = self.env["res.partner"].create({"name": "Ege Tekstil A.Ş.", "is_company": True})
        person = self.env["res.partner"].create(
            {"name": "Nur Güneş", "parent_id": company.id, "phone": "0542 234 19 72", "email": "nur@example.com"}
        )
        Consent = self.env["crm_tr.iys.consent"].with_company(self.company_a)
        approval = Consent.create({"partner_id": person.id, "recipient": person.phone, "evidence": "form 7"})
        explicit = self.env["crm_tr.kvkk.consent"].create(
            {
                "partner_id": person.id,
                "company_id": self.company_a.id,
                "notice_version": "v2-2026",
                "explicit_consent": True,
                "channel": "web",
                "date": datetime(2026, 2, 2, 9),
            }
        )
        invoice = self._posted_invoice(company, partner_id=person.id)
        self.assertEqual((invoice.partner_id, invoice.commercial_partner_id), (person, company))

        manager = self.sms_manager_a
        with self.assertRaises(RedirectWarning) as refusal:
            person.with_user(manager).action_crm_tr_kvkk_erase()
        message, action_id, button, context = refusal.exception.args
        self.assertEqual(
            message,
            f"Ege Tekstil A.Ş., Nur Güneş cannot be erased: posted invoices ({invoice.name}) must be kept by law. "
            "Restrict processing instead: the contact is archived, their explicit consents (KVKK) are withdrawn "
            "and their number refuses commercial SMS (İYS RET), so they are never messaged again.",
        )
        self.assertEqual(button, "Archive and Refuse SMS")
        self.assertEqual(context, {"active_model": "res.partner", "active_id": person.id, "active_ids": [person.id]})
        self.assertEqual((person.phone, person.email, person.active), ("0542 234 19 72", "nur@example.com", True))

        # The button, as the web client runs it: the server action with that context.
        existing = Consent.search([("partner_id", "=", person.id)])
        action = self.env["ir.actions.server"].browse(action_id)
        result = action.with_user(manager).with_context(**context).run()
        self.assertEqual(result, {"type": "ir.actions.client", "tag": "soft_reload"})

        person = person.with_context(active_test=False)
        self.assertFalse(person.active)
        self.assertEqual((person.name, person.phone), ("Nur Güneş", "0542 234 19 72"), "kept for the invoice")
        refusal_record = Consent.with_context(active_test=False).search([("partner_id", "=", person.id)]) - existing
        evidence = (
            f"KVKK erasure refused, the law keeps posted invoices ({invoice.name}): processing restricted by "
            f"{manager.name}."
        )
        self.assertEqual(
            refusal_record.read(
                ["company_id", "channel", "status", "recipient", "recipient_type", "source", "evidence", "iys_state"]
            ),
            [
                {
                    "id": refusal_record.id,
                    "company_id": (self.company_a.id, self.company_a.display_name),
                    "channel": "MESAJ",
                    "status": "RET",
                    "recipient": "+905422341972",
                    "recipient_type": "TACIR",
                    "source": "HS_CAGRI_MERKEZI",
                    "evidence": evidence,
                    "iys_state": "pending",
                }
            ],
        )
        self.assertEqual(
            person._crm_tr_sms_commercial_exclusions(self.company_a), {person: "ret"}, "never messaged again"
        )
        self.assertTrue(approval.exists(), "nothing is deleted: the contact is kept")
        withdrawal = explicit.withdrawal_ids
        self.assertEqual(
            (len(withdrawal), withdrawal.explicit_consent, withdrawal.channel, withdrawal.evidence),
            (1, False, "web", evidence),
        )
        blacklisted = self.env["phone.blacklist"].sudo().search([("number", "=", "+905422341972")])
        self.assertTrue(blacklisted.active)
        self.assertEqual(html2plaintext(person.message_ids[0].body), evidence)
        self.assertEqual(person.message_ids[0].author_id, manager.partner_id)

    def test_restriction_adds_no_second_refusal(self):
        """A number whose latest consent is already a refusal gets no second one."""
        self.partner._crm_tr_sms_commercial_exclusions(self.company_a)
        before = self.env["crm_tr.iys.consent"].search([("partner_id", "=", self.partner.id)])
        self.partner.with_user(self.sms_manager_a).action_crm_tr_kvkk_restrict()
        after = (
            self.env["crm_tr.iys.consent"]
            .with_context(active_test=False)
            .search([("partner_id", "=", self.partner.id)])
        )
        self.assertEqual(after, before)
        self.assertFalse(self.partner.active)

    def test_journal_entries_and_payments_keep_the_contact(self):
        """Other accounting documents of which the contact is the partner keep him too: here
        a payment's journal entry (Community posts every payment with one)."""
        invoice = self._posted_invoice(self.partner)
        Payment = self.env["account.payment"]
        payment = Payment.create(
            {"payment_type": "inbound", "partner_type": "customer", "partner_id": self.partner.id, "amount": 100}
        )
        payment.action_post()
        self.assertEqual(payment.move_id.state, "posted")
        self.assertEqual(
            self.partner._crm_tr_legal_retention_documents(),
            [f"posted invoices ({invoice.name})", f"posted journal entries ({payment.move_id.name})"],
        )

    def test_only_managers_erase_or_restrict(self):
        for method in ("action_crm_tr_kvkk_erase", "action_crm_tr_kvkk_restrict"):
            with self.subTest(method=method), self.assertRaisesRegex(AccessError, "Only SMS Campaign Managers"):
                getattr(self.partner.with_user(self.sms_user_a), method)()
        self.assertEqual((self.partner.name, self.partner.active), ("Merve Koç", True))
        action = self.env.ref("crm_tr_sms.res_partner_action_crm_tr_kvkk_restrict")
        with self.assertRaises(AccessError):
            action.with_user(self.sms_user_a).with_context(
                active_model="res.partner", active_id=self.partner.id, active_ids=self.partner.ids
            ).run()

    def test_kvkk_records_stay_per_company(self):
        with self.assertRaises(AccessError):
            self.kvkk.with_user(self.sms_user_b).read(["notice_version"])


@tagged("post_install", "-at_install")
class TestKvkkEraseTour(TurkishTourCase):
    def test_admin_erases_a_contact_person_of_a_company_with_invoices(self):
        """In the Turkish interface, the administrator opens Cem Erdoğan (Contacts), a contact
        person of a demo company (with the suite's demo, one with posted invoices, none of
        them addressed to him), erases him (KVKK) and sees him archived, without his number."""
        self._demo_company()
        cem = self.env.ref("crm_tr_sms.partner_tr_contact_03")
        company = cem.parent_id
        if "account.move" in self.env:
            invoices = self.env["account.move"].search([("commercial_partner_id", "=", company.id)])
            self.assertEqual(invoices.filtered(lambda move: move.partner_id == cem), self.env["account.move"])
        admin = self.env.ref("base.user_admin")
        self._speak_turkish(admin)
        self.start_tour(f"/odoo/contacts/{cem.id}", "crm_tr_sms_kvkk_erase_tour", login=admin.login)
        cem = cem.with_context(active_test=False)
        # Erased in the administrator's language (tr.po's "Silinmiş kontak #%s").
        erased = self.env(context={"lang": "tr_TR"})._("Erased contact #%s", cem.id)
        self.assertNotEqual(erased, f"Erased contact #{cem.id}")
        self.assertEqual((cem.name, cem.phone, cem.function, cem.active), (erased, False, False, False))
        self.assertEqual(cem.parent_id, company)

    def test_admin_restricts_a_contact_person_an_invoice_is_addressed_to(self):
        """The erasure of a contact person to whom an invoice is addressed is refused; the
        refusal's one button archives him and records the RET of his number."""
        self._demo_company()
        if "account.move" not in self.env:
            self.skipTest("accounting is not installed")
        nur = self.env.ref("crm_tr_sms.partner_tr_contact_04")
        admin = self.env.ref("base.user_admin")
        invoice = (
            self.env["account.move"]
            .with_company(admin.company_id)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": nur.id,
                    "invoice_line_ids": [
                        Command.create({"name": "Bakım", "quantity": 1, "price_unit": 100, "tax_ids": []})
                    ],
                }
            )
        )
        invoice.action_post()
        self._speak_turkish(admin)
        before = self.env["crm_tr.iys.consent"].search([("partner_id", "=", nur.id)])
        self.start_tour(f"/odoo/contacts/{nur.id}", "crm_tr_sms_kvkk_restrict_tour", login=admin.login)
        nur = nur.with_context(active_test=False)
        self.assertEqual((nur.name, nur.phone, nur.active), ("Nur Güneş", "+90 542 234 19 72", False))
        refusal = self.env["crm_tr.iys.consent"].search([("partner_id", "=", nur.id)]) - before
        self.assertEqual(
            (refusal.company_id, refusal.status, refusal.recipient, refusal.iys_state),
            (admin.company_id, "RET", "+905422341972", "pending"),
        )
