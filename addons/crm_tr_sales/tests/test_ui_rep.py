from odoo.tests import tagged

from odoo.addons.crm_tr_sms.tests.tours import TurkishTourCase


@tagged("post_install", "-at_install")
class TestRepVisitTour(TurkishTourCase):
    def test_rep_plans_and_completes_a_visit_with_a_car(self):
        """Selim, a sales rep of the demo, plans and completes his own visit with a company
        car in the Turkish interface: no access error, and the saved figures are his."""
        istanbul = self._demo_company()
        selim = self.env.ref("crm_tr_sales.user_tr_sales_rep")
        self._speak_turkish(selim)
        car = self.env["fleet.vehicle"].search([("license_plate", "=", "34 MKS 120")])
        before = self.env["crm_tr.sales.visit"].search([("user_id", "=", selim.id)])
        self.start_tour("/odoo", "crm_tr_sales_rep_visit_tour", login="selim")
        visit = self.env["crm_tr.sales.visit"].search([("user_id", "=", selim.id)]) - before
        self.assertEqual(len(visit), 1)
        self.assertEqual(
            (visit.partner_id.name, visit.vehicle_id, visit.distance_km, visit.duration, visit.state),
            ("Yıldız Otelcilik A.Ş.", car, 42.5, 1.5, "done"),
        )
        self.assertEqual(visit.company_id, istanbul)
        # His hourly cost stays an HR matter: the visit form shows him no labour cost.
        arch = self.env["crm_tr.sales.visit"].with_user(selim).get_view(view_type="form")["arch"]
        self.assertNotIn('name="labour_cost"', arch)
