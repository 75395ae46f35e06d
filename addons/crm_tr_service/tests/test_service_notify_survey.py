from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.crm_tr_sms.tests.common import CrmTrTwoCompanyCase


@tagged("post_install", "-at_install")
class TestServiceNotifySurvey(CrmTrTwoCompanyCase):
    """Status notifications of service cases and the satisfaction survey of solved cases."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {"name": "Ayşe Demir", "email": "ayse@example.com", "phone": "+90 532 111 22 33", "lang": "en_US"}
        )
        cls.no_phone = Partner.create({"name": "Hasan Yılmaz", "email": "hasan@example.com", "lang": "en_US"})
        cls.no_contact = Partner.create({"name": "Fatma Şahin", "lang": "en_US"})
        cls.survey = cls.env.ref("crm_tr_service.survey_service_satisfaction")
        cls.company_a.crm_tr_service_survey_id = cls.survey
        cls.company_b.crm_tr_service_survey_id = False
        cls.stage_progress = cls.env.ref("crm_tr_service.stage_in_progress")
        cls.stage_waiting = cls.env.ref("crm_tr_service.stage_waiting")
        cls.category = cls.env["crm_tr.service.case.category"].create({"name": "Klima arızası"})
        cls.product = cls.env["product.product"].create({"name": "Split Klima 9000 BTU", "type": "consu"})
        cls.q_score = cls.env.ref("crm_tr_service.survey_service_satisfaction_q_score")
        cls.q_comment = cls.env.ref("crm_tr_service.survey_service_satisfaction_q_comment")

    def _case(self, partner=None, company=None):
        return self.env["crm_tr.service.case"].create(
            {
                "subject": "Klima soğutmuyor",
                "partner_id": (partner or self.customer).id,
                "company_id": (company or self.company_a).id,
                "category_id": self.category.id,
                "product_id": self.product.id,
            }
        )

    def _sms(self, case):
        return self.env["sms.sms"].search(
            [("mail_message_id.res_id", "=", case.id), ("mail_message_id.model", "=", case._name)]
        )

    def _mails(self, case, subject):
        return self.env["mail.message"].search(
            [
                ("model", "=", case._name),
                ("res_id", "=", case.id),
                ("message_type", "=", "comment"),
                ("subject", "=", subject),
            ]
        )

    def test_stage_change_sends_one_mail_and_one_sms(self):
        case = self._case()
        self.assertFalse(self._sms(case), "creating a case notifies nobody")
        case.action_start()
        self.assertEqual(case.stage_id, self.stage_progress)
        messages = self._mails(case, f"Your service request {case.name} is being worked on")
        self.assertEqual(len(messages), 1)
        self.assertEqual(messages.partner_ids, self.customer)
        self.assertIn("Our team is now working on your service request", str(messages.body))
        mails = self.env["mail.mail"].search([("mail_message_id", "=", messages.id)])
        self.assertEqual(mails.recipient_ids, self.customer)
        sms = self._sms(case)
        self.assertEqual(len(sms), 1)
        self.assertEqual(
            sms.body,
            f"Ege Klima A.Ş.: we are working on your service request {case.name}. We will keep you informed.",
        )
        self.assertEqual(sms.number, "+905321112233")
        # Writing the same stage again, or coming back to it in the same transaction: nothing more.
        case.write({"stage_id": self.stage_progress.id})
        case.write({"stage_id": self.stage_waiting.id})
        case.write({"stage_id": self.stage_progress.id})
        self.assertEqual(len(self._mails(case, f"Your service request {case.name} is being worked on")), 1)
        self.assertEqual(len(self._mails(case, f"Your service request {case.name} is waiting for you")), 1)
        self.assertEqual(
            sorted(self._sms(case).mapped("body")),
            [
                f"Ege Klima A.Ş.: we are working on your service request {case.name}. We will keep you informed.",
                f"Ege Klima A.Ş.: your service request {case.name} is waiting for your reply. Please contact us.",
            ],
        )

    def test_customer_without_phone_or_email_is_skipped(self):
        case = self._case(partner=self.no_phone)
        case.action_start()
        self.assertFalse(self._sms(case))
        self.assertEqual(len(self._mails(case, f"Your service request {case.name} is being worked on")), 1)
        silent = self._case(partner=self.no_contact)
        silent.action_start()
        self.assertEqual(silent.state, "in_progress")
        self.assertFalse(self._sms(silent))
        self.assertFalse(self._mails(silent, f"Your service request {silent.name} is being worked on"))
        self.assertFalse(self.env["crm_tr.sms.exclusion"].search([("res_id", "in", (case | silent).ids)]))

    def test_stage_without_templates_sends_nothing(self):
        self.stage_progress.write({"mail_template_id": False, "sms_template_id": False})
        case = self._case()
        case.action_start()
        self.assertFalse(self._sms(case))
        self.assertFalse(self._mails(case, f"Your service request {case.name} is being worked on"))

    def test_technician_moves_the_case_and_the_customer_is_told(self):
        technician = self._crm_tr_user("tech_notify", "crm_tr_service.group_service_technician")
        case = self._case()
        case.with_user(technician).action_start()
        self.assertEqual(len(self._mails(case, f"Your service request {case.name} is being worked on")), 1)
        self.assertEqual(len(self._sms(case)), 1)
        case.resolution_note = "<p>Gaz dolumu yapıldı.</p>"
        case.with_user(technician).action_solve()
        self.assertEqual(len(case.crm_tr_survey_input_ids), 1)
        self.assertEqual(len(self._mails(case, f"How did we do on {case.name}?")), 1)

    def _solve(self, case):
        case.resolution_note = "<p>Gaz dolumu yapıldı.</p>"
        case.action_solve()

    def test_solved_case_gets_one_survey_invitation_and_its_answer_scores_the_case(self):
        case = self._case()
        self._solve(case)
        invitation = case.crm_tr_survey_input_ids
        self.assertEqual(len(invitation), 1)
        self.assertEqual(invitation.survey_id, self.survey)
        self.assertEqual(invitation.partner_id, self.customer)
        self.assertEqual(invitation.crm_tr_case_id, case)
        self.assertIn(
            f"/survey/start/{self.survey.access_token}?answer_token={invitation.access_token}", case.crm_tr_survey_url
        )
        self.assertEqual(len(self._mails(case, f"How did we do on {case.name}?")), 1)
        # The SMS carries the link_tracker short link of the survey link, not the long URL.
        tracker = self.env["link.tracker"].search([("url", "=", case.crm_tr_survey_url)])
        self.assertEqual(len(tracker), 1)
        self.assertRegex(tracker.short_url, r"/r/\w+$")
        self.assertIn(
            f"Ege Klima A.Ş.: how did we do on {case.name}? Answer our short survey: {tracker.short_url}",
            self._sms(case).mapped("body"),
        )
        # Reopened and solved again: not asked twice.
        case.action_reopen()
        self._solve(case)
        self.assertEqual(case.crm_tr_survey_input_ids, invitation)
        self.assertEqual(case.crm_tr_satisfaction, 0)
        invitation._save_lines(self.q_score, 4)
        invitation._save_lines(self.q_comment, "Teknisyen çok ilgiliydi.")
        invitation._mark_done()
        self.assertEqual(invitation.state, "done")
        self.assertEqual(case.crm_tr_satisfaction, 4)

    def test_satisfaction_by_category_and_technician(self):
        cases = self._case() | self._case() | self._case(partner=self.no_phone)
        for case, score in zip(cases, (5, 2, 4), strict=True):
            self._solve(case)
            case.crm_tr_survey_input_ids._save_lines(self.q_score, score)
            case.crm_tr_survey_input_ids._mark_done()
        groups = self.env["crm_tr.service.case"]._read_group(
            [("id", "in", cases.ids), ("crm_tr_satisfaction", ">", 0)], ["category_id"], ["crm_tr_satisfaction:avg"]
        )
        self.assertEqual(groups, [(self.category, 11 / 3)])

    def test_company_without_survey_sends_none(self):
        case = self._case(company=self.company_b)
        self._solve(case)
        self.assertEqual(case.state, "done")
        self.assertFalse(case.crm_tr_survey_input_ids)
        self.assertFalse(self._mails(case, f"How did we do on {case.name}?"))


@tagged("post_install", "-at_install")
class TestServiceSurveyCampaign(CrmTrTwoCompanyCase):
    """Periodic surveys to a customer segment: once per customer per period, response rate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.a1 = Partner.create(
            {"name": "Akdeniz Otel A.Ş.", "is_company": True, "email": "a1@example.com", "phone": "+90 532 000 00 01"}
        )
        cls.a2 = Partner.create({"name": "Bora Yapı Ltd.", "is_company": True, "email": "a2@example.com"})
        cls.b1 = Partner.create({"name": "Çınar Market", "is_company": True, "email": "b1@example.com"})
        cls.a_in_b = Partner.create({"name": "Deniz Lojistik", "is_company": True, "email": "d@example.com"})
        for partner, cls_a, cls_b in (
            (cls.a1, "a", "c"),
            (cls.a2, "a", False),
            (cls.b1, "b", "a"),
            (cls.a_in_b, False, "a"),
        ):
            partner.with_company(cls.company_a).crm_tr_customer_class = cls_a
            partner.with_company(cls.company_b).crm_tr_customer_class = cls_b
        cls.survey = cls.env.ref("crm_tr_service.survey_service_satisfaction")
        cls.campaign = cls.env["crm_tr.service.survey.campaign"].create(
            {
                "name": "A sınıfı müşteriler, üç ayda bir",
                "survey_id": cls.survey.id,
                "customer_class": "a",
                "interval": "quarterly",
                "next_date": "2027-01-04",
                "company_id": cls.company_a.id,
            }
        )
        cls.cron = cls.env.ref("crm_tr_service.ir_cron_crm_tr_service_survey_campaign")

    def _run_cron(self, day):
        with freeze_time(day), self.enter_registry_test_mode():
            self.cron.method_direct_trigger()

    def test_cron_invites_the_segment_once_per_period(self):
        self._run_cron("2027-01-03 09:00:00")
        self.assertFalse(self.campaign.invitation_ids, "not due yet")
        self._run_cron("2027-01-04 09:00:00")
        first = self.campaign.invitation_ids
        self.assertEqual(first.partner_id, self.a1 | self.a2)
        self.assertEqual(set(first.mapped("crm_tr_campaign_period")), {date(2027, 1, 4)})
        self.assertEqual(self.campaign.next_date, date(2027, 4, 4))
        sms = self.env["sms.sms"].search([("partner_id", "=", self.a1.id)])
        self.assertEqual(len(sms), 1)
        url = first.filtered(lambda i: i.partner_id == self.a1).crm_tr_survey_url
        tracker = self.env["link.tracker"].search([("url", "=", url)])
        self.assertEqual(len(tracker), 1, "the SMS carries the survey link's short link")
        self.assertEqual(
            sms.body, f"How satisfied are you with our service? Answer our short survey: {tracker.short_url}"
        )
        self.assertEqual(len(self.env["mail.mail"].search([("recipient_ids", "in", (self.a1 | self.a2).ids)])), 2)
        # The same day again, and the same period sent by hand after a failed run: nobody twice.
        self._run_cron("2027-01-04 18:00:00")
        self.campaign.next_date = date(2027, 1, 4)
        self.campaign._crm_tr_send()
        self.assertEqual(self.campaign.invitation_ids, first)
        self.campaign.next_date = date(2027, 4, 4)
        self._run_cron("2027-04-04 09:00:00")
        self.assertEqual(len(self.campaign.invitation_ids), 4)
        self.assertEqual(self.campaign.next_date, date(2027, 7, 4))
        # Two of four answered: 50 %.
        for invitation in self.campaign.invitation_ids.filtered(lambda i: i.partner_id == self.a1):
            invitation._mark_done()
        self.campaign.invalidate_recordset()
        self.assertEqual((self.campaign.sent_count, self.campaign.answered_count), (4, 2))
        self.assertEqual(self.campaign.response_rate, 50.0)

    def test_company_b_segment_is_its_own(self):
        campaign_b = self.campaign.copy({"company_id": self.company_b.id, "next_date": "2027-01-04"})
        with freeze_time("2027-01-04 09:00:00"):
            campaign_b._crm_tr_send()
        self.assertEqual(campaign_b.invitation_ids.partner_id, self.b1 | self.a_in_b)

    def test_campaign_needs_a_segment(self):
        with self.assertRaisesRegex(ValidationError, "needs a segment"):
            self.campaign.customer_class = False

    def test_manager_only_configures(self):
        manager = self._crm_tr_user("svc_mgr_campaign", "crm_tr_service.group_service_manager")
        technician = self._crm_tr_user("svc_tech_campaign", "crm_tr_service.group_service_technician")
        self.assertEqual(self.campaign.with_user(manager).name, "A sınıfı müşteriler, üç ayda bir")
        with self.assertRaises(AccessError):
            self.campaign.with_user(technician).read(["name"])
        other = self._crm_tr_user("svc_mgr_b", "crm_tr_service.group_service_manager", company=self.company_b)
        with self.assertRaises(AccessError):
            self.campaign.with_user(other).read(["name"])
