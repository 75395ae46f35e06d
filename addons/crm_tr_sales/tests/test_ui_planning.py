from datetime import datetime, time, timedelta

from odoo import Command
from odoo.tests import tagged

from odoo.addons.crm_tr_sms.tests.tours import TurkishTourCase


def planning_day(today):
    """The tour's day (static/tests/tours/crm_tr_sales_visit_planning_tour.js, planningDay):
    Wednesday of next week."""
    return today + timedelta(days=7 - today.weekday() + 2)


@tagged("post_install", "-at_install")
class TestVisitPlanningTour(TurkishTourCase):
    def test_calendar_drag_and_drop_obeys_the_bookings(self):
        """On the visit calendar (Turkish, desktop), a visit dropped or stretched onto another
        visit of the same technician is refused with the clash named and stays where it was;
        dropped on a free hour, it is saved there."""
        admin = self.env.ref("base.user_admin")
        self._speak_turkish(admin)
        company = admin.company_id
        calendar = self.env["resource.calendar"].create(
            {
                "name": "Rota 24 saat",
                "company_id": company.id,
                "tz": "UTC",
                # Round the clock on weekdays: the browser's time zone may be any.
                "attendance_ids": [
                    Command.create({"name": f"{day}", "dayofweek": str(day), "hour_from": 0, "hour_to": 24})
                    for day in range(5)
                ],
            }
        )
        technician = self.env["hr.employee"].create(
            {"name": "Rota Teknisyeni", "company_id": company.id, "resource_calendar_id": calendar.id, "tz": "UTC"}
        )
        customer = self.env["res.partner"].create(
            {"name": "Rota Klinik A.Ş.", "is_company": True, "city": "Kadıköy", "company_id": company.id}
        )
        day = planning_day(datetime.utcnow().date())
        at = lambda hour: datetime.combine(day, time(hour))  # noqa: E731 (naive UTC, as stored)
        Visit = self.env["crm_tr.visit"].with_company(company)
        values = {
            "partner_id": customer.id,
            "company_id": company.id,
            "user_id": admin.id,
            "employee_ids": [Command.set(technician.ids)],
        }
        morning = Visit.create(values | {"purpose": "Sabah bakımı", "planned_start": at(7), "planned_end": at(8)})
        afternoon = Visit.create(
            values | {"purpose": "Öğleden sonra montaj", "planned_start": at(11), "planned_end": at(12)}
        )
        self.start_tour("/odoo", "crm_tr_sales_visit_planning_tour", login="admin")
        self.assertEqual((morning.planned_start, morning.planned_end), (at(8), at(9)), "the free hour was saved")
        self.assertEqual((afternoon.planned_start, afternoon.planned_end), (at(11), at(12)))
        self.assertEqual(
            (morning.event_id.start, morning.event_id.stop), (at(8), at(9)), "its calendar event moved with it"
        )
