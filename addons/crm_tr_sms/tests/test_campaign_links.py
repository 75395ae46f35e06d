import re

from freezegun import freeze_time

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.crm_tr_sms.models import mailing_mailing

BASE_URL = "https://crm.egeklima.com.tr"
OFFER = "https://www.egeklima.com.tr/kis-kampanyasi?kod=KIS20"


@tagged("post_install", "-at_install")
@freeze_time("2026-11-24 10:00:00")  # 13:00 in Türkiye: inside the commercial window
class TestCampaignLinks(HttpCase):
    """Links in an SMS campaign are shortened as Odoo's mass SMS does, and a click on the
    short link is counted on the campaign's trace and link tracker (over HTTP)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("web.base.url", BASE_URL)
        cls.company = cls.env["res.company"].create({"name": "Ege Klima A.Ş."})
        cls.partners = cls.env["res.partner"].create(
            [
                {"name": "Yıldız Otel A.Ş.", "is_company": True, "phone": "0544 123 45 67"},
                {"name": "Deniz Lokantası Ltd.", "is_company": True, "phone": "0532 765 43 21"},
                {"name": "Sabit Hat Ltd.", "is_company": True, "phone": "0212 555 12 12"},
            ]
        )
        cls.campaign = cls.env["utm.campaign"].create({"name": "Kış 2026"})

    def _mailing(self, **values):
        return self.env["mailing.mailing"].create(
            {
                "mailing_type": "sms",
                "sms_subject": "Kış kampanyası",
                "mailing_model_id": self.env["ir.model"]._get("res.partner").id,
                "mailing_domain": repr([("id", "in", self.partners.ids)]),
                "body_plaintext": f"Kış bakımı %20 indirimli: {OFFER} Ayrıntılar: {OFFER}",
                "crm_tr_message_type": "informational",
                "crm_tr_company_id": self.company.id,
                "campaign_id": self.campaign.id,
                "sms_allow_unsubscribe": True,
                **values,
            }
        )

    def test_short_links_and_clicks(self):
        self.patch(mailing_mailing, "ENQUEUE_BATCH", 1)  # each recipient in its own batch
        mailing = self._mailing()
        mailing.action_send_sms()
        tracker = self.env["link.tracker"].search([("mass_mailing_id", "=", mailing.id)])
        self.assertEqual(len(tracker), 1, "one short link per URL and campaign, whatever the number of batches")
        self.assertEqual(
            (tracker.url, tracker.campaign_id, tracker.medium_id, tracker.short_url),
            (OFFER, self.campaign, mailing.medium_id, f"{BASE_URL}/r/{tracker.code}"),
        )
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        sent = traces.filtered("sms_id_int")
        self.assertEqual(len(sent), 2)
        self.assertEqual(traces - sent, traces.filtered(lambda t: t.failure_type == "sms_number_format"))
        for trace in sent:
            sms = self.env["sms.sms"].browse(trace.sms_id_int)
            short = f"{tracker.short_url}/s/{sms.id}"
            self.assertEqual(
                sms.body,
                f"Kış bakımı %20 indirimli: {short} Ayrıntılar: {short}\n"
                f"STOP SMS: {BASE_URL}/sms/{mailing.id}/{trace.sms_code}",
                "each SMS carries its own id after the short link, and its own unsubscribe link",
            )

        clicked = sent[0]
        response = self.url_open(f"/r/{tracker.code}/s/{clicked.sms_id_int}", allow_redirects=False)
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response.headers["Location"], tracker.redirected_url)
        self.assertIn("utm_campaign=", tracker.redirected_url)
        self.assertIn("kod=KIS20", tracker.redirected_url)

        self.env.invalidate_all()
        click = self.env["link.tracker.click"].search([("link_id", "=", tracker.id)])
        self.assertEqual(
            (click.mailing_trace_id, click.mass_mailing_id, click.campaign_id), (clicked, mailing, self.campaign)
        )
        self.assertEqual(tracker.count, 1)
        self.assertEqual(clicked.trace_status, "open")
        self.assertTrue(clicked.links_click_datetime)
        self.assertFalse((sent - clicked).links_click_datetime)
        self.assertEqual((mailing.clicked, mailing.clicks_ratio), (1, 50))

    def test_existing_tracker_and_unsubscribe_link_are_kept(self):
        """A link already short stays (with the SMS's id added, as Odoo does) and the URL of
        a second campaign gets that campaign's own tracker."""
        first = self._mailing()
        first.action_send_sms()
        first_tracker = self.env["link.tracker"].search([("mass_mailing_id", "=", first.id)])
        second = self._mailing(
            body_plaintext=f"Hatırlatma: {first_tracker.short_url} ve {OFFER}",
            campaign_id=self.env["utm.campaign"].create({"name": "Hatırlatma"}).id,
            sms_allow_unsubscribe=False,
        )
        second.action_send_sms()
        second_tracker = self.env["link.tracker"].search([("mass_mailing_id", "=", second.id)])
        self.assertEqual(len(second_tracker), 1)
        self.assertNotEqual(second_tracker, first_tracker)
        sms = self.env["sms.sms"].search([("mailing_id", "=", second.id)], limit=1)
        self.assertEqual(
            sms.body,
            f"Hatırlatma: {first_tracker.short_url}/s/{sms.id} ve {second_tracker.short_url}/s/{sms.id}",
        )


@tagged("post_install", "-at_install")
@freeze_time("2026-11-24 10:00:00")
class TestListUnsubscribe(HttpCase):
    def test_unsubscribed_list_contact_is_left_out_next_time(self):
        """The unsubscribe link of a list campaign takes the number off the campaign's lists
        (Odoo's route); the next campaign on that list logs it as opted out."""
        company = self.env["res.company"].create({"name": "Ege Klima A.Ş."})
        mailing_list = self.env["mailing.list"].create({"name": "Bayiler"})
        turkey = self.env.ref("base.tr")
        contacts = self.env["mailing.contact"].create(
            [
                {
                    "name": name,
                    "mobile": mobile,
                    "country_id": turkey.id,
                    "subscription_ids": [Command.create({"list_id": mailing_list.id})],
                }
                for name, mobile in (("Burak Kurt", "0507 111 22 33"), ("Merve Koç", "0507 999 88 77"))
            ]
        )

        def campaign():
            mailing = self.env["mailing.mailing"].create(
                {
                    "mailing_type": "sms",
                    "sms_subject": "Bayi duyurusu",
                    "mailing_model_id": self.env["ir.model"]._get("mailing.list").id,
                    "contact_list_ids": mailing_list.ids,
                    "body_plaintext": "Yeni bayi fiyat listesi yayında.",
                    "crm_tr_message_type": "informational",
                    "crm_tr_company_id": company.id,
                    "sms_allow_unsubscribe": True,
                }
            )
            mailing.action_send_sms()
            return mailing

        first = campaign()
        trace = self.env["mailing.trace"].search([("mass_mailing_id", "=", first.id), ("res_id", "=", contacts[0].id)])
        sms = self.env["sms.sms"].browse(trace.sms_id_int)
        link = re.search(r"STOP SMS: (\S+)", sms.body).group(1)
        self.assertEqual(link, f"{first.get_base_url()}/sms/{first.id}/{trace.sms_code}")

        response = self.url_open(f"/sms/{first.id}/unsubscribe/{trace.sms_code}?sms_number=%2B905071112233")
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        self.assertTrue(contacts[0].subscription_ids.opt_out)
        self.assertFalse(contacts[1].subscription_ids.opt_out)

        second = campaign()
        exclusion = self.env["crm_tr.sms.exclusion"].search([("mailing_id", "=", second.id)])
        self.assertEqual(
            (exclusion.res_model, exclusion.res_id, exclusion.reason, exclusion.number),
            ("mailing.contact", contacts[0].id, "opt_out", "+905071112233"),
        )
        self.assertEqual(self.env["sms.sms"].search([("mailing_id", "=", second.id)]).number, "+905079998877")
