from freezegun import freeze_time

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestUnsubscribeLink(HttpCase):
    @freeze_time("2026-11-24 10:00:00")
    def test_link_blacklists_and_records_an_iys_refusal(self):
        company = self.env["res.company"].create({"name": "Ege Klima A.Ş."})
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
