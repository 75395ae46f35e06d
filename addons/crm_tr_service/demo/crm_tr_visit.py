from datetime import time, timedelta

from odoo import api, fields, models

from odoo.addons.crm_tr_sales.demo.crm_tr_visit import _utc, _works

# Per company: (technician employee xmlid, van xmlid); each technician drives his own van.
_SERVICE_TEAMS = {
    "crm_tr_sms.company_tr_istanbul": [
        ("crm_tr_sales.employee_tr_ist_tech_1", "crm_tr_service.vehicle_tr_ist_service_1"),
        ("crm_tr_sales.employee_tr_ist_tech_2", "crm_tr_service.vehicle_tr_ist_service_2"),
    ],
    "crm_tr_sms.company_tr_ankara": [
        ("crm_tr_sales.employee_tr_ank_tech_1", "crm_tr_service.vehicle_tr_ank_service_1"),
        ("crm_tr_sales.employee_tr_ank_tech_2", "crm_tr_service.vehicle_tr_ank_service_2"),
    ],
}
# What each van carries: (product xmlid, quantity, lot name or None).
_VAN_STOCK = [
    ("crm_tr_sales.product_tr_filter_set", 12, None),
    ("crm_tr_sales.product_tr_remote", 4, None),
    ("crm_tr_service.product_tr_gas_bottle", 3, "R32-2026-11"),
]
# Two visits a day per technician, Istanbul time.
_SLOTS = [(time(9, 30), time(11, 30)), (time(14, 0), time(15, 30))]
_SCORES = [5, 5, 3, 5, 1, 5]


class CrmTrVisit(models.Model):
    _inherit = "crm_tr.visit"

    @api.model
    def _crm_tr_demo_service_week(self):
        """Demo only (demo/crm_tr_service_visit_demo.xml): a warehouse for each demo company,
        each technician's van as a stock location filled with parts by an inventory
        adjustment, and the technicians' service visits of this week and next for their
        cases, two a working day; the past ones done with the parts they used (real stock
        moves out of the van) and rated by the customer (README, "Service visits")."""
        companies = [self.env.ref(xmlid) for xmlid in _SERVICE_TEAMS]
        if self.search_count(
            [("visit_type", "=", "service"), ("company_id", "in", [c.id for c in companies])], limit=1
        ):
            return True  # loaded already (a module update replays the demo functions)
        today = fields.Date.context_today(self)
        monday = today - timedelta(days=today.weekday())
        now = fields.Datetime.now()
        index = 0
        for company_xmlid, team in _SERVICE_TEAMS.items():
            company = self.env.ref(company_xmlid)
            self._crm_tr_demo_warehouse(company)
            for employee_xmlid, van_xmlid in team:
                employee = self.env.ref(employee_xmlid)
                van = self.env.ref(van_xmlid)
                van.action_crm_tr_create_location()
                self._crm_tr_demo_fill_van(van)
                cases = (
                    self.env["crm_tr.service.case"]
                    .with_company(company)
                    .search([("technician_id", "=", employee.id), ("state", "!=", "cancelled")], order="id")
                )
                if not cases:
                    continue
                for day in range(12):
                    date = monday + timedelta(days=day)
                    for start_time, end_time in _SLOTS:
                        start, end = _utc(date, start_time), _utc(date, end_time)
                        if not _works(employee, start, end):
                            continue  # weekends and public holidays
                        case = cases[index % len(cases)]
                        index += 1
                        visit = self.with_company(company).create(
                            {
                                "visit_type": "service",
                                "case_id": case.id,
                                "partner_id": case.partner_id.id,
                                "purpose": case.subject,
                                "company_id": company.id,
                                "user_id": (employee.user_id or self.env.ref("base.user_admin")).id,
                                "employee_ids": [fields.Command.set(employee.ids)],
                                "vehicle_id": van.id,
                                "planned_start": start,
                                "planned_end": end,
                            }
                        )
                        if end < now:
                            self._crm_tr_demo_done(visit, index)
        return True

    @api.model
    def _crm_tr_demo_warehouse(self, company):
        Warehouse = self.env["stock.warehouse"].sudo()
        if not Warehouse.search([("company_id", "=", company.id)], limit=1):
            code = "IST" if company == self.env.ref("crm_tr_sms.company_tr_istanbul") else "ANK"
            Warehouse.create({"name": f"{company.city or company.name} Depo", "code": code, "company_id": company.id})

    @api.model
    def _crm_tr_demo_fill_van(self, van):
        company = van.company_id
        location = van.crm_tr_location_id
        Quant = self.env["stock.quant"].sudo().with_company(company).with_context(inventory_mode=True)
        quants = Quant
        for product_xmlid, quantity, lot_name in _VAN_STOCK:
            product = self.env.ref(product_xmlid)
            if not product.is_storable:
                product.sudo().is_storable = True  # crm_tr_sales' demo parts, kept in stock here
            # The demo XML sets the cost for the installing company only: the demo companies too.
            cost = product.standard_price
            product.with_company(company).sudo().standard_price = cost
            lot = self.env["stock.lot"]
            if lot_name:
                lot = self.env["stock.lot"].sudo().search(
                    [("name", "=", lot_name), ("product_id", "=", product.id), ("company_id", "=", company.id)]
                ) or self.env["stock.lot"].sudo().create(
                    {"name": lot_name, "product_id": product.id, "company_id": company.id}
                )
            quants |= Quant.create(
                {
                    "product_id": product.id,
                    "location_id": location.id,
                    "lot_id": lot.id,
                    "inventory_quantity": quantity,
                }
            )
        quants.action_apply_inventory()

    @api.model
    def _crm_tr_demo_done(self, visit, index):
        """A past visit, done with its real times, km and parts, and rated."""
        filter_set = self.env.ref("crm_tr_sales.product_tr_filter_set")
        parts = [fields.Command.create({"product_id": filter_set.id, "quantity": 1 + index % 2})]
        if index % 3 == 0:
            parts.append(
                fields.Command.create({"product_id": self.env.ref("crm_tr_sales.product_tr_remote").id, "quantity": 1})
            )
        visit.write(
            {
                "actual_start": visit.planned_start + timedelta(minutes=5 + index % 10),
                "actual_end": visit.planned_end + timedelta(minutes=(index * 7) % 30),
                "distance_km": 12 + (index * 23) % 60,
                "outcome": "<p>Arıza giderildi, cihaz test edildi.</p>",
                "part_ids": parts,
                # The demo does not text the customers at install: they rate below.
                "crm_tr_rating_sms_sent": True,
            }
        )
        visit.action_done()
        token = visit._rating_get_access_token()
        visit.rating_apply(_SCORES[index % len(_SCORES)], token=token)
