from datetime import date, datetime
from itertools import pairwise

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.crm_tr_sms.tests.common import CrmTrTwoCompanyCase

# Monday 1 March 2027 to Wednesday 3 March: no public holiday. Times are Istanbul's (UTC+3).
MON, TUE, WED = date(2027, 3, 1), date(2027, 3, 2), date(2027, 3, 3)


def ist(day, hour):
    return datetime(day.year, day.month, day.day, hour - 3)


@tagged("post_install", "-at_install")
class TestNeglectPlanner(CrmTrTwoCompanyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = cls._crm_tr_user("rep_neglect", "sales_team.group_sale_salesman_all_leads")
        calendar = cls.env["resource.calendar"].create(
            {
                "name": "Ege 40 saat",
                "tz": "Europe/Istanbul",
                "company_id": cls.company_a.id,
                "attendance_ids": [
                    Command.create({"name": f"{d} {b}", "dayofweek": str(d), "hour_from": b, "hour_to": e})
                    for d in range(5)
                    for b, e in ((8, 12), (13, 17))
                ],
            }
        )
        cls.employee = cls.env["hr.employee"].create(
            {
                "name": "Derya Satış",
                "user_id": cls.rep.id,
                "company_id": cls.company_a.id,
                "resource_calendar_id": calendar.id,
                "tz": "Europe/Istanbul",
            }
        )
        Partner = cls.env["res.partner"]
        Stat = cls.env["crm_tr.customer.stat"]
        # Seven neglected customers of the rep, most valuable first by priority and score.
        cls.customers = Partner.create(
            [{"name": f"Müşteri {i}", "is_company": True, "user_id": cls.rep.id} for i in range(7)]
        )
        cls.stats = Stat.create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": cls.company_a.id,
                    "priority": "3" if i < 2 else "1",
                    "score": 90 - i,
                    "customer_class": "a" if i < 2 else "b",
                    "revenue": 1000 * (7 - i),
                    "last_interaction": datetime(2026, 6, 1),
                    "neglect_date": date(2026, 7, 1),
                }
                for i, partner in enumerate(cls.customers)
            ]
        )
        cls.orphan = Partner.create({"name": "Sahipsiz Ltd.", "is_company": True})
        cls.orphan_stat = Stat.create(
            {"partner_id": cls.orphan.id, "company_id": cls.company_a.id, "neglect_date": date(2026, 7, 1)}
        )
        # The rep already has a visit on Monday 10:00-11:00.
        cls.existing = cls.env["crm_tr.visit"].create(
            {
                "partner_id": cls.orphan.id,
                "company_id": cls.company_a.id,
                "user_id": cls.rep.id,
                "employee_ids": [Command.set(cls.employee.ids)],
                "planned_start": ist(MON, 10),
                "planned_end": ist(MON, 11),
            }
        )

    def _planner(self, **values):
        return (
            self.env["crm_tr.neglect.planner"]
            .with_user(self.rep)
            .create(
                {
                    "company_id": self.company_a.id,
                    "stat_ids": [Command.set((self.stats | self.orphan_stat).ids)],
                    "date_from": MON,
                    "days": 3,
                    "capacity": 2,
                }
                | values
            )
        )

    def test_visits_spread_within_capacity_without_clash(self):
        planner = self._planner(mode="visit", visit_hours=1.5)
        planner.action_plan()
        lines = {line.partner_id: line for line in planner.line_ids}
        # Monday has one visit already: one more; Tuesday two; Wednesday two; the 6th and 7th wait.
        days = [lines[customer].date for customer in self.customers]
        self.assertEqual(days, [MON, TUE, TUE, WED, WED, False, False])
        self.assertIn("Not planned", lines[self.customers[5]].note)
        self.assertEqual(lines[self.orphan].note, "A visit is planned already (2027-03-01).")
        visits = planner.line_ids.visit_id
        self.assertEqual(len(visits), 5)
        self.assertEqual(set(visits.mapped("state")), {"planned"})
        self.assertEqual(visits.user_id, self.rep)
        self.assertEqual(visits.employee_ids, self.employee)
        # No clash: the rep's bookings do not overlap, all within 08:00-17:00 Istanbul.
        slots = sorted((self.existing | visits).mapped(lambda v: (v.planned_start, v.planned_end)))
        for (_start, end), (next_start, _end) in pairwise(slots):
            self.assertLessEqual(end, next_start)
        monday = visits.filtered(lambda v: v.planned_start.date() == MON)
        self.assertEqual((monday.planned_start, monday.planned_end), (ist(MON, 8), datetime(2027, 3, 1, 6, 30)))
        self.assertFalse(self.env["crm_tr.visit"].search([("partner_id", "=", self.customers[5].id)]))
        # Planned once: a second run leaves them out.
        again = self._planner(mode="visit")
        again.action_plan()
        self.assertFalse(again.line_ids.visit_id)
        self.assertEqual(again.left_out_count, 8)

    def test_activities_spread_within_capacity(self):
        call = self.env.ref("mail.mail_activity_data_call")
        # One call due on Tuesday already.
        self.orphan.activity_schedule(activity_type_id=call.id, date_deadline=TUE, user_id=self.rep.id)
        # The last customer has an activity open (due later): not planned twice.
        self.customers[6].activity_schedule(
            activity_type_id=call.id, date_deadline=date(2027, 4, 1), user_id=self.rep.id
        )
        planner = self._planner(mode="activity", activity_type_id=call.id)
        planner.action_plan()
        lines = {line.partner_id: line for line in planner.line_ids}
        self.assertEqual([lines[c].date for c in self.customers], [MON, MON, TUE, WED, WED, False, False])
        activities = planner.line_ids.activity_id
        self.assertEqual(len(activities), 5)
        self.assertEqual(activities.user_id, self.rep)
        self.assertEqual(activities.activity_type_id, call)
        self.assertEqual(lines[self.customers[0]].activity_id.res_id, self.customers[0].id)
        self.assertEqual(lines[self.customers[6]].note, "An activity is open already (due 2027-04-01).")
        self.assertIn("full", lines[self.customers[5]].note)

    def test_bad_input(self):
        for values, message in (
            ({"capacity": 0}, "capacity"),
            ({"capacity": -2}, "capacity"),
            ({"days": 0}, "working days"),
            ({"visit_hours": -1}, "positive duration"),
        ):
            planner = self._planner(**values)
            with self.assertRaisesRegex(UserError, message):
                planner.action_plan()
            self.assertFalse(planner.line_ids)
        self.assertEqual(self.env["crm_tr.visit"].search_count([("user_id", "=", self.rep.id)]), 1)

    def test_neglected_list_and_plan_button(self):
        neglected = self.env["crm_tr.customer.stat"].search(
            [("neglected", "=", True), ("company_id", "=", self.company_a.id)]
        )
        self.assertEqual(neglected, self.stats | self.orphan_stat)
        action = self.stats[:2].action_crm_tr_plan_neglected()
        planner = self.env["crm_tr.neglect.planner"].with_context(**action["context"]).create({})
        self.assertEqual(planner.stat_ids, self.stats[:2])
        self.assertEqual(planner.company_id, self.company_a)
