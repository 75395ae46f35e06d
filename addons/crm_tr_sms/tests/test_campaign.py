from ast import literal_eval
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
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

    def _exclusions(self, mailing, preview=False):
        records = self.env["crm_tr.sms.exclusion"].search([("mailing_id", "=", mailing.id), ("preview", "=", preview)])
        return {record.partner_id: record.reason for record in records}

    def test_preview_tells_who_is_left_out_and_why(self):
        mailing = self._mailing()
        mailing.action_crm_tr_preview()
        expected = {
            self.ret: "ret",
            self.none: "no_consent",
            self.landline: "not_mobile",
            self.twin: "duplicate",
            self.blacklisted: "blacklisted",
        }
        self.assertEqual(self._exclusions(mailing, preview=True), expected)
        self.assertEqual(mailing.crm_tr_excluded_count, 0, "nothing was left out of a send yet")
        self.assertEqual(
            mailing.with_context(lang="en_US").crm_tr_preview_reasons,
            "1 Blacklisted number, 1 Duplicate of another recipient, 1 No İYS consent (ONAY), "
            "1 Not a mobile number, 1 Refused commercial messages (RET)",
        )
        action = mailing.action_crm_tr_view_preview_exclusions()
        self.assertEqual(
            self.env["crm_tr.sms.exclusion"].search(action["domain"]).partner_id,
            self.partners - self.onay - self.merchant,
        )
        # A second preview replaces the first one's lines; sending logs its own.
        self.ret.phone = False
        mailing.action_crm_tr_preview()
        self.assertEqual(self._exclusions(mailing, preview=True), {**expected, self.ret: "missing"})
        self.assertEqual(len(self.env["crm_tr.sms.exclusion"].search(action["domain"])), 5)
        mailing.action_send_sms()
        mailing.invalidate_recordset()
        self.assertEqual(self._exclusions(mailing), {**expected, self.ret: "missing"})
        self.assertEqual(mailing.crm_tr_excluded_count, 5)
        sent = self.env["crm_tr.sms.exclusion"].search(mailing.action_crm_tr_view_exclusions()["domain"])
        self.assertEqual(set(sent.mapped("preview")), {False})

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

    def test_templates_and_campaigns_decide_alike(self):
        """One eligibility rule: the same contacts, company and text give the same numbers
        and the same exclusion reasons through a template message and through a campaign."""
        masked = self.env["res.partner"].create({"name": "Maskeli Numara", "phone": "0532 XXX XX XX"})
        partners = self.partners | masked
        body = "Kış bakım kampanyası: %20 indirim.\nRET EGEKLIMA yazıp 3338'e gönderin."
        template = self.env["sms.template"].create(
            {
                "name": "Kış kampanyası",
                "model_id": self.env["ir.model"]._get("res.partner").id,
                "body": body,
                "crm_tr_message_type": "commercial",
            }
        )
        result = self.env["crm_tr.sms.api"]._send_template(template, partners, company=self.company)
        by_template = {sms.partner_id: sms.number for sms in result["sms"]}
        by_template.update({exclusion.partner_id: exclusion.reason for exclusion in result["excluded"]})

        mailing = self._mailing(body=body)
        mailing.mailing_domain = repr([("id", "in", partners.ids)])
        mailing.action_send_sms()
        by_campaign = {sms.partner_id: sms.number for sms in self._sms(mailing)}
        by_campaign.update(self._exclusions(mailing))

        expected = {
            self.onay: "+905321112233",
            self.merchant: "+905441234567",
            self.ret: "ret",
            self.none: "no_consent",
            self.landline: "not_mobile",
            self.twin: "duplicate",
            self.blacklisted: "blacklisted",
            masked: "letters",
        }
        self.assertEqual(by_template, expected)
        self.assertEqual(by_campaign, expected)
        excluded_numbers = {exclusion.partner_id: exclusion.number for exclusion in result["excluded"]}
        self.assertEqual(
            excluded_numbers,
            {
                exclusion.partner_id: exclusion.number
                for exclusion in self.env["crm_tr.sms.exclusion"].search([("mailing_id", "=", mailing.id)])
            },
            "the exclusion logs show the same numbers",
        )
        self.assertEqual(excluded_numbers[masked], "0532 XXX XX XX", "a masked number is never read as 0532 999 99 99")

    def test_parts_count_links_as_sent(self):
        """A link is counted at the length of its short form (and the unsubscribe link at
        its own), as the SMS will carry them, not as typed."""
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", "https://crm.egeklima.com.tr")
        url = "https://www.egeklima.com.tr/kampanyalar/2026/kis-bakim-kampanyasi-klima-ve-kombi-icin-yuzde-yirmi"
        text = "Winter service: 20 percent off all air conditioner checks this month. Details: "
        mailing = self._mailing(body=text + url, message_type="informational")
        self.assertGreater(len(text + url), 160, "as typed, the text would take two parts")
        self.assertEqual((mailing.crm_tr_parts, mailing.crm_tr_encoding), (1, "gsm7"))
        mailing.sms_allow_unsubscribe = True
        self.assertEqual(mailing.crm_tr_parts, 2, "the unsubscribe link makes it two")


@tagged("post_install", "-at_install")
@freeze_time("2026-11-24 10:00:00")  # 13:00 in Türkiye: inside the commercial window
class TestListCampaign(TransactionCase):
    """A campaign on mailing lists gets the same rules as one on contacts: İYS consent by
    number, de-duplication, the blacklist, every exclusion logged, and the lists' opt-outs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {"name": "Ege Klima A.Ş.", "crm_tr_sms_optout_text": "RET EGEKLIMA yazıp 3338'e gönderin."}
        )
        # The consents a list contact counts on are the ones recorded for its number.
        customer = cls.env["res.partner"].create({"name": "Ayşe Yılmaz", "phone": "0532 111 22 33"})
        refuser = cls.env["res.partner"].create({"name": "Mehmet Kaya", "phone": "0505 444 55 66"})
        for partner, status in ((customer, "ONAY"), (refuser, "RET")):
            cls.env["crm_tr.iys.consent"].create(
                {
                    "partner_id": partner.id,
                    "company_id": cls.company.id,
                    "recipient": partner.phone,
                    "status": status,
                    "consent_date": datetime(2026, 10, 1, 12),
                }
            )
        cls.env["phone.blacklist"].sudo().add("+905539990011")
        cls.list_a = cls.env["mailing.list"].create({"name": "Kış kampanyası"})
        cls.list_b = cls.env["mailing.list"].create({"name": "Bayiler"})
        Contact = cls.env["mailing.contact"]
        turkey = cls.env.ref("base.tr")
        values = [
            ("approved", "Ayşe Yılmaz", "0532 111 22 33"),
            ("twin", "Ayşe Y.", "+905321112233"),
            ("refused", "Mehmet Kaya", "0505 444 55 66"),
            ("unknown", "Fatma Demir", "0542 777 88 99"),
            ("landline", "Sabit Hat", "0212 555 12 12"),
            ("masked", "Maskeli", "0532 XXX XX XX"),
            ("nophone", "Telefonsuz", False),
            ("blacklisted", "Ali Çetin", "0553 999 00 11"),
        ]
        cls.contacts = {
            key: Contact.create({"name": name, "mobile": mobile, "country_id": turkey.id, "list_ids": cls.list_a.ids})
            for key, name, mobile in values
        }
        # Unsubscribed from list A, and from B too: left out. Unsubscribed from A only but
        # subscribed to B: Odoo's rule sends (an opt-in on one of the lists wins).
        cls.contacts["unsubscribed"] = Contact.create(
            {
                "name": "Burak Kurt",
                "mobile": "0532 765 43 21",
                "country_id": turkey.id,
                "subscription_ids": [
                    Command.create({"list_id": cls.list_a.id, "opt_out": True}),
                    Command.create({"list_id": cls.list_b.id, "opt_out": True}),
                ],
            }
        )
        cls.contacts["still_on_b"] = Contact.create(
            {
                "name": "Elif Aydın",
                "mobile": "0532 111 22 33",
                "country_id": turkey.id,
                "subscription_ids": [
                    Command.create({"list_id": cls.list_a.id, "opt_out": True}),
                    Command.create({"list_id": cls.list_b.id}),
                ],
            }
        )

    def _mailing(self, message_type="commercial", lists=None):
        return self.env["mailing.mailing"].create(
            {
                "mailing_type": "sms",
                "sms_subject": "Kış kampanyası",
                "mailing_model_id": self.env["ir.model"]._get("mailing.list").id,
                "contact_list_ids": (lists or self.list_a | self.list_b).ids,
                "body_plaintext": "Merhaba {{ object.name }}, kış bakımında %20 indirim.",
                "crm_tr_message_type": message_type,
                "crm_tr_company_id": self.company.id,
            }
        )

    def _results(self, mailing):
        names = {contact.id: key for key, contact in self.contacts.items()}
        sms = self.env["sms.sms"].search([("mailing_id", "=", mailing.id)])
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id), ("sms_id_int", "!=", False)])
        sent = {names[trace.res_id]: trace.sms_number for trace in traces}
        self.assertEqual(len(sms), len(sent))
        exclusions = self.env["crm_tr.sms.exclusion"].search([("mailing_id", "=", mailing.id)])
        self.assertEqual(set(exclusions.mapped("res_model")), {"mailing.contact"} if exclusions else set())
        self.assertFalse(exclusions.partner_id, "a list contact is no contact record")
        return sent, {names[exclusion.res_id]: exclusion.reason for exclusion in exclusions}

    def test_commercial_campaign_on_lists(self):
        mailing = self._mailing()
        self.assertEqual(mailing.mailing_model_real, "mailing.contact")
        mailing.action_crm_tr_preview()
        self.assertEqual((mailing.crm_tr_preview_count, mailing.crm_tr_preview_excluded), (1, 9))
        mailing.action_send_sms()
        sent, excluded = self._results(mailing)
        self.assertEqual(sent, {"approved": "+905321112233"}, "the approval recorded for the number counts")
        self.assertEqual(
            excluded,
            {
                "twin": "duplicate",
                "still_on_b": "duplicate",
                "refused": "ret",
                "unknown": "no_consent",
                "landline": "not_mobile",
                "masked": "letters",
                "nophone": "missing",
                "blacklisted": "blacklisted",
                "unsubscribed": "opt_out",
            },
        )
        sms = self.env["sms.sms"].search([("mailing_id", "=", mailing.id)])
        self.assertEqual(
            (sms.body, sms.partner_id, sms.crm_tr_commercial, sms.crm_tr_recipient_type),
            (
                "Merhaba Ayşe Yılmaz, kış bakımında %20 indirim.\nRET EGEKLIMA yazıp 3338'e gönderin.",
                self.env["res.partner"],
                True,
                "BIREYSEL",
            ),
        )
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        self.assertEqual(len(traces), 10)
        self.assertEqual(set(traces.mapped("model")), {"mailing.contact"})
        self.assertEqual(
            traces.filtered(lambda t: t.res_id == self.contacts["unsubscribed"].id).failure_type, "sms_optout"
        )
        self.assertEqual(mailing._get_remaining_recipients(), [])
        mailing.action_send_sms()
        self.assertEqual(self.env["mailing.trace"].search_count([("mass_mailing_id", "=", mailing.id)]), 10)

    def test_informational_campaign_on_lists(self):
        self.patch(mailing_mailing, "ENQUEUE_BATCH", 3)
        mailing = self._mailing(message_type="informational")
        mailing.action_send_sms()
        sent, excluded = self._results(mailing)
        self.assertEqual(
            sent,
            {"approved": "+905321112233", "refused": "+905054445566", "unknown": "+905427778899"},
            "information needs no consent",
        )
        self.assertEqual(
            excluded,
            {
                "twin": "duplicate",
                "still_on_b": "duplicate",
                "landline": "not_mobile",
                "masked": "letters",
                "nophone": "missing",
                "blacklisted": "blacklisted",
                "unsubscribed": "opt_out",
            },
        )

    def test_opt_outs_follow_odoo_rule(self):
        """The opt-outs are read in SQL for speed: the same contacts as Odoo's hook."""
        for lists, expected in (
            (self.list_a | self.list_b, {"unsubscribed"}),
            (self.list_a, {"unsubscribed", "still_on_b"}),
            (self.list_b, {"unsubscribed"}),
        ):
            mailing = self._mailing(lists=lists)
            self.assertEqual(mailing._crm_tr_opted_out(), {self.contacts[key].id for key in expected})
            self.assertEqual(mailing._crm_tr_opted_out(), set(mailing._get_opt_out_list_sms()))

    def test_opt_in_on_another_list_wins(self):
        mailing = self._mailing(message_type="informational", lists=self.list_b)
        mailing.action_send_sms()
        sent, excluded = self._results(mailing)
        self.assertEqual(sent, {"still_on_b": "+905321112233"})
        self.assertEqual(excluded, {"unsubscribed": "opt_out"})
