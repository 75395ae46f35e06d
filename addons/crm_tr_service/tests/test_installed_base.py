from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import freeze_time, tagged

from odoo.addons.crm_tr_sms.tests.common import CrmTrTwoCompanyCase


@tagged("post_install", "-at_install")
class TestInstalledBase(CrmTrTwoCompanyCase):
    """Serial numbers delivered to customers become their installed base: owner (the
    customer company), installation address (the delivery address), delivery date and
    warranty end (delivery date + the product's warranty months)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["product.category"]
        family = Category.create({"name": "Klima"})
        cls.daikin = Category.create({"name": "Daikin", "parent_id": family.id})
        cls.sensira = Category.create({"name": "Sensira", "parent_id": cls.daikin.id})
        Product = cls.env["product.product"]
        cls.split = Product.create(
            {
                "name": "Daikin Sensira 12000 BTU",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": cls.sensira.id,
                "crm_tr_warranty_months": 24,
            }
        )
        cls.fan = Product.create(
            {"name": "Aspiratör", "type": "consu", "is_storable": True, "tracking": "serial", "categ_id": family.id}
        )
        Partner = cls.env["res.partner"]
        cls.hotel = Partner.create({"name": "Yıldız Otelcilik A.Ş.", "is_company": True})
        cls.bodrum = Partner.create(
            {"name": "Bodrum Tesisi", "parent_id": cls.hotel.id, "type": "delivery", "city": "Bodrum"}
        )
        cls.buyer = Partner.create({"name": "Selin Kaya", "parent_id": cls.hotel.id})
        cls.factory = Partner.create({"name": "Ege Tekstil Ltd. Şti.", "is_company": True})
        cls.technician = cls._crm_tr_user("ib_tech", "crm_tr_service.group_service_technician")
        cls.customers = cls.env.ref("stock.stock_location_customers")

    def _lots(self, company, product, *names):
        return self.env["stock.lot"].create(
            [{"name": name, "product_id": product.id, "company_id": company.id} for name in names]
        )

    def _deliver(self, company, partner, lots):
        """Stocks the serials in the company's warehouse and delivers them to `partner` through
        a delivery order validated as a user does (reserve, pick, Validate)."""
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        Quant = self.env["stock.quant"].with_company(company)
        for lot in lots:
            Quant._update_available_quantity(lot.product_id, warehouse.lot_stock_id, 1.0, lot_id=lot)
        picking = (
            self.env["stock.picking"]
            .with_company(company)
            .create(
                {
                    "picking_type_id": warehouse.out_type_id.id,
                    "partner_id": partner.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "location_dest_id": self.customers.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": len(lots.filtered(lambda lot, p=product: lot.product_id == p)),
                                "location_id": warehouse.lot_stock_id.id,
                                "location_dest_id": self.customers.id,
                            }
                        )
                        for product in lots.product_id
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.action_assign()
        self.assertEqual(picking.move_line_ids.lot_id, lots, "the serials in stock are reserved")
        picking.move_ids.picked = True
        self.assertIs(picking.button_validate(), True)
        self.assertEqual(picking.state, "done")
        return picking

    def _return(self, picking):
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=picking.id, active_ids=picking.ids, active_model="stock.picking")
            .create({})
        )
        for line in wizard.product_return_moves:
            line.quantity = line.move_id.quantity
        back = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        back.action_assign()
        self.assertEqual(back.move_line_ids.lot_id, picking.move_line_ids.lot_id, "the same serials come back")
        back.move_ids.picked = True
        back._action_done()
        self.assertEqual(back.state, "done")
        return back

    @freeze_time("2026-03-15 10:00:00")
    def test_delivery_fills_installed_base(self):
        lots = self._lots(self.company_a, self.split, "SN-A-1", "SN-A-2")
        self._deliver(self.company_a, self.bodrum, lots)
        for lot in lots:
            self.assertEqual(lot.crm_tr_partner_id, self.hotel, "the owner is the customer company")
            self.assertEqual(lot.crm_tr_install_partner_id, self.bodrum, "installed at the delivery address")
            self.assertEqual(lot.crm_tr_delivery_date, date(2026, 3, 15))
            self.assertEqual(lot.crm_tr_warranty_end, date(2028, 3, 15), "24 months from the delivery")
            self.assertTrue(lot.crm_tr_under_warranty)
            self.assertEqual(lot.crm_tr_brand_id, self.daikin, "brand: second level of Klima / Daikin / Sensira")
            self.assertEqual(lot.crm_tr_model_id, self.sensira, "model: third level")
        fan = self._lots(self.company_a, self.fan, "FAN-1")
        self._deliver(self.company_a, self.hotel, fan)
        self.assertEqual(fan.crm_tr_install_partner_id, self.hotel, "delivered to the company itself")
        self.assertEqual(fan.crm_tr_delivery_date, date(2026, 3, 15))
        self.assertFalse(fan.crm_tr_warranty_end, "a product without warranty months has no warranty")
        self.assertFalse(fan.crm_tr_under_warranty)
        self.assertFalse(fan.crm_tr_brand_id, "a category one level deep names no brand")

    @freeze_time("2026-03-15 10:00:00")
    def test_customer_button_counts_contacts(self):
        self._deliver(self.company_a, self.bodrum, self._lots(self.company_a, self.split, "SN-B-1", "SN-B-2"))
        self._deliver(self.company_a, self.hotel, self._lots(self.company_a, self.fan, "FAN-2"))
        self._deliver(self.company_a, self.factory, self._lots(self.company_a, self.split, "SN-B-3"))
        partners = self.hotel | self.bodrum | self.buyer | self.factory
        self.assertEqual(partners.mapped("crm_tr_installed_base_count"), [3, 3, 3, 1])
        partners.invalidate_recordset(["crm_tr_installed_base_count"])
        as_technician = self.buyer.with_user(self.technician)
        self.assertEqual(as_technician.crm_tr_installed_base_count, 3, "a technician sees the count too")
        action = as_technician.action_crm_tr_view_installed_base()
        units = self.env["stock.lot"].with_user(self.technician).search(action["domain"])
        self.assertEqual(sorted(units.mapped("name")), ["FAN-2", "SN-B-1", "SN-B-2"])

    @freeze_time("2026-03-15 10:00:00")
    def test_second_company(self):
        lot_a = self._lots(self.company_a, self.split, "SN-C-1")
        lot_b = self._lots(self.company_b, self.split, "SN-C-1")
        self._deliver(self.company_a, self.bodrum, lot_a)
        with freeze_time("2026-04-20 09:00:00"):
            self._deliver(self.company_b, self.factory, lot_b)
        self.assertEqual(lot_a.crm_tr_partner_id, self.hotel, "company B's delivery leaves company A's serial alone")
        self.assertEqual(lot_a.crm_tr_warranty_end, date(2028, 3, 15))
        self.assertEqual(lot_b.crm_tr_partner_id, self.factory)
        self.assertEqual(lot_b.crm_tr_warranty_end, date(2028, 4, 20))
        self.assertEqual(self.factory.crm_tr_installed_base_count, 1)
        self.factory.invalidate_recordset(["crm_tr_installed_base_count"])
        self.assertEqual(
            self.factory.with_user(self.technician).crm_tr_installed_base_count,
            0,
            "company A's technician does not see company B's units",
        )

    def test_return_then_delivery_again(self):
        lot = self._lots(self.company_a, self.split, "SN-D-1")
        with freeze_time("2026-03-15 10:00:00"):
            delivery = self._deliver(self.company_a, self.bodrum, lot)
        with freeze_time("2026-05-02 10:00:00"):
            self._return(delivery)
        self.assertFalse(lot.crm_tr_partner_id, "back in stock: no owner")
        self.assertFalse(lot.crm_tr_install_partner_id)
        self.assertFalse(lot.crm_tr_delivery_date)
        self.assertFalse(lot.crm_tr_warranty_end)
        self.assertEqual(self.hotel.crm_tr_installed_base_count, 0)
        with freeze_time("2026-06-01 10:00:00"):
            self._deliver(self.company_a, self.factory, lot)
        self.assertEqual(lot.crm_tr_partner_id, self.factory, "the next customer owns it")
        self.assertEqual(lot.crm_tr_delivery_date, date(2026, 6, 1))
        self.assertEqual(lot.crm_tr_warranty_end, date(2028, 6, 1), "a new warranty from the new delivery")

    def test_warranty_filter(self):
        with freeze_time("2026-03-15 10:00:00"):
            running, overridden = self._lots(self.company_a, self.split, "SN-E-1", "SN-E-2")
            self._deliver(self.company_a, self.hotel, running | overridden)
            none = self._lots(self.company_a, self.fan, "FAN-E")
            self._deliver(self.company_a, self.hotel, none)
        overridden.crm_tr_warranty_end = date(2026, 12, 31)  # a shorter warranty agreed with the customer
        self.assertEqual(running.crm_tr_warranty_end, date(2028, 3, 15), "the other serial keeps the computed end")
        mine = running | overridden | none
        Lot = self.env["stock.lot"]

        def under(day):
            with freeze_time(day):
                return (
                    Lot.search([("id", "in", mine.ids), ("crm_tr_under_warranty", "=", True)]),
                    Lot.search([("id", "in", mine.ids), ("crm_tr_under_warranty", "=", False)]),
                    Lot.search([("id", "in", mine.ids), ("crm_tr_under_warranty", "!=", True)]),
                )

        self.assertEqual(under("2026-12-31 12:00:00"), (running | overridden, none, none), "last day included")
        self.assertEqual(under("2027-01-01 12:00:00"), (running, overridden | none, overridden | none))
        self.assertEqual(under("2028-03-16 12:00:00"), (Lot, mine, mine))
        with freeze_time("2027-01-01 12:00:00"):
            mine.invalidate_recordset(["crm_tr_under_warranty"])
            self.assertEqual(mine.mapped("crm_tr_under_warranty"), [True, False, False])

    def test_warranty_months_not_negative(self):
        with self.assertRaises(ValidationError) as raised:
            self.split.product_tmpl_id.crm_tr_warranty_months = -1
        self.assertIn("cannot be negative", str(raised.exception))
        self.env.invalidate_all()
        self.assertEqual(self.split.crm_tr_warranty_months, 24, "unchanged")
        with self.assertRaises(ValidationError):
            self.env["product.template"].create({"name": "Kombi", "crm_tr_warranty_months": -12})

    def test_owner_and_address_checked(self):
        lot = self._lots(self.company_a, self.split, "SN-F-1")
        with self.assertRaises(ValidationError) as raised:
            lot.write({"crm_tr_partner_id": self.factory.id, "crm_tr_install_partner_id": self.bodrum.id})
        self.assertIn("not an address of its owner", str(raised.exception))
        with self.assertRaises(ValidationError) as raised:
            lot.crm_tr_partner_id = self.buyer
        self.assertIn("not the contact", str(raised.exception))
        lot.invalidate_recordset()
        self.assertFalse(lot.crm_tr_partner_id, "nothing written")
        lot.write({"crm_tr_partner_id": self.hotel.id, "crm_tr_install_partner_id": self.bodrum.id})
        self.assertEqual(lot.crm_tr_install_partner_id, self.bodrum)

    @freeze_time("2026-03-15 10:00:00")
    def test_service_history(self):
        lot = self._lots(self.company_a, self.split, "SN-G-1")
        self._deliver(self.company_a, self.bodrum, lot)
        Case = self.env["crm_tr.service.case"]
        open_case, closed_case = Case.create(
            [
                {"subject": subject, "partner_id": self.bodrum.id, "lot_id": lot.id, "company_id": self.company_a.id}
                for subject in ("Su damlatıyor", "Gürültü")
            ]
        )
        closed_case.resolution_note = "<p>Filtre temizlendi.</p>"
        closed_case.action_solve()
        Case.create({"subject": "Başka cihaz", "partner_id": self.hotel.id, "company_id": self.company_a.id})
        self.assertEqual(lot.crm_tr_open_case_count, 1, "the solved case is not open")
        self.assertEqual(lot.crm_tr_service_case_ids, open_case | closed_case)
        self.assertFalse(lot.crm_tr_last_service_date, "no service visit done yet")
        Visit = self.env["crm_tr.visit"]
        done, planned = Visit.create(
            [
                {
                    "visit_type": "service",
                    "case_id": open_case.id,
                    "partner_id": self.bodrum.id,
                    "company_id": self.company_a.id,
                    "planned_start": datetime(2026, 3, day, 7),
                    "planned_end": datetime(2026, 3, day, 9),
                    "crm_tr_rating_sms_sent": True,  # no satisfaction SMS here
                }
                for day in (20, 27)
            ]
        )
        self.assertEqual(done.lot_id, lot, "the case's unit")
        done.write({"actual_start": datetime(2026, 3, 20, 7, 10), "actual_end": datetime(2026, 3, 20, 8, 40)})
        done.action_done()
        lot.invalidate_recordset(["crm_tr_last_service_date", "crm_tr_open_case_count"])
        self.assertEqual(lot.crm_tr_last_service_date, datetime(2026, 3, 20, 8, 40), "the planned visit not yet")
        self.assertEqual(lot.crm_tr_visit_ids, done | planned, "both visits in the service history")

    @freeze_time("2026-03-15 10:00:00")
    def test_access(self):
        lot = self._lots(self.company_a, self.split, "SN-H-1")
        self._deliver(self.company_a, self.bodrum, lot)
        as_technician = lot.with_user(self.technician)
        self.assertEqual(as_technician.crm_tr_partner_id.name, "Yıldız Otelcilik A.Ş.", "a technician reads")
        self.assertEqual(as_technician.crm_tr_warranty_end, date(2028, 3, 15))
        with self.assertRaises(AccessError):
            as_technician.crm_tr_warranty_end = date(2030, 1, 1)
        portal = self._crm_tr_user("ib_portal", "base.group_portal")
        with self.assertRaises(AccessError):
            lot.with_user(portal).check_access("read")
        # The customer portal lets a portal user read his own company's serials only (test_portal.py).
        self.assertFalse(self.env["stock.lot"].with_user(portal).search([("crm_tr_partner_id", "=", self.hotel.id)]))

    @freeze_time("2026-03-15 10:00:00")
    def test_queries_do_not_grow_with_serials(self):
        """Filling the installed base costs the same queries for 1 serial as for 20."""
        counts = []
        for size in (1, 20):
            lots = self._lots(self.company_a, self.split, *(f"SN-Q{size}-{n}" for n in range(size)))
            picking = self._deliver(self.company_a, self.bodrum, lots)
            lots.write({"crm_tr_partner_id": False, "crm_tr_install_partner_id": False, "crm_tr_delivery_date": False})
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            picking.move_ids._crm_tr_update_installed_base()
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(set(lots.mapped("crm_tr_warranty_end")), {date(2028, 3, 15)})
        self.assertEqual(counts[0], counts[1], f"queries for 1 and 20 serials: {counts}")
