from collections import defaultdict

from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, formatLang

# A visit with no time, or called off, is not on anybody's route.
ROUTED_STATES = ("planned", "in_progress", "done")


class ReportVisitRouteSheet(models.AbstractModel):
    """The daily route sheet: one page per employee and day, his visits in the order he
    makes them, with what he needs on the road (address, contact and phone, purpose, the
    serial numbers of what he services, the vehicle)."""

    _name = "report.crm_tr_sales.report_visit_route_sheet"
    _description = "Daily Route Sheet"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        visits = self.env["crm_tr.visit"].browse(docids)
        employees = self.env["hr.employee"].browse(data.get("employee_ids") or [])
        day = fields.Date.to_date(data.get("date")) if data.get("date") else None
        sheets = self._crm_tr_sheets(visits, employees=employees, day=day)
        if not sheets:
            raise UserError(
                self.env._(
                    "No planned, started or done visit to print: cancelled and unscheduled visits have no route."
                )
            )
        return {
            "doc_ids": docids,
            "doc_model": "crm_tr.visit",
            "docs": visits,
            "sheets": sheets,
            "documents": self._crm_tr_documents(sheets),
        }

    @api.model
    def _crm_tr_documents(self, sheets):
        """The sheets per company, in the sheets' order."""
        documents = {}
        for sheet in sheets:
            document = documents.setdefault(
                sheet["company"], {"company": sheet["company"], "first": sheet["first"], "sheets": []}
            )
            document["sheets"].append(sheet)
        return list(documents.values())

    @api.model
    def _crm_tr_sheets(self, visits, employees=None, day=None):
        """The sheets of `visits`: one per (employee, local day), in date then name order,
        each with its visits by planned start. Restricted to `employees` and to the local
        `day` when given (the "Route Sheet of a Day" wizard)."""
        groups = defaultdict(lambda: self.env["crm_tr.visit"])
        no_employee = self.env["hr.employee"]
        for visit in visits.filtered(lambda v: v.state in ROUTED_STATES and v.planned_start):
            # A visit nobody was put on is its responsible's.
            people = [(employee, visit.env["res.users"]) for employee in visit.employee_ids] or [
                (no_employee, visit.user_id)
            ]
            for employee, user in people:
                if employees and employee not in employees:
                    continue
                local_day = self._crm_tr_local(visit.planned_start, employee, user).date()
                if day and local_day != day:
                    continue
                groups[employee, user, local_day] |= visit
        sheets = [
            self._crm_tr_sheet(employee, user, local_day, group.sorted(lambda v: (v.planned_start, v.id)))
            for (employee, user, local_day), group in groups.items()
        ]
        return sorted(
            sheets,
            key=lambda sheet: (sheet["date"], sheet["person"].casefold(), sheet["employee"].id, sheet["user"].id),
        )

    @api.model
    def _crm_tr_tz(self, employee, user=None):
        return timezone(employee.tz or (user and user.tz) or self.env.user.tz or "Europe/Istanbul")

    @api.model
    def _crm_tr_local(self, value, employee, user=None):
        return utc.localize(value).astimezone(self._crm_tr_tz(employee, user))

    @api.model
    def _crm_tr_sheet(self, employee, user, day, visits):
        first = visits[:1]
        hours = sum(visits.mapped("planned_hours"))
        km = sum(visits.mapped("distance_km"))
        equipment = visits.equipment_ids
        return {
            "employee": employee,
            "user": user,
            "person": employee.name or user.name or "",
            "date": day,
            "date_label": format_date(self.env, day, date_format="full"),
            "company": first.company_id,
            "first": first,
            "vehicles": [
                # Vehicle models are Fleet's: a rep reads his car's, not the catalogue.
                {"name": vehicle.sudo().model_id.display_name or vehicle.name, "plate": vehicle.license_plate or ""}
                for vehicle in visits.vehicle_id
            ],
            "equipment": [{"name": item.name, "serial": item.serial_no or ""} for item in equipment.sorted("name")],
            "hours": formatLang(self.env, hours, digits=2),
            "km": formatLang(self.env, km, digits=1) if km else "",
            "lines": [self._crm_tr_line(index, visit, employee, user) for index, visit in enumerate(visits, start=1)],
        }

    @api.model
    def _crm_tr_line(self, index, visit, employee, user):
        partner = visit.partner_id
        customer = partner.commercial_partner_id
        contact = visit.contact_id or (partner if not partner.is_company else self.env["res.partner"])
        phone = contact.phone or partner.phone or customer.phone or ""
        # crm_tr_service's service visits name the serviced unit (stock.lot).
        serials = []
        if "lot_id" in visit._fields and visit.lot_id:
            serials.append(visit.lot_id.name)
        return {
            "visit": visit,
            "sequence": index,
            "start": self._crm_tr_local(visit.planned_start, employee, user).strftime("%H:%M"),
            "end": self._crm_tr_local(visit.planned_end, employee, user).strftime("%H:%M") if visit.planned_end else "",
            "customer": customer.name or partner.name,
            "partner": partner.name if partner != customer else "",
            "street": ", ".join(part for part in (partner.street, partner.street2) if part),
            "city": " ".join(part for part in (partner.zip, partner.city) if part),
            # "Antalya / Antalya" says nothing more than "Antalya".
            "province": partner.state_id.name if partner.state_id.name != partner.city else "",
            "contact": contact.name or "",
            "phone": phone,
            "purpose": visit.purpose or "",
            "serials": serials,
            "vehicle": visit.vehicle_id.license_plate or "",
            "hours": formatLang(self.env, visit.planned_hours, digits=2),
            "km": formatLang(self.env, visit.distance_km, digits=1) if visit.distance_km else "",
        }
