from datetime import datetime

from odoo.tests import TransactionCase, tagged

from .common import WED, ServiceVisitMixin, ist


@tagged("post_install", "-at_install")
class TestServiceHistoryAndMyCases(ServiceVisitMixin, TransactionCase):
    """The customer card's service history, and a technician's My Cases with the customer's
    phone and the way there."""

    def _solved(self, opened, closed):
        case = self.env["crm_tr.service.case"].create(
            {
                "subject": "Eski arıza",
                "partner_id": self.customer.id,
                "company_id": self.company_a.id,
                "date_open": opened,
                "resolution_note": "<p>Giderildi.</p>",
            }
        )
        case.action_solve()
        case.date_closed = closed
        return case

    def test_service_history_on_the_customer(self):
        contact = self.env["res.partner"].create({"name": "Ayşe Resepsiyon", "parent_id": self.customer.id})
        self.case.partner_id = contact  # a contact's case counts for the company
        self._solved(datetime(2026, 11, 2, 9), datetime(2026, 11, 4, 21))  # 2.5 days
        self._solved(datetime(2026, 11, 10, 9), datetime(2026, 11, 10, 21))  # 0.5 days
        visit = self._visit()
        self._work(visit)
        visit.action_done()
        self._visit(planned_start=ist(WED, 14), planned_end=ist(WED, 15))  # planned: not given yet
        customer = self.customer.with_company(self.company_a)
        self.assertEqual(customer.crm_tr_service_case_count, 3)
        self.assertEqual(customer.crm_tr_service_open_case_count, 1)
        self.assertAlmostEqual(customer.crm_tr_service_resolve_days, 1.5)
        self.assertEqual(customer.crm_tr_service_hours, 2.0)
        self.assertEqual(customer.crm_tr_service_cost, visit.total_cost)
        self.assertGreater(visit.total_cost, 0)
        self.assertEqual(contact.crm_tr_service_open_case_count, 1, "a contact shows its company's history")
        self.assertEqual(self.customer.with_company(self.company_b).crm_tr_service_cost, 0.0)

    def test_my_cases_with_phone_and_directions(self):
        self.customer.write(
            {"street": "Cumhuriyet Cad. No:5", "city": "Bodrum", "state_id": self.env.ref("base.state_tr_48").id}
        )
        mine = self.case
        mine.user_id = self.technician
        other = self.env["crm_tr.service.case"].create(
            {
                "subject": "Başkasının",
                "partner_id": self.customer.id,
                "company_id": self.company_a.id,
                "user_id": self.other_technician.id,
            }
        )
        as_kemal = self.env["crm_tr.service.case"].with_user(self.technician)
        action = as_kemal.action_crm_tr_my_cases()
        cases = as_kemal.search(action["domain"])
        self.assertIn(mine, cases)
        self.assertNotIn(other, cases)
        self.assertEqual(mine.crm_tr_phone, "+90 532 111 22 33")
        self.assertEqual(
            mine.crm_tr_address,
            "Cumhuriyet Cad. No:5, Bodrum, Muğla, Türkiye"
            if mine.partner_id.country_id
            else "Cumhuriyet Cad. No:5, Bodrum, Muğla",
        )
        self.assertTrue(
            mine.crm_tr_map_url.startswith(
                "https://www.google.com/maps/search/?api=1&query=Cumhuriyet+Cad.+No%3A5%2C+Bodrum"
            )
        )
        kanban_id = action["views"][0][0]
        self.assertEqual(kanban_id, self.env.ref("crm_tr_service.crm_tr_service_case_view_kanban_my").id)
        self.assertIn('widget="phone"', as_kemal.get_view(kanban_id, "kanban")["arch"])
        mine.resolution_note = "<p>Tamam</p>"
        mine.action_solve()
        self.assertNotIn(mine, as_kemal.search(action["domain"]), "a solved case leaves My Cases")
