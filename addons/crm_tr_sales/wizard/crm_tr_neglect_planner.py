from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.crm_tr_visit_scheduler import _company_tz, _employee_tz

VISIT_STATES = ("to_schedule", "planned", "in_progress")


class CrmTrNeglectPlanner(models.TransientModel):
    """Get back in touch with neglected customers: for each one, most valuable first, a visit
    (placed by the visit scheduler in the rep's free working time, so never on a clash, a
    leave or a holiday) or an activity for its salesperson, spread over the coming working
    days without giving a rep more than the daily capacity (what he has planned already
    counts)."""

    _name = "crm_tr.neglect.planner"
    _description = "Plan Neglected Customers"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    stat_ids = fields.Many2many(
        "crm_tr.customer.stat",
        string="Customers",
        domain="[('company_id', '=', company_id), ('neglected', '=', True)]",
        compute="_compute_stat_ids",
        store=True,
        readonly=False,
    )
    mode = fields.Selection(
        [("visit", "Visits"), ("activity", "Activities")], required=True, default="visit", string="Plan"
    )
    date_from = fields.Date(
        string="From", required=True, default=lambda self: fields.Date.context_today(self) + timedelta(days=1)
    )
    days = fields.Integer(string="Working Days", required=True, default=10)
    capacity = fields.Integer(
        string="Per Rep and Day", required=True, default=3, help="At most this many visits (or activities) a rep a day."
    )
    visit_hours = fields.Float(string="Visit Duration", default=1.0)
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Activity Type",
        default=lambda self: self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False),
    )
    state = fields.Selection([("draft", "To Run"), ("done", "Done")], default="draft", required=True)
    line_ids = fields.One2many("crm_tr.neglect.planner.line", "planner_id", string="Result", readonly=True)
    planned_count = fields.Integer(compute="_compute_counts")
    left_out_count = fields.Integer(compute="_compute_counts")

    @api.depends("company_id")
    def _compute_stat_ids(self):
        for planner in self:
            if planner.stat_ids and planner.stat_ids.company_id == planner.company_id:
                continue  # chosen in the list
            planner.stat_ids = self.env["crm_tr.customer.stat"].search(
                [("company_id", "=", planner.company_id.id), ("neglected", "=", True)]
            )

    @api.depends("line_ids")
    def _compute_counts(self):
        for planner in self:
            planner.planned_count = len(planner.line_ids.filtered("date"))
            planner.left_out_count = len(planner.line_ids) - planner.planned_count

    # ------------------------------------------------------------------

    def _check(self):
        if self.days < 1 or self.days > 60:
            raise UserError(self.env._("Plan between 1 and 60 working days."))
        if self.capacity < 1:
            raise UserError(self.env._("The daily capacity must be at least one per rep."))
        if self.mode == "visit" and self.visit_hours <= 0:
            raise UserError(self.env._("A visit needs a positive duration."))
        if self.mode == "activity" and not self.activity_type_id:
            raise UserError(self.env._("Choose the type of the activities."))
        if not self.stat_ids:
            raise UserError(self.env._("There is no neglected customer to plan."))

    def action_plan(self):
        self.ensure_one()
        self._check()
        stats = self.stat_ids.filtered(lambda s: s.company_id == self.company_id).sorted(
            lambda s: (-int(s.priority or 0), -s.score, -s.revenue, s.id)
        )
        results = {}  # stat id: (date, visit, activity, note)
        queues = defaultdict(list)  # rep: [stats]
        busy = self._crm_tr_already_planned(stats)
        for stat in stats:
            rep = stat.partner_id.user_id
            if stat.partner_id.id in busy:
                results[stat.id] = (False, False, False, busy[stat.partner_id.id])
            elif not rep:
                results[stat.id] = (False, False, False, self.env._("The customer has no salesperson."))
            else:
                queues[rep].append(stat)
        for rep, queue in queues.items():
            plan = self._crm_tr_plan_visits if self.mode == "visit" else self._crm_tr_plan_activities
            results.update(plan(rep, queue))
        self.line_ids = [
            fields.Command.create(
                {
                    "stat_id": stat_id,
                    "date": day,
                    "visit_id": visit and visit.id,
                    "activity_id": activity and activity.id,
                    "note": note,
                }
            )
            for stat_id, (day, visit, activity, note) in results.items()
        ]
        self.state = "done"
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "views": [(False, "form")],
            "target": "new",
            "name": self.env._("Plan Neglected Customers"),
        }

    def _crm_tr_already_planned(self, stats):
        """Customers who already have a visit coming or an open activity: {partner id: why}."""
        partners = stats.partner_id
        why = {}
        now = fields.Datetime.now()
        for partner, start in (
            self.env["crm_tr.visit"]
            .sudo()
            ._read_group(
                [
                    ("commercial_partner_id", "in", partners.ids),
                    ("company_id", "=", self.company_id.id),
                    ("state", "in", VISIT_STATES),
                    "|",
                    ("planned_start", "=", False),
                    ("planned_start", ">=", now),
                ],
                ["commercial_partner_id"],
                ["planned_start:min"],
            )
        ):
            why[partner.id] = (
                self.env._("A visit is planned already (%(date)s).", date=fields.Date.to_string(start.date()))
                if start
                else self.env._("A visit is waiting to be scheduled already.")
            )
        if self.mode == "activity":
            activities = (
                self.env["mail.activity"]
                .sudo()
                ._read_group(
                    [("res_model", "=", "res.partner"), ("res_id", "in", partners.ids)],
                    ["res_id"],
                    ["date_deadline:min"],
                )
            )
            for partner_id, deadline in activities:
                why.setdefault(
                    partner_id,
                    self.env._("An activity is open already (due %(date)s).", date=fields.Date.to_string(deadline)),
                )
        return why

    def _crm_tr_working_days(self, rep):
        """The rep's next working days from date_from (his employee's schedule in this
        company, else the company's), at most `days` of them; and his employee."""
        employee = rep.employee_ids.filtered(lambda e: e.company_id == self.company_id)[:1]
        calendar = employee.resource_calendar_id or self.company_id.resource_calendar_id
        tz = pytz.timezone(_employee_tz(employee) if employee else _company_tz(self.company_id))
        start = tz.localize(datetime.combine(self.date_from, time.min))
        end = start + timedelta(days=self.days * 3 + 7)
        if employee:
            intervals = calendar._work_intervals_batch(start, end, resources=employee.resource_id)[
                employee.resource_id.id
            ]
        else:
            intervals = calendar._work_intervals_batch(start, end)[False]
        days = sorted({begin.astimezone(tz).date() for begin, _stop, _meta in intervals})
        return days[: self.days], employee, tz

    def _crm_tr_plan_visits(self, rep, queue):
        days, employee, tz = self._crm_tr_working_days(rep)
        results = {}
        if not employee:
            note = self.env._("%(rep)s is not an employee of this company: no visit can be placed.", rep=rep.name)
            return {stat.id: (False, False, False, note) for stat in queue}
        load = self._crm_tr_visit_load(rep, employee, days, tz)
        Visit = self.env["crm_tr.visit"]
        pending = queue[:]
        waiting = {}  # stat id: the visit created, waiting for a day
        for day in days:
            room = self.capacity - load.get(day, 0)
            if room <= 0 or not pending:
                continue
            todo = pending[:room]
            for stat in todo:
                if stat.id not in waiting:
                    waiting[stat.id] = Visit.create(self._crm_tr_visit_values(stat, rep, employee))
            visits = Visit.browse([waiting[stat.id].id for stat in todo])
            placed, _left = self.env["crm_tr.visit.scheduler"]._crm_tr_schedule(visits, employee, day, 1)
            for stat in todo:
                if waiting[stat.id] in placed:
                    results[stat.id] = (day, waiting.pop(stat.id), False, False)
                    pending.remove(stat)
        for stat in pending:
            visit = waiting.pop(stat.id, Visit)
            note = visit.schedule_note or self.env._("No free slot within the days planned.")
            visit.unlink()
            results[stat.id] = (
                False,
                False,
                False,
                self.env._("Not planned: %(reason)s", reason=note),
            )
        return results

    def _crm_tr_visit_load(self, rep, employee, days, tz):
        """{local day: visits of the rep (responsible or on the visit) already planned}."""
        if not days:
            return {}
        low = tz.localize(datetime.combine(days[0], time.min)).astimezone(pytz.utc).replace(tzinfo=None)
        high = tz.localize(datetime.combine(days[-1], time.max)).astimezone(pytz.utc).replace(tzinfo=None)
        visits = (
            self.env["crm_tr.visit"]
            .sudo()
            .search_read(
                [
                    ("company_id", "=", self.company_id.id),
                    ("state", "in", ("planned", "in_progress", "done")),
                    ("planned_start", ">=", low),
                    ("planned_start", "<=", high),
                    "|",
                    ("user_id", "=", rep.id),
                    ("employee_ids", "in", employee.ids),
                ],
                ["planned_start"],
            )
        )
        load = defaultdict(int)
        for visit in visits:
            load[pytz.utc.localize(visit["planned_start"]).astimezone(tz).date()] += 1
        return load

    def _crm_tr_visit_values(self, stat, rep, employee):
        return {
            "partner_id": stat.partner_id.id,
            "company_id": self.company_id.id,
            "user_id": rep.id,
            "purpose": self.env._(
                "Neglected customer (class %(cls)s): no contact since %(date)s",
                cls=dict(stat._fields["customer_class"]._description_selection(self.env)).get(stat.customer_class, ""),
                date=(stat.last_interaction and fields.Date.to_string(stat.last_interaction.date())) or "-",
            ),
            "state": "to_schedule",
            "planned_start": False,
            "planned_end": False,
            "estimated_hours": self.visit_hours,
            "priority": "1" if stat.priority in ("2", "3") else "0",
        }

    def _crm_tr_plan_activities(self, rep, queue):
        days, _employee, _tz = self._crm_tr_working_days(rep)
        load = defaultdict(int)
        if days:
            for day, count in (
                self.env["mail.activity"]
                .sudo()
                ._read_group(
                    [("user_id", "=", rep.id), ("date_deadline", ">=", days[0]), ("date_deadline", "<=", days[-1])],
                    ["date_deadline:day"],
                    ["__count"],
                )
            ):
                load[fields.Date.to_date(day)] += count
        results = {}
        pending = list(queue)
        for day in days:
            room = self.capacity - load[day]
            while room > 0 and pending:
                stat = pending.pop(0)
                activity = stat.partner_id.activity_schedule(
                    activity_type_id=self.activity_type_id.id,
                    date_deadline=day,
                    user_id=rep.id,
                    summary=self.env._("Neglected customer: get back in touch"),
                )
                results[stat.id] = (day, False, activity, False)
                room -= 1
        for stat in pending:
            results[stat.id] = (
                False,
                False,
                False,
                self.env._("Not planned: the rep's days are full within the days planned."),
            )
        return results


class CrmTrNeglectPlannerLine(models.TransientModel):
    _name = "crm_tr.neglect.planner.line"
    _description = "Neglected Customer Planned"
    _order = "date, id"

    planner_id = fields.Many2one("crm_tr.neglect.planner", required=True, ondelete="cascade")
    stat_id = fields.Many2one("crm_tr.customer.stat", string="Customer 360", readonly=True)
    partner_id = fields.Many2one(related="stat_id.partner_id", string="Customer")
    customer_class = fields.Selection(related="stat_id.customer_class")
    user_id = fields.Many2one(related="stat_id.partner_id.user_id", string="Salesperson")
    date = fields.Date(readonly=True)
    visit_id = fields.Many2one("crm_tr.visit", readonly=True)
    activity_id = fields.Many2one("mail.activity", readonly=True)
    note = fields.Char(string="Why Not Planned", readonly=True)
