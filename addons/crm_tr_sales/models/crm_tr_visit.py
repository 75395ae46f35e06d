from datetime import timedelta

from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_datetime

VISIT_STATES = [
    ("to_schedule", "To Schedule"),
    ("planned", "Planned"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]

# What a visit books: the people who go, the vehicle and the equipment they take.
BOOKED_FIELDS = ("employee_ids", "vehicle_id", "equipment_ids", "planned_start", "planned_end", "state")
# What prices a visit that is not done yet.
COSTED_FIELDS = (
    "employee_ids",
    "vehicle_id",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "distance_km",
    "expense_amount",
    "company_id",
)
# What the visit's calendar event shows.
EVENT_FIELDS = ("partner_id", "purpose", "employee_ids", "user_id", "planned_start", "planned_end", "state")


class CrmTrVisit(models.Model):
    """A visit to a customer by one or more employees, in a vehicle, with equipment: the one
    visit model of the suite (sales visits here, service visits in crm_tr_service). It books
    its people, vehicle and equipment (crm_tr.visit.booking: no two overlapping visits,
    enforced by PostgreSQL), is a calendar.event of its people, and knows what it cost:
    labour, travel, parts and expenses, frozen once it is done."""

    _name = "crm_tr.visit"
    _description = "Customer Visit"
    # hr.mixin: users without HR rights (sales reps, technicians) may set the employees.
    _inherit = ["crm_tr.reference.mixin", "crm_tr.company.thread", "mail.activity.mixin", "hr.mixin"]
    _order = "planned_start desc, id desc"
    _check_company_auto = True
    _crm_tr_sequence_code = "crm_tr.visit"

    visit_type = fields.Selection([("sales", "Sales")], string="Type", required=True, default="sales", tracking=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True, check_company=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True, string="Customer Company"
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id), ('is_company', '=', False)]",
    )
    purpose = fields.Char(required=True, tracking=True, default=lambda self: self.env._("Customer visit"))
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    employee_ids = fields.Many2many(
        "hr.employee",
        string="Employees",
        compute="_compute_employee_ids",
        store=True,
        readonly=False,
        tracking=True,
        domain="[('company_id', 'in', (company_id, False))]",
        help="Who goes: each one is booked for the visit's planned time and priced at his hourly cost.",
    )
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(VISIT_STATES, default="planned", required=True, tracking=True, index=True)
    priority = fields.Selection([("0", "Normal"), ("1", "Urgent")], default="0")
    color = fields.Integer()

    planned_start = fields.Datetime(
        string="Planned Start", index=True, tracking=True, default=lambda self: self._default_start()
    )
    planned_end = fields.Datetime(
        string="Planned End", tracking=True, default=lambda self: self._default_start() + timedelta(hours=1)
    )
    estimated_hours = fields.Float(
        string="Expected Duration", default=1.0, help="How long the visit takes: the scheduler books this much time."
    )
    deadline = fields.Date(help="The visit must take place by this day (the scheduler places earlier deadlines first).")
    skill_category_id = fields.Many2one(
        "product.category",
        string="Needs Skill In",
        help="Only employees who may service this product category are placed on the visit by the scheduler.",
    )
    state_id = fields.Many2one(related="partner_id.state_id", string="Province", store=True)
    city = fields.Char(related="partner_id.city", string="District / City", store=True)
    schedule_note = fields.Char(
        string="Scheduler", readonly=True, copy=False, help="Why the automatic scheduler could not place the visit."
    )
    planned_hours = fields.Float(string="Planned Duration", compute="_compute_hours", store=True)
    actual_start = fields.Datetime(string="Started At", copy=False, tracking=True)
    actual_end = fields.Datetime(string="Finished At", copy=False, tracking=True)
    actual_hours = fields.Float(string="Actual Duration", compute="_compute_hours", store=True)
    allow_overtime = fields.Boolean(
        string="Overtime Approved",
        help="Plan the visit outside the employees' working hours (overtime, weekend or public "
        "holiday work, priced with the company's multipliers). A leave still refuses it.",
    )

    vehicle_id = fields.Many2one("fleet.vehicle", string="Vehicle", tracking=True, index="btree_not_null")
    equipment_ids = fields.Many2many("maintenance.equipment", string="Equipment")
    odometer_start = fields.Float(string="Odometer at Start", copy=False)
    odometer_end = fields.Float(string="Odometer at End", copy=False)
    distance_km = fields.Float(
        string="Distance (km)",
        compute="_compute_distance_km",
        store=True,
        readonly=False,
        help="The odometer's reading at the end minus at the start, or entered.",
    )
    expense_amount = fields.Monetary(string="Other Expenses", help="Tolls, parking, meals...")
    expense_note = fields.Char(string="Expenses Detail")

    outcome = fields.Html(string="Outcome")
    next_step = fields.Char(string="Next Step", help="Scheduled as an activity when the visit is done.")
    next_step_date = fields.Date(string="Next Step Due")
    next_activity_id = fields.Many2one("mail.activity", string="Next Step Activity", readonly=True, copy=False)
    opportunity_id = fields.Many2one(
        "crm.lead", string="Opportunity", check_company=True, index="btree_not_null", tracking=True
    )
    sale_order_id = fields.Many2one(
        "sale.order", string="Sales Order", check_company=True, index="btree_not_null", tracking=True
    )
    event_id = fields.Many2one("calendar.event", string="Calendar Event", readonly=True, copy=False)
    signature = fields.Image(string="Customer Signature", copy=False, attachment=True, max_width=1024, max_height=1024)
    signed_by = fields.Char(string="Signed By", copy=False)
    signed_on = fields.Datetime(string="Signed On", copy=False)
    booking_ids = fields.One2many("crm_tr.visit.booking", "visit_id", string="Bookings", readonly=True)

    # The cost, written by _crm_tr_price() while the visit is not done, then frozen.
    labour_ids = fields.One2many("crm_tr.visit.labour", "visit_id", string="Labour", readonly=True)
    labour_cost = fields.Monetary(readonly=True, copy=False)
    cost_per_km = fields.Float(string="Cost per km", digits=(12, 4), readonly=True, copy=False)
    travel_cost = fields.Monetary(readonly=True, copy=False)
    parts_cost = fields.Monetary(readonly=True, copy=False)
    total_cost = fields.Monetary(readonly=True, copy=False, aggregator="sum")

    _positive_figures = models.Constraint(
        "CHECK (distance_km >= 0 AND COALESCE(expense_amount, 0) >= 0)",
        "A visit's distance and expenses cannot be negative.",
    )
    _end_after_start = models.Constraint("CHECK (planned_end > planned_start)", "A visit must end after it starts.")
    _scheduled_times = models.Constraint(
        "CHECK (state = 'to_schedule' OR (planned_start IS NOT NULL AND planned_end IS NOT NULL))",
        "A visit that is not waiting to be scheduled has a planned start and end.",
    )
    _positive_duration = models.Constraint(
        "CHECK (COALESCE(estimated_hours, 0) >= 0)", "A visit's expected duration cannot be negative."
    )

    @api.model
    def _default_start(self):
        """The next full hour."""
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        return now + timedelta(hours=1)

    @api.depends("user_id", "company_id")
    def _compute_employee_ids(self):
        # The responsible's employee in the visit's company, when nobody was chosen.
        employees = (
            self.env["hr.employee"]
            .sudo()
            .search([("user_id", "in", self.user_id.ids), ("company_id", "in", self.company_id.ids)])
        )
        by_user_company = {(e.user_id, e.company_id): e for e in employees}
        for visit in self:
            if not visit.employee_ids and visit.user_id:
                visit.employee_ids = by_user_company.get((visit.user_id, visit.company_id), False)

    @api.depends("planned_start", "planned_end", "actual_start", "actual_end")
    def _compute_hours(self):
        for visit in self:
            visit.planned_hours = _hours(visit.planned_start, visit.planned_end)
            visit.actual_hours = _hours(visit.actual_start, visit.actual_end)

    @api.depends("odometer_start", "odometer_end")
    def _compute_distance_km(self):
        for visit in self:
            if visit.odometer_start and visit.odometer_end >= visit.odometer_start:
                visit.distance_km = visit.odometer_end - visit.odometer_start

    @api.depends("name", "partner_id", "purpose")
    def _compute_display_name(self):
        # What a calendar entry or a clash message names: the customer and the purpose.
        for visit in self:
            customer = visit.partner_id.commercial_partner_id.name or visit.partner_id.name
            visit.display_name = " – ".join(part for part in (visit.name, customer, visit.purpose) if part)

    # ------------------------------------------------------------------
    # Checks: bad input, companies, availability
    # ------------------------------------------------------------------

    @api.constrains("planned_start", "planned_end", "actual_start", "actual_end")
    def _check_times(self):
        for visit in self:
            if visit.state != "to_schedule" and not (visit.planned_start and visit.planned_end):
                raise ValidationError(
                    self.env._("Visit %(visit)s needs a planned start and end.", visit=visit.display_name)
                )
            if visit.planned_start and visit.planned_end and visit.planned_end <= visit.planned_start:
                raise ValidationError(self.env._("Visit %(visit)s ends before it starts.", visit=visit.display_name))
            if visit.actual_start and visit.actual_end and visit.actual_end < visit.actual_start:
                raise ValidationError(
                    self.env._("Visit %(visit)s finished before it started.", visit=visit.display_name)
                )

    @api.constrains("distance_km", "expense_amount", "odometer_start", "odometer_end", "estimated_hours")
    def _check_figures(self):
        for visit in self:
            if visit.distance_km < 0 or visit.expense_amount < 0 or visit.estimated_hours < 0:
                raise ValidationError(self.env._("A visit's distance, duration and expenses cannot be negative."))
            if visit.odometer_start and visit.odometer_end and visit.odometer_end < visit.odometer_start:
                raise ValidationError(
                    self.env._(
                        "The odometer reads %(end)s at the end of visit %(visit)s, less than %(start)s at its start.",
                        end=visit.odometer_end,
                        start=visit.odometer_start,
                        visit=visit.display_name,
                    )
                )

    def _crm_tr_check_resources(self):
        """Employees, vehicle and equipment of the visit's company, and in use."""
        for visit in self:
            company = visit.company_id
            for employee in visit.employee_ids:
                if employee.company_id and employee.company_id != company:
                    raise ValidationError(
                        self.env._(
                            "%(employee)s works for %(other)s: he cannot go on a visit of %(company)s.",
                            employee=employee.name,
                            other=employee.company_id.name,
                            company=company.name,
                        )
                    )
                if not employee.active:
                    raise ValidationError(
                        self.env._("%(employee)s is archived: he cannot be planned.", employee=employee.name)
                    )
            vehicle = visit.vehicle_id
            if vehicle:
                if vehicle.company_id and vehicle.company_id != company:
                    raise ValidationError(
                        self.env._(
                            "Vehicle %(vehicle)s belongs to %(other)s, not to %(company)s.",
                            vehicle=vehicle.display_name,
                            other=vehicle.company_id.name,
                            company=company.name,
                        )
                    )
                if not vehicle.active:
                    raise ValidationError(
                        self.env._(
                            "Vehicle %(vehicle)s is archived: it cannot be planned.", vehicle=vehicle.display_name
                        )
                    )
            for equipment in visit.equipment_ids:
                if equipment.company_id and equipment.company_id != company:
                    raise ValidationError(
                        self.env._(
                            "Equipment %(equipment)s belongs to %(other)s, not to %(company)s.",
                            equipment=equipment.display_name,
                            other=equipment.company_id.name,
                            company=company.name,
                        )
                    )

    def _crm_tr_check_availability(self):
        """A planned visit falls in its employees' working hours (unless overtime is
        approved) and on none of their approved leaves."""
        Leave = self.env["hr.leave"].sudo()
        for visit in self.filtered(lambda v: v.state == "planned"):
            start, end = visit.planned_start, visit.planned_end
            leaves = Leave.search(
                [
                    ("employee_id", "in", visit.employee_ids.ids),
                    ("state", "=", "validate"),
                    ("date_from", "<", end),
                    ("date_to", ">", start),
                ],
                limit=1,
            )
            if leaves:
                raise ValidationError(
                    self.env._(
                        "%(employee)s is on leave (%(leave)s) from %(start)s to %(end)s: "
                        "he cannot go on visit %(visit)s.",
                        employee=leaves.employee_id.name,
                        leave=leaves.holiday_status_id.name,
                        start=self._crm_tr_format(leaves.date_from),
                        end=self._crm_tr_format(leaves.date_to),
                        visit=visit.display_name,
                    )
                )
            if visit.allow_overtime:
                continue
            for employee in visit.employee_ids:
                calendar = employee.resource_calendar_id
                if not calendar:
                    continue  # works flexible hours
                worked = _work_seconds(calendar, employee, start, end)
                if worked + 1 < (end - start).total_seconds():
                    raise ValidationError(
                        self.env._(
                            "Visit %(visit)s (%(start)s – %(end)s) is outside the working hours of %(employee)s "
                            "(%(calendar)s). Plan it within them, or tick “Overtime Approved”.",
                            visit=visit.display_name,
                            start=self._crm_tr_format(start),
                            end=self._crm_tr_format(end),
                            employee=employee.name,
                            calendar=calendar.name,
                        )
                    )

    def _crm_tr_format(self, value):
        tz = self.env.context.get("tz") or self.env.user.tz or "Europe/Istanbul"
        return format_datetime(self.env, value, tz=tz, dt_format="short")

    # ------------------------------------------------------------------
    # Bookings: no double booking of people, vehicles and equipment
    # ------------------------------------------------------------------

    def _crm_tr_resources(self):
        """The records the visit books."""
        self.ensure_one()
        return [*self.employee_ids, *self.vehicle_id, *self.equipment_ids]

    def _crm_tr_sync_bookings(self):
        """Rewrite the visits' bookings (one per person, vehicle and piece of equipment, over
        the planned time). A clash is refused here with a message naming it; PostgreSQL's
        exclusion constraint on crm_tr_visit_booking refuses what two transactions saving
        at the same moment would otherwise both get."""
        Booking = self.env["crm_tr.visit.booking"].sudo()
        Booking.search([("visit_id", "in", self.ids)]).unlink()
        values = []
        for visit in self:
            if visit.state == "to_schedule" or not (visit.planned_start and visit.planned_end):
                continue  # waiting to be scheduled: books nothing yet
            blocking = visit.state != "cancelled"
            resources = visit._crm_tr_resources()
            if blocking:
                visit._crm_tr_check_clash(resources)
            values += [
                {
                    "visit_id": visit.id,
                    "resource": f"{record._name},{record.id}",
                    "start": visit.planned_start,
                    "stop": visit.planned_end,
                    "blocking": blocking,
                    "company_id": visit.company_id.id,
                }
                for record in resources
            ]
        Booking.create(values)
        Booking.flush_model()

    def _crm_tr_check_clash(self, resources):
        self.ensure_one()
        if not resources:
            return
        self.env["crm_tr.visit.booking"].flush_model()
        keys = {f"{record._name},{record.id}": record for record in resources}
        rows = self.env.execute_query(
            SQL(
                """SELECT booking.resource, booking.visit_id
                     FROM crm_tr_visit_booking booking
                    WHERE booking.blocking AND booking.visit_id != %s AND booking.resource = ANY(%s)
                      AND tsrange(booking.start, booking.stop, '[)') && tsrange(%s, %s, '[)')
                 ORDER BY booking.start
                    LIMIT 1""",
                self.id,
                list(keys),
                self.planned_start,
                self.planned_end,
            )
        )
        if rows:
            resource, other_id = rows[0]
            other = self.sudo().browse(other_id)
            raise ValidationError(
                self.env._(
                    "%(resource)s is already booked on visit %(other)s from %(start)s to %(end)s: "
                    "visit %(visit)s cannot take the same time.",
                    resource=keys[resource].display_name,
                    other=other.display_name,
                    start=self._crm_tr_format(other.planned_start),
                    end=self._crm_tr_format(other.planned_end),
                    visit=self.display_name,
                )
            )

    # ------------------------------------------------------------------
    # Calendar: each visit is an event of its people
    # ------------------------------------------------------------------

    def _crm_tr_event_values(self):
        self.ensure_one()
        attendees = self.employee_ids.work_contact_id | self.user_id.partner_id
        return {
            "name": self.display_name,
            "start": self.planned_start,
            "stop": self.planned_end,
            "user_id": self.user_id.id,
            "partner_ids": [fields.Command.set(attendees.ids)],
            "location": self.partner_id._display_address(without_company=False).replace("\n", ", ").strip(", "),
            "description": self.purpose,
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
        }

    def _crm_tr_sync_events(self):
        Event = (
            self.env["calendar.event"]
            .sudo()
            .with_context(crm_tr_visit_sync=True, no_mail_to_attendees=True, mail_create_nolog=True, mail_notrack=True)
        )
        for visit in self:
            if visit.state in ("cancelled", "to_schedule"):
                if visit.event_id:
                    visit.event_id.sudo().with_context(crm_tr_visit_sync=True).active = False
                continue
            values = visit._crm_tr_event_values()
            if visit.event_id:
                event = Event.browse(visit.event_id.id)
                event.active = True
                event.write(values)
            else:
                visit.sudo().with_context(crm_tr_visit_sync=True).event_id = Event.create(values)

    # ------------------------------------------------------------------
    # Cost: labour, travel, parts and expenses
    # ------------------------------------------------------------------

    def _crm_tr_price(self):
        """Price the visits that are not done: each employee's hours (normal, overtime,
        weekend or public holiday) at his hourly cost and the company's multipliers, the
        km at the vehicle's cost per km, the parts (crm_tr_service) and the expenses. A done
        visit keeps the figures it had when it was done."""
        for visit in self.filtered(lambda v: v.state not in ("done", "to_schedule")):
            company = visit.company_id
            start, end = visit._crm_tr_costed_interval()
            labour = []
            for employee in visit.employee_ids:
                normal, overtime, weekend = _split_hours(employee, start, end)
                rate = employee.sudo().hourly_cost
                cost = company.currency_id.round(
                    rate
                    * (
                        normal
                        + overtime * company.crm_tr_overtime_multiplier
                        + weekend * company.crm_tr_weekend_multiplier
                    )
                )
                labour.append(
                    {
                        "employee_id": employee.id,
                        "normal_hours": normal,
                        "overtime_hours": overtime,
                        "weekend_hours": weekend,
                        "hourly_cost": rate,
                        "overtime_multiplier": company.crm_tr_overtime_multiplier,
                        "weekend_multiplier": company.crm_tr_weekend_multiplier,
                        "cost": cost,
                    }
                )
            per_km = visit.vehicle_id.sudo().with_company(company).crm_tr_cost_per_km if visit.vehicle_id else 0.0
            values = {
                "labour_ids": [fields.Command.clear()] + [fields.Command.create(line) for line in labour],
                "labour_cost": sum(line["cost"] for line in labour),
                "cost_per_km": per_km,
                "travel_cost": company.currency_id.round(visit.distance_km * per_km),
                "parts_cost": visit._crm_tr_parts_cost(),
            }
            values["total_cost"] = (
                values["labour_cost"] + values["travel_cost"] + values["parts_cost"] + visit.expense_amount
            )
            visit.sudo().with_context(crm_tr_visit_quiet=True).write(values)

    def _crm_tr_costed_interval(self):
        """The time worked: the actual one once started and stopped, else the planned one."""
        self.ensure_one()
        if self.actual_start and self.actual_end:
            return self.actual_start, self.actual_end
        return self.planned_start, self.planned_end

    def _crm_tr_parts_cost(self):
        """The parts used, at their stock valuation: crm_tr_service's service visits."""
        self.ensure_one()
        return 0.0

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------

    def _crm_tr_check_new_times(self, vals):
        """An end before the start, negative km, expenses or duration are refused before they
        reach the database (whose CHECK constraints would answer in their own words)."""
        if any((vals.get(name) or 0) < 0 for name in ("distance_km", "expense_amount", "estimated_hours")):
            raise ValidationError(self.env._("A visit's distance, duration and expenses cannot be negative."))
        if not {"planned_start", "planned_end"} & vals.keys():
            return
        for visit in self or [self.browse()]:
            start = fields.Datetime.to_datetime(vals.get("planned_start", visit.planned_start))
            end = fields.Datetime.to_datetime(vals.get("planned_end", visit.planned_end))
            if start and end and end <= start:
                raise ValidationError(
                    self.env._(
                        "Visit %(visit)s ends before it starts.", visit=visit.display_name or vals.get("purpose", "")
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state") == "to_schedule":
                # Waiting for the scheduler: no times of its own, not the form's default.
                vals.setdefault("planned_start", False)
                vals.setdefault("planned_end", False)
            self.browse()._crm_tr_check_new_times(vals)
        visits = super().create(vals_list)
        visits._crm_tr_after_change(set(BOOKED_FIELDS) | set(COSTED_FIELDS) | set(EVENT_FIELDS))
        return visits

    def write(self, vals):
        self._crm_tr_check_new_times(vals)
        if vals.get("signature") and "signed_on" not in vals:
            vals["signed_on"] = fields.Datetime.now()
        result = super().write(vals)
        if not self.env.context.get("crm_tr_visit_quiet"):
            # crm_tr_visit_quiet: figures written by the visit itself (its cost, its next step).
            self._crm_tr_after_change(set(vals))
        return result

    def _crm_tr_after_change(self, changed):
        # The rules below read employees' calendars, leaves and costs, and other people's
        # bookings: facts a sales rep may not read himself.
        self = self.sudo()  # noqa: PLW0642
        if changed & {"employee_ids", "vehicle_id", "equipment_ids", "company_id"}:
            self._crm_tr_check_resources()
        if changed & {"employee_ids", "planned_start", "planned_end", "allow_overtime", "state"}:
            self._crm_tr_check_availability()
        if changed & set(BOOKED_FIELDS):
            self._crm_tr_sync_bookings()
        if changed & set(COSTED_FIELDS) or "state" in changed:
            self._crm_tr_price()
        if changed & set(EVENT_FIELDS) and not self.env.context.get("crm_tr_visit_sync"):
            self._crm_tr_sync_events()

    def unlink(self):
        events = self.event_id
        result = super().unlink()
        events.sudo().with_context(crm_tr_visit_sync=True).unlink()
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_start(self):
        for visit in self:
            if visit.state != "planned":
                raise UserError(
                    self.env._("Only a planned visit can be started (%(visit)s).", visit=visit.display_name)
                )
            values = {"state": "in_progress", "actual_start": fields.Datetime.now()}
            if visit.vehicle_id and not visit.odometer_start:
                values["odometer_start"] = visit.vehicle_id.sudo().odometer
            visit.write(values)

    def action_done(self):
        for visit in self:
            if visit.state not in ("planned", "in_progress"):
                raise UserError(
                    self.env._(
                        "Visit %(visit)s is %(state)s: it cannot be done.",
                        visit=visit.display_name,
                        state=dict(self._fields["state"]._description_selection(self.env))[visit.state],
                    )
                )
            now = fields.Datetime.now()
            values = {}
            if visit.actual_start and not visit.actual_end:
                values["actual_end"] = max(now, visit.actual_start)
            if values:
                visit.write(values)
            # The last pricing, then frozen.
            visit._crm_tr_price()
            visit.write({"state": "done"})
            visit._crm_tr_record_odometer()
            visit._crm_tr_schedule_next_step()

    def action_cancel(self):
        if self.filtered(lambda v: v.state == "done"):
            raise UserError(self.env._("A done visit cannot be cancelled."))
        self.write({"state": "cancelled"})

    def action_reset(self):
        self.write({"state": "planned"})

    def action_plan(self):
        """A visit waiting to be scheduled, given its times by hand."""
        for visit in self:
            if not (visit.planned_start and visit.planned_end):
                raise UserError(
                    self.env._("Give visit %(visit)s a planned start and end first.", visit=visit.display_name)
                )
        self.write({"state": "planned", "schedule_note": False})

    def _crm_tr_record_odometer(self):
        """The end-of-visit reading becomes one of the vehicle's odometer readings."""
        for visit in self.filtered(lambda v: v.vehicle_id and v.odometer_end):
            if visit.odometer_end > visit.vehicle_id.sudo().odometer:
                self.env["fleet.vehicle.odometer"].sudo().create(
                    {
                        "vehicle_id": visit.vehicle_id.id,
                        "value": visit.odometer_end,
                        "date": fields.Date.context_today(visit, visit.actual_end or visit.planned_end),
                        "driver_id": visit.employee_ids[:1].work_contact_id.id,
                    }
                )
                visit.vehicle_id.invalidate_recordset(["odometer"])

    def _crm_tr_schedule_next_step(self):
        """The next step as an activity of the responsible, on the opportunity when there is one."""
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        for visit in self.filtered("next_step"):
            target = visit.opportunity_id or visit
            activity = target.activity_schedule(
                activity_type_id=todo.id if todo else False,
                summary=visit.next_step,
                date_deadline=visit.next_step_date or fields.Date.context_today(visit) + timedelta(days=7),
                user_id=(visit.user_id or self.env.user).id,
                note=self.env._("Next step of visit %(visit)s", visit=visit.display_name),
            )
            visit.with_context(crm_tr_visit_quiet=True).write({"next_activity_id": activity.id})

    def action_open_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.event_id.id,
            "view_mode": "form",
        }


def _hours(start, end):
    if not start or not end:
        return 0.0
    return max((end - start).total_seconds() / 3600.0, 0.0)


def _work_seconds(calendar, employee, start, end):
    """Seconds of [start, end) within the employee's working time (attendances less leaves
    and public holidays)."""
    resource = employee.resource_id
    intervals = calendar._work_intervals_batch(utc.localize(start), utc.localize(end), resources=resource)[resource.id]
    return sum((stop - begin).total_seconds() for begin, stop, _meta in intervals)


def _split_hours(employee, start, end):
    """(normal, overtime, weekend) hours of an employee working from start to end (naive
    UTC): normal within his working time; outside it, overtime on a day he works and
    weekend on a day he does not (his rest days and public holidays)."""
    if not start or not end or end <= start:
        return 0.0, 0.0, 0.0
    calendar = employee.resource_calendar_id or employee.company_id.resource_calendar_id
    total = (end - start).total_seconds()
    if not calendar:
        return total / 3600.0, 0.0, 0.0
    # The resource's time zone: the one Odoo reads its attendances in.
    tz = timezone(employee.resource_id.tz or calendar.tz or "Europe/Istanbul")
    resource = employee.resource_id
    local_start, local_end = utc.localize(start).astimezone(tz), utc.localize(end).astimezone(tz)
    first_day = local_start.replace(hour=0, minute=0, second=0, microsecond=0)
    last_day = local_end.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    work = calendar._work_intervals_batch(first_day, last_day, resources=resource)[resource.id]
    working_days = {begin.astimezone(tz).date() for begin, _stop, _meta in work}
    normal = sum(
        (min(stop, local_end) - max(begin, local_start)).total_seconds()
        for begin, stop, _meta in work
        if stop > local_start and begin < local_end
    )
    overtime = weekend = 0.0
    # The rest of the time, day by day (local days).
    cursor = local_start
    while cursor < local_end:
        day_end = tz.localize(
            (cursor.replace(tzinfo=None) + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        )
        piece_end = min(day_end, local_end)
        piece = (piece_end - cursor).total_seconds()
        worked = sum(
            (min(stop, piece_end) - max(begin, cursor)).total_seconds()
            for begin, stop, _meta in work
            if stop > cursor and begin < piece_end
        )
        if cursor.date() in working_days:
            overtime += piece - worked
        else:
            weekend += piece - worked
        cursor = piece_end
    return normal / 3600.0, overtime / 3600.0, weekend / 3600.0
