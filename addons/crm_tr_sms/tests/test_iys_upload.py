from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged
from odoo.tools import html2plaintext
from odoo.tools.translate import code_translations

from .common import CrmTrTwoCompanyCase
from .standins import IletiMerkeziStandIn, NetgsmStandIn, VerimorStandIn


@tagged("post_install", "-at_install")
class TestIysUpload(CrmTrTwoCompanyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.env["res.partner"].create({"name": "Gülşen Özdemir", "phone": "0555 321 54 76"})

    def _company(self, provider, server, company=None):
        """Company A (or `company`), sending through `provider` (its stand-in `server`)."""
        company = company or self.company_a
        company.write(
            {
                "crm_tr_sms_provider": provider,
                "crm_tr_sms_username": "908501234567",
                "crm_tr_sms_password": "s3cret",
                "crm_tr_sms_sender": "CRMTR",
                "crm_tr_sms_iys_brand_code": "654321",
                "crm_tr_sms_api_url": server.url,
            }
        )
        return company

    def _consents(self, company, days_ago=1):
        Consent = self.env["crm_tr.iys.consent"]
        date = fields.Datetime.now() - timedelta(days=days_ago)
        return Consent.create(
            [
                {
                    "partner_id": self.partner.id,
                    "company_id": company.id,
                    "recipient": self.partner.phone,
                    "status": status,
                    "consent_date": date,
                    "source": "HS_WEB",
                }
                for status in ("ONAY", "RET")
            ]
        )

    def _run_cron(self):
        with self.enter_registry_test_mode():
            self.env.ref("crm_tr_sms.ir_cron_crm_tr_iys_upload").method_direct_trigger()

    def test_netgsm_upload(self):
        with NetgsmStandIn("908501234567", "s3cret") as server:
            consents = self._consents(self._company("netgsm", server))
            self._run_cron()
            (request,) = [r for r in server.requests if r["path"] == "/iys/add"]
        self.assertEqual(set(consents.mapped("iys_state")), {"sent"})
        self.assertTrue(all(consents.mapped("iys_reference")))
        header, data = request["json"]["header"], request["json"]["body"]["data"]
        self.assertEqual((header["username"], header["brandCode"]), ("908501234567", "654321"))
        self.assertEqual(
            [(row["type"], row["status"], row["recipient"], row["recipientType"], row["source"]) for row in data],
            [
                ("MESAJ", "ONAY", "+905553215476", "BIREYSEL", "HS_WEB"),
                ("MESAJ", "RET", "+905553215476", "BIREYSEL", "HS_WEB"),
            ],
        )
        self.assertRegex(data[0]["consentDate"], r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")

    def test_verimor_upload_and_late_consents(self):
        with VerimorStandIn("908501234567", "s3cret") as server:
            company = self._company("verimor", server)
            fresh = self._consents(company)
            late = self._consents(company, days_ago=10)
            self._run_cron()
            uploads = [r for r in server.requests if r["path"] == "/v2/iys_consents.json"]
        self.assertEqual(len(uploads), 1, "one request for the batch")
        self.assertEqual(set((fresh | late).mapped("iys_state")), {"error"}, "Verimor refuses the whole batch")
        self.assertIn("INVALID_CONSENT_DATE", late[0].iys_error)
        # The late ones stay in error; once fixed (here: archived), the rest goes through.
        late.active = False
        with VerimorStandIn("908501234567", "s3cret") as server:
            company.crm_tr_sms_api_url = server.url
            self._run_cron()
            (upload,) = [r for r in server.requests if r["path"] == "/v2/iys_consents.json"]
        self.assertEqual(set(fresh.mapped("iys_state")), {"sent"})
        self.assertEqual(upload["json"]["consents"][0]["recipient"], "905553215476")
        self.assertEqual(
            self._error_notes(late[0]),
            [
                "İYS upload refused: a consent date is older than 3 days, in the future or before 1 May 2015 "
                "(Verimor: INVALID_CONSENT_DATE)"
            ],
        )
        self.assertEqual(
            self._error_notes(fresh[0]),
            [
                "İYS upload refused: a consent date is older than 3 days, in the future or before 1 May 2015 "
                "(Verimor: INVALID_CONSENT_DATE)"
            ],
            "the batch refused with it carries the same explanation",
        )

    def test_provider_without_consent_upload(self):
        with IletiMerkeziStandIn("908501234567", "s3cret") as server:
            consents = self._consents(self._company("iletimerkezi", server))
            self._run_cron()
        self.assertEqual(set(consents.mapped("iys_state")), {"error"})
        self.assertIn("upload these consents in its panel", consents[0].iys_error)

    def _error_notes(self, consent):
        """The texts of the notes the upload job wrote in the consent's chatter (oldest
        first): tracking messages and the creation note left out."""
        notes = consent.message_ids.filtered(lambda m: m.subtype_id == self.env.ref("mail.mt_note") and m.body)
        texts = [html2plaintext(note.body) for note in notes.sorted("id")]
        return [text for text in texts if text != consent._creation_message()]

    def test_upload_errors_explain_the_provider_code(self):
        """Each known refusal reads as an explanation, with the provider's own code and text
        beside it; the note is written once per error, not at every hourly retry."""
        cases = [
            (
                "netgsm",
                NetgsmStandIn("908501234567", "another password"),
                "İYS upload refused: the provider refused the credentials, the API access or this server's IP "
                "address (NetGSM 30: invalid credentials)",
            ),
            (
                "verimor",
                VerimorStandIn("908501234567", "another password"),
                "İYS upload refused: the provider refused the credentials, the API access or this server's IP "
                "address (Verimor 401: Kimlik doğrulama hatası)",
            ),
        ]
        for provider, stand_in, expected in cases:
            with self.subTest(provider=provider), stand_in as server:
                consents = self._consents(self._company(provider, server))
                self._run_cron()
                self._run_cron()
                self.assertEqual(len(server.requests), 2, "tried again at the second run")
                self.assertEqual(consents.mapped("iys_state"), ["error", "error"])
                self.assertEqual(consents.mapped("iys_error"), [expected, expected])
                self.assertEqual(self._error_notes(consents[0]), [expected])
                consents.active = False

    def test_netgsm_without_brand_code_sends_nothing(self):
        with NetgsmStandIn("908501234567", "s3cret") as server:
            company = self._company("netgsm", server)
            company.crm_tr_sms_iys_brand_code = False
            consents = self._consents(company)
            self._run_cron()
        self.assertFalse(server.requests)
        self.assertEqual(
            self._error_notes(consents[1]),
            ["İYS upload not sent: Ege Klima A.Ş. has no İYS brand code in its SMS settings."],
        )

    def test_upload_error_written_in_the_company_language(self):
        """The job runs without a language (Odoo's cron environment has none, whoever its
        user is): its notes must be in the language of the company's staff.

        How this is checked without depending on tr.po: Turkish is activated if needed and
        the two terms of the message are given a Turkish translation for the duration of
        the test, in the very table env._() reads (code_translations); a company's note then
        reads in Turkish exactly when it was rendered with that company's language. Two
        companies in one run: one speaks Turkish, the other English."""
        Lang = self.env["res.lang"].with_context(active_test=False)
        if not Lang._get_code("tr_TR"):
            Lang._activate_lang("tr_TR")
        source = "İYS upload refused: %(reason)s (%(raw)s)"
        reason = "a consent date is older than 3 days, in the future or before 1 May 2015"
        turkish = dict(code_translations.get_python_translations("crm_tr_sms", "tr_TR"))
        turkish |= {
            source: "İYS yüklemesi reddedildi: %(reason)s (%(raw)s)",
            reason: "bir izin tarihi 3 günden eski, ileri bir tarih ya da 1 Mayıs 2015'ten önce",
        }
        with (
            patch.dict(code_translations.python_translations, {("crm_tr_sms", "tr_TR"): turkish}),
            VerimorStandIn("908501234567", "s3cret") as server_a,
            VerimorStandIn("908501234567", "s3cret") as server_b,
        ):
            turkish_company = self._company("verimor", server_a)
            turkish_company.partner_id.lang = "tr_TR"
            english_company = self._company("verimor", server_b, self.company_b)
            english_company.partner_id.lang = "en_US"
            in_turkish = self._consents(turkish_company, days_ago=10)
            in_english = self._consents(english_company, days_ago=10)
            self._run_cron()
        self.assertEqual(
            self._error_notes(in_turkish[0]),
            [
                "İYS yüklemesi reddedildi: bir izin tarihi 3 günden eski, ileri bir tarih ya da 1 Mayıs 2015'ten "
                "önce (Verimor: INVALID_CONSENT_DATE)"
            ],
        )
        self.assertEqual(
            in_turkish[0].iys_error,
            "İYS yüklemesi reddedildi: bir izin tarihi 3 günden eski, ileri bir tarih ya da 1 Mayıs 2015'ten "
            "önce (Verimor: INVALID_CONSENT_DATE)",
        )
        self.assertEqual(
            self._error_notes(in_english[0]),
            [
                "İYS upload refused: a consent date is older than 3 days, in the future or before 1 May 2015 "
                "(Verimor: INVALID_CONSENT_DATE)"
            ],
        )
