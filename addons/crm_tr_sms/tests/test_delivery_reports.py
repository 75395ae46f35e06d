"""Delivery reports: İleti Merkezi and Verimor push them to our webhooks (real HTTP into
Odoo); NetGSM's are polled by a cron (real HTTP to the stand-in) or, once the address is
registered, pushed to our webhook too."""

import json

from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import SQL

from .standins import IletiMerkeziStandIn, NetgsmStandIn, VerimorStandIn

MOBILES = ["+905321234567", "+905059876543", "+905441112233"]


class DeliveryMixin:
    PROVIDER = None
    STANDIN = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {
                "name": f"{cls.PROVIDER} Servis A.Ş.",
                "crm_tr_sms_provider": cls.PROVIDER,
                "crm_tr_sms_username": "908501234567",
                "crm_tr_sms_password": "s3cret",
                "crm_tr_sms_sender": "CRMTR",
            }
        )
        cls.partner = cls.env["res.partner"].create({"name": "Zeynep Şahin", "phone": MOBILES[0]})

    def setUp(self):
        super().setUp()
        # A fresh stand-in per test: what one test sent never counts in another.
        self.server = self.enterContext(self.STANDIN("908501234567", "s3cret"))
        self.company.crm_tr_sms_api_url = self.server.url

    def _send(self, body="Teknisyeniniz yola çıktı. Ref SRV/7"):
        sms = self.env["sms.sms"].create(
            [{"number": number, "body": body, "crm_tr_company_id": self.company.id} for number in MOBILES]
        )
        uuids = sms.mapped("uuid")
        self.addCleanup(self._purge_ledger, uuids)
        sms.send(unlink_failed=False, unlink_sent=False, raise_exception=False)
        trackers = self.env["sms.tracker"].search([("sms_uuid", "in", uuids)])
        self.assertEqual(set(trackers.mapped("crm_tr_delivery_state")), {"sent"})
        return trackers.sorted(lambda t: uuids.index(t.sms_uuid))

    def _purge_ledger(self, uuids):
        # Outside HttpCase, the dispatch ledger is written in transactions of its own.
        with self.registry.cursor() as cr:
            cr.execute(SQL("DELETE FROM crm_tr_sms_dispatch WHERE uuid = ANY(%s)", list(uuids)))

    def _states(self, trackers):
        trackers.invalidate_recordset()
        return [(t.crm_tr_delivery_state, t.crm_tr_delivery_status) for t in trackers]


@tagged("post_install", "-at_install")
class TestVerimorWebhook(DeliveryMixin, HttpCase):
    PROVIDER = "verimor"
    STANDIN = VerimorStandIn

    def _post(self, payload, token=None):
        token = token or self.company.sudo().crm_tr_sms_webhook_token
        return self.url_open(
            f"/crm_tr_sms/dlr/verimor/{token}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )

    def test_reports_update_trackers_once(self):
        trackers = self._send()
        campaign = trackers[0].crm_tr_provider_ref
        self.server.set_status(trackers[0].sms_uuid, "905321234567", "DELIVERED")
        self.server.set_status(trackers[1].sms_uuid, "905059876543", "NOT_ALLOWED_BY_IYS")
        payload = self.server.dlr_payload(campaign)
        self.assertEqual(len(payload), 3)

        response = self._post(payload)
        self.assertEqual(response.status_code, 200)
        expected = [("delivered", "DELIVERED"), ("failed", "NOT_ALLOWED_BY_IYS"), ("sent", False)]
        self.assertEqual(self._states(trackers), expected)
        sms = self.env["sms.sms"].search([("uuid", "in", trackers.mapped("sms_uuid"))], order="id")
        self.assertEqual(sms.mapped("state"), ["sent", "error", "pending"])
        self.assertEqual(sms[1].failure_type, "sms_not_allowed")

        # The same push again (Verimor retries), and a late contradicting status: no change.
        self.assertEqual(self._post(payload).status_code, 200)
        self.server.set_status(trackers[0].sms_uuid, "905321234567", "EXPIRED")
        self.assertEqual(self._post(self.server.dlr_payload(campaign)).status_code, 200)
        self.assertEqual(self._states(trackers), expected)

    def test_same_day_duplicate_is_reported_as_rejected(self):
        """Verimor accepts a same-day duplicate at submit and reports DOUBLE_SEND_ERROR."""
        self._send(body="Aynı gün aynı metin")
        again = self._send(body="Aynı gün aynı metin")
        self._post(self.server.dlr_payload(again[0].crm_tr_provider_ref))
        self.assertEqual({state for state, _status in self._states(again)}, {"failed"})
        sms = self.env["sms.sms"].search([("uuid", "in", again.mapped("sms_uuid"))])
        self.assertEqual(set(sms.mapped("failure_type")), {"sms_rejected"})

    def test_wrong_token_is_refused(self):
        trackers = self._send()
        self.server.set_status(trackers[0].sms_uuid, "905321234567", "DELIVERED")
        response = self._post(self.server.dlr_payload(trackers[0].crm_tr_provider_ref), token="x" * 32)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self._states(trackers)[0], ("sent", False))

    def test_other_company_token_cannot_touch_our_messages(self):
        other = self.env["res.company"].create({"name": "Başka Şirket"})
        trackers = self._send()
        self.server.set_status(trackers[0].sms_uuid, "905321234567", "DELIVERED")
        payload = self.server.dlr_payload(trackers[0].crm_tr_provider_ref)
        self.assertEqual(self._post(payload, token=other.sudo().crm_tr_sms_webhook_token).status_code, 200)
        self.assertEqual(self._states(trackers)[0], ("sent", False))

    def test_garbage_is_answered_without_change(self):
        token = self.company.sudo().crm_tr_sms_webhook_token
        response = self.url_open(f"/crm_tr_sms/dlr/verimor/{token}", data="not json")
        self.assertEqual(response.status_code, 400)

    def test_chatter_notification_follows_delivery(self):
        # A message on a record without company goes out for the user's current company.
        self.partner.with_company(self.company)._message_sms("Servis kaydınız açıldı.", partner_ids=self.partner.ids)
        sms = self.env["sms.sms"].search([("partner_id", "=", self.partner.id)])
        self.assertEqual(sms._get_sms_company(), self.company)
        notification = self.env["mail.notification"].search([("sms_id_int", "=", sms.id)])
        sms.send(unlink_failed=False, unlink_sent=False, raise_exception=False)
        self.assertEqual(notification.notification_status, "pending")
        self.server.set_status(sms.uuid, "905321234567", "DELIVERED")
        tracker = self.env["sms.tracker"].search([("sms_uuid", "=", sms.uuid)])
        self._post(self.server.dlr_payload(tracker.crm_tr_provider_ref))
        notification.invalidate_recordset()
        self.assertEqual(notification.notification_status, "sent", "Odoo's chatter shows it delivered")


@tagged("post_install", "-at_install")
class TestIletiMerkeziWebhook(DeliveryMixin, HttpCase):
    PROVIDER = "iletimerkezi"
    STANDIN = IletiMerkeziStandIn

    def test_reports_update_trackers_once(self):
        trackers = self._send()
        order = trackers[0].crm_tr_provider_ref
        self.server.set_status(order, "905321234567", "delivered")
        self.server.set_status(order, "905059876543", "undelivered")
        token = self.company.sudo().crm_tr_sms_webhook_token
        for _round in range(2):
            for payload in self.server.webhook_payloads(order):
                response = self.url_open(
                    f"/crm_tr_sms/dlr/iletimerkezi/{token}",
                    data=json.dumps(payload),
                    headers={"Content-Type": "application/json"},
                )
                self.assertEqual(response.status_code, 200)
        self.assertEqual(
            self._states(trackers), [("delivered", "delivered"), ("failed", "undelivered"), ("sent", False)]
        )


@tagged("post_install", "-at_install")
class TestNetgsmWebhook(DeliveryMixin, HttpCase):
    PROVIDER = "netgsm"
    STANDIN = NetgsmStandIn

    def test_registered_address_receives_reports_once(self):
        self.company.action_crm_tr_sms_register_report_webhook()
        self.assertEqual(self.server.report_webhook_url, self.company._crm_tr_sms_report_url())
        trackers = self._send()
        job = trackers[0].crm_tr_provider_ref
        self.server.set_status(job, "5321234567", 1)
        self.server.set_status(job, "5059876543", 16)
        path = self.server.report_webhook_url.split("/", 3)[3]
        for _round in range(2):  # a report pushed twice changes nothing the second time
            response = self.url_open(
                "/" + path,
                data=json.dumps(self.server.webhook_payload(job)),
                headers={"Content-Type": "application/json"},
            )
            self.assertEqual(response.status_code, 200)
        self.assertEqual(self._states(trackers), [("delivered", "1"), ("failed", "16"), ("sent", False)])
        wrong = self.url_open("/crm_tr_sms/dlr/netgsm/" + "x" * 32, data=json.dumps(self.server.webhook_payload(job)))
        self.assertEqual(wrong.status_code, 404)


@tagged("post_install", "-at_install")
class TestNetgsmPolling(DeliveryMixin, TransactionCase):
    PROVIDER = "netgsm"
    STANDIN = NetgsmStandIn

    def _run_cron(self):
        cron = self.env.ref("crm_tr_sms.ir_cron_crm_tr_netgsm_reports")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()

    def _report_queries(self):
        return [r for r in self.server.requests if r["path"] == "/sms/rest/v2/report"]

    def test_cron_reads_reports_once_final(self):
        trackers = self._send()
        job = trackers[0].crm_tr_provider_ref
        self.assertEqual(trackers.mapped("crm_tr_number"), ["5321234567", "5059876543", "5441112233"])
        self.server.set_status(job, "5321234567", 1)
        self.server.set_status(job, "5059876543", 16)
        self._run_cron()
        expected = [("delivered", "1"), ("failed", "16"), ("sent", False)]
        self.assertEqual(self._states(trackers), expected)
        self.assertEqual(len(self._report_queries()), 1)
        self.assertEqual(self._report_queries()[0]["json"]["jobids"], [job])

        # The third message is delivered later; the first two are final and stay as they are.
        self.server.set_status(job, "5441112233", 1)
        self.server.set_status(job, "5321234567", 2)
        self._run_cron()
        self.assertEqual(self._states(trackers), [("delivered", "1"), ("failed", "16"), ("delivered", "1")])

        # Nothing left to ask: no further query.
        self._run_cron()
        self.assertEqual(len(self._report_queries()), 2)

    def test_query_budget_per_run(self):
        self.patch(type(self.env["sms.tracker"]), "NETGSM_JOBS_PER_QUERY", 1)
        for index in range(12):
            self._send(body=f"Bakım hatırlatması {index}")
        self._run_cron()
        self.assertEqual(len(self._report_queries()), 10, "NetGSM allows 10 report queries a minute")
