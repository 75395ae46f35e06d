"""The visit scheduler: skills, territory, working hours, leaves, public holidays, existing
bookings, deadlines, priority and same-district grouping, the reasons of what it leaves
out, the wizard and the cron; and a property test over random teams."""

import contextlib
from datetime import date, datetime, timedelta

from freezegun import freeze_time
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pytz import timezone, utc

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.crm_tr_sms.tests.common import CrmTrTwoCompanyCase

# The week of Monday 7 December 2026 (no Turkish public holiday); Istanbul is UTC+3.
MON, TUE, WED, THU, FRI = 7, 8, 9, 10, 11
MONDAY = date(2026, 12, MON)
# The scheduler runs on Sunday 6 December at 15:00 Istanbul time.
NOW = datetime(2026, 12, 6, 12, 0)


def ist(day, hour, minute=0):
    """Naive UTC of an Istanbul time in December 2026."""
    return datetime(2026, 12, day, hour - 3, minute)


def attendances(days, periods):
    return [
        Command.create({"name": f"{day} {begin}", "dayofweek": str(day), "hour_from": begin, "hour_to": end})
        for day in days
        for begin, end in periods
    ]


class SchedulerCase(CrmTrTwoCompanyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tz="Europe/Istanbul", lang="en_US"))
        cls.company = cls.company_a
        # 08:00-12:00 and 13:00-17:00, Monday to Friday, Istanbul time.
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Marmara 40 saat",
                "tz": "Europe/Istanbul",
                "company_id": cls.company.id,
                "attendance_ids": attendances(range(5), ((8, 12), (13, 17))),
            }
        )
        Category = cls.env["product.category"]
        cls.klima = Category.create({"name": "Klima"})
        cls.kombi = Category.create({"name": "Kombi"})
        cls.asansor = Category.create({"name": "Asansör"})
        cls.istanbul = cls.env.ref("base.state_tr_34")
        cls.ankara = cls.env.ref("base.state_tr_06")
        cls.izmir = cls.env.ref("base.state_tr_35")
        Employee = cls.env["hr.employee"]
        common = {"company_id": cls.company.id, "resource_calendar_id": cls.calendar.id, "tz": "Europe/Istanbul"}
        cls.ali = Employee.create(
            dict(
                common,
                name="Ali Usta",
                crm_tr_skill_category_ids=[Command.set(cls.klima.ids)],
                crm_tr_state_ids=[Command.set(cls.istanbul.ids)],
            )
        )
        cls.veli = Employee.create(
            dict(common, name="Veli Usta", crm_tr_skill_category_ids=[Command.set((cls.klima | cls.kombi).ids)])
        )
        cls.ayse = Employee.create(
            dict(
                common,
                name="Ayşe Usta",
                crm_tr_skill_category_ids=[Command.set(cls.kombi.ids)],
                crm_tr_state_ids=[Command.set(cls.ankara.ids)],
            )
        )
        cls.team = cls.ali | cls.veli | cls.ayse
        Partner = cls.env["res.partner"]
        country = cls.env.ref("base.tr")

        def customer(name, state, city):
            return Partner.create(
                {"name": name, "is_company": True, "country_id": country.id, "state_id": state.id, "city": city}
            )

        cls.kadikoy = customer("Moda Kafe Ltd.", cls.istanbul, "Kadıköy")
        cls.kadikoy_2 = customer("Fenerbahçe Eczanesi", cls.istanbul, "Kadıköy")
        cls.besiktas = customer("Beşiktaş Otel A.Ş.", cls.istanbul, "Beşiktaş")
        cls.cankaya = customer("Çankaya Plaza", cls.ankara, "Çankaya")
        cls.karsiyaka = customer("Karşıyaka Market", cls.izmir, "Karşıyaka")
        cls.Visit = cls.env["crm_tr.visit"]
        cls.Scheduler = cls.env["crm_tr.visit.scheduler"]
        cls.leave_type = cls.env["hr.leave.type"].create(
            {"name": "Yıllık izin", "requires_allocation": False, "company_id": cls.company.id}
        )

    def _todo(self, partner, hours=1.0, **vals):
        """A visit waiting to be scheduled (no times, nobody on it yet)."""
        return self.Visit.create(
            {
                "partner_id": partner.id,
                "purpose": "Bakım",
                "company_id": self.company.id,
                "state": "to_schedule",
                "planned_start": False,
                "planned_end": False,
                "user_id": False,
                "employee_ids": [Command.clear()],
                "estimated_hours": hours,
            }
            | vals
        )

    def _planned(self, employee, start, end, partner=None, **vals):
        return self.Visit.create(
            {
                "partner_id": (partner or self.kadikoy).id,
                "purpose": "Mevcut ziyaret",
                "company_id": self.company.id,
                "user_id": False,
                "employee_ids": [Command.set(employee.ids)],
                "planned_start": start,
                "planned_end": end,
            }
            | vals
        )

    def _leave(self, employee, first, last):
        leave = (
            self.env["hr.leave"]
            .with_context(leave_skip_state_check=True)
            .create(
                {
                    "employee_id": employee.id,
                    "holiday_status_id": self.leave_type.id,
                    "request_date_from": first,
                    "request_date_to": last,
                }
            )
        )
        leave.with_context(leave_skip_state_check=True).write({"state": "validate"})
        return leave

    def _schedule(self, visits, employees=None, days=5, start=MONDAY, now=NOW):
        placed, left_out = self.Scheduler._crm_tr_schedule(
            visits, employees if employees is not None else self.team, start, days, now=now
        )
        self.assertEqual(placed | left_out, visits, "every visit is placed or left out with a reason")
        return placed, left_out

    def assertPlaced(self, visit, employee, start, end):
        self.assertEqual(
            (visit.state, visit.employee_ids, visit.planned_start, visit.planned_end, visit.schedule_note),
            ("planned", employee, start, end, False),
        )
        self.assertEqual(len(visit.booking_ids), 1 + len(visit.vehicle_id) + len(visit.equipment_ids))
        self.assertTrue(visit.event_id, "a placed visit is in its employee's calendar")

    def assertLeftOut(self, visit, reason):
        self.assertEqual((visit.state, visit.schedule_note), ("to_schedule", reason))
        self.assertFalse(visit.booking_ids)


@tagged("post_install", "-at_install")
class TestVisitScheduler(SchedulerCase):
    def test_skill_and_territory(self):
        # Klima in Kadıköy: Ali (Klima, İstanbul) and Veli (Klima, everywhere) may take it;
        # both are free on Monday 08:00, the first of them gets it.
        klima = self._todo(self.kadikoy, 2.0, skill_category_id=self.klima.id)
        # Kombi in Karşıyaka (İzmir): Veli only (Ayşe covers Ankara).
        kombi_izmir = self._todo(self.karsiyaka, 1.5, skill_category_id=self.kombi.id)
        # Kombi in Çankaya: Ayşe or Veli; Veli is already on the Karşıyaka visit at 08:00.
        kombi_ankara = self._todo(self.cankaya, 1.0, skill_category_id=self.kombi.id)
        placed, left_out = self._schedule(klima | kombi_izmir | kombi_ankara)
        self.assertEqual((placed, left_out), (klima | kombi_izmir | kombi_ankara, self.Visit))
        self.assertPlaced(klima, self.ali, ist(MON, 8), ist(MON, 10))
        self.assertPlaced(kombi_izmir, self.veli, ist(MON, 8), ist(MON, 9, 30))
        self.assertPlaced(kombi_ankara, self.ayse, ist(MON, 8), ist(MON, 9))
        # Its chatter says where the scheduler put it.
        self.assertIn(
            f"Scheduled by the visit scheduler: Ayşe Usta, {kombi_ankara._crm_tr_format(ist(MON, 8))} – "
            f"{kombi_ankara._crm_tr_format(ist(MON, 9))}.",
            kombi_ankara.message_ids.mapped("body")[0],
        )

    def test_nobody_has_the_skill_or_covers_the_province(self):
        asansor = self._todo(self.kadikoy, skill_category_id=self.asansor.id)
        no_province = self.env["res.partner"].create({"name": "Adressiz Müşteri"})
        asansor_anywhere = self._todo(no_province, skill_category_id=self.asansor.id)
        klima_ankara = self._todo(self.cankaya, skill_category_id=self.klima.id)
        anything_izmir = self._todo(self.karsiyaka)
        placed, _left_out = self._schedule(
            asansor | asansor_anywhere | klima_ankara | anything_izmir, employees=self.ali | self.ayse
        )
        self.assertFalse(placed)
        self.assertLeftOut(asansor, "No employee may service Asansör (skill) in İstanbul.")
        self.assertLeftOut(asansor_anywhere, "No employee may service Asansör (skill).")
        self.assertLeftOut(klima_ankara, "No employee who may service Klima (skill) covers Ankara (territory).")
        self.assertLeftOut(anything_izmir, "No employee covers İzmir (territory).")

    def test_only_employees_with_working_hours(self):
        flexible = self.env["hr.employee"].create(
            {"name": "Serbest Usta", "company_id": self.company.id, "resource_calendar_id": False}
        )
        visit = self._todo(self.kadikoy)
        self._schedule(visit, employees=flexible | self.gizem_b())
        self.assertLeftOut(visit, "No employee of Ege Klima A.Ş. with working hours was given to the scheduler.")

    def gizem_b(self):
        """An employee of the other company, with working hours."""
        employee = self.env["hr.employee"].create({"name": "Gizem Tan", "company_id": self.company_b.id})
        self.assertTrue(employee.resource_calendar_id)
        return employee

    def test_leave_and_public_holiday(self):
        self._leave(self.ali, "2026-12-07", "2026-12-08")
        visit = self._todo(self.kadikoy, 3.0)
        self._schedule(visit, employees=self.ali)
        self.assertPlaced(visit, self.ali, ist(WED, 8), ist(WED, 11))
        # A public holiday on Wednesday (a global leave of the company calendar): Thursday.
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Resmi tatil",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 12, TUE, 21),
                "date_to": datetime(2026, 12, WED, 20, 59, 59),
            }
        )
        later = self._todo(self.kadikoy, 3.0)
        self._schedule(later, employees=self.ali)
        self.assertPlaced(later, self.ali, ist(THU, 8), ist(THU, 11))

    def test_existing_bookings(self):
        self._planned(self.ali, ist(MON, 8), ist(MON, 11))
        two_hours = self._todo(self.besiktas, 2.0)
        one_hour = self._todo(self.besiktas, 1.0)
        self._schedule(two_hours | one_hour, employees=self.ali)
        # 11:00-12:00 is too short for two hours: after lunch; the hour fills the gap.
        self.assertPlaced(two_hours, self.ali, ist(MON, 13), ist(MON, 15))
        self.assertPlaced(one_hour, self.ali, ist(MON, 11), ist(MON, 12))

    def test_vehicle_already_booked(self):
        model = self.env["fleet.vehicle.model"].create(
            {"name": "Doblo", "brand_id": self.env["fleet.vehicle.model.brand"].create({"name": "Fiat"}).id}
        )
        van = self.env["fleet.vehicle"].create(
            {"model_id": model.id, "license_plate": "34 MKS 120", "company_id": self.company.id}
        )
        self._planned(self.veli, ist(MON, 8), ist(MON, 10), vehicle_id=van.id)
        visit = self._todo(self.kadikoy, 1.0, vehicle_id=van.id)
        self._schedule(visit, employees=self.ali)
        self.assertPlaced(visit, self.ali, ist(MON, 10), ist(MON, 11))
        self.assertEqual(len(self.env["crm_tr.visit.booking"].search([("visit_id", "=", visit.id)])), 2)

    def test_priority_then_deadline_then_age(self):
        plain = self._todo(self.kadikoy, 4.0)
        urgent = self._todo(self.kadikoy, 4.0, priority="1")
        due_tuesday = self._todo(self.kadikoy, 4.0, deadline=date(2026, 12, TUE))
        due_friday = self._todo(self.kadikoy, 4.0, deadline=date(2026, 12, FRI))
        self._schedule(plain | urgent | due_tuesday | due_friday, employees=self.ali)
        self.assertPlaced(urgent, self.ali, ist(MON, 8), ist(MON, 12))
        self.assertPlaced(due_tuesday, self.ali, ist(MON, 13), ist(MON, 17))
        self.assertPlaced(due_friday, self.ali, ist(TUE, 8), ist(TUE, 12))
        self.assertPlaced(plain, self.ali, ist(TUE, 13), ist(TUE, 17))

    def test_same_district_same_day(self):
        kadikoy = self._todo(self.kadikoy, 2.0)
        besiktas = self._todo(self.besiktas, 1.0)
        kadikoy_again = self._todo(self.kadikoy_2, 1.0)
        self._schedule(kadikoy | besiktas | kadikoy_again, employees=self.ali | self.veli)
        self.assertPlaced(kadikoy, self.ali, ist(MON, 8), ist(MON, 10))
        self.assertPlaced(besiktas, self.veli, ist(MON, 8), ist(MON, 9))
        # Veli is free earlier (09:00), but Ali is in Kadıköy that day.
        self.assertPlaced(kadikoy_again, self.ali, ist(MON, 10), ist(MON, 11))

    def test_same_district_as_an_existing_visit(self):
        self._planned(self.veli, ist(TUE, 8), ist(TUE, 9), partner=self.besiktas)
        self._planned(self.ali, ist(MON, 8), ist(MON, 17), partner=self.kadikoy, allow_overtime=True)
        visit = self._todo(self.besiktas, 1.0)
        # Veli is free on Monday 08:00, but he goes to Beşiktaş on Tuesday.
        self._schedule(visit, employees=self.ali | self.veli)
        self.assertPlaced(visit, self.veli, ist(TUE, 9), ist(TUE, 10))

    def test_deadline_and_reasons(self):
        self._leave(self.ali, "2026-12-07", "2026-12-09")
        self._leave(self.veli, "2026-12-07", "2026-12-08")
        on_leave = self._todo(self.kadikoy, 1.0, deadline=date(2026, 12, TUE))
        # Veli is back on Wednesday: 08:00-12:00 taken by this one, so no room for 5 hours.
        wednesday = self._todo(self.kadikoy, 4.0, deadline=date(2026, 12, WED), priority="1")
        too_long = self._todo(self.kadikoy, 5.0, deadline=date(2026, 12, WED))
        past = self._todo(self.kadikoy, 1.0, deadline=date(2026, 12, 4))
        no_duration = self._todo(self.kadikoy, 0.0)
        no_room = self._todo(self.kadikoy, 6.0)
        placed, left_out = self._schedule(
            on_leave | wednesday | too_long | past | no_duration | no_room, employees=self.ali | self.veli
        )
        self.assertEqual(placed, wednesday)
        self.assertPlaced(wednesday, self.veli, ist(WED, 8), ist(WED, 12))
        self.assertLeftOut(
            on_leave,
            "Every employee who may take it is on leave or fully booked between 12/07/2026 and 12/08/2026.",
        )
        self.assertLeftOut(
            too_long, "No free slot of 5:00 before the deadline 12/09/2026 for the 2 employees who may take it."
        )
        self.assertLeftOut(past, "Its deadline 12/04/2026 has passed: it can no longer be placed before it.")
        self.assertLeftOut(no_duration, "It has no expected duration: give it one to schedule it.")
        self.assertLeftOut(
            no_room,
            "No free slot of 6:00 between 12/07/2026 and 12/11/2026 for the 2 employees who may take it.",
        )
        self.assertEqual(len(left_out), 5)

    def test_never_in_the_past(self):
        # Monday 10:07 in Istanbul: the first start is 10:10, on the scheduler's grid.
        visit = self._todo(self.kadikoy, 1.0)
        self._schedule(visit, employees=self.ali, now=ist(MON, 10, 7))
        self.assertPlaced(visit, self.ali, ist(MON, 10, 10), ist(MON, 11, 10))

    def test_refused_by_the_visit_checks(self):
        """What the visit's own checks refuse at save time stays to schedule, with their
        message: here a slot the scheduler did not know was taken (a booking written by
        another user after it read the calendar)."""
        visit = self._todo(self.kadikoy, 1.0)
        other = self._planned(self.veli, ist(MON, 8), ist(MON, 9))
        plan = self.Scheduler._crm_tr_plan(visit, self.ali, MONDAY, 1, NOW)
        self.assertEqual(plan["placements"], {visit.id: (self.ali.id, ist(MON, 8), ist(MON, 9))})
        other.employee_ids = self.ali
        placed, left_out = visit._crm_tr_apply_schedule(plan["placements"], plan["reasons"])
        self.assertEqual((placed, left_out), (self.Visit, visit))
        self.assertEqual(visit.state, "to_schedule")
        self.assertRegex(visit.schedule_note, "Ali Usta is already booked on visit .*Mevcut ziyaret")

    def test_wizard_as_team_leader(self):
        leader = self._crm_tr_user("leader_a", "sales_team.group_sale_salesman_all_leads")
        kadikoy = self._todo(self.kadikoy, 2.0, skill_category_id=self.klima.id)
        asansor = self._todo(self.kadikoy, 1.0, skill_category_id=self.asansor.id)
        with freeze_time(NOW):
            wizard = (
                self.env["crm_tr.visit.schedule.wizard"]
                .with_user(leader)
                .with_context(allowed_company_ids=self.company.ids)
                .create({"company_id": self.company.id, "date_from": MONDAY, "days": 5})
            )
            self.assertEqual(wizard.visit_ids, kadikoy | asansor)
            self.assertEqual(wizard.employee_ids & self.team, self.team)
            wizard.employee_ids = self.team
            action = wizard.action_schedule()
        self.assertEqual((action["res_model"], action["res_id"]), (wizard._name, wizard.id))
        self.assertEqual((wizard.state, wizard.placed_visit_ids, wizard.left_out_visit_ids), ("done", kadikoy, asansor))
        self.assertEqual((wizard.placed_count, wizard.left_out_count), (1, 1))
        self.assertPlaced(kadikoy, self.ali, ist(MON, 8), ist(MON, 10))
        self.assertLeftOut(asansor, "No employee may service Asansör (skill) in İstanbul.")

    def test_from_the_list(self):
        visits = self._todo(self.kadikoy) | self._todo(self.besiktas)
        action = visits.action_crm_tr_schedule()
        wizard = self.env["crm_tr.visit.schedule.wizard"].with_context(**action["context"]).create({})
        self.assertEqual(wizard.visit_ids, visits)

    def test_cron(self):
        visit = self._todo(self.kadikoy, 1.0, skill_category_id=self.kombi.id)
        self.company.partner_id.lang = "en_US"
        cron = self.env.ref("crm_tr_sales.ir_cron_crm_tr_schedule_visits")
        with freeze_time(NOW), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        # Tomorrow is Monday 7 December: Veli, the only one with Kombi in İstanbul.
        visit.invalidate_recordset()
        self.assertEqual(visit.employee_ids, self.veli)
        self.assertEqual((visit.planned_start, visit.planned_end), (ist(MON, 8), ist(MON, 9)))

    @mute_logger("odoo.sql_db")
    def test_overlapping_placements_are_refused_by_postgresql(self):
        """Two placements of one batch on the same person at the same time pass the Python
        check (neither is booked yet) and are refused by the exclusion constraint: both
        retried one at a time, the second stays to schedule."""
        first, second = self._todo(self.kadikoy), self._todo(self.kadikoy)
        slot = (self.ali.id, ist(MON, 8), ist(MON, 9))
        placed, left_out = first._crm_tr_apply_schedule({first.id: slot, second.id: slot}, {})
        self.assertEqual((placed, left_out), (first, second))
        self.assertRegex(second.schedule_note, "Ali Usta is already booked on visit")


# Calendars of the property test: (time zone, days, periods).
CALENDARS = [
    ("Europe/Istanbul", range(5), ((8, 12), (13, 17))),
    ("Europe/Berlin", range(6), ((9, 18),)),
    ("Asia/Dubai", (1, 2, 3, 4), ((7, 11), (11.5, 15))),
]
TZS = ["Europe/Istanbul", "Europe/Berlin", "Asia/Dubai"]

employees_st = st.lists(
    st.fixed_dictionaries(
        {
            "calendar": st.integers(0, len(CALENDARS) - 1),
            "tz": st.sampled_from(TZS),
            "skills": st.sets(st.integers(0, 1), max_size=2),
            "provinces": st.sets(st.integers(0, 1), max_size=2),
            # (first day offset from Monday, length in days)
            "leaves": st.lists(st.tuples(st.integers(0, 4), st.integers(1, 2)), max_size=2),
            # (day offset, start in quarters of an hour from 00:00 Istanbul, length in quarters)
            "bookings": st.lists(st.tuples(st.integers(0, 5), st.integers(20, 80), st.integers(1, 16)), max_size=4),
        }
    ),
    min_size=1,
    max_size=4,
)
visits_st = st.lists(
    st.fixed_dictionaries(
        {
            "quarters": st.integers(1, 24),
            "skill": st.none() | st.integers(0, 1),
            "partner": st.integers(0, 3),
            "deadline": st.none() | st.integers(-1, 6),
            "priority": st.sampled_from(["0", "1"]),
        }
    ),
    min_size=1,
    max_size=10,
)


class _Rollback(Exception):
    pass


@tagged("post_install", "-at_install")
class TestVisitSchedulerProperty(SchedulerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendars = cls.env["resource.calendar"].create(
            [
                {
                    "name": f"Takvim {index}",
                    "tz": tz,
                    "company_id": cls.company.id,
                    "attendance_ids": attendances(days, periods),
                }
                for index, (tz, days, periods) in enumerate(CALENDARS)
            ]
        )
        cls.partners = cls.kadikoy | cls.besiktas | cls.cankaya | cls.karsiyaka

    @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(employees_st, visits_st)
    # Always run: an employee in Berlin on the Istanbul calendar, with a leave on Tuesday and
    # a booking on Monday 11:00-13:00 (Istanbul); one in Dubai on a four-day week covering
    # Ankara only; an urgent visit due Tuesday, a long one, one due Monday.
    @example(
        [
            {
                "calendar": 0,
                "tz": "Europe/Berlin",
                "skills": {0},
                "provinces": set(),
                "leaves": [(1, 1)],
                "bookings": [(0, 44, 8)],
            },
            {"calendar": 2, "tz": "Asia/Dubai", "skills": {0, 1}, "provinces": {1}, "leaves": [], "bookings": []},
        ],
        [
            {"quarters": 8, "skill": 0, "partner": 0, "deadline": 1, "priority": "1"},
            {"quarters": 16, "skill": None, "partner": 2, "deadline": None, "priority": "0"},
            {"quarters": 24, "skill": 1, "partner": 1, "deadline": 0, "priority": "0"},
        ],
    )
    def test_never_a_clash_never_outside_working_hours_or_on_leave(self, employees_data, visits_data):
        # Each example in a savepoint rolled back at its end.
        with contextlib.suppress(_Rollback), self.env.cr.savepoint():
            self._check_random_plan(employees_data, visits_data)
            raise _Rollback

    def _check_random_plan(self, employees_data, visits_data):
        skills = self.klima | self.kombi
        provinces = self.istanbul | self.ankara
        employees = self.env["hr.employee"].create(
            [
                {
                    "name": f"Usta {index}",
                    "company_id": self.company.id,
                    "resource_calendar_id": self.calendars[data["calendar"]].id,
                    "tz": data["tz"],
                    "crm_tr_skill_category_ids": [Command.set([skills[i].id for i in data["skills"]])],
                    "crm_tr_state_ids": [Command.set([provinces[i].id for i in data["provinces"]])],
                }
                for index, data in enumerate(employees_data)
            ]
        )
        # Existing bookings (overtime allowed: anywhere in the day), then leaves.
        for employee, data in zip(employees, employees_data, strict=True):
            for day, start, length in data["bookings"]:
                begin = datetime(2026, 12, MON + day) - timedelta(hours=3) + timedelta(minutes=15 * start)
                # refused when it clashes with an earlier one
                with contextlib.suppress(ValidationError), self.env.cr.savepoint():
                    self._planned(employee, begin, begin + timedelta(minutes=15 * length), allow_overtime=True)
        for employee, data in zip(employees, employees_data, strict=True):
            for first, length in data["leaves"]:
                day = MONDAY + timedelta(days=first)
                # refused when it overlaps an earlier leave or has no working day
                with contextlib.suppress(ValidationError, UserError), self.env.cr.savepoint():
                    self._leave(employee, day, day + timedelta(days=length - 1))
        visits = self.Visit.browse()
        for data in visits_data:
            visits |= self._todo(
                self.partners[data["partner"]],
                data["quarters"] / 4,
                skill_category_id=skills[data["skill"]].id if data["skill"] is not None else False,
                deadline=MONDAY + timedelta(days=data["deadline"]) if data["deadline"] is not None else False,
                priority=data["priority"],
            )
        placed, left_out = self._schedule(visits, employees=employees, days=5)
        self.env.flush_all()

        # No two overlapping blocking bookings of a resource, anywhere.
        self.env.cr.execute(
            """SELECT count(*) FROM crm_tr_visit_booking a JOIN crm_tr_visit_booking b
                   ON a.resource = b.resource AND a.id < b.id
                  AND a.blocking AND b.blocking AND a.start < b.stop AND b.start < a.stop"""
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        for visit in placed:
            employee = visit.employee_ids
            self.assertEqual(len(employee), 1)
            start, end = visit.planned_start, visit.planned_end
            self.assertAlmostEqual((end - start).total_seconds(), visit.estimated_hours * 3600)
            self.assertGreaterEqual(start, NOW)
            tz = timezone(employee.tz)
            self.assertGreaterEqual(utc.localize(start).astimezone(tz).date(), MONDAY)
            self.assertLessEqual(
                utc.localize(end - timedelta(seconds=1)).astimezone(tz).date(),
                min(MONDAY + timedelta(days=4), visit.deadline or date.max),
                "placed within the horizon and by its deadline, in the employee's time zone",
            )
            self.assertTrue(
                not visit.skill_category_id or visit.skill_category_id in employee.crm_tr_skill_category_ids
            )
            self.assertTrue(not employee.crm_tr_state_ids or visit.state_id in employee.crm_tr_state_ids)
            work = self._work(employee, start, end)
            self.assertEqual(work, [(start, end)], "within one stretch of the employee's working time")
            leaves = self.env["hr.leave"].search_count(
                [
                    ("employee_id", "=", employee.id),
                    ("state", "=", "validate"),
                    ("date_from", "<", end),
                    ("date_to", ">", start),
                ]
            )
            self.assertEqual(leaves, 0, "not on a leave")
        for visit in left_out:
            self.assertEqual(visit.state, "to_schedule")
            self.assertTrue(visit.schedule_note, "every visit left out says why")
            # Greedy and honest: nobody who may take it has a free stretch that long left.
            eligible = employees.filtered(
                lambda e, v=visit: (
                    (not v.skill_category_id or v.skill_category_id in e.crm_tr_skill_category_ids)
                    and (not e.crm_tr_state_ids or v.state_id in e.crm_tr_state_ids)
                )
            )
            for employee in eligible:
                for begin, stop in self._free(employee, visit):
                    self.assertLess(
                        (stop - begin).total_seconds(),
                        visit.estimated_hours * 3600,
                        f"{visit.display_name} left out ({visit.schedule_note}) though {employee.name} is free "
                        f"from {begin} to {stop}",
                    )

    def _work(self, employee, start, end):
        """The employee's working time within [start, end), joined where it touches."""
        calendar = employee.resource_calendar_id
        intervals = calendar._work_intervals_batch(
            utc.localize(start), utc.localize(end), resources=employee.resource_id
        )
        pieces = []
        for local_begin, local_stop, _meta in intervals[employee.resource_id.id]:
            begin, stop = (
                local_begin.astimezone(utc).replace(tzinfo=None),
                local_stop.astimezone(utc).replace(tzinfo=None),
            )
            if pieces and pieces[-1][1] == begin:
                pieces[-1] = (pieces[-1][0], stop)
            else:
                pieces.append((begin, stop))
        return pieces

    def _free(self, employee, visit):
        """The employee's free stretches in the horizon before the visit's deadline:
        working time less leaves and his bookings, computed from the records."""
        tz = timezone(employee.tz)
        last = MONDAY + timedelta(days=5)
        if visit.deadline:
            last = min(last, visit.deadline + timedelta(days=1))
        low = max(tz.localize(datetime.combine(MONDAY, datetime.min.time())).astimezone(utc).replace(tzinfo=None), NOW)
        high = tz.localize(datetime.combine(last, datetime.min.time())).astimezone(utc).replace(tzinfo=None)
        if high <= low:
            return []
        stretches = self._work(employee, low, high)
        holes = [
            (b.start, b.stop)
            for b in self.env["crm_tr.visit.booking"].search(
                [("resource", "=", f"hr.employee,{employee.id}"), ("blocking", "=", True)]
            )
        ]
        holes += [
            (leave.date_from, leave.date_to)
            for leave in self.env["hr.leave"].search([("employee_id", "=", employee.id), ("state", "=", "validate")])
        ]
        for hole_start, hole_end in holes:
            cut = []
            for begin, stop in stretches:
                if hole_end <= begin or hole_start >= stop:
                    cut.append((begin, stop))
                    continue
                if hole_start > begin:
                    cut.append((begin, hole_start))
                if hole_end < stop:
                    cut.append((hole_end, stop))
            stretches = cut
        return stretches
