from odoo.tests import tagged

from odoo.addons.crm_tr_sms.tests.tours import TurkishTourCase


@tagged("post_install", "-at_install")
class TestTechnicianTour(TurkishTourCase):
    browser_size = "375x667"  # a phone
    touch_enabled = True

    def test_technician_solves_his_case_on_a_phone(self):
        istanbul = self._demo_company()
        kemal = self.env.ref("crm_tr_service.user_tr_technician")
        self._speak_turkish(kemal)
        product = self.env.ref("crm_tr_sales.product_tr_split_12000")
        lot = self.env["stock.lot"].create(
            {"name": "MK12-TUR-0001", "product_id": product.id, "company_id": istanbul.id}
        )
        case = self.env["crm_tr.service.case"].create(
            {
                "subject": "Salon kliması su akıtıyor",
                "partner_id": self.env.ref("crm_tr_sms.partner_tr_company_01").id,
                "company_id": istanbul.id,
                "lot_id": lot.id,
                "product_id": product.id,
                "technician_id": self.env.ref("crm_tr_sales.employee_tr_ist_tech_1").id,
                "user_id": kemal.id,
                "priority": "2",
            }
        )
        self.start_tour("/odoo", "crm_tr_service_technician_tour", login="kemal")
        self.assertEqual(case.state, "done")
        self.assertTrue(case.date_closed)
        self.assertIn("Drenaj hortumu", case.resolution_note)
        self.assertEqual(case.message_ids.author_id & kemal.partner_id, kemal.partner_id, "his own work")
