from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import format_date

from ..report.crm_tr_visit_route_sheet import ROUTED_STATES


class CrmTrVisitRouteSheetWizard(models.TransientModel):
    """Print the route sheets of a day: one page per chosen employee."""

    _name = "crm_tr.visit.route.sheet.wizard"
    _description = "Route Sheet of a Day"

    date = fields.Date(required=True, default=lambda self: self._default_date())
    # The public view of employees: every internal user may pick a colleague (hr.employee
    # itself is HR's); the ids are the employees'.
    employee_ids = fields.Many2many(
        "hr.employee.public",
        string="Employees",
        required=True,
        default=lambda self: self._default_employee_ids(),
    )

    @api.model
    def _active_visits(self):
        """The visits the wizard was opened from (their Action menu)."""
        if self.env.context.get("active_model") != "crm_tr.visit":
            return self.env["crm_tr.visit"]
        visits = self.env["crm_tr.visit"].browse(self.env.context.get("active_ids") or [])
        return visits.filtered("planned_start").sorted("planned_start")

    @api.model
    def _default_date(self):
        first = self._active_visits()[:1]
        if first:
            return fields.Date.context_today(self, first.planned_start)
        return fields.Date.context_today(self)

    @api.model
    def _default_employee_ids(self):
        visits = self._active_visits()
        if visits:
            return self.env["hr.employee.public"].browse(visits.employee_ids.ids)
        return self.env["hr.employee.public"].search(
            [("user_id", "=", self.env.uid), ("company_id", "in", self.env.companies.ids)]
        )

    def action_print(self):
        self.ensure_one()
        # A day wide enough for any time zone; the report keeps the employee's local day.
        start = datetime.combine(self.date, time.min) - timedelta(hours=14)
        end = datetime.combine(self.date, time.max) + timedelta(hours=14)
        visits = self.env["crm_tr.visit"].search(
            Domain("employee_ids", "in", self.employee_ids.ids)
            & Domain("state", "in", ROUTED_STATES)
            & Domain("planned_start", ">=", start)
            & Domain("planned_start", "<=", end),
            order="planned_start, id",
        )
        data = {"employee_ids": self.employee_ids.ids, "date": fields.Date.to_string(self.date)}
        report = self.env["report.crm_tr_sales.report_visit_route_sheet"]
        employees = self.env["hr.employee"].browse(self.employee_ids.ids)
        sheets = report._crm_tr_sheets(visits, employees=employees, day=self.date)
        if not sheets:
            raise UserError(
                self.env._(
                    "%(employees)s have no planned visit on %(day)s.",
                    employees=", ".join(self.employee_ids.mapped("name")),
                    day=format_date(self.env, self.date),
                )
            )
        visits = visits.browse({line["visit"].id: True for sheet in sheets for line in sheet["lines"]})
        return self.env.ref("crm_tr_sales.crm_tr_visit_route_sheet_report").report_action(visits, data=data)
