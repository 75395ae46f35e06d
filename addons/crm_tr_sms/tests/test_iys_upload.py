from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import CrmTrTwoCompanyCase
from .standins import IletiMerkeziStandIn, NetgsmStandIn, VerimorStandIn


@tagged("post_install", "-at_install")
class TestIysUpload(CrmTrTwoCompanyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.env["res.partner"].create({"name": "Gülşen Özdemir", "phone": "0555 321 54 76"})

    def _company(self, provider, server):
        """Company A, sending through `provider` (its stand-in `server`)."""
        self.company_a.write(
            {
                "crm_tr_sms_provider": provider,
                "crm_tr_sms_username": "908501234567",
                "crm_tr_sms_password": "s3cret",
                "crm_tr_sms_sender": "CRMTR",
                "crm_tr_sms_iys_brand_code": "654321",
                "crm_tr_sms_api_url": server.url,
            }
        )
        return self.company_a

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

    def test_provider_without_consent_upload(self):
        with IletiMerkeziStandIn("908501234567", "s3cret") as server:
            consents = self._consents(self._company("iletimerkezi", server))
            self._run_cron()
        self.assertEqual(set(consents.mapped("iys_state")), {"error"})
        self.assertIn("upload these consents in its panel", consents[0].iys_error)
