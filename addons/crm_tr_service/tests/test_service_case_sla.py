from datetime import datetime
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.base.models.ir_cron import IrCron
from odoo.addons.crm_tr_sms.tests.common import CrmTrTwoCompanyCase

try:
    from freezegun import freeze_time
except ImportError:  # pragma: no cover
    from odoo.tests.common import freeze_time


def utc(day, hour, minute=0, month=12, year=2026):
    """Naive UTC of an Istanbul (UTC+3) wall-clock time."""
    return (
        datetime(year, month, day, hour - 3, minute) if hour >= 3 else datetime(year, month, day - 1, hour + 21, minute)
    )


class ServiceCaseSlaCommon(CrmTrTwoCompanyCase):
    """Company A's schedule is Odoo's standard week (Mon-Fri 08:00-12:00, 13:00-17:00,
    Turkey time) with the Turkish public holidays (1 January 2027 is a Friday)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Case = cls.env["crm_tr.service.case"]
        cls.leader = cls._crm_tr_user("sla_leader", "crm_tr_service.group_service_technician")
        cls.manager = cls._crm_tr_user("sla_manager", "crm_tr_service.group_service_manager")
        cls.manager_b = cls._crm_tr_user("sla_manager_b", "crm_tr_service.group_service_manager", company=cls.company_b)
        cls.tech_1 = cls._crm_tr_user("sla_tech_1", "crm_tr_service.group_service_technician")
        cls.tech_2 = cls._crm_tr_user("sla_tech_2", "crm_tr_service.group_service_technician")
        cls.tech_3 = cls._crm_tr_user("sla_tech_3", "crm_tr_service.group_service_technician")
        cls.team = cls.env["crm_tr.service.team"].create(
            {"name": "Ege Servis", "company_id": cls.company_a.id, "user_id": cls.leader.id}
        )
        cls.team_b = cls.env["crm_tr.service.team"].create({"name": "Trakya Servis", "company_id": cls.company_b.id})
        Category = cls.env["crm_tr.service.case.category"]
        cls.cooling = Category.create({"name": "Soğutma"})
        cls.gas_leak = Category.create({"name": "Gaz kaçağı", "parent_id": cls.cooling.id})
        cls.heating = Category.create({"name": "Isıtma"})
        Sla = cls.env["crm_tr.service.sla"]
        cls.sla_standard = Sla.create(
            {"name": "Standart", "company_id": cls.company_a.id, "response_hours": 2, "resolution_hours": 5}
        )
        cls.sla_urgent = Sla.create(
            {
                "name": "Acil",
                "company_id": cls.company_a.id,
                "priority": "2",
                "response_hours": 1,
                "resolution_hours": 3,
            }
        )
        cls.sla_cooling_a = Sla.create(
            {
                "name": "A sınıfı soğutma",
                "company_id": cls.company_a.id,
                "category_ids": [Command.set(cls.cooling.ids)],
                "customer_class": "a",
                "resolution_hours": 4,
            }
        )
        cls.sla_b = Sla.create(
            {"name": "Trakya standart", "company_id": cls.company_b.id, "response_hours": 8, "resolution_hours": 16}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Yıldız Otel A.Ş.", "is_company": True})
        cls.contact = cls.env["res.partner"].create({"name": "Serkan Polat", "parent_id": cls.customer.id})
        cls.vip = cls.env["res.partner"].create({"name": "Ege Hastanesi", "is_company": True})
        cls.vip.with_company(cls.company_a).sudo().crm_tr_customer_class = "a"

    def _case(self, **vals):
        return self.Case.create(
            {
                "subject": "Klima soğutmuyor",
                "partner_id": self.customer.id,
                "company_id": self.company_a.id,
                "team_id": self.team.id,
            }
            | vals
        )


@tagged("post_install", "-at_install")
class TestServiceCaseSla(ServiceCaseSlaCommon):
    def test_calendar_is_turkey_time_with_new_year_off(self):
        calendar = self.team._crm_tr_working_calendar()
        self.assertEqual(calendar.tz, "Europe/Istanbul")
        self.assertEqual(calendar, self.company_a.resource_calendar_id)

    def test_deadlines_across_a_weekend(self):
        # Friday 11 December 16:00: 1 hour on Friday, then Monday 14 December from 08:00.
        with freeze_time(utc(11, 16)):
            case = self._case()
        self.assertEqual(case.sla_id, self.sla_standard)
        self.assertEqual(case.date_open, utc(11, 16))
        self.assertEqual(case.sla_response_deadline, utc(14, 9))
        # 5 hours: Friday 16-17, Monday 08-12.
        self.assertEqual(case.sla_deadline, utc(14, 12))
        # 80 % of 5 hours = 4 hours: Monday 11:00.
        self.assertEqual(case.sla_at_risk_date, utc(14, 11))

    def test_deadlines_across_a_public_holiday_and_weekend(self):
        # Thursday 31 December 15:00; Friday 1 January 2027 (Yılbaşı) and the weekend are off.
        with freeze_time(utc(31, 15)):
            case = self._case()
        self.assertEqual(case.sla_response_deadline, utc(31, 17))
        # 5 hours: Thursday 15-17 (2), Monday 4 January 08:00-11:00 (3).
        self.assertEqual(case.sla_deadline, datetime(2027, 1, 4, 8))

    def test_deadlines_of_a_case_opened_out_of_hours(self):
        # Tuesday 8 December 20:30: the clock starts Wednesday at 08:00; lunch does not count.
        with freeze_time(utc(8, 20, 30)):
            case = self._case()
        self.assertEqual(case.sla_response_deadline, utc(9, 10))
        self.assertEqual(case.sla_deadline, utc(9, 14))
        self.assertEqual(case.sla_status, "ok")

    def test_most_specific_policy_wins(self):
        self.assertEqual(self._case().sla_id, self.sla_standard)
        self.assertEqual(self._case(priority="2").sla_id, self.sla_urgent)
        # A subcategory is covered by a policy on its parent; the class is the customer's in company A.
        vip_case = self._case(partner_id=self.vip.id, category_id=self.gas_leak.id, priority="2")
        self.assertEqual(vip_case.sla_id, self.sla_cooling_a)
        self.assertFalse(vip_case.sla_response_deadline, "that policy has no response target")
        self.assertEqual(self._case(partner_id=self.vip.id, category_id=self.heating.id).sla_id, self.sla_standard)
        self.assertEqual(self._case(company_id=self.company_b.id, team_id=self.team_b.id).sla_id, self.sla_b)

    def test_policy_follows_priority_while_open_and_stays_once_closed(self):
        case = self._case()
        case.priority = "2"
        self.assertEqual(case.sla_id, self.sla_urgent)
        case.write({"resolution_note": "<p>Filtre temizlendi.</p>", "state": "done"})
        case.priority = "0"
        self.assertEqual(case.sla_id, self.sla_urgent)

    def test_policy_without_targets_is_refused(self):
        count = self.env["crm_tr.service.sla"].search_count([])
        with self.assertRaisesRegex(ValidationError, "no target"), self.env.cr.savepoint():
            self.env["crm_tr.service.sla"].create({"name": "Boş", "company_id": self.company_a.id})
        with self.assertRaisesRegex(ValidationError, "negative"), self.env.cr.savepoint():
            self.sla_standard.response_hours = -1
        self.assertEqual(self.env["crm_tr.service.sla"].search_count([]), count)
        self.assertEqual(self.sla_standard.response_hours, 2)

    def test_status_met_and_missed(self):
        with freeze_time(utc(9, 9)):
            met = self._case(resolution_note="<p>Telefonda çözüldü.</p>")
            late = self._case(resolution_note="<p>Parça değişti.</p>")
            met.action_start()
            late.action_start()
        with freeze_time(utc(9, 11)):
            met.action_solve()
        with freeze_time(utc(10, 11)):
            late.action_solve()
        self.assertEqual((met.sla_status, late.sla_status), ("met", "missed"))


@tagged("post_install", "-at_install")
class TestServiceCaseLifecycle(ServiceCaseSlaCommon):
    def test_state_follows_stage_and_writes_move_the_stage(self):
        case = self._case()
        self.assertEqual((case.stage_id, case.state), (self.env.ref("crm_tr_service.stage_new"), "new"))
        case.action_start()
        self.assertEqual(case.stage_id, self.env.ref("crm_tr_service.stage_in_progress"))
        case.stage_id = self.env.ref("crm_tr_service.stage_waiting")
        self.assertEqual(case.state, "waiting")

    def test_default_team_is_the_case_company_s(self):
        values = {"subject": "Kombi", "partner_id": self.customer.id}
        self.assertEqual(self.Case.create(values | {"company_id": self.company_a.id}).team_id, self.team)
        self.assertEqual(self.Case.create(values | {"company_id": self.company_b.id}).team_id, self.team_b)

    def test_case_recorded_as_solved(self):
        # Imports and demo data create solved cases at once: no resolution note asked.
        with freeze_time(utc(9, 10)):
            case = self._case(state="done", date_open=utc(8, 9))
        self.assertEqual(case.stage_id, self.env.ref("crm_tr_service.stage_done"))
        self.assertEqual((case.date_closed, case.first_response_date), (utc(9, 10), utc(8, 9)))
        waiting = self._case(state="waiting")
        self.assertEqual(waiting.stage_id, self.env.ref("crm_tr_service.stage_waiting"))
        self.assertFalse(waiting.date_closed)

    def test_team_stages(self):
        repair = self.env["crm_tr.service.stage"].create(
            {"name": "Atölyede", "category": "in_progress", "sequence": 5, "team_ids": [Command.set(self.team.ids)]}
        )
        case = self._case()
        case.action_start()
        self.assertEqual(case.stage_id, repair, "the team's own first in-progress stage")
        other = self._case(company_id=self.company_b.id, team_id=self.team_b.id)
        other.action_start()
        self.assertEqual(other.stage_id, self.env.ref("crm_tr_service.stage_in_progress"))

    def test_solving_needs_a_resolution_note(self):
        case = self._case()
        case.action_start()
        with self.assertRaisesRegex(UserError, "resolution"), self.env.cr.savepoint():
            case.action_solve()
        self.assertEqual(case.state, "in_progress")
        self.assertFalse(case.date_closed)
        case.resolution_note = "<p><br></p>"
        with self.assertRaisesRegex(UserError, "resolution"), self.env.cr.savepoint():
            case.action_solve()
        case.resolution_note = "<p>Gaz dolumu yapıldı.</p>"
        case.action_solve()
        self.assertEqual(case.state, "done")

    def test_closing_date_is_kept_until_reopened(self):
        case = self._case(resolution_note="<p>Tamam.</p>")
        with freeze_time(utc(9, 10)):
            case.action_solve()
        with freeze_time(utc(10, 10)):
            case.write({"state": "done"})
            case.subject = "Klima soğutmuyor (salon)"
            self.assertEqual(case.date_closed, utc(9, 10))
            case.action_cancel()
            self.assertEqual(case.date_closed, utc(9, 10), "moving between closed stages keeps the date")
            case.action_reopen()
        self.assertFalse(case.date_closed)
        self.assertEqual(case.state, "new")

    def test_first_response_and_first_contact_resolution(self):
        with freeze_time(utc(9, 9)):
            quick = self._case(resolution_note="<p>Kumanda pili değişti.</p>")
            worked = self._case(resolution_note="<p>Parça değişti.</p>")
        with freeze_time(utc(9, 10)):
            quick.action_solve()
            worked.action_start()
        with freeze_time(utc(9, 11)):
            worked.action_solve()
        self.assertEqual(quick.first_response_date, utc(9, 10))
        self.assertEqual(worked.first_response_date, utc(9, 10))
        self.assertTrue(quick.first_contact_resolution)
        self.assertFalse(worked.first_contact_resolution)
        with freeze_time(utc(9, 12)):
            answered = self._case()
            answered.message_post(body="Yarın geliyoruz.", partner_ids=self.customer.ids, message_type="comment")
        self.assertEqual(answered.first_response_date, utc(9, 12))
        self.assertEqual(answered.state, "new")

    def test_contact_of_another_customer_is_refused(self):
        stranger = self.env["res.partner"].create({"name": "Başka Biri"})
        with self.assertRaisesRegex(ValidationError, "Başka Biri"), self.env.cr.savepoint():
            self._case(contact_id=stranger.id)
        self.assertEqual(self._case(contact_id=self.contact.id).contact_id, self.contact)

    def test_serial_of_another_customer_is_refused(self):
        if "crm_tr_partner_id" not in self.env["stock.lot"]._fields:
            self.skipTest("stock.lot.crm_tr_partner_id (the serial's owner) is not installed")
        product = self.env["product.product"].create({"name": "Split Klima", "type": "consu", "tracking": "serial"})
        lot = self.env["stock.lot"].create(
            {"name": "SN-OWN-1", "product_id": product.id, "company_id": self.company_a.id}
        )
        lot.crm_tr_partner_id = self.vip
        count = self.Case.search_count([])
        with self.assertRaisesRegex(ValidationError, "SN-OWN-1"), self.env.cr.savepoint():
            self._case(lot_id=lot.id, product_id=product.id)
        self.assertEqual(self.Case.search_count([]), count)
        self.assertEqual(self._case(partner_id=self.vip.id, lot_id=lot.id).lot_id, lot)

    def test_round_robin_assignment(self):
        self.team.write(
            {
                "assignment_method": "round_robin",
                "member_ids": [Command.set((self.tech_1 | self.tech_2 | self.tech_3).ids)],
            }
        )
        users = [self._case().user_id for _index in range(4)]
        self.assertEqual(users, [self.tech_1, self.tech_2, self.tech_3, self.tech_1])
        self.assertEqual(self.team.last_assigned_user_id, self.tech_1)

    def test_assignment_by_load(self):
        self.team.write({"member_ids": [Command.set((self.tech_1 | self.tech_2 | self.tech_3).ids)]})
        self._case(user_id=self.tech_1.id)
        self._case(user_id=self.tech_1.id)
        self._case(user_id=self.tech_2.id)
        done = self._case(user_id=self.tech_3.id, resolution_note="<p>Tamam.</p>")
        done.action_solve()
        self.team.assignment_method = "load"
        self.assertEqual(self._case().user_id, self.tech_3, "no open case")
        self.assertEqual(self._case().user_id, self.tech_2, "one open case, earlier member than tech 3")

    def test_manual_team_pool_and_dispatch(self):
        self.team.member_ids = self.tech_1 | self.tech_2
        pooled = self._case(user_id=False)
        self.assertIn(pooled, self.Case.search([("user_id", "=", False), ("team_id", "=", self.team.id)]))
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self._case().action_crm_tr_auto_assign()
        self._case(user_id=self.tech_1.id)
        # The supervisor dispatches the manual team's pool by load.
        pooled.with_user(self.manager).action_crm_tr_auto_assign()
        self.assertEqual(pooled.user_id, self.tech_2)
        self.team.assignment_method = "round_robin"
        again = self._case(user_id=False)
        self.assertEqual(again.user_id, self.tech_1, "round-robin: after tech 2 (the last assigned), back to the first")
        mine = self._case(user_id=False)
        mine.with_user(self.tech_2).action_crm_tr_assign_to_me()
        self.assertEqual(mine.user_id, self.tech_2)


@tagged("post_install", "-at_install")
class TestServiceCaseEscalation(ServiceCaseSlaCommon):
    def _run_cron(self, moment, batch_size=1000):
        """The escalation job as the scheduler runs it (its own cursor, commits allowed)."""
        cron = self.env.ref("crm_tr_service.ir_cron_crm_tr_service_case_escalate")
        cron.code = f"model._cron_crm_tr_escalate(batch_size={batch_size})"
        with freeze_time(moment), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()

    def _activities(self, case, user):
        return case.activity_ids.filtered(lambda activity: activity.user_id == user)

    def test_escalation_levels_without_doubles(self):
        with freeze_time(utc(9, 8)):
            overdue = self._case()  # response by 10:00, solution by 14:00
            at_risk = self._case(first_response_date=utc(9, 8, 30))
            on_track = self._case(first_response_date=utc(9, 8, 30))
            overdue_b = self.Case.create(
                {
                    "subject": "Kombi",
                    "partner_id": self.customer.id,
                    "company_id": self.company_b.id,
                    "team_id": self.team_b.id,
                }
            )
        # Wednesday 12:00 + 5 working hours = Thursday 09:00; at risk (4 hours) from Wednesday 17:00.
        on_track.date_open = utc(9, 12)
        self._run_cron(utc(9, 16))
        self.assertEqual((overdue.sla_status, at_risk.sla_status, on_track.sla_status), ("overdue", "overdue", "ok"))
        self.assertEqual((overdue.escalation_level, on_track.escalation_level), ("1", "0"))
        self.assertEqual(len(self._activities(overdue, self.leader)), 1)
        self.assertFalse(self._activities(overdue, self.manager))
        self.assertEqual((overdue_b.sla_status, overdue_b.escalation_level), ("ok", "0"), "response due at 17:00")
        self._run_cron(utc(10, 8, 30))
        # Team B has no leader: its company's service managers get the first level.
        self.assertEqual(overdue_b.escalation_level, "1")
        self.assertEqual(len(self._activities(overdue_b, self.manager_b)), 1)
        self.assertFalse(self._activities(overdue_b, self.manager))
        self.assertEqual(on_track.sla_status, "at_risk")
        self.assertEqual(overdue.escalation_level, "2")
        self.assertEqual(len(self._activities(overdue, self.manager)), 1)
        self.assertEqual(on_track.escalation_level, "1")
        self._run_cron(utc(10, 9, 30))
        # Overdue now: level 2 at last; the overdue case stays at 2 with no new activity.
        self.assertEqual(on_track.escalation_level, "2")
        self.assertEqual(len(self._activities(overdue, self.manager)), 1)
        self.assertEqual(len(self._activities(overdue, self.leader)), 1)
        logged = [str(body) for body in overdue.message_ids.mapped("body") if "Escalated" in str(body)]
        self.assertEqual(len(logged), 2, "one chatter entry a level")
        self.assertIn("level 2", logged[0])

    def test_at_risk_escalates_to_the_leader_only(self):
        with freeze_time(utc(9, 8)):
            case = self._case(first_response_date=utc(9, 8, 30))
        for hour in (12, 13):  # 4 working hours at 13:00 (lunch off): at risk; twice
            self._run_cron(utc(9, hour, 30))
        self.assertEqual((case.sla_status, case.escalation_level), ("at_risk", "1"))
        self.assertEqual(len(case.activity_ids), 1)

    def test_escalation_in_batches(self):
        with freeze_time(utc(9, 8)):
            cases = self.Case.browse([self._case().id for _index in range(5)])
        calls = []
        original = IrCron._commit_progress

        def progress(cron, processed=0, **kwargs):
            calls.append((processed, kwargs.get("remaining")))
            return original(cron, processed, **kwargs)

        # Every open case under a policy, the database's (demo) ones included.
        total = self.Case.search_count([("state", "not in", ("done", "cancelled")), ("sla_id", "!=", False)])
        with patch.object(IrCron, "_commit_progress", autospec=True, side_effect=progress):
            self._run_cron(utc(10, 12), batch_size=2)
        mine = [call for call in calls if call[1] is not None]
        # Batches of 2: (2, total - 2), (2, total - 4), ... down to 0 remaining.
        expected = [(min(2, total - done), total - min(done + 2, total)) for done in range(0, total, 2)]
        self.assertEqual(mine, expected)
        self.assertEqual(set(cases.mapped("escalation_level")), {"1"})

    def test_escalation_stops_when_the_cron_runs_out_of_time(self):
        with freeze_time(utc(9, 8)):
            cases = self.Case.browse([self._case().id for _index in range(3)])
        open_ids = self.Case.search(
            [("state", "not in", ("done", "cancelled")), ("sla_id", "!=", False)], order="id"
        ).ids
        with patch.object(IrCron, "_commit_progress", autospec=True, return_value=0):
            self._run_cron(utc(10, 12), batch_size=len(open_ids) - 1)
        self.assertEqual(cases[:-1].mapped("escalation_level"), ["1", "1"])
        self.assertEqual(cases[-1].escalation_level, "0", "left for the next run")


@tagged("post_install", "-at_install")
class TestServiceCaseMailGateway(ServiceCaseSlaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create({"name": "ege.example.com"})
        cls.company_a.alias_domain_id = cls.alias_domain
        cls.team.write(
            {
                "alias_name": "ege-servis",
                "alias_domain_id": cls.alias_domain.id,
                "assignment_method": "round_robin",
                "member_ids": [Command.set((cls.tech_1 | cls.tech_2).ids)],
            }
        )

    def _email(self, subject, message_id, body, in_reply_to=None, sender="Ayşe Demir <ayse@example.com>"):
        headers = [
            f"From: {sender}",
            "To: ege-servis@ege.example.com",
            f"Subject: {subject}",
            f"Message-ID: {message_id}",
            "Date: Wed, 09 Dec 2026 10:00:00 +0300",
            "Content-Type: text/plain; charset=utf-8",
            "MIME-Version: 1.0",
        ]
        if in_reply_to:
            headers.append(f"In-Reply-To: {in_reply_to}")
        return "\r\n".join(headers) + "\r\n\r\n" + body + "\r\n"

    def test_email_opens_a_case_and_a_reply_updates_it(self):
        case_id = self.env["mail.thread"].message_process(
            None, self._email("Klima su damlatıyor", "<c1@example.com>", "Salondaki klima su damlatıyor.")
        )
        case = self.Case.browse(case_id)
        self.assertEqual(case.team_id, self.team)
        self.assertEqual(case.company_id, self.company_a)
        self.assertEqual((case.subject, case.channel), ("Klima su damlatıyor", "email"))
        self.assertEqual(case.partner_id.email, "ayse@example.com")
        self.assertIn("<ayse@example.com>", case.email_from)
        self.assertEqual(case.user_id, self.tech_1, "the team's round-robin, not the gateway's user")
        self.assertEqual(case.sla_id, self.sla_standard)
        self.assertIn("su damlatıyor", case.description)
        case.action_start()
        case.action_wait()
        count = len(case.message_ids)
        same = self.env["mail.thread"].message_process(
            None,
            self._email("Re: Klima su damlatıyor", "<c2@example.com>", "Cihazı yarın evdeyim.", "<c1@example.com>"),
        )
        self.assertEqual(same, case.id)
        self.assertEqual(self.Case.search_count([("team_id", "=", self.team.id)]), 1)
        self.assertGreater(len(case.message_ids), count)
        self.assertIn("yarın evdeyim", "".join(map(str, case.message_ids.mapped("body"))))
        self.assertEqual(case.state, "in_progress", "the customer answered")

    def test_email_of_a_known_contact(self):
        self.contact.email = "serkan@yildizotel.com.tr"
        case = self.Case.browse(
            self.env["mail.thread"].message_process(
                None,
                self._email("Kombi", "<c3@example.com>", "Kombi arızalı.", sender="serkan@yildizotel.com.tr"),
            )
        )
        self.assertEqual((case.partner_id, case.contact_id), (self.contact, self.contact))
