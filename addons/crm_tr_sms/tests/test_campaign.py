from ast import literal_eval
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_tr_sms.models import mailing_mailing


@tagged("post_install", "-at_install")
@freeze_time("2026-11-24 10:00:00")  # 13:00 in Türkiye: inside the commercial window
class TestCampaign(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {
                "name": "Ege Klima A.Ş.",
                "crm_tr_sms_price_per_part": 0.25,
                "crm_tr_sms_optout_text": "RET EGEKLIMA yazıp 3338'e gönderin.",
            }
        )
        Partner = cls.env["res.partner"]
        cls.onay = Partner.create({"name": "Ayşe Yılmaz", "phone": "0532 111 22 33"})
        cls.ret = Partner.create({"name": "Mehmet Kaya", "phone": "0505 444 55 66"})
        cls.none = Partner.create({"name": "Fatma Demir", "phone": "0542 777 88 99"})
        cls.merchant = Partner.create({"name": "Yıldız Otel A.Ş.", "is_company": True, "phone": "0544 123 45 67"})
        cls.landline = Partner.create({"name": "Sabit Ltd.", "is_company": True, "phone": "0212 555 12 12"})
        cls.twin = Partner.create({"name": "Ayşe Y. (iş)", "phone": "+905321112233"})
        cls.blacklisted = Partner.create({"name": "Ali Çetin", "phone": "0553 999 00 11"})
        cls.env["phone.blacklist"].sudo().add("+905539990011")
        Consent = cls.env["crm_tr.iys.consent"]
        for partner, status in ((cls.onay, "ONAY"), (cls.ret, "RET"), (cls.blacklisted, "ONAY")):
            Consent.create(
                {
                    "partner_id": partner.id,
                    "company_id": cls.company.id,
                    "recipient": partner.phone,
                    "status": status,
                    "consent_date": datetime(2026, 10, 1, 12),
                }
            )
        cls.partners = cls.onay | cls.ret | cls.none | cls.merchant | cls.landline | cls.twin | cls.blacklisted

    def _mailing(self, body="Kış bakım kampanyası: %20 indirim.", message_type="commercial"):
        return self.env["mailing.mailing"].create(
            {
                "mailing_type": "sms",
                "sms_subject": "Kış kampanyası",
                "mailing_model_id": self.env["ir.model"]._get("res.partner").id,
                "mailing_domain": repr([("id", "in", self.partners.ids)]),
                "body_plaintext": body,
                "crm_tr_message_type": message_type,
                "crm_tr_company_id": self.company.id,
            }
        )

    def _sms(self, mailing):
        return self.env["sms.sms"].search([("mailing_id", "=", mailing.id)])

    def _exclusions(self, mailing):
        records = self.env["crm_tr.sms.exclusion"].search([("mailing_id", "=", mailing.id)])
        return {record.partner_id: record.reason for record in records}

    def test_commercial_campaign(self):
        mailing = self._mailing()
        self.assertEqual((mailing.crm_tr_parts, mailing.crm_tr_encoding), (1, "turkish"))
        mailing.action_crm_tr_preview()
        self.assertEqual((mailing.crm_tr_preview_count, mailing.crm_tr_preview_excluded), (2, 5))
        self.assertAlmostEqual(mailing.crm_tr_estimated_cost, 0.5)

        mailing.action_send_sms()
        sms = self._sms(mailing)
        self.assertEqual(sms.partner_id, self.onay | self.merchant)
        self.assertEqual(
            {s.partner_id: (s.number, s.crm_tr_recipient_type) for s in sms},
            {self.onay: ("+905321112233", "BIREYSEL"), self.merchant: ("+905441234567", "TACIR")},
        )
        self.assertEqual(set(sms.mapped("crm_tr_commercial")), {True})
        self.assertEqual(set(sms.mapped("state")), {"outgoing"})
        self.assertEqual(sms[0].body, "Kış bakım kampanyası: %20 indirim.\nRET EGEKLIMA yazıp 3338'e gönderin.")
        self.assertEqual(
            self._exclusions(mailing),
            {
                self.ret: "ret",
                self.none: "no_consent",
                self.landline: "not_mobile",
                self.twin: "duplicate",
                self.blacklisted: "blacklisted",
            },
        )
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        self.assertEqual(len(traces), 7, "every targeted contact has a trace")
        self.assertEqual(sorted(traces.mapped("trace_status")), ["cancel"] * 5 + ["outgoing"] * 2)
        trackers = self.env["sms.tracker"].search([("sms_uuid", "in", sms.mapped("uuid"))])
        self.assertEqual(trackers.mailing_trace_id, traces.filtered(lambda t: t.trace_status == "outgoing"))
        self.assertEqual(mailing.crm_tr_excluded_count, 5)

        # Once the provider accepted one of them, that one is billed.
        traces.filtered(lambda t: t.res_id == self.onay.id).trace_status = "pending"
        mailing.invalidate_recordset()
        self.assertAlmostEqual(mailing.crm_tr_real_cost, 0.25)

    def test_sending_again_sends_nothing_twice(self):
        mailing = self._mailing()
        mailing.action_send_sms()
        mailing.action_send_sms()
        self.assertEqual(len(self._sms(mailing)), 2)
        self.assertEqual(self.env["mailing.trace"].search_count([("mass_mailing_id", "=", mailing.id)]), 7)
        self.assertEqual(mailing._get_remaining_recipients(), [])

    def test_informational_campaign_ignores_consent_but_not_numbers(self):
        mailing = self._mailing(
            body="Merhaba {{ object.name }}, servis ağımız genişledi.", message_type="informational"
        )
        mailing.action_send_sms()
        sms = self._sms(mailing)
        self.assertEqual(sms.partner_id, self.onay | self.ret | self.none | self.merchant)
        self.assertEqual(
            self._exclusions(mailing),
            {self.landline: "not_mobile", self.twin: "duplicate", self.blacklisted: "blacklisted"},
        )
        body = sms.filtered(lambda s: s.partner_id == self.none).body
        self.assertEqual(body, "Merhaba Fatma Demir, servis ağımız genişledi.", "no opt-out text on information")

    def test_batches_give_the_same_result(self):
        self.patch(mailing_mailing, "ENQUEUE_BATCH", 2)
        mailing = self._mailing(message_type="informational")
        mailing.action_send_sms()
        self.assertEqual(len(self._sms(mailing)), 4)
        self.assertEqual(self._exclusions(mailing)[self.twin], "duplicate", "de-duplicated across batches")

    def test_restart_after_a_committed_batch(self):
        """The cron died after its first batch was committed: the next run queues only the rest."""
        mailing = self._mailing(message_type="informational")
        first = sorted(self.partners.ids)[:3]
        mailing._crm_tr_enqueue(first)
        self.assertEqual(len(mailing._get_remaining_recipients()), 4)
        mailing.action_send_sms()
        sms = self._sms(mailing)
        self.assertEqual(len(sms), 4)
        self.assertEqual(len(set(sms.mapped("number"))), 4)

    def test_mailing_queue_cron(self):
        mailing = self._mailing()
        mailing.action_put_in_queue()
        cron = self.env.ref("mass_mailing.ir_cron_mass_mailing_queue")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertEqual(mailing.state, "sending")
        self.assertEqual(len(self._sms(mailing)), 2)
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertEqual(mailing.state, "done")
        self.assertEqual(len(self._sms(mailing)), 2)

    def test_commercial_campaign_waits_for_the_window(self):
        mailing = self._mailing()
        with freeze_time("2026-11-24 19:30:00"):  # 22:30 in Türkiye
            mailing.action_send_sms()
        self.assertFalse(self._sms(mailing))
        self.assertEqual(str(mailing.schedule_date), "2026-11-25 06:00:00", "09:00 the next morning, Turkey time")
        informational = self._mailing(message_type="informational")
        with freeze_time("2026-11-24 19:30:00"):
            informational.action_send_sms()
        self.assertEqual(len(self._sms(informational)), 4, "information is not commercial: no window")

    def test_ready_made_segments(self):
        filters = self.env["mailing.filter"].search(
            [
                (
                    "id",
                    "in",
                    [
                        self.env.ref("crm_tr_sms.mailing_filter_sms_consent").id,
                        self.env.ref("crm_tr_sms.mailing_filter_sms_merchants").id,
                        self.env.ref("crm_tr_sms.mailing_filter_sms_individuals").id,
                    ],
                )
            ]
        )
        found = {
            f.name: self.env["res.partner"].search(literal_eval(f.mailing_domain)) & self.partners for f in filters
        }
        self.assertEqual(found["Contacts who approved SMS (İYS ONAY)"], self.onay | self.blacklisted)
        self.assertEqual(found["Companies (merchants, TACIR)"], self.merchant | self.landline)
        self.assertEqual(
            found["Individuals with a phone number (BIREYSEL)"],
            self.onay | self.ret | self.none | self.twin | self.blacklisted,
        )
