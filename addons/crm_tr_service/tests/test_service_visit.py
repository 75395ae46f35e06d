from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from odoo.addons.crm_tr_sms.tests.common import CrmTrTwoCompanyCase

from .common import WED, ServiceVisitMixin, ist


class ServiceVisitCase(ServiceVisitMixin, CrmTrTwoCompanyCase):
    pass


@tagged("post_install", "-at_install")
class TestServiceVisitParts(ServiceVisitCase):
    def test_parts_cost_in_the_visit_cost(self):
        visit = self._visit(case_id=self.case.id)
        self.assertEqual(visit.parts_cost, 0.0)
        self._parts(visit)
        # 2 × 185,00 + 1 × 4.250,00
        self.assertEqual(visit.part_ids.mapped("cost"), [370.00, 4250.00])
        self.assertEqual(visit.parts_cost, 4620.00)
        # Planned 2 h × 300,00; no km yet.
        self.assertEqual(visit.total_cost, 5220.00)
        self._work(visit)
        visit.action_done()
        self.assertEqual(visit.state, "done")
        self.assertEqual(
            (visit.labour_cost, visit.travel_cost, visit.parts_cost, visit.total_cost),
            (600.00, 142.50, 4620.00, 5362.50),
        )
        # Frozen: a new cost of the filter changes nothing.
        self.filter.with_company(self.company_a).standard_price = 200.00
        self.assertEqual(visit.parts_cost, 4620.00)
        self.assertEqual(self.case.crm_tr_visit_count, 1)
        self.assertEqual(self.case.crm_tr_visit_cost, 5362.50)

    def test_parts_leave_the_van_through_done_stock_moves(self):
        visit = self._visit()
        self._parts(visit)
        self._work(visit)
        visit.action_done()
        moves = visit.crm_tr_stock_move_ids
        self.assertEqual(moves, visit.part_ids.move_id)
        self.assertEqual(len(moves), 2)
        self.assertEqual(set(moves.mapped("state")), {"done"})
        self.assertEqual(moves.location_id, self.van)
        self.assertEqual(moves.location_dest_id, self.customers)
        self.assertEqual(set(moves.mapped("origin")), {visit.name})
        filter_move = moves.filtered(lambda m: m.product_id == self.filter)
        self.assertEqual(filter_move.quantity, 2.0)
        compressor_move = moves.filtered(lambda m: m.product_id == self.compressor)
        self.assertEqual(compressor_move.move_line_ids.lot_id, self.lot)
        self.assertEqual(self._quantity(self.filter, self.van), 3.0)
        self.assertEqual(self._quantity(self.compressor, self.van, self.lot), 0.0)
        self.assertEqual(self._quantity(self.compressor, self.customers, self.lot), 1.0)

    def test_more_parts_than_the_van_shows_still_leave_it(self):
        # The technician's record is what happened: Odoo's negative stock tells the
        # warehouse to count the van.
        visit = self._visit()
        visit.write({"part_ids": [Command.create({"product_id": self.filter.id, "quantity": 7})]})
        visit.action_done()
        self.assertEqual((visit.part_ids.move_id.state, visit.part_ids.move_id.quantity), ("done", 7.0))
        quants = self.env["stock.quant"].search(
            [("product_id", "=", self.filter.id), ("location_id", "=", self.van.id)]
        )
        self.assertEqual(sum(quants.mapped("quantity")), -2.0)
        self.assertEqual(visit.parts_cost, 1295.00)

    def test_unit_cost_taken_again_when_the_parts_leave(self):
        visit = self._visit()
        self._parts(visit)
        self.filter.with_company(self.company_a).standard_price = 190.00
        self._work(visit)
        visit.action_done()
        self.assertEqual(visit.part_ids.mapped("unit_cost"), [190.00, 4250.00])
        self.assertEqual(visit.parts_cost, 4630.00)

    def test_no_van_location_is_refused_clearly(self):
        self.doblo.crm_tr_location_id = False
        visit = self._visit()
        self._parts(visit)
        self._work(visit)
        with self.assertRaisesRegex(UserError, "35 EGE 120 has no stock location"):
            visit.action_done()
        self.assertEqual(visit.state, "in_progress")
        self.assertFalse(visit.crm_tr_stock_move_ids)

    def test_parts_without_vehicle_are_refused(self):
        visit = self._visit(vehicle_id=False)
        self._parts(visit)
        with self.assertRaisesRegex(UserError, "has no vehicle"):
            visit.action_done()

    def test_visit_without_parts_needs_no_van(self):
        self.doblo.crm_tr_location_id = False
        visit = self._visit()
        visit.action_done()
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.parts_cost, 0.0)

    def test_negative_or_zero_quantity_is_refused(self):
        visit = self._visit()
        for quantity in (-1, 0):
            with self.assertRaisesRegex(ValidationError, "must be positive"):
                visit.write({"part_ids": [Command.create({"product_id": self.filter.id, "quantity": quantity})]})

    def test_tracked_part_needs_its_lot(self):
        visit = self._visit()
        visit.write({"part_ids": [Command.create({"product_id": self.compressor.id, "quantity": 1})]})
        with self.assertRaisesRegex(UserError, "Kompresör 12000 BTU is tracked"):
            visit.action_done()
        other = self.env["product.product"].create({"name": "Fan motoru", "type": "consu", "is_storable": True})
        with self.assertRaisesRegex(ValidationError, "KMP-2026-01 belongs to"):
            visit.part_ids.write({"product_id": other.id, "lot_id": self.lot.id})

    def test_moved_parts_are_locked_and_never_move_twice(self):
        visit = self._visit()
        self._parts(visit)
        visit.action_done()
        with self.assertRaises(UserError):
            visit.part_ids[0].quantity = 3
        with self.assertRaises(UserError):
            visit.part_ids[0].unlink()
        with self.assertRaises(UserError):
            visit.write({"part_ids": [Command.create({"product_id": self.filter.id, "quantity": 1})]})
        # Reopened and done again: only the new part leaves the van.
        visit.action_reset()
        visit.write({"part_ids": [Command.create({"product_id": self.filter.id, "quantity": 1})]})
        visit.action_done()
        self.assertEqual(len(visit.crm_tr_stock_move_ids), 3)
        self.assertEqual(self._quantity(self.filter, self.van), 2.0)
        self.assertEqual(visit.parts_cost, 4805.00)

    def test_case_fills_the_visit(self):
        self.case.write({"technician_id": self.kemal.id, "lot_id": False})
        form = Form(self.Visit.with_context(default_visit_type="service"))
        form.case_id = self.case
        self.assertEqual(form.visit_type, "service")
        self.assertEqual(form.partner_id, self.customer)
        self.assertEqual(form.purpose, "Salon kliması soğutmuyor")
        self.assertIn(self.kemal, form.employee_ids)


@tagged("post_install", "-at_install")
class TestServiceVisitAccess(ServiceVisitCase):
    def test_technician_sees_his_visits_only(self):
        mine = self._visit()
        theirs = self._visit(employees=self.murat, vehicle_id=False)
        responsible = self._visit(
            employees=self.murat,
            vehicle_id=False,
            user_id=self.technician.id,
            planned_start=ist(WED, 14),
            planned_end=ist(WED, 15),
        )
        Visit = self.env["crm_tr.visit"].with_user(self.technician)
        visible = Visit.search([("id", "in", (mine | theirs | responsible).ids)])
        self.assertEqual(visible, mine | responsible)
        with self.assertRaises(AccessError):
            theirs.with_user(self.technician).read(["purpose"])
        manager_sees = (
            self.env["crm_tr.visit"].with_user(self.service_manager).search([("id", "in", (mine | theirs).ids)])
        )
        self.assertEqual(manager_sees, mine | theirs)

    def test_technician_records_parts_and_completes_his_visit(self):
        visit = self._visit().with_user(self.technician)
        visit.action_start()
        visit.write(
            {
                "part_ids": [Command.create({"product_id": self.filter.id, "quantity": 2})],
                "outcome": "<p>Filtre değişti.</p>",
            }
        )
        visit.action_done()
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.part_ids.move_id.state, "done")
        self.assertEqual(visit.sudo().parts_cost, 370.00)
        self.assertEqual(self._quantity(self.filter, self.van), 3.0)

    @freeze_time("2026-12-09 06:00:00")  # 09:00 in Istanbul
    def test_my_day_lists_todays_visits_in_order(self):
        afternoon = self._visit(planned_start=ist(WED, 14), planned_end=ist(WED, 15))
        morning = self._visit(vehicle_id=False)
        self._visit(planned_start=ist(WED + 1, 10), planned_end=ist(WED + 1, 11))  # tomorrow
        self._visit(employees=self.murat, vehicle_id=False)  # a colleague's
        # One he is only responsible for: not his day.
        self._visit(
            employees=self.murat,
            vehicle_id=False,
            user_id=self.technician.id,
            planned_start=ist(WED, 15),
            planned_end=ist(WED, 16),
        )
        action = self.env["crm_tr.visit"].with_user(self.technician).action_crm_tr_my_day()
        self.assertEqual(action["res_model"], "crm_tr.visit")
        today = self.env["crm_tr.visit"].with_user(self.technician).search(action["domain"], order="planned_start")
        self.assertEqual(today.ids, [morning.id, afternoon.id])


@tagged("post_install", "-at_install")
class TestServiceVisitScreens(ServiceVisitCase):
    def test_case_button_opens_its_visits_ready_for_a_new_one(self):
        self.case.write({"technician_id": self.kemal.id})
        visit = self._visit(case_id=self.case.id)
        self._visit(vehicle_id=False, planned_start=ist(WED, 14), planned_end=ist(WED, 15))  # another case's
        action = self.case.action_crm_tr_view_visits()
        self.assertEqual(self.env["crm_tr.visit"].search(action["domain"]), visit)
        self.assertEqual(action["context"]["default_case_id"], self.case.id)
        self.assertEqual(action["context"]["default_visit_type"], "service")
        self.assertEqual(action["context"]["default_employee_ids"], self.kemal.ids)

    def test_van_location_under_the_company_warehouse(self):
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.company_a.id)], limit=1)
        self.assertEqual(self.van.location_id, warehouse.lot_stock_id)
        self.assertEqual(
            (self.van.usage, self.van.company_id, self.van.name), ("internal", self.company_a, "35 EGE 120")
        )
        company = self.env["res.company"].create({"name": "Depo Yok A.Ş."})
        self.env["stock.warehouse"].search([("company_id", "=", company.id)]).write({"active": False})
        van = self.env["fleet.vehicle"].create(
            {"model_id": self.doblo.model_id.id, "license_plate": "16 YOK 001", "company_id": company.id}
        )
        with self.assertRaisesRegex(UserError, "Depo Yok A.Ş. has no warehouse"):
            van.action_crm_tr_create_location()
