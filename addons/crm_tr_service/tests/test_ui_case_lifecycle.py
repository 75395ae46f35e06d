from urllib.parse import urlsplit

from odoo.tests import tagged

from odoo.addons.crm_tr_sms.tests.tours import TurkishTourCase

SUBJECT = "Kombi sıcak su vermiyor"


def sms_parts(text):
    """Parts of an SMS in UCS-2 (Turkish letters such as ı and ş are not in the GSM alphabet)."""
    return 1 if len(text) <= 70 else -(-len(text) // 67)


@tagged("post_install", "-at_install")
class TestCaseLifecycleTour(TurkishTourCase):
    """Issue 12, point 10: a case from the customer portal to its solution by a technician,
    then the customer's answer to the satisfaction survey, each step in the browser as its
    user works (phone-sized screen, Turkish)."""

    browser_size = "375x667"  # the technician and the customer, on their phones
    touch_enabled = True

    def test_portal_case_solved_by_technician_then_survey_answered(self):
        istanbul = self._demo_company()
        customer_user = self.env.ref("crm_tr_service.user_portal_marmara", raise_if_not_found=False)
        if not customer_user:
            self.skipTest("the tour walks through the demo data")
        kemal = self.env.ref("crm_tr_service.user_tr_technician")
        self._speak_turkish(customer_user, kemal)
        customer = customer_user.partner_id
        customer.phone = "+90 532 456 78 90"
        survey = self.env.ref("crm_tr_service.survey_service_satisfaction")
        istanbul.crm_tr_service_survey_id = survey
        lot = self.env["stock.lot"].create(
            {
                "name": "KMB24-E2E-0001",
                "product_id": self.env.ref("crm_tr_sales.product_tr_split_12000").id,
                "company_id": istanbul.id,
                "crm_tr_partner_id": customer.commercial_partner_id.id,
            }
        )

        # (a) The customer opens the case in the portal, choosing her unit.
        self.start_tour("/my/cases", "crm_tr_service_e2e_portal_tour", login="marmara")
        case = self.env["crm_tr.service.case"].search([("subject", "=", SUBJECT)])
        self.assertEqual(
            (len(case), case.channel, case.partner_id, case.lot_id, case.company_id, case.state),
            (1, "portal", customer, lot, istanbul, "new"),
        )
        self.assertFalse(case.user_id.share, "the team assigns it to an employee, never to the customer")

        # The dispatcher gives it to Kemal, who finds it in My Cases.
        case.write({"user_id": kemal.id, "technician_id": self.env.ref("crm_tr_sales.employee_tr_ist_tech_1").id})

        # (b) Kemal works on it on his phone and solves it.
        self.start_tour("/odoo", "crm_tr_service_e2e_technician_tour", login="kemal")
        self.assertEqual(case.state, "done")
        self.assertIn("Üç yollu vana değiştirildi", case.resolution_note)
        stage_moves = (
            case.message_ids.sudo()
            .tracking_value_ids.filtered(lambda value: value.field_id.name == "stage_id")
            .sorted("id")
        )
        self.assertEqual(
            self.env["crm_tr.service.stage"].browse(stage_moves.mapped("new_value_integer")).mapped("category"),
            ["in_progress", "waiting", "in_progress", "done"],
        )
        self.assertEqual(set(stage_moves.mail_message_id.author_id.ids), set(kemal.partner_id.ids), "his own work")

        # (c) The customer is invited: one survey answer for the case, by e-mail with the link
        # and by SMS with its short link.
        invitation = case.crm_tr_survey_input_ids
        self.assertEqual(
            (len(invitation), invitation.survey_id, invitation.partner_id, invitation.state),
            (1, survey, customer, "new"),
        )
        start_url = invitation.crm_tr_survey_url
        self.assertTrue(
            start_url.endswith(f"/survey/start/{survey.access_token}?answer_token={invitation.access_token}")
        )
        mail = case.message_ids.filtered(lambda message: start_url in (message.body or ""))
        self.assertEqual(len(mail), 1, "the survey e-mail carries the full link")
        self.assertEqual(
            mail.notification_ids.filtered(lambda n: n.res_partner_id == customer).notification_type, "email"
        )
        tracker = self.env["link.tracker"].search([("url", "=", start_url)])
        self.assertEqual(len(tracker), 1)
        sms = self.env["sms.sms"].search([("mail_message_id.res_id", "=", case.id), ("body", "like", "/r/")])
        self.assertEqual((len(sms), sms.number, sms.state), (1, "+905324567890", "outgoing"))
        self.assertEqual(
            sms.body,
            f"{istanbul.name}: {case.name} için hizmetimizi nasıl buldunuz? "
            f"Kısa anketimizi yanıtlayın: {tracker.short_url}",
        )
        # Turkish text is sent as UCS-2: 70 characters in one SMS, 67 per part of a longer one.
        # On a server at https://servis.example.com the short link saves a part.
        host = urlsplit(tracker.short_url)._replace(path="").geturl()
        short_body = sms.body.replace(host, "https://servis.example.com")
        long_body = short_body.replace(
            urlsplit(tracker.short_url).path, urlsplit(start_url)._replace(scheme="", netloc="").geturl()
        )
        self.assertEqual((sms_parts(short_body), sms_parts(long_body)), (3, 4), (short_body, long_body))
        self.assertEqual(tracker.count, 0)

        # The customer follows the SMS's short link on her phone and answers the survey.
        self.start_tour(urlsplit(tracker.short_url).path, "crm_tr_service_e2e_survey_tour")
        self.assertEqual(tracker.count, 1, "link_tracker counted her click")
        self.assertEqual(invitation.state, "done")
        self.assertEqual(invitation.crm_tr_case_id, case)
        answers = {line.question_id: line for line in invitation.user_input_line_ids}
        self.assertEqual(answers[self.env.ref("crm_tr_service.survey_service_satisfaction_q_score")].value_scale, 5)
        self.assertEqual(
            answers[self.env.ref("crm_tr_service.survey_service_satisfaction_q_technician")].suggested_answer_id,
            self.env.ref("crm_tr_service.survey_service_satisfaction_q_technician_a1"),
        )
        self.assertEqual(
            answers[self.env.ref("crm_tr_service.survey_service_satisfaction_q_comment")].value_text_box,
            "Aynı gün geldiler, teşekkürler.",
        )
        self.assertEqual(case.crm_tr_satisfaction, 5)
