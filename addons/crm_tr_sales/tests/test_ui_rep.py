from datetime import datetime, time, timedelta

from pytz import timezone, utc

from odoo import fields
from odoo.tests import tagged

from odoo.addons.crm_tr_sms.tests.tours import TurkishTourCase

ISTANBUL = timezone("Europe/Istanbul")


def visit_day(today):
    """The tour's day (static/tests/tours/crm_tr_sales_rep_visit_tour.js, visitDay)."""
    day = today + timedelta(days=7)
    while day.weekday() > 4:
        day += timedelta(days=1)
    return day


@tagged("post_install", "-at_install")
class TestRepVisitTour(TurkishTourCase):
    def test_rep_plans_and_completes_a_visit_with_a_car(self):
        """Selim, a sales rep of the demo, plans, starts and completes his own visit with a
        company car in the Turkish interface: no access error, and the saved figures are his."""
        istanbul = self._demo_company()
        selim = self.env.ref("crm_tr_sales.user_tr_sales_rep")
        self._speak_turkish(selim)
        car = self.env["fleet.vehicle"].search([("license_plate", "=", "34 MKS 120")])
        day = visit_day(datetime.now(ISTANBUL).date())
        start = ISTANBUL.localize(datetime.combine(day, time(16))).astimezone(utc).replace(tzinfo=None)
        # A public holiday on that day would make it a day off: not the tour's subject.
        self.env["resource.calendar.leaves"].search(
            [("resource_id", "=", False), ("date_from", "<", start + timedelta(hours=1)), ("date_to", ">", start)]
        ).unlink()
        before = self.env["crm_tr.visit"].search([("user_id", "=", selim.id)])
        self.start_tour("/odoo", "crm_tr_sales_rep_visit_tour", login="selim")
        visit = self.env["crm_tr.visit"].search([("user_id", "=", selim.id)]) - before
        self.assertEqual(len(visit), 1)
        self.assertEqual(
            (visit.partner_id.name, visit.purpose, visit.vehicle_id, visit.distance_km, visit.state),
            ("Yıldız Otelcilik A.Ş.", "Otel klimaları keşfi", car, 42.5, "done"),
        )
        self.assertEqual((visit.planned_start, visit.planned_end), (start, start + timedelta(hours=1)))
        self.assertEqual(visit.company_id, istanbul)
        self.assertEqual(visit.employee_ids.user_id, selim)
        self.assertTrue(visit.actual_start and visit.actual_end)
        self.assertLessEqual(visit.actual_end, fields.Datetime.now())
        self.assertGreater(visit.travel_cost, 0)
        # His hourly cost stays an HR matter: the visit form shows him no cost.
        arch = self.env["crm_tr.visit"].with_user(selim).get_view(view_type="form")["arch"]
        self.assertNotIn('name="labour_cost"', arch)
        self.assertNotIn('name="labour_ids"', arch)
