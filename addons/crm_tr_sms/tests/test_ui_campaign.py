from odoo.tests import tagged

from .tours import TurkishTourCase


@tagged("post_install", "-at_install")
class TestCampaignTour(TurkishTourCase):
    def test_admin_prepares_a_commercial_campaign_in_turkish(self):
        """The administrator opens the demo SMS campaign in Turkish: the part counter counts
        the company's opt-out instruction while he types, and the preview lists who would
        be left out and why, one click away."""
        company = self._demo_company()
        mailing = self.env.ref("crm_tr_sms.mailing_sms_demo_winter_service")
        self.assertTrue(company.crm_tr_sms_optout_text)
        admin = self.env.ref("base.user_admin")
        self._speak_turkish(admin)
        self.start_tour(
            f"/odoo/action-mass_mailing_sms.mailing_mailing_action_sms/{mailing.id}",
            "crm_tr_sms_campaign_tour",
            login=admin.login,
        )
        mailing.invalidate_recordset()
        self.assertEqual(mailing.body_plaintext, "ş" + "a" * 119)
        self.assertEqual((mailing.crm_tr_parts, mailing.crm_tr_encoding), (2, "turkish"))
        previewed = self.env["crm_tr.sms.exclusion"].search([("mailing_id", "=", mailing.id), ("preview", "=", True)])
        self.assertEqual(len(previewed), mailing.crm_tr_preview_excluded)
        self.assertIn("no_consent", previewed.mapped("reason"))
        self.assertEqual(mailing.crm_tr_excluded_count, 0, "a preview sends nothing and logs no exclusion")
