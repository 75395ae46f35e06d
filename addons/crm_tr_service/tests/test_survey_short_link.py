from urllib.parse import urlsplit

from odoo.tests import tagged

from odoo.addons.crm_tr_sms.tests.common import CrmTrTwoCompanyHttpCase


@tagged("post_install", "-at_install")
class TestSurveyShortLink(CrmTrTwoCompanyHttpCase):
    """The satisfaction SMS carries a link_tracker short link (/r/CODE) that redirects to
    the customer's own survey answer and counts the click."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("crm_tr_service.survey_service_satisfaction")
        cls.company_a.crm_tr_service_survey_id = cls.survey
        cls.customer = cls.env["res.partner"].create(
            {"name": "Ayşe Demir", "phone": "+90 532 111 22 33", "lang": "en_US", "customer_rank": 1}
        )

    def _follow(self, sms):
        short_url = sms.body.rsplit(" ", 1)[1]
        self.assertRegex(urlsplit(short_url).path, r"^/r/\w+$")
        return self.url_open(urlsplit(short_url).path, allow_redirects=False)

    def test_solved_case_sms_short_link_redirects_to_the_customers_answer(self):
        case = self.env["crm_tr.service.case"].create(
            {"subject": "Klima soğutmuyor", "partner_id": self.customer.id, "company_id": self.company_a.id}
        )
        case.resolution_note = "<p>Gaz dolumu yapıldı.</p>"
        case.action_solve()
        invitation = case.crm_tr_survey_input_ids
        sms = self.env["sms.sms"].search([("mail_message_id.res_id", "=", case.id), ("body", "like", "survey")])
        self.assertEqual(len(sms), 1)
        self.assertNotIn("/survey/start/", sms.body)
        tracker = self.env["link.tracker"].search([("url", "=", invitation.crm_tr_survey_url)])
        self.assertEqual(tracker.count, 0)
        response = self._follow(sms)
        self.assertIn(response.status_code, (301, 302))
        self.assertEqual(response.headers["Location"], invitation.crm_tr_survey_url)
        self.assertTrue(
            response.headers["Location"].endswith(
                f"/survey/start/{self.survey.access_token}?answer_token={invitation.access_token}"
            )
        )
        self.assertEqual(tracker.count, 1)
        # The survey page it leads to opens for the customer (no login: token access).
        self.assertEqual(self.url_open(response.headers["Location"]).status_code, 200)
        self.assertEqual(tracker.count, 1)

    def test_campaign_sms_short_link_redirects_to_the_customers_answer(self):
        self.customer.with_company(self.company_a).crm_tr_customer_class = "a"
        campaign = self.env["crm_tr.service.survey.campaign"].create(
            {
                "name": "A sınıfı müşteriler",
                "survey_id": self.survey.id,
                "customer_class": "a",
                "company_id": self.company_a.id,
            }
        )
        invitation = campaign._crm_tr_send().filtered(lambda answer: answer.partner_id == self.customer)
        sms = self.env["sms.sms"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(sms), 1)
        response = self._follow(sms)
        self.assertIn(response.status_code, (301, 302))
        self.assertEqual(response.headers["Location"], invitation.crm_tr_survey_url)
        tracker = self.env["link.tracker"].search([("url", "=", invitation.crm_tr_survey_url)])
        self.assertEqual(tracker.count, 1)
