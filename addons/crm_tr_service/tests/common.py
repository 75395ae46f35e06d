from datetime import datetime

from odoo import Command

from odoo.addons.crm_tr_sms.tests.common import CrmTrTwoCompanyMixin

# Wednesday 9 December 2026; times are Istanbul's (UTC+3), stored in UTC.
WED = 9


def ist(day, hour, minute=0):
    """Naive UTC of an Istanbul time in December 2026."""
    return datetime(2026, 12, day, hour - 3, minute)


class ServiceVisitMixin(CrmTrTwoCompanyMixin):
    """Company A's technician Kemal (300,00 TL an hour) in the Doblo van (4,75 TL a km),
    whose stock location holds 5 oil filters (185,00 TL each) and one lot of a
    lot-tracked compressor (4.250,00 TL)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.company_a
        company.resource_calendar_id.tz = "Europe/Istanbul"
        cls.customer = cls.env["res.partner"].create(
            {"name": "Yıldız Otelcilik A.Ş.", "is_company": True, "phone": "+90 532 111 22 33", "lang": "en_US"}
        )
        cls.technician = cls._crm_tr_user("tech_kemal", "crm_tr_service.group_service_technician")
        cls.other_technician = cls._crm_tr_user("tech_murat", "crm_tr_service.group_service_technician")
        cls.service_manager = cls._crm_tr_user("service_mgr", "crm_tr_service.group_service_manager")
        Employee = cls.env["hr.employee"]
        cls.kemal = Employee.create(
            {
                "name": "Kemal Usta",
                "user_id": cls.technician.id,
                "company_id": company.id,
                "hourly_cost": 300,
                "resource_calendar_id": company.resource_calendar_id.id,
                "tz": "Europe/Istanbul",
            }
        )
        cls.murat = Employee.create(
            {
                "name": "Murat Çelik",
                "user_id": cls.other_technician.id,
                "company_id": company.id,
                "hourly_cost": 250,
                "resource_calendar_id": company.resource_calendar_id.id,
                "tz": "Europe/Istanbul",
            }
        )
        model = cls.env["fleet.vehicle.model"].create(
            {"name": "Doblo", "brand_id": cls.env["fleet.vehicle.model.brand"].create({"name": "Fiat"}).id}
        )
        cls.doblo = cls.env["fleet.vehicle"].create(
            {
                "model_id": model.id,
                "license_plate": "35 EGE 120",
                "company_id": company.id,
                "crm_tr_cost_method": "fixed",
                "crm_tr_fixed_per_km": 4.75,
            }
        )
        cls.doblo.action_crm_tr_create_location()
        cls.van = cls.doblo.crm_tr_location_id
        cls.customers = cls.env.ref("stock.stock_location_customers")
        Product = cls.env["product.product"].with_company(company)
        cls.filter = Product.create({"name": "Klima yağ filtresi", "type": "consu", "is_storable": True})
        cls.filter.standard_price = 185.00
        cls.compressor = Product.create(
            {"name": "Kompresör 12000 BTU", "type": "consu", "is_storable": True, "tracking": "lot"}
        )
        cls.compressor.standard_price = 4250.00
        cls.lot = cls.env["stock.lot"].create(
            {"name": "KMP-2026-01", "product_id": cls.compressor.id, "company_id": company.id}
        )
        Quant = cls.env["stock.quant"].with_company(company)
        Quant._update_available_quantity(cls.filter, cls.van, 5.0)
        Quant._update_available_quantity(cls.compressor, cls.van, 1.0, lot_id=cls.lot)
        cls.case = cls.env["crm_tr.service.case"].create(
            {"subject": "Salon kliması soğutmuyor", "partner_id": cls.customer.id, "company_id": company.id}
        )
        cls.Visit = cls.env["crm_tr.visit"].with_context(tz="Europe/Istanbul")

    def _visit(self, employees=None, **vals):
        return self.Visit.create(
            {
                "visit_type": "service",
                "partner_id": self.customer.id,
                "purpose": "Arıza onarımı",
                "company_id": self.company_a.id,
                "user_id": self.service_manager.id,
                "employee_ids": [Command.set((employees if employees is not None else self.kemal).ids)],
                "vehicle_id": self.doblo.id,
                "planned_start": ist(WED, 10),
                "planned_end": ist(WED, 12),
            }
            | vals
        )

    def _parts(self, visit):
        visit.write(
            {
                "part_ids": [
                    Command.create({"product_id": self.filter.id, "quantity": 2}),
                    Command.create({"product_id": self.compressor.id, "lot_id": self.lot.id, "quantity": 1}),
                ]
            }
        )

    def _work(self, visit):
        """Kemal worked 10:00-12:00 and drove 30 km."""
        visit.action_start()
        visit.write({"actual_start": ist(WED, 10), "actual_end": ist(WED, 12), "distance_km": 30})

    def _quantity(self, product, location, lot=None):
        return self.env["stock.quant"]._get_available_quantity(product, location, lot_id=lot, strict=True)
