"""What the service menus list: technicians only under Technicians, the units the company
serves under Serial Numbers, a serial number's cases one click away."""

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval


@tagged("post_install", "-at_install")
class TestServiceScreens(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.tech_user = new_test_user(cls.env, login="tech_screen", groups="crm_tr_service.group_service_technician")
        cls.manager_user = new_test_user(cls.env, login="mgr_screen", groups="crm_tr_service.group_service_manager")
        cls.rep_user = new_test_user(cls.env, login="rep_screen", groups="sales_team.group_sale_salesman")
        Employee = cls.env["hr.employee"]
        cls.by_group = Employee.create({"name": "Kemal Usta", "user_id": cls.tech_user.id})
        cls.marked = Employee.create({"name": "Eren Bulut", "crm_tr_technician": True})
        cls.manager = Employee.create({"name": "Servis Müdürü", "user_id": cls.manager_user.id})
        cls.rep = Employee.create({"name": "Selim Yurt", "user_id": cls.rep_user.id})
        Product = cls.env["product.product"]
        cls.unit = Product.create({"name": "Split Klima 12000 BTU", "is_storable": True, "tracking": "serial"})
        cls.bulk = Product.create({"name": "Bakır Boru (m)", "is_storable": True, "tracking": "lot"})
        cls.part = Product.create(
            {"name": "Kompresör (yedek)", "is_storable": True, "tracking": "serial", "sale_ok": False}
        )
        Lot = cls.env["stock.lot"]
        cls.unit_lot = Lot.create({"name": "MK12-T-1", "product_id": cls.unit.id})
        cls.bulk_lot = Lot.create({"name": "BORU-2026-01", "product_id": cls.bulk.id})
        cls.part_lot = Lot.create({"name": "KMP-T-1", "product_id": cls.part.id})

    def _action_records(self, xmlid, model):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        self.assertEqual(action["res_model"], model)
        return self.env[model].search(safe_eval(action["domain"] or "[]", {"allowed_company_ids": [self.company.id]}))

    def test_technicians_menu_lists_technicians_only(self):
        technicians = self._action_records("crm_tr_service.crm_tr_service_technician_action", "hr.employee")
        self.assertIn(self.by_group, technicians, "in the service technician group")
        self.assertIn(self.marked, technicians, "marked as a technician")
        self.assertNotIn(self.rep, technicians, "a sales rep is no technician")
        self.assertNotIn(self.manager, technicians, "a service administrator is not a technician by that alone")
        # Joining the group makes one; the case form offers only technicians.
        self.rep_user.group_ids = [(4, self.env.ref("crm_tr_service.group_service_technician").id)]
        self.assertTrue(self.rep.crm_tr_is_technician)
        field = self.env["crm_tr.service.case"]._fields["technician_id"]
        self.assertEqual(field.domain, "[('crm_tr_is_technician', '=', True)]")

    def test_serial_numbers_menu_shows_customer_units_by_default(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_service.crm_tr_service_lot_action")
        self.assertIn("search_default_crm_tr_customer_units", action["context"])
        view = self.env.ref("crm_tr_service.stock_lot_view_search_inherit_crm_tr_service")
        arch = self.env["stock.lot"].get_view(view.inherit_id.id, "search")["arch"]
        self.assertIn('name="crm_tr_customer_units"', arch)
        domain = [("product_id.tracking", "=", "serial"), ("product_id.sale_ok", "=", True)]
        lots = self.env["stock.lot"].search(
            [*domain, ("id", "in", (self.unit_lot | self.bulk_lot | self.part_lot).ids)]
        )
        self.assertEqual(lots, self.unit_lot, "lot-tracked goods and spare parts are not customer units")

    def test_serial_number_opens_its_cases(self):
        partner = self.env["res.partner"].create({"name": "Yıldız Otel A.Ş.", "is_company": True})
        case = self.env["crm_tr.service.case"].create(
            {"subject": "Soğutmuyor", "partner_id": partner.id, "lot_id": self.unit_lot.id}
        )
        self.assertEqual(self.unit_lot.crm_tr_service_case_count, 1)
        action = self.unit_lot.action_crm_tr_service_cases()
        self.assertEqual(self.env["crm_tr.service.case"].search(action["domain"]), case)
        self.assertEqual(action["context"]["default_lot_id"], self.unit_lot.id)
