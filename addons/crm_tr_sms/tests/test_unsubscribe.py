import json
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CrmTrTwoCompanyHttpCase


@tagged("post_install", "-at_install")
class TestUnsubscribeLink(CrmTrTwoCompanyHttpCase):
    @freeze_time("2026-11-24 10:00:00")
    def test_link_blacklists_and_records_an_iys_refusal(self):
        company = self.company_a
        # A commercial campaign needs the company's opt-out instruction.
        company.crm_tr_sms_optout_text = "RET EGEKLIMA yazıp 3338'e gönderin."
        partner = self.env["res.partner"].create(
            {"name": "Yıldız Otel A.Ş.", "is_company": True, "phone": "0544 123 45 67"}
        )
        mailing = self.env["mailing.mailing"].create(
            {
                "mailing_type": "sms",
                "sms_subject": "Kış kampanyası",
                "mailing_model_id": self.env["ir.model"]._get("res.partner").id,
                "mailing_domain": repr([("id", "=", partner.id)]),
                "body_plaintext": "Klima bakımı %20 indirimli.",
                "crm_tr_company_id": company.id,
                "sms_allow_unsubscribe": True,
            }
        )
        mailing.action_send_sms()
        sms = self.env["sms.sms"].search([("mailing_id", "=", mailing.id)])
        trace = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        self.assertIn(f"/sms/{mailing.id}/{trace.sms_code}", sms.body, "each SMS carries its own opt-out link")

        response = self.url_open(f"/sms/{mailing.id}/unsubscribe/{trace.sms_code}?sms_number=%2B905441234567")
        self.assertEqual(response.status_code, 200)
        refusal = self.env["crm_tr.iys.consent"].search([("partner_id", "=", partner.id)])
        self.assertEqual(
            (refusal.status, refusal.recipient, refusal.company_id, refusal.source, refusal.iys_state),
            ("RET", "+905441234567", company, "HS_WEB", "pending"),
        )
        self.assertTrue(self.env["phone.blacklist"].sudo().search([("number", "=", "+905441234567")]))
        self.assertEqual(partner._crm_tr_sms_commercial_exclusions(company), {partner: "ret"})
        self.assertEqual(refusal.mailing_id, mailing)
        # Tuesday 24 November 2026, 13:00 in Turkey: due by the end of Friday 27th's work (17:00).
        self.assertEqual(refusal.iys_deadline, datetime(2026, 11, 27, 14))
        mailing.invalidate_recordset()
        self.assertEqual(mailing.crm_tr_optout_count, 1, "the campaign counts who opted out through it")


@tagged("post_install", "-at_install")
class TestInboundOptOut(CrmTrTwoCompanyHttpCase):
    def _post(self, payload, token=None):
        token = token or self.company_a.sudo().crm_tr_sms_webhook_token
        return self.url_open(
            f"/crm_tr_sms/inbound/{token}", data=json.dumps(payload), headers={"Content-Type": "application/json"}
        )

    def test_reply_keyword_records_a_refusal(self):
        self.company_a._crm_tr_sms_ensure_webhook_token()
        partner = self.env["res.partner"].create({"name": "Burak Kurt", "phone": "0507 111 22 33"})
        other = self.env["res.partner"].create({"name": "Merve Koç", "phone": "0507 999 88 77"})
        response = self._post(
            [
                {"from": "905071112233", "text": "İPTAL lütfen"},
                {"from": "905079998877", "text": "Teşekkürler, iptal etmeyin"},
            ]
        )
        self.assertEqual(response.status_code, 200)
        refusal = self.env["crm_tr.iys.consent"].search([("partner_id", "=", partner.id)])
        self.assertEqual(
            (refusal.status, refusal.source, refusal.recipient, refusal.company_id),
            ("RET", "HS_MESAJ", "+905071112233", self.company_a),
        )
        self.assertFalse(self.env["crm_tr.iys.consent"].search([("partner_id", "=", other.id)]))
        self.assertTrue(self.env["phone.blacklist"].sudo().search([("number", "=", "+905071112233")]))
        self.assertEqual(self._post({"from": "905071112233", "text": "RET"}, token="y" * 32).status_code, 404)

    def test_keywords(self):
        Consent = self.env["crm_tr.iys.consent"]
        partner = self.env["res.partner"].create({"name": "Elif Aydın", "phone": "0532 765 43 21"})
        for text, refused in (("ret", True), ("RED", True), ("Stop", True), ("IPTAL", True), ("merhaba", False)):
            created = Consent._crm_tr_inbound_message(self.company_a, "05327654321", text)
            self.assertEqual(bool(created), refused, text)
        self.assertEqual(len(Consent.search([("partner_id", "=", partner.id)])), 4)
