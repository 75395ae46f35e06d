from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from odoo.addons.crm_tr_sms.tests.common import CrmTrTwoCompanyCase

# The week of Monday 7 December 2026; times are Istanbul's (UTC+3), stored in UTC.
WED, THU, SAT = 9, 10, 12


def ist(day, hour, minute=0):
    """Naive UTC of an Istanbul time in December 2026."""
    return datetime(2026, 12, day, hour - 3, minute)


class VisitCase(CrmTrTwoCompanyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Yıldız Otelcilik A.Ş.", "is_company": True})
        cls.contact = cls.env["res.partner"].create({"name": "Serkan Polat", "parent_id": cls.customer.id})
        cls.rep = cls._crm_tr_user("rep_a", "sales_team.group_sale_salesman")
        cls.other_rep = cls._crm_tr_user("rep_b", "sales_team.group_sale_salesman")
        cls.manager = cls._crm_tr_user(
            "sales_mgr", "sales_team.group_sale_manager", companies=cls.company_a | cls.company_b
        )
        cls.accountant = cls._crm_tr_user("readonly_acc", "account.group_account_readonly")
        # 08:00-12:00 and 13:00-17:00, Monday to Friday, Istanbul time.
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Marmara 40 saat",
                "tz": "Europe/Istanbul",
                "company_id": cls.company_a.id,
                "attendance_ids": [
                    Command.create(
                        {"name": f"{day} {begin}", "dayofweek": str(day), "hour_from": begin, "hour_to": end}
                    )
                    for day in range(5)
                    for begin, end in ((8, 12), (13, 17))
                ],
            }
        )
        cls.company_a.write(
            {
                "crm_tr_overtime_multiplier": 1.5,
                "crm_tr_weekend_multiplier": 2.0,
                "crm_tr_fuel_price_diesel": 56.40,
            }
        )
        Employee = cls.env["hr.employee"]
        cls.selim = Employee.create(
            {
                "name": "Selim Yurt",
                "user_id": cls.rep.id,
                "company_id": cls.company_a.id,
                "hourly_cost": 400,
                "resource_calendar_id": cls.calendar.id,
                "tz": "Europe/Istanbul",
            }
        )
        cls.kemal = Employee.create(
            {
                "name": "Kemal Usta",
                "company_id": cls.company_a.id,
                "hourly_cost": 300,
                "resource_calendar_id": cls.calendar.id,
                "tz": "Europe/Istanbul",
            }
        )
        cls.gizem = Employee.create({"name": "Gizem Tan", "company_id": cls.company_b.id, "hourly_cost": 380})
        Vehicle = cls.env["fleet.vehicle"]
        model = cls.env["fleet.vehicle.model"].create(
            {"name": "Doblo", "brand_id": cls.env["fleet.vehicle.model.brand"].create({"name": "Fiat"}).id}
        )
        cls.doblo = Vehicle.create(
            {
                "model_id": model.id,
                "license_plate": "34 MKS 120",
                "company_id": cls.company_a.id,
                "fuel_type": "diesel",
                "crm_tr_consumption": 6.2,
                "crm_tr_wear_per_km": 2.40,
                "odometer": 48250,
            }
        )
        cls.kangoo = Vehicle.create(
            {
                "model_id": model.id,
                "license_plate": "34 MKS 482",
                "company_id": cls.company_a.id,
                "crm_tr_cost_method": "fixed",
                "crm_tr_fixed_per_km": 4.75,
            }
        )
        cls.transit = Vehicle.create(
            {"model_id": model.id, "license_plate": "06 BKS 045", "company_id": cls.company_b.id}
        )
        cls.Visit = cls.env["crm_tr.visit"].with_context(tz="Europe/Istanbul")

    def _visit(self, start=None, end=None, employees=None, **vals):
        return self.Visit.create(
            {
                "partner_id": self.contact.id,
                "purpose": "Yıllık bakım teklifi",
                "company_id": self.company_a.id,
                "user_id": self.rep.id,
                "employee_ids": [Command.set((employees if employees is not None else self.selim).ids)],
                "planned_start": start or ist(WED, 10),
                "planned_end": end or ist(WED, 11),
            }
            | vals
        )


@tagged("post_install", "-at_install")
class TestVisitCost(VisitCase):
    def test_labour_in_working_hours(self):
        visit = self._visit(ist(WED, 10), ist(WED, 11, 30), employees=self.selim | self.kemal)
        self.assertEqual(visit.labour_ids.mapped("normal_hours"), [1.5, 1.5])
        self.assertAlmostEqual(visit.labour_cost, 1.5 * 400 + 1.5 * 300)
        self.assertAlmostEqual(visit.total_cost, 1050.0)

    def test_overtime_after_working_hours(self):
        visit = self._visit(ist(WED, 16), ist(WED, 19), allow_overtime=True)
        line = visit.labour_ids
        self.assertEqual((line.normal_hours, line.overtime_hours, line.weekend_hours), (1.0, 2.0, 0.0))
        self.assertAlmostEqual(visit.labour_cost, 400 + 2 * 400 * 1.5)

    def test_weekend_and_public_holiday(self):
        saturday = self._visit(ist(SAT, 10), ist(SAT, 12), allow_overtime=True)
        self.assertEqual(saturday.labour_ids.weekend_hours, 2.0)
        self.assertAlmostEqual(saturday.labour_cost, 2 * 400 * 2.0)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Resmi tatil",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 12, 9, 21),
                "date_to": datetime(2026, 12, 10, 20, 59, 59),
            }
        )
        holiday = self._visit(ist(THU, 10), ist(THU, 11), allow_overtime=True)
        self.assertEqual(holiday.labour_ids.weekend_hours, 1.0)
        self.assertAlmostEqual(holiday.labour_cost, 800.0)

    def test_lunch_break_is_overtime(self):
        visit = self._visit(ist(WED, 11), ist(WED, 14), allow_overtime=True)
        line = visit.labour_ids
        self.assertEqual((line.normal_hours, line.overtime_hours), (2.0, 1.0))
        self.assertAlmostEqual(visit.labour_cost, 2 * 400 + 400 * 1.5)

    def test_travel_by_consumption_and_wear(self):
        visit = self._visit(vehicle_id=self.doblo.id, distance_km=42.5)
        # 6.2 l/100 km × 56,40 TL + 2,40 TL wear = 5,8968 TL/km
        self.assertAlmostEqual(visit.cost_per_km, 5.8968)
        self.assertAlmostEqual(visit.travel_cost, 250.61)
        self.assertAlmostEqual(visit.total_cost, 400 + 250.61)

    def test_travel_at_fixed_rate_and_expenses(self):
        visit = self._visit(vehicle_id=self.kangoo.id, distance_km=100, expense_amount=45)
        self.assertAlmostEqual(visit.travel_cost, 475.0)
        self.assertAlmostEqual(visit.total_cost, 400 + 475 + 45)

    def test_km_from_the_odometer(self):
        visit = self._visit(vehicle_id=self.doblo.id)
        visit.action_start()
        self.assertEqual(visit.odometer_start, 48250)
        visit.odometer_end = 48292.5
        self.assertEqual(visit.distance_km, 42.5)
        visit.action_done()
        self.assertEqual(self.doblo.odometer, 48292.5, "the end reading is the vehicle's latest")
        self.assertAlmostEqual(visit.travel_cost, 250.61)

    def test_actual_times_price_a_done_visit(self):
        visit = self._visit(ist(WED, 10), ist(WED, 11))
        visit.write({"state": "in_progress", "actual_start": ist(WED, 10, 5), "actual_end": ist(WED, 11, 50)})
        visit.action_done()
        self.assertAlmostEqual(visit.labour_ids.normal_hours, 1.75)
        self.assertAlmostEqual(visit.labour_cost, 700.0)

    def test_done_visit_is_frozen(self):
        done = self._visit(vehicle_id=self.doblo.id, distance_km=10)
        done.action_done()
        planned = self._visit(ist(WED, 14), ist(WED, 15), vehicle_id=self.doblo.id, distance_km=10)
        self.selim.hourly_cost = 500
        self.doblo.crm_tr_wear_per_km = 3.40
        self.company_a.crm_tr_fuel_price_diesel = 60
        self.assertAlmostEqual(done.labour_cost, 400.0)
        self.assertAlmostEqual(done.labour_ids.hourly_cost, 400.0)
        self.assertAlmostEqual(done.travel_cost, 58.97)
        self.assertAlmostEqual(planned.labour_cost, 500.0, msg="a planned visit is an estimate: repriced")
        self.assertAlmostEqual(planned.travel_cost, 71.2)
        done.write({"expense_amount": 10})
        self.assertAlmostEqual(done.total_cost, 458.97, msg="a done visit's cost does not move")

    def test_rollups(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Otel klimaları",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "company_id": self.company_a.id,
            }
        )
        order = self.env["sale.order"].create({"partner_id": self.customer.id, "company_id": self.company_a.id})
        self._visit(opportunity_id=lead.id, sale_order_id=order.id)
        self._visit(ist(WED, 14), ist(WED, 15), opportunity_id=lead.id, expense_amount=50)
        self._visit(ist(THU, 10), ist(THU, 11), opportunity_id=lead.id).action_cancel()
        self.assertEqual((lead.crm_tr_visit_count, lead.crm_tr_visit_cost), (2, 850.0))
        self.assertEqual((order.crm_tr_visit_count, order.crm_tr_visit_cost), (1, 400.0))
        self.assertEqual((self.customer.crm_tr_visit_count, self.customer.crm_tr_visit_cost), (2, 850.0))
        self.assertEqual(lead.action_crm_tr_view_visits()["domain"], [("opportunity_id", "=", lead.id)])

    def test_next_step_becomes_an_activity(self):
        lead = self.env["crm.lead"].create(
            {"name": "Otel klimaları", "type": "opportunity", "company_id": self.company_a.id}
        )
        visit = self._visit(opportunity_id=lead.id, next_step="Revize teklif gönder")
        visit.action_done()
        self.assertEqual(visit.next_activity_id.summary, "Revize teklif gönder")
        self.assertEqual(visit.next_activity_id.res_id, lead.id)
        self.assertEqual(visit.next_activity_id.user_id, self.rep)


@tagged("post_install", "-at_install")
class TestVisitBooking(VisitCase):
    def test_touching_visits_are_allowed(self):
        self._visit(ist(WED, 10), ist(WED, 11), vehicle_id=self.doblo.id)
        second = self._visit(ist(WED, 11), ist(WED, 12), vehicle_id=self.doblo.id)
        self.assertEqual(len(second.booking_ids), 2)

    def test_one_minute_of_overlap_is_refused(self):
        first = self._visit(ist(WED, 10), ist(WED, 11))
        with self.assertRaisesRegex(ValidationError, r"Selim Yurt is already booked on visit .*Yıldız Otelcilik"):
            self._visit(ist(WED, 10, 59), ist(WED, 12))
        with self.assertRaisesRegex(ValidationError, r"34 MKS 120.* is already booked"):
            first.vehicle_id = self.doblo
            self._visit(ist(WED, 10, 30), ist(WED, 11, 30), employees=self.kemal, vehicle_id=self.doblo.id)

    def test_equipment_is_booked_too(self):
        detector = self.env["maintenance.equipment"].create(
            {"name": "Gaz kaçak dedektörü", "company_id": self.company_a.id}
        )
        self._visit(equipment_ids=[Command.set(detector.ids)])
        with self.assertRaisesRegex(ValidationError, "Gaz kaçak dedektörü is already booked"):
            self._visit(employees=self.kemal, equipment_ids=[Command.set(detector.ids)])

    def test_cancelled_visit_frees_its_slot(self):
        first = self._visit(vehicle_id=self.doblo.id)
        first.action_cancel()
        second = self._visit(vehicle_id=self.doblo.id)
        self.assertEqual(second.state, "planned")
        with self.assertRaisesRegex(ValidationError, "already booked"):
            first.action_reset()

    def test_retried_booking_of_a_freed_slot(self):
        """A cancelled visit frees its slot; the same booking sent twice (a retried request)
        gets it once, and the second is refused without leaving anything behind."""
        self._visit(vehicle_id=self.doblo.id).action_cancel()
        values = {"vehicle_id": self.doblo.id, "purpose": "Acil arıza"}
        first = self._visit(**values)
        clash = r"Selim Yurt is already booked on visit .*Acil arıza"
        with self.assertRaisesRegex(ValidationError, clash), self.env.cr.savepoint():
            self._visit(**values)
        visits = self.Visit.search([("purpose", "=", "Acil arıza")])
        self.assertEqual(visits, first)
        self.assertEqual(
            len(self.env["crm_tr.visit.booking"].search([("blocking", "=", True), ("visit_id", "in", visits.ids)])), 2
        )

    def test_moving_a_visit_onto_another(self):
        self._visit(ist(WED, 10), ist(WED, 11))
        second = self._visit(ist(WED, 14), ist(WED, 15))
        with self.assertRaisesRegex(ValidationError, "already booked"), self.env.cr.savepoint():
            second.write({"planned_start": ist(WED, 10, 30), "planned_end": ist(WED, 11, 30)})
        second.invalidate_recordset()
        self.assertEqual(second.planned_start, ist(WED, 14), "nothing changed")
        self.assertEqual(second.booking_ids.start, ist(WED, 14))

    def test_database_refuses_what_python_did_not_see(self):
        """The exclusion constraint, below the Python check: a booking row written directly."""
        first = self._visit(vehicle_id=self.doblo.id)
        second = self._visit(ist(WED, 14), ist(WED, 15), employees=self.kemal)
        with self.assertRaises(Exception) as caught, self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.env["crm_tr.visit.booking"].create(
                {
                    "visit_id": second.id,
                    "resource": f"fleet.vehicle,{self.doblo.id}",
                    "start": first.planned_start,
                    "stop": first.planned_end,
                    "company_id": self.company_a.id,
                }
            )
            self.env.flush_all()
        self.assertEqual(getattr(caught.exception, "pgcode", None), "23P01", caught.exception)

    def test_outside_working_hours_is_refused(self):
        with self.assertRaisesRegex(ValidationError, r"outside the working hours of Selim Yurt \(Marmara 40 saat\)"):
            self._visit(ist(WED, 17), ist(WED, 18))
        with self.assertRaisesRegex(ValidationError, "outside the working hours"):
            self._visit(ist(SAT, 10), ist(SAT, 11))
        self.assertTrue(self._visit(ist(SAT, 10), ist(SAT, 11), allow_overtime=True))

    def test_leave_is_refused(self):
        leave_type = self.env["hr.leave.type"].create(
            {"name": "Yıllık izin", "requires_allocation": False, "company_id": self.company_a.id}
        )
        leave = (
            self.env["hr.leave"]
            .with_context(leave_skip_state_check=True)
            .create(
                {
                    "employee_id": self.selim.id,
                    "holiday_status_id": leave_type.id,
                    "request_date_from": "2026-12-09",
                    "request_date_to": "2026-12-09",
                }
            )
        )
        leave.with_context(leave_skip_state_check=True).write({"state": "validate"})
        with self.assertRaisesRegex(ValidationError, r"Selim Yurt is on leave \(Yıllık izin\)"):
            self._visit(allow_overtime=True)

    def test_other_company_and_archived_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "Gizem Tan works for .*: he cannot go on a visit of"):
            self._visit(employees=self.gizem)
        with self.assertRaisesRegex(ValidationError, "Vehicle .*06 BKS 045 belongs to .*, not to"):
            self._visit(vehicle_id=self.transit.id)
        self.kangoo.active = False
        with self.assertRaisesRegex(ValidationError, "is archived"):
            self._visit(vehicle_id=self.kangoo.id)

    def test_bad_input_is_refused(self):
        def refused(message, operation):
            with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                operation()
            self.env.invalidate_all()

        refused("ends before it starts", lambda: self._visit(ist(WED, 11), ist(WED, 10)))
        refused("cannot be negative", lambda: self._visit(distance_km=-5))
        refused("cannot be negative", lambda: self._visit(expense_amount=-1))
        refused("cannot be negative", lambda: self._visit(estimated_hours=-1))
        visit = self._visit(vehicle_id=self.doblo.id)
        refused("less than", lambda: visit.write({"odometer_start": 100, "odometer_end": 90}))
        refused(
            "finished before it started", lambda: visit.write({"actual_start": ist(WED, 10), "actual_end": ist(WED, 9)})
        )
        refused("ends before it starts", lambda: visit.write({"planned_end": ist(WED, 9)}))
        self.assertEqual(
            (visit.odometer_end, visit.actual_end, visit.planned_end, visit.distance_km),
            (0.0, False, ist(WED, 11), 0.0),
        )
        self.assertEqual(self.Visit.search_count([("partner_id", "=", self.contact.id)]), 1, "nothing else was saved")

    def test_done_visit_cannot_be_cancelled_or_started(self):
        visit = self._visit()
        visit.action_done()
        with self.assertRaises(UserError):
            visit.action_cancel()
        with self.assertRaises(UserError):
            visit.action_start()


@tagged("post_install", "-at_install")
class TestVisitCalendar(VisitCase):
    def test_visit_is_an_event_of_its_people(self):
        visit = self._visit(employees=self.selim | self.kemal)
        event = visit.event_id
        self.assertEqual((event.start, event.stop), (visit.planned_start, visit.planned_end))
        self.assertIn("Yıldız Otelcilik A.Ş.", event.name)
        self.assertIn("Yıllık bakım teklifi", event.name)
        self.assertEqual(
            event.partner_ids, self.selim.work_contact_id | self.kemal.work_contact_id | self.rep.partner_id
        )
        self.assertEqual((event.res_model, event.res_id), ("crm_tr.visit", visit.id))
        self.assertFalse(visit.activity_ids, "the visit is its own plan: no meeting activity on it")
        visit.write({"planned_start": ist(WED, 14), "planned_end": ist(WED, 15)})
        self.assertEqual(event.start, ist(WED, 14))
        visit.action_cancel()
        self.assertFalse(event.active)

    def test_moving_the_event_moves_the_visit_or_is_refused(self):
        self._visit(ist(WED, 14), ist(WED, 15), employees=self.kemal, vehicle_id=self.doblo.id)
        visit = self._visit(vehicle_id=self.doblo.id)
        visit.event_id.write({"start": ist(WED, 11), "stop": ist(WED, 12)})
        self.assertEqual((visit.planned_start, visit.planned_end), (ist(WED, 11), ist(WED, 12)))
        with self.assertRaisesRegex(ValidationError, "34 MKS 120.* is already booked"):
            visit.event_id.write({"start": ist(WED, 14, 30), "stop": ist(WED, 15, 30)})


@tagged("post_install", "-at_install")
class TestVisitAccess(VisitCase):
    def test_reference_from_sequence(self):
        first, second = self._visit(), self._visit(ist(WED, 14), ist(WED, 15))
        self.assertRegex(first.name, r"^ZYR/\d{4}/\d{5}$")
        self.assertNotEqual(first.name, second.name)

    def test_salesman_sees_own_visits_and_those_he_goes_on(self):
        mine = self._visit()
        theirs = self._visit(ist(WED, 14), ist(WED, 15), user_id=self.other_rep.id, employees=self.kemal)
        along = self._visit(ist(THU, 10), ist(THU, 11), user_id=self.other_rep.id)
        visible = self.env["crm_tr.visit"].with_user(self.rep).search([])
        self.assertIn(mine, visible)
        self.assertIn(along, visible, "he goes on it")
        self.assertNotIn(theirs, visible)

    def test_manager_of_company_a_does_not_see_company_b(self):
        mine = self._visit()
        theirs = self._visit(company_id=self.company_b.id, user_id=self.manager.id, employees=self.gizem)
        as_manager_in_a = (
            self.env["crm_tr.visit"].with_user(self.manager).with_context(allowed_company_ids=self.company_a.ids)
        )
        self.assertEqual(as_manager_in_a.search([("id", "in", (mine | theirs).ids)]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.rep).read(["name"])

    def test_accountant_reads_but_cannot_write(self):
        visit = self._visit()
        self.assertEqual(visit.with_user(self.accountant).read(["total_cost"])[0]["total_cost"], 400.0)
        with self.assertRaises(AccessError):
            visit.with_user(self.accountant).write({"distance_km": 3})

    def test_rep_cannot_read_hourly_costs(self):
        visit = self._visit()
        with self.assertRaises(AccessError):
            visit.labour_ids.with_user(self.rep).read(["hourly_cost"])

    def test_form_defaults(self):
        form = Form(self.env["crm_tr.visit"].with_user(self.rep).with_company(self.company_a))
        form.partner_id = self.customer
        form.planned_start = ist(WED, 9)
        form.planned_end = ist(WED, 11)
        visit = form.save()
        self.assertEqual(visit.user_id, self.rep)
        self.assertEqual(visit.employee_ids, self.selim)
        self.assertAlmostEqual(visit.sudo().labour_cost, 800.0)

    def test_company_counts_visits_of_its_contacts(self):
        self._visit()
        self._visit(ist(WED, 14), ist(WED, 15), partner_id=self.customer.id)
        self.assertEqual(self.customer.crm_tr_visit_count, 2)
        self.assertEqual(self.contact.crm_tr_visit_count, 1)
