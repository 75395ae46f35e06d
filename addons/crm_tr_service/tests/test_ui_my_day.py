import re
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.crm_tr_sms.tests.tours import TurkishTourCase


@tagged("post_install", "-at_install")
class TestMyDayTour(TurkishTourCase):
    browser_size = "375x667"  # a phone
    touch_enabled = True

    def test_technician_completes_his_visit_on_a_phone(self):
        istanbul = self._demo_company()
        kemal = self.env.ref("crm_tr_service.user_tr_technician")
        self._speak_turkish(kemal)
        employee = self.env.ref("crm_tr_sales.employee_tr_ist_tech_1")
        customer = self.env.ref("crm_tr_sms.partner_tr_company_01")
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", istanbul.id)], limit=1)
        if not warehouse:
            warehouse = self.env["stock.warehouse"].create(
                {"name": "İstanbul Depo", "code": "TIST", "company_id": istanbul.id}
            )
        van = self.env["fleet.vehicle"].create(
            {
                "model_id": self.env.ref("crm_tr_sales.vehicle_tr_ist_doblo").model_id.id,
                "license_plate": "34 TUR 001",
                "company_id": istanbul.id,
            }
        )
        van.action_crm_tr_create_location()
        part = (
            self.env["product.product"]
            .with_company(istanbul)
            .create({"name": "Klima yağ filtresi", "type": "consu", "is_storable": True, "company_id": istanbul.id})
        )
        part.standard_price = 185.00
        self.env["stock.quant"]._update_available_quantity(part, van.crm_tr_location_id, 5.0)
        # His visit now, whatever the hour the test runs at: the others of his day out of the way.
        start = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        end = start + timedelta(hours=1)
        Visit = self.env["crm_tr.visit"].with_company(istanbul)
        Visit.search(
            [("employee_ids", "in", employee.ids), ("planned_start", "<", end), ("planned_end", ">", start)]
        ).unlink()
        visit = Visit.create(
            {
                "visit_type": "service",
                "partner_id": customer.id,
                "purpose": "Kompresör sesi kontrolü",
                "company_id": istanbul.id,
                "user_id": self.env.ref("base.user_admin").id,
                "employee_ids": [Command.set(employee.ids)],
                "vehicle_id": van.id,
                "planned_start": start,
                "planned_end": end,
                "allow_overtime": True,
            }
        )
        self.start_tour("/odoo", "crm_tr_service_my_day_tour", login="kemal")
        self.assertEqual(visit.state, "done")
        self.assertTrue(visit.actual_start and visit.actual_end)
        self.assertEqual(visit.part_ids.product_id, part)
        self.assertEqual(visit.part_ids.quantity, 2.0)
        move = visit.part_ids.move_id
        self.assertEqual((move.state, move.location_id, move.quantity), ("done", van.crm_tr_location_id, 2.0))
        self.assertEqual(visit.parts_cost, 370.00)
        sms = self.env["sms.sms"].sudo().search([("partner_id", "=", customer.id)], order="id desc", limit=1)
        token = re.search(r"/rate/([0-9a-f]{32})/5", sms.body).group(1)
        self.assertEqual(visit.rating_ids.access_token, token)
