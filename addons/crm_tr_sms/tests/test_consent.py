from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.crm_tr_sms.tools.phone import normalize_tr_phone

from .common import CrmTrTwoCompanyCase


@tagged("post_install", "-at_install")
class TestIysConsent(CrmTrTwoCompanyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.env["res.partner"].create({"name": "Ayşe Yılmaz", "phone": "0532 123 45 67"})

    def _consent(self, company, **vals):
        return self.env["crm_tr.iys.consent"].create(
            {"partner_id": self.partner.id, "company_id": company.id, "recipient": self.partner.phone} | vals
        )

    def test_normalize_tr_phone(self):
        for written in ("0532 123 45 67", "(0532) 123 45 67", "+90 532 123 45 67", "905321234567", "5321234567"):
            self.assertEqual(normalize_tr_phone(written), "+905321234567", written)
        self.assertFalse(normalize_tr_phone("0511 123 45 67"), "0511 is not an allocated Turkish range")
        self.assertFalse(normalize_tr_phone("not a number"))
        self.assertFalse(normalize_tr_phone(False))

    def test_recipient_stored_in_e164(self):
        consent = self._consent(self.company_a)
        self.assertEqual(consent.recipient, "+905321234567")
        consent.write({"recipient": "0 (532) 123 45 67"})  # the same number, written otherwise: no change
        self.assertEqual(consent.recipient, "+905321234567")

    def test_invalid_phone_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "not a valid phone number"):
            self._consent(self.company_a, recipient="12345")

    def test_email_consent_needs_an_address(self):
        with self.assertRaisesRegex(ValidationError, "needs an e-mail address"):
            self._consent(self.company_a, channel="EPOSTA", recipient="+905321234567")
        consent = self._consent(self.company_a, channel="EPOSTA", recipient="ayse@example.com")
        self.assertEqual(consent.recipient, "ayse@example.com")

    def test_future_consent_date_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "future"):
            self._consent(self.company_a, consent_date=fields.Datetime.now() + timedelta(days=1))

    def test_partner_smart_button_counts_consents(self):
        self._consent(self.company_a)
        self._consent(self.company_a, status="RET")
        self.assertEqual(self.partner.crm_tr_consent_count, 2)
        action = self.partner.action_crm_tr_view_consents()
        self.assertEqual(self.env["crm_tr.iys.consent"].search(action["domain"]), self.partner.crm_tr_consent_ids)

    def test_user_of_company_a_cannot_read_company_b(self):
        mine = self._consent(self.company_a)
        theirs = self._consent(self.company_b)
        Consent = self.env["crm_tr.iys.consent"].with_user(self.sms_user_a)
        visible = Consent.search([("partner_id", "=", self.partner.id)])
        self.assertEqual(visible, mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.sms_user_a).read(["status"])

    def test_a_consent_is_never_edited(self):
        consent = self._consent(self.company_a, consent_date=datetime(2026, 3, 2, 9), evidence="form 7")
        changes = {
            "status": "RET",
            "partner_id": self.env["res.partner"].create({"name": "Başkası"}).id,
            "company_id": self.company_b.id,
            "channel": "ARAMA",
            "recipient_type": "TACIR",
            "source": "HS_WEB",
            "consent_date": datetime(2026, 3, 1, 9),
            "recipient": "+905059876543",
            "evidence": "another form",
        }
        for user in (self.sms_user_a, self.sms_manager_a, self.env.user):
            for name, value in changes.items():
                with self.subTest(user=user.login, field=name), self.assertRaisesRegex(UserError, "is history"):
                    consent.with_user(user).write({name: value})
        with self.assertRaisesRegex(UserError, r"is history and cannot be changed \(Status, Evidence\)"):
            consent.sudo().write({"status": "RET", "evidence": "x", "iys_state": "sent"})
        self.assertEqual(
            (consent.status, consent.partner_id, consent.evidence, consent.iys_state),
            ("ONAY", self.partner, "form 7", "pending"),
        )
        # What the İYS upload job writes, archiving, and unchanged values pass.
        consent.with_user(self.sms_user_a).write(
            {
                "status": "ONAY",
                "iys_state": "sent",
                "iys_reference": "IYS-1",
                "iys_error": False,
                "iys_uploaded_at": datetime(2026, 3, 2, 10),
                "active": False,
            }
        )
        self.assertEqual((consent.iys_state, consent.iys_reference, consent.active), ("sent", "IYS-1", False))

    def test_a_change_of_mind_is_a_new_record_and_the_latest_counts(self):
        company = self.company_a
        first = self._consent(company, consent_date=datetime(2026, 3, 2, 9))
        self.assertFalse(self.partner._crm_tr_sms_commercial_exclusions(company))

        action = first.with_user(self.sms_user_a).action_crm_tr_record_change()
        self.assertEqual(action["context"]["default_status"], "RET")
        with Form(self.env["crm_tr.iys.consent"].with_user(self.sms_user_a).with_context(**action["context"])) as form:
            form.consent_date = datetime(2026, 3, 3, 9)
            form.evidence = "Called to refuse"
        refusal = form.record
        self.assertEqual(
            (refusal.partner_id, refusal.company_id, refusal.channel, refusal.recipient, refusal.status),
            (self.partner, company, "MESAJ", "+905321234567", "RET"),
        )
        self.assertEqual(first.status, "ONAY", "the first consent is kept as it was")
        self.assertEqual(self.partner._crm_tr_sms_commercial_exclusions(company), {self.partner: "ret"})

        again = refusal.with_user(self.sms_user_a).action_crm_tr_record_change()
        self.assertEqual(again["context"]["default_status"], "ONAY")
        self._consent(company, consent_date=datetime(2026, 3, 4, 9))
        self.assertFalse(self.partner._crm_tr_sms_commercial_exclusions(company), "the latest approval counts")
        self.assertEqual(self.partner.crm_tr_consent_count, 3)

    def test_consents_are_never_deleted(self):
        consent = self._consent(self.company_a)
        with self.assertRaises(AccessError):
            consent.with_user(self.sms_user_a).unlink()
        for Consent in (consent.with_user(self.sms_manager_a), consent.sudo()):
            with self.assertRaisesRegex(UserError, "cannot be deleted"):
                Consent.unlink()
        # The erasure's key only counts in superuser mode, which no remote caller has.
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            consent.with_user(self.sms_manager_a).with_context(crm_tr_consent_erasure=True).unlink()
        with self.assertRaisesRegex(UserError, "is history"):
            consent.with_user(self.sms_manager_a).with_context(crm_tr_consent_erasure=True).write({"status": "RET"})
        self.assertTrue(consent.exists())

    def test_other_employees_only_read_consents(self):
        consent = self._consent(self.company_a).with_user(self.employee_a)
        self.assertEqual(consent.status, "ONAY")
        with self.assertRaises(AccessError):
            consent.write({"active": False})
        with self.assertRaises(AccessError):
            self.env["crm_tr.iys.consent"].with_user(self.employee_a).create(
                {"partner_id": self.partner.id, "company_id": self.company_a.id, "recipient": "+905321234567"}
            )

    def test_opt_out_takes_effect_at_once(self):
        partner = self.env["res.partner"].create({"name": "Emine Doğan", "phone": "0542 333 44 55"})
        self._consent(
            self.company_a, partner_id=partner.id, recipient=partner.phone, consent_date=datetime(2026, 1, 5, 9)
        )
        self.assertFalse(partner._crm_tr_sms_commercial_exclusions(self.company_a))
        action = partner.with_user(self.sms_user_a).action_crm_tr_sms_opt_out()
        refusal = self.env["crm_tr.iys.consent"].browse(action["res_id"])
        self.assertEqual(
            (refusal.status, refusal.recipient, refusal.iys_state, refusal.company_id),
            ("RET", "+905423334455", "pending", self.company_a),
        )
        self.assertEqual(partner._crm_tr_sms_commercial_exclusions(self.company_a), {partner: "ret"})
        nophone = self.env["res.partner"].create({"name": "Numarasız"})
        with self.assertRaisesRegex(UserError, "no valid phone number"):
            nophone.action_crm_tr_sms_opt_out()


@tagged("post_install", "-at_install")
class TestIysDeadline(CrmTrTwoCompanyCase):
    """The İYS deadline: the end of the 3rd working day after the consent's day, in the
    company's working schedule, Turkish public holidays excluded. The test companies work
    Monday to Friday, 08:00-12:00 and 13:00-17:00, Turkey time (UTC+3): a working day ends
    at 14:00 UTC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.env["res.partner"].create({"name": "Hatice Aslan", "phone": "0533 222 33 44"})

    def _refusal(self, consent_date, company=None):
        return self.env["crm_tr.iys.consent"].create(
            {
                "partner_id": self.partner.id,
                "company_id": (company or self.company_a).id,
                "recipient": self.partner.phone,
                "status": "RET",
                "consent_date": consent_date,
            }
        )

    def test_company_schedule_and_holidays(self):
        calendar = self.company_a.resource_calendar_id
        self.assertEqual((calendar.tz, calendar.hours_per_week), ("Europe/Istanbul", 40.0))
        holidays = self.env["resource.calendar.leaves"].search(
            [("company_id", "=", self.company_a.id), ("calendar_id", "=", False), ("resource_id", "=", False)]
        )
        self.assertEqual(
            len(holidays), 70, "12 holiday periods a year, 2025 to 2030, less two that fall within another holiday"
        )
        republic_eve = holidays.filtered(lambda h: h.date_from == datetime(2026, 10, 28, 10))
        self.assertEqual(
            republic_eve.date_to,
            datetime(2026, 10, 28, 20, 59, 59),
            "28 October 2026 from 13:00 Turkey time, to the second before Republic Day "
            "(Odoo refuses touching holidays)",
        )
        kurban = holidays.filtered(lambda h: h.name == "Kurban Bayramı" and h.date_from.year == 2026)
        self.assertEqual((kurban.date_from, kurban.date_to), (datetime(2026, 5, 26, 21), datetime(2026, 5, 30, 21)))

    def test_weekend(self):
        cases = {
            # consent (UTC) -> deadline (UTC)
            datetime(2026, 11, 23, 7): datetime(2026, 11, 26, 14),  # Monday -> Thursday
            datetime(2026, 11, 26, 7): datetime(2026, 12, 1, 14),  # Thursday -> Tuesday
            datetime(2026, 11, 28, 7): datetime(2026, 12, 2, 14),  # Saturday -> Wednesday
            # Sunday 22:30 UTC is Monday 01:30 in Turkey: counted from Monday.
            datetime(2026, 11, 22, 22, 30): datetime(2026, 11, 26, 14),
        }
        for consent_date, deadline in cases.items():
            with self.subTest(consent_date=consent_date):
                self.assertEqual(self._refusal(consent_date).iys_deadline, deadline)

    def test_refusal_the_day_before_a_holiday(self):
        cases = {
            # Monday 18 May 2026; Tuesday 19 May is a holiday -> Wed, Thu, Fri 22 May.
            datetime(2026, 5, 18, 7): datetime(2026, 5, 22, 14),
            # Friday 28 March 2025; Ramazan Bayramı Sunday 30 March to Tuesday 1 April
            # -> Wed 2, Thu 3, Fri 4 April.
            datetime(2025, 3, 28, 7): datetime(2025, 4, 4, 14),
            # Thursday 5 June 2025, Kurban Bayramı arife: Fri 6 to Mon 9 June off -> Tue, Wed, Thu 12 June.
            datetime(2025, 6, 5, 7): datetime(2025, 6, 12, 14),
        }
        for consent_date, deadline in cases.items():
            with self.subTest(consent_date=consent_date):
                self.assertEqual(self._refusal(consent_date).iys_deadline, deadline)

    def test_half_days(self):
        cases = {
            # Friday 23 Oct 2026 -> Mon 26, Tue 27, Wed 28 October, a half day (off from 13:00):
            # its work ends with the morning, at 12:00 (09:00 UTC).
            datetime(2026, 10, 23, 7): datetime(2026, 10, 28, 9),
            # Tuesday 27 Oct 2026 -> Wed 28 (half day, counts), Thu 29 off -> Fri 30 Oct, Mon 2 Nov.
            datetime(2026, 10, 27, 7): datetime(2026, 11, 2, 14),
            # Friday 22 May 2026 -> Mon 25, Tue 26 (Kurban Bayramı arife, half), Wed 27 to Sat 30 off
            # -> Mon 1 June.
            datetime(2026, 5, 22, 7): datetime(2026, 6, 1, 14),
        }
        for consent_date, deadline in cases.items():
            with self.subTest(consent_date=consent_date):
                self.assertEqual(self._refusal(consent_date).iys_deadline, deadline)

    def test_helper_for_other_rules(self):
        add = self.company_a._crm_tr_add_working_days
        friday_evening = datetime(2026, 5, 15, 16)  # 19:00 in Turkey
        self.assertEqual(add(friday_evening, 1), datetime(2026, 5, 18, 14))
        self.assertEqual(add(friday_evening, 2), datetime(2026, 5, 20, 14), "Tuesday 19 May is a holiday")
        self.assertEqual(add(datetime(2026, 12, 31, 7), 1), datetime(2027, 1, 4, 14), "1 January, then a weekend")
        with self.assertRaises(ValueError):
            add(friday_evening, 0)

    def test_each_company_counts_its_own_time_off(self):
        # Company B closes on Wednesday 20 May 2026 (a company-wide leave of B only).
        self.env["resource.calendar.leaves"].with_company(self.company_b).create(
            # 08:00 to 19:00 Turkey time: it must not touch 19 May's holiday (hr_holidays refuses
            # company holidays that touch).
            {"name": "Stock count", "date_from": datetime(2026, 5, 20, 5), "date_to": datetime(2026, 5, 20, 16)}
        )
        monday = datetime(2026, 5, 18, 7)
        self.assertEqual(self._refusal(monday, self.company_a).iys_deadline, datetime(2026, 5, 22, 14))
        self.assertEqual(self._refusal(monday, self.company_b).iys_deadline, datetime(2026, 5, 25, 14))

    def test_open_deadlines_follow_holiday_and_schedule_changes(self):
        monday = datetime(2026, 5, 18, 7)
        open_refusal, uploaded = self._refusal(monday), self._refusal(monday)
        uploaded.iys_state = "sent"
        self.assertEqual(open_refusal.iys_deadline, datetime(2026, 5, 22, 14))
        # Company A's admin removes 19 May from its time off: the open deadline moves back.
        may_19 = [
            ("company_id", "=", self.company_a.id),
            ("calendar_id", "=", False),
            ("date_from", "=", datetime(2026, 5, 18, 21)),
        ]
        self.env["resource.calendar.leaves"].search(may_19).unlink()
        self.assertEqual(open_refusal.iys_deadline, datetime(2026, 5, 21, 14))
        self.assertEqual(uploaded.iys_deadline, datetime(2026, 5, 22, 14), "an uploaded consent's deadline stays")
        # A deleted holiday is not copied back by the next update.
        self.env["res.company"]._crm_tr_init_turkish_holidays()
        self.assertEqual(open_refusal.iys_deadline, datetime(2026, 5, 21, 14))
        # The shipped Turkish schedule works until 18:00 (15:00 UTC) and carries the holidays
        # itself, 19 May included.
        self.company_a.resource_calendar_id = self.env.ref("crm_tr_sms.resource_calendar_tr")
        self.assertEqual(open_refusal.iys_deadline, datetime(2026, 5, 22, 15))

    def test_overdue_consents_are_found(self):
        Consent = self.env["crm_tr.iys.consent"]
        old, uploaded = self._refusal(datetime(2026, 1, 5, 9)), self._refusal(datetime(2026, 1, 5, 9))
        new = self._refusal(fields.Datetime.now())
        uploaded.iys_state = "sent"
        self.assertEqual(old.iys_deadline, datetime(2026, 1, 8, 14))
        self.assertEqual(old.iys_overdue, True)
        mine = Consent.search([("partner_id", "=", self.partner.id), ("iys_overdue", "=", True)])
        self.assertEqual(mine, old)
        on_time = Consent.search([("partner_id", "=", self.partner.id), ("iys_overdue", "=", False)])
        self.assertEqual(on_time, new | uploaded)
