import re

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.crm_tr_sms.tests.common import CrmTrTwoCompanyCase, CrmTrTwoCompanyHttpCase

from .common import WED, ServiceVisitMixin, ist

RATING_LINK = re.compile(r"https?://\S+/rate/([0-9a-f]{32})/5")


class RatingMixin(ServiceVisitMixin):
    def _sms(self, visit):
        return self.env["sms.sms"].sudo().search([("partner_id", "=", visit.partner_id.id)])

    def _done(self, employees=None, start=10, **vals):
        visit = self._visit(
            employees=employees,
            vehicle_id=False,
            planned_start=ist(WED, start),
            planned_end=ist(WED, start + 1),
            **vals,
        )
        visit.action_done()
        return visit


@tagged("post_install", "-at_install")
class TestVisitRating(RatingMixin, CrmTrTwoCompanyCase):
    def test_done_service_visit_texts_the_rating_link_once(self):
        visit = self._done()
        sms = self._sms(visit)
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.state, "outgoing", "queued: the technician's Done does not wait on the provider")
        self.assertFalse(sms.crm_tr_commercial, "informational: no İYS consent needed")
        self.assertEqual(sms.number, "+905321112233")
        token = RATING_LINK.search(sms.body).group(1)
        rating = self.env["rating.rating"].sudo().search([("access_token", "=", token)])
        self.assertEqual(
            (rating.res_model, rating.res_id, rating.partner_id), ("crm_tr.visit", visit.id, self.customer)
        )
        self.assertIn(visit.name, sms.body)
        self.assertTrue(visit.crm_tr_rating_sms_sent)
        self.assertIn(f"/rate/{token}/5", visit.crm_tr_rating_url)
        # Done again (retried, or reopened and done): no second SMS.
        with self.assertRaises(UserError):
            visit.action_done()
        visit.action_reset()
        visit.action_done()
        self.assertEqual(len(self._sms(visit)), 1)

    def test_sales_visit_sends_no_rating_sms(self):
        visit = self._done(visit_type="sales")
        self.assertFalse(self._sms(visit))
        self.assertFalse(visit.crm_tr_rating_sms_sent)

    def test_rating_lands_on_the_visit_and_the_employees_average(self):
        both = self._done(employees=self.kemal | self.murat, start=9)
        kemal_alone = self._done(start=13)
        unrated = self._done(start=15)
        self.assertEqual(unrated.rating_last_value, 0.0)
        both.rating_apply(5, token=both._rating_get_access_token())
        kemal_alone.rating_apply(1, token=kemal_alone._rating_get_access_token(), feedback="Geç geldi.")
        self.assertEqual(both.rating_last_value, 5.0)
        self.assertEqual(kemal_alone.rating_last_value, 1.0)
        self.assertEqual(kemal_alone.rating_last_feedback, "Geç geldi.")
        self.kemal.invalidate_recordset(["crm_tr_rating_avg", "crm_tr_rating_count"])
        self.murat.invalidate_recordset(["crm_tr_rating_avg", "crm_tr_rating_count"])
        self.assertEqual((self.kemal.crm_tr_rating_avg, self.kemal.crm_tr_rating_count), (3.0, 2))
        self.assertEqual((self.murat.crm_tr_rating_avg, self.murat.crm_tr_rating_count), (5.0, 1))
        # Rated again: the visit's last rating counts, once.
        both.rating_apply(3, token=both._rating_get_access_token())
        self.kemal.invalidate_recordset(["crm_tr_rating_avg", "crm_tr_rating_count"])
        self.assertEqual((self.kemal.crm_tr_rating_avg, self.kemal.crm_tr_rating_count), (2.0, 2))


@tagged("post_install", "-at_install")
class TestVisitRatingPage(RatingMixin, CrmTrTwoCompanyHttpCase):
    def test_customer_rates_through_the_link(self):
        visit = self._done()
        link = RATING_LINK.search(self._sms(visit).body)
        token = link.group(1)
        page = self.url_open(f"/rate/{token}/5")
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token"\s+value="([^"]+)"', page.text).group(1)
        answer = self.url_open(
            f"/rate/{token}/submit_feedback",
            data={"rate": "3", "feedback": "İdare eder.", "csrf_token": csrf},
        )
        self.assertEqual(answer.status_code, 200)
        visit.invalidate_recordset()
        self.assertEqual(visit.rating_last_value, 3.0)
        self.assertEqual(visit.rating_last_feedback, "İdare eder.")
        self.kemal.invalidate_recordset(["crm_tr_rating_avg"])
        self.assertEqual(self.kemal.crm_tr_rating_avg, 3.0)
