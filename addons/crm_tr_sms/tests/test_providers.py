"""Sending through NetGSM, İleti Merkezi and Verimor over real HTTP, to local stand-ins
that speak each provider's documented protocol (tests/standins.py). Our send path —
sms.sms.send() → _split_by_api() → the provider's SmsApi class — runs unpatched."""

import contextlib

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.sms.tools.sms_api import SmsApi

from ..tools.sms_api_tr import SmsApiIletiMerkezi, SmsApiNetgsm, SmsApiVerimor
from .standins import IletiMerkeziStandIn, NetgsmStandIn, VerimorStandIn

MOBILE_1 = "+90 532 123 45 67"
MOBILE_2 = "0505 987 65 43"
MOBILE_3 = "0544 111 22 33"
MOBILE_4 = "0542 333 44 55"
LANDLINE = "0212 555 12 12"
# Masked or placeholder entries that phonenumbers would turn into real subscribers' numbers
# (+905329999999, +905321239999, +905322224567): never sent.
MASKED = ("0532 XXX XX XX", "0532 123 XX XX", "0532 ABC 45 67")

# A mixed batch: one plain, one Turkish and one emoji message, each costing 1 part on its
# own alphabet. Sent in one request, the plain 158 characters would cost 2 parts on the
# Turkish table (155/149) or 3 on UCS-2 (70/67).
PLAIN_158 = "Sayin musterimiz, klimaniz icin yillik bakim zamani geldi. " + "x" * 99
TURKISH_150 = "Sayın müşterimiz, kombiniz için yıllık bakım zamanı geldi. " + "ş" * 91
EMOJI_60 = "Bakim tamam " + "a" * 46 + "🙂"


class ProviderScenarios:
    """What every provider must do; mixed into one TransactionCase per provider."""

    PROVIDER = None
    STANDIN = None
    USERNAME = "908501234567"
    PASSWORD = "s3cret"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {
                "name": f"{cls.PROVIDER} Klima A.Ş.",
                "crm_tr_sms_provider": cls.PROVIDER,
                "crm_tr_sms_username": cls.USERNAME,
                "crm_tr_sms_password": cls.PASSWORD,
                "crm_tr_sms_sender": "CRMTR",
            }
        )

    def setUp(self):
        super().setUp()
        # A fresh stand-in per test: what one test sent never counts in another.
        self.server = self.enterContext(self.STANDIN(self.USERNAME, self.PASSWORD))
        self.company.crm_tr_sms_api_url = self.server.url

    def _sms(self, numbers, body="Servis randevunuz 25.11 saat 10:00. Ref SRV/1", **vals):
        records = self.env["sms.sms"].create(
            [
                {"number": number, "body": body, "crm_tr_company_id": self.company.id, "state": "outgoing"} | vals
                for number in numbers
            ]
        )
        # Sending writes the dispatch ledger in transactions of its own: clean it up.
        self.addCleanup(self._purge_ledger, records.mapped("uuid"))
        return records

    def _send(self, sms):
        uuids = sms.mapped("uuid")
        sms.send(unlink_failed=False, unlink_sent=False, raise_exception=False)
        return self.env["sms.sms"].search([("uuid", "in", uuids)], order="id")

    def _send_requests(self):
        return [request for request in self.server.requests if "send" in request["path"]]

    def _trackers(self, sms):
        return self.env["sms.tracker"].search([("sms_uuid", "in", sms.mapped("uuid"))])

    def assertSent(self, sms):
        self.assertEqual(set(sms.mapped("state")), {"pending"}, sms.mapped("failure_type"))
        trackers = self._trackers(sms)
        self.assertEqual(len(trackers), len(sms))
        self.assertEqual(set(trackers.mapped("crm_tr_provider")), {self.PROVIDER})
        self.assertEqual(set(trackers.mapped("crm_tr_delivery_state")), {"sent"})
        self.assertTrue(all(trackers.mapped("crm_tr_provider_ref")))
        return trackers

    def assertFailed(self, sms, failure_type):
        self.assertEqual(set(sms.mapped("state")), {"error"})
        self.assertEqual(set(sms.mapped("failure_type")), {failure_type})

    # Shared scenarios -------------------------------------------------

    def test_api_class_follows_company_setting(self):
        sms = self._sms([MOBILE_1])
        (api, grouped), *rest = list(sms._split_by_api())
        self.assertFalse(rest)
        self.assertIsInstance(api, type(self.company._get_sms_api_class()(self.env)))
        self.assertEqual(api.company, self.company)
        self.assertEqual(grouped, sms)
        self.company.crm_tr_sms_provider = "iap"
        (api, _grouped), *_rest = list(sms._split_by_api())
        self.assertIs(type(api), SmsApi, "an IAP company still goes through Odoo's service")

    def test_landline_is_never_sent(self):
        sms = self._send(self._sms([MOBILE_1, LANDLINE]))
        landline = sms.filtered(lambda s: s.number == LANDLINE)
        self.assertFailed(landline, "sms_number_format")
        self.assertSent(sms - landline)
        self.assertEqual(len(self._send_requests()), 1)
        self.assertNotIn("2125551212", self._send_requests()[0]["body"])

    def test_wrong_credentials(self):
        self.company.crm_tr_sms_password = "wrong"
        self.assertFailed(self._send(self._sms([MOBILE_1])), "sms_acc")

    def test_rate_limit_fails_with_reason(self):
        self.server.fail_next = "rate_limit"
        sms = self._send(self._sms([MOBILE_1]))
        self.assertFailed(sms, "sms_server")
        self.assertEqual(self.server.messages, [])

    def test_unreachable_provider_fails_without_resend(self):
        self.company.crm_tr_sms_api_url = "http://127.0.0.1:9"
        sms = self._send(self._sms([MOBILE_1]))
        self.assertFailed(sms, "sms_server")
        self._send(sms)  # a second send() leaves failed SMS alone
        self.assertEqual(self._send_requests(), [])

    def test_unknown_sender_header(self):
        self.company.crm_tr_sms_sender = "OTHERHDR"
        self.assertFailed(self._send(self._sms([MOBILE_1])), "tr_sms_header")

    def test_commercial_iys_rejection(self):
        self.server.fail_next = "iys"
        sms = self._send(self._sms([MOBILE_1], crm_tr_commercial=True))
        self.assertFailed(sms, "tr_sms_iys")

    def test_retry_after_a_lost_transaction_sends_nothing_twice(self):
        """The provider accepted the batch, then the sending transaction was rolled back (a
        serialization failure, a killed worker): the SMS are 'outgoing' again, but the
        dispatch ledger knows they were handed over."""
        sms = self._sms([MOBILE_1, MOBILE_2])
        uuids = sms.mapped("uuid")
        with contextlib.suppress(RuntimeError), self.env.cr.savepoint():
            sms.send(unlink_failed=False, unlink_sent=False, raise_exception=False)
            raise RuntimeError("could not serialize access due to concurrent update")
        self.env.invalidate_all()
        sms = self.env["sms.sms"].search([("uuid", "in", uuids)])
        self.assertEqual(set(sms.mapped("state")), {"outgoing"}, "the transaction was lost")
        self.assertEqual(len(self._send_requests()), 1)
        trackers = self.assertSent(self._send(sms))
        self.assertEqual(len(self._send_requests()), 1, "not sent a second time")
        self.assertEqual(set(trackers.mapped("crm_tr_provider_ref")), {self.server.messages[0]["id"]})

    def test_queue_cron_keeps_commercial_flags(self):
        self._sms([MOBILE_1], body="Kampanya", crm_tr_commercial=True, crm_tr_recipient_type="TACIR")
        cron = self.env.ref("sms.ir_cron_sms_scheduler_action")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertEqual(self._commercial_flags(self._send_requests()[-1]), (True, "TACIR"))

    def _purge_ledger(self, uuids):
        with self.registry.cursor() as cr:
            cr.execute(SQL("DELETE FROM crm_tr_sms_dispatch WHERE uuid = ANY(%s)", list(uuids)))

    def test_numbers_with_letters_are_never_sent(self):
        sms = self._send(self._sms([MOBILE_1, *MASKED]))
        masked = sms.filtered(lambda s: s.number in MASKED)
        self.assertEqual(len(masked), 3)
        self.assertFailed(masked, "sms_number_format")
        self.assertSent(sms - masked)
        sent = [m["number"] for m in self.server.messages]
        self.assertEqual(len(sent), 1)
        for number in ("5329999999", "5321239999", "5322224567"):
            self.assertFalse([n for n in sent if n.endswith(number)], f"{number} is a stranger's phone")

    def test_mixed_alphabets_are_billed_per_message(self):
        self.assertEqual((len(PLAIN_158), len(TURKISH_150), len(EMOJI_60)), (158, 150, 59))
        sms = self._sms([MOBILE_1], body=PLAIN_158)
        sms |= self._sms([MOBILE_2], body=TURKISH_150)
        sms |= self._sms([MOBILE_3], body=EMOJI_60)
        trackers = self.assertSent(self._send(sms))
        billed = {message["text"]: message["parts"] for message in self.server.messages}
        self.assertEqual(billed, {PLAIN_158: 1, TURKISH_150: 1, EMOJI_60: 1}, "each on its own table")
        by_uuid = {tracker.sms_uuid: tracker for tracker in trackers}
        self.assertEqual(
            [(by_uuid[s.uuid].crm_tr_encoding, by_uuid[s.uuid].crm_tr_parts) for s in sms],
            [("gsm7", 1), ("turkish", 1), ("ucs2", 1)],
            "the tracker keeps the parts the provider bills",
        )
        self.assertEqual(len(self._send_requests()), 3, "one request per alphabet")

    def test_sent_once_only(self):
        sms = self._send(self._sms([MOBILE_1, MOBILE_2]))
        self.assertSent(sms)
        self._send(sms)
        self.assertEqual(len(self._send_requests()), 1, "send() never sends an accepted SMS again")


@tagged("post_install", "-at_install")
class TestNetgsm(ProviderScenarios, TransactionCase):
    PROVIDER = "netgsm"
    STANDIN = NetgsmStandIn

    def _commercial_flags(self, request):
        flag = request["json"]["iysfilter"]
        return flag != "0", {"11": "BIREYSEL", "12": "TACIR"}.get(flag)

    def test_request_format(self):
        sms = self._send(self._sms([MOBILE_1, MOBILE_2], body="Kombiniz için bakım zamanı geldi."))
        trackers = self.assertSent(sms)
        (request,) = self._send_requests()
        self.assertEqual(request["path"], "/sms/rest/v2/send")
        self.assertTrue(request["headers"]["Authorization"].startswith("Basic "))
        body = request["json"]
        self.assertEqual(body["msgheader"], "CRMTR")
        self.assertEqual(sorted(m["no"] for m in body["messages"]), ["5059876543", "5321234567"])
        self.assertEqual(body["iysfilter"], "0", "informational by default")
        self.assertEqual(body["encoding"], "TR", "ş and ı switch NetGSM to the Turkish alphabet")
        self.assertEqual(set(trackers.mapped("crm_tr_provider_ref")), {self.server.messages[0]["id"]})
        self.assertEqual(sorted(trackers.mapped("crm_tr_number")), ["5059876543", "5321234567"])
        self.assertIsInstance(self.company._get_sms_api_class()(self.env), SmsApiNetgsm)

    def test_commercial_flags(self):
        self._send(self._sms([MOBILE_1], body="Kampanya", crm_tr_commercial=True))
        self._send(self._sms([MOBILE_2], body="Kampanya", crm_tr_commercial=True, crm_tr_recipient_type="TACIR"))
        first, second = (request["json"] for request in self._send_requests())
        self.assertEqual((first["iysfilter"], second["iysfilter"]), ("11", "12"))
        self.assertNotIn("encoding", first, "no Turkish letter, no Turkish encoding")

    def test_duplicate_rejected(self):
        self.server.fail_next = "duplicate"
        self.assertFailed(self._send(self._sms([MOBILE_1])), "sms_duplicate")

    def test_extension_is_not_a_letter(self):
        sms = self._send(self._sms(["0532 123 45 67 dahili 12"]))
        self.assertSent(sms)
        self.assertEqual([m["number"] for m in self.server.messages], ["5321234567"])

    def test_mixed_batch_encoding_per_request(self):
        self._send(self._sms([MOBILE_1], body=PLAIN_158) | self._sms([MOBILE_2], body=TURKISH_150))
        encodings = sorted(request["json"].get("encoding", "-") for request in self._send_requests())
        self.assertEqual(encodings, ["-", "TR"], "TR only on the request with Turkish letters")

    def test_report_webhook_registration(self):
        self.company.action_crm_tr_sms_register_report_webhook()
        url = self.company._crm_tr_sms_report_url()
        self.assertTrue(url.endswith(f"/crm_tr_sms/dlr/netgsm/{self.company.sudo().crm_tr_sms_webhook_token}"))
        self.assertEqual(self.server.report_webhook_url, url)
        self.assertTrue(self.company.sudo().crm_tr_sms_report_webhook_registered)
        (request,) = [r for r in self.server.requests if r["path"] == "/sms/rest/v2/reportwebhook"]
        self.assertTrue(request["headers"]["Authorization"].startswith("Basic "))
        self.company.crm_tr_sms_password = "wrong"
        with self.assertRaisesRegex(UserError, "code 30"):
            self.company.action_crm_tr_sms_register_report_webhook()


@tagged("post_install", "-at_install")
class TestIletiMerkezi(ProviderScenarios, TransactionCase):
    PROVIDER = "iletimerkezi"
    STANDIN = IletiMerkeziStandIn

    def _commercial_flags(self, request):
        order = request["json"]["request"]["order"]
        return order["iys"] == "1", order.get("iysList")

    def test_request_format(self):
        sms_a = self._sms([MOBILE_1], body="Randevunuz yarın.")
        sms_b = self._sms([MOBILE_2], body="Faturanız hazır.")
        trackers = self.assertSent(self._send(sms_a | sms_b))
        (request,) = self._send_requests()
        self.assertEqual(request["path"], "/v1/send-sms/json")
        order = request["json"]["request"]["order"]
        self.assertEqual(request["json"]["request"]["authentication"], {"key": self.USERNAME, "hash": self.PASSWORD})
        self.assertEqual(order["sender"], "CRMTR")
        self.assertEqual(order["iys"], "0")
        self.assertEqual(
            sorted((m["text"], m["receipents"]["number"][0]) for m in order["message"]),
            [("Faturanız hazır.", "905059876543"), ("Randevunuz yarın.", "905321234567")],
        )
        self.assertEqual(len(set(trackers.mapped("crm_tr_provider_ref"))), 1, "one order for the batch")
        self.assertIsInstance(self.company._get_sms_api_class()(self.env), SmsApiIletiMerkezi)

    def test_commercial_flags(self):
        self._send(self._sms([MOBILE_1], crm_tr_commercial=True, crm_tr_recipient_type="TACIR"))
        order = self._send_requests()[0]["json"]["request"]["order"]
        self.assertEqual((order["iys"], order["iysList"]), ("1", "TACIR"))

    def test_duplicate_order_rejected(self):
        self.assertSent(self._send(self._sms([MOBILE_1], body="Aynı metin")))
        self.assertFailed(self._send(self._sms([MOBILE_1], body="Aynı metin")), "sms_duplicate")

    def test_452_fails_only_the_refused_numbers(self):
        """İleti Merkezi refuses a whole order (452) for one blocked or invalid recipient:
        only that recipient fails, the others are sent."""
        self.server.reject_numbers = {"905059876543"}
        sms = self._send(self._sms([MOBILE_1, MOBILE_2, MOBILE_3, MOBILE_4]))
        refused = sms.filtered(lambda s: s.number == MOBILE_2)
        self.assertFailed(refused, "sms_number_format")
        self.assertSent(sms - refused)
        self.assertEqual(
            sorted(m["number"] for m in self.server.messages), ["905321234567", "905423334455", "905441112233"]
        )
        self.assertLessEqual(len(self._send_requests()), 5, "found by halving, not one request per number")

    def test_sender_header_missing_or_too_long(self):
        api = SmsApiIletiMerkezi(self.env)
        api._set_company(self.company)
        for sender, code in ((None, "459"), ("COKUZUNBASLIK", "460"), ("ŞİRKETİM", "460")):
            # The company form refuses such headers: written past it, as an old database may hold.
            self.env.cr.execute(
                SQL("UPDATE res_company SET crm_tr_sms_sender = %s WHERE id = %s", sender, self.company.id)
            )
            self.company.invalidate_recordset(["crm_tr_sms_sender"])
            (result,) = api._send_sms_batch([{"content": "Başlık", "numbers": [{"uuid": code, "number": MOBILE_1}]}])
            self.assertEqual(result["state"], "tr_header", sender)
            self.assertIn(f"error {code}", result["failure_reason"])
            self.assertEqual(api.PROVIDER_TO_SMS_FAILURE_TYPE[result["state"]], "tr_sms_header")
        self.assertEqual(self.server.messages, [])


@tagged("post_install", "-at_install")
class TestVerimor(ProviderScenarios, TransactionCase):
    PROVIDER = "verimor"
    STANDIN = VerimorStandIn

    def _commercial_flags(self, request):
        body = request["json"]
        return body["is_commercial"], body.get("iys_recipient_type")

    def test_request_format(self):
        sms = self._sms([MOBILE_1, MOBILE_2], body="Cihazınız teslime hazır.")
        self.assertSent(self._send(sms))
        (request,) = self._send_requests()
        self.assertEqual(request["path"], "/v2/send.json")
        body = request["json"]
        self.assertEqual((body["username"], body["source_addr"]), (self.USERNAME, "CRMTR"))
        self.assertEqual(body["datacoding"], "1", "ı switches Verimor to the Turkish alphabet")
        self.assertIs(body["is_commercial"], False)
        (message,) = body["messages"]
        self.assertEqual(message["dest"].split(","), ["905321234567", "905059876543"])
        self.assertEqual(message["id"].split(","), sms.mapped("uuid"), "Odoo's uuid is each message's own id")
        self.assertIsInstance(self.company._get_sms_api_class()(self.env), SmsApiVerimor)

    def test_commercial_flags(self):
        self._send(self._sms([MOBILE_1], body="Kampanya", crm_tr_commercial=True))
        body = self._send_requests()[0]["json"]
        self.assertEqual(
            (body["is_commercial"], body["iys_recipient_type"], body["datacoding"]), (True, "BIREYSEL", "0")
        )

    def test_json_answer_keeps_the_campaign_id(self):
        self.server.json_answers = True
        trackers = self.assertSent(self._send(self._sms([MOBILE_1, MOBILE_2])))
        campaign = self.server.messages[0]["id"]
        self.assertTrue(campaign.isdigit())
        self.assertEqual(set(trackers.mapped("crm_tr_provider_ref")), {campaign}, "the id, not the JSON body")

    def test_mixed_batch_datacoding_per_request(self):
        sms = self._sms([MOBILE_1], body=PLAIN_158) | self._sms([MOBILE_2], body=EMOJI_60)
        self._send(sms | self._sms([MOBILE_3], body=TURKISH_150))
        codings = sorted(request["json"]["datacoding"] for request in self._send_requests())
        self.assertEqual(codings, ["0", "1", "2"])


@tagged("post_install", "-at_install")
class TestSenderHeader(TransactionCase):
    def test_sender_header_rules(self):
        company = self.env.company
        for valid in ("ABC", "MARMARAKLM", "FIRMA-2", "A.B.C", "AB 12"):
            company.crm_tr_sms_sender = valid
        for invalid in ("AB", "COKUZUNBASLIK", "ŞİRKET", "KLİMA", "ÇAĞRI", "-ABC", "AB_C"):
            with self.assertRaisesRegex(ValidationError, "not valid"), self.cr.savepoint():
                company.crm_tr_sms_sender = invalid
