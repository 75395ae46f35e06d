import bisect
from collections import defaultdict
from datetime import timedelta

import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, is_html_empty

from .crm_tr_service_stage import CLOSED_CATEGORIES, STAGE_CATEGORIES

CASE_PRIORITIES = [("0", "Normal"), ("1", "High"), ("2", "Urgent")]
SLA_STATUSES = [
    ("ok", "On Track"),
    ("at_risk", "At Risk"),
    ("overdue", "Overdue"),
    ("met", "Met"),
    ("missed", "Missed"),
]
# Escalation levels: 1 the team leader, 2 the service managers.
ESCALATION_LEVELS = [("0", "Not Escalated"), ("1", "Team Leader"), ("2", "Service Manager")]


class CrmTrServiceCase(models.Model):
    """A customer's service request or complaint, usually about a serial-numbered unit,
    handled by a service team through its stages under an SLA policy."""

    _name = "crm_tr.service.case"
    _description = "Service Case"
    _inherit = ["crm_tr.reference.mixin", "crm_tr.company.thread", "mail.activity.mixin", "crm_tr.visit.rollup"]
    _order = "priority desc, date_open desc, id desc"
    _check_company_auto = True
    _crm_tr_sequence_code = "crm_tr.service.case"
    _crm_tr_visit_field = "case_id"
    _primary_email = "email_from"

    subject = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True, check_company=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True, string="Customer Company"
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact",
        check_company=True,
        domain="[('id', 'child_of', commercial_partner_id)]",
        help="The person at the customer the team talks to.",
    )
    email_from = fields.Char(string="Email", help="The address the case came from (mail gateway).")
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True, default=lambda self: self.env.company
    )
    product_id = fields.Many2one("product.product", string="Product", check_company=True)
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        check_company=True,
        domain="[('product_id', '=?', product_id)]",
        tracking=True,
    )
    category_id = fields.Many2one("crm_tr.service.case.category", string="Category", tracking=True, index=True)
    case_type = fields.Selection(
        [("complaint", "Complaint"), ("request", "Request"), ("question", "Question")],
        string="Type",
        default="request",
        required=True,
    )
    channel = fields.Selection(
        [("phone", "Phone"), ("email", "E-mail"), ("portal", "Portal"), ("sms", "SMS")],
        default="phone",
        required=True,
    )
    team_id = fields.Many2one(
        "crm_tr.service.team",
        string="Team",
        check_company=True,
        tracking=True,
        index=True,
    )
    technician_id = fields.Many2one(
        "hr.employee",
        string="Technician",
        check_company=True,
        tracking=True,
        domain="[('crm_tr_is_technician', '=', True)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
        help="The one person working on the case; empty: the case waits in its team's pool.",
    )
    priority = fields.Selection(CASE_PRIORITIES, default="0", index=True, tracking=True)
    stage_id = fields.Many2one(
        "crm_tr.service.stage",
        string="Stage",
        compute="_compute_stage_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        domain="['|', ('team_ids', '=', False), ('team_ids', 'in', team_id)]",
    )
    # Other modules, tours and reports read and write `state`: it stays, as the stage's category.
    state = fields.Selection(
        STAGE_CATEGORIES,
        string="Status",
        compute="_compute_state",
        inverse="_inverse_state",
        store=True,
        readonly=False,
        index=True,
        copy=False,
    )
    date_open = fields.Datetime(string="Opened On", default=fields.Datetime.now, required=True)
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False)
    first_response_date = fields.Datetime(
        string="First Response On",
        readonly=True,
        copy=False,
        help="When the case first left the New stage or the customer first got a message, whichever came first.",
    )
    resolution_note = fields.Html(string="Resolution", help="What was done; required to solve the case.")
    first_contact_resolution = fields.Boolean(
        readonly=True,
        copy=False,
        help="Solved straight from New (never in progress nor waiting for the customer) and without a service visit.",
    )
    crm_tr_worked = fields.Boolean(
        string="Worked On", readonly=True, copy=False, help="The case has been in progress or waiting."
    )
    description = fields.Html()
    color = fields.Integer()
    visit_ids = fields.One2many("crm_tr.visit", "case_id", string="Visit Records")

    sla_id = fields.Many2one(
        "crm_tr.service.sla",
        string="SLA Policy",
        compute="_compute_sla_id",
        store=True,
        readonly=False,
        check_company=True,
        tracking=True,
    )
    sla_response_deadline = fields.Datetime(
        string="Response Deadline", compute="_compute_sla_deadlines", store=True, index=True
    )
    sla_deadline = fields.Datetime(
        string="Resolution Deadline", compute="_compute_sla_deadlines", store=True, index=True
    )
    sla_at_risk_date = fields.Datetime(
        string="At Risk From",
        compute="_compute_sla_deadlines",
        store=True,
        help="When the at-risk share of the working time to the next deadline has passed.",
    )
    sla_status = fields.Selection(
        SLA_STATUSES,
        string="SLA Status",
        compute="_compute_sla_status",
        store=True,
        index=True,
        help="Refreshed by the escalation job; exact once the case is closed.",
    )
    escalation_level = fields.Selection(ESCALATION_LEVELS, default="0", copy=False, tracking=True, readonly=True)

    # --------------------------------------------------------------- stages and state

    @api.model
    def default_get(self, fields):
        # Not a field default: that would be evaluated for existing rows when the column is
        # added, before the team table exists.
        values = super().default_get(fields)
        if "team_id" in fields and "team_id" not in values:
            company = self.env["res.company"].browse(values.get("company_id")) or self.env.company
            values["team_id"] = self.env["crm_tr.service.team"]._crm_tr_default_team(company).id
        return values

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        team = self.env["crm_tr.service.team"].browse(self.env.context.get("default_team_id"))
        shown = stages | self.env["crm_tr.service.stage"]._crm_tr_for_team(team)
        return stages.search([("id", "in", shown.ids)])

    def _crm_tr_stage_of(self, category):
        """The first stage of `category` for the case's team."""
        self.ensure_one()
        stages = self.env["crm_tr.service.stage"]._crm_tr_for_team(self.team_id)
        return stages.filtered(lambda stage: stage.category == category)[:1]

    @api.depends("team_id")
    def _compute_stage_id(self):
        for case in self:
            stage = case.stage_id
            if stage and (not stage.team_ids or case.team_id in stage.team_ids):
                continue
            case.stage_id = case._crm_tr_stage_of(stage.category or "new")

    @api.depends("stage_id.category")
    def _compute_state(self):
        for case in self:
            case.state = case.stage_id.category or "new"

    def _inverse_state(self):
        for case in self:
            if case.stage_id.category == case.state:
                continue
            stage = case._crm_tr_stage_of(case.state)
            if not stage:
                raise UserError(
                    self.env._(
                        "Team %(team)s has no stage for the status %(status)s: "
                        "add one in Service > Configuration > Stages.",
                        team=case.team_id.display_name or self.env._("(none)"),
                        status=dict(STAGE_CATEGORIES)[case.state],
                    )
                )
            case.stage_id = stage

    @api.model
    def _crm_tr_init_stages(self):
        """Cases from before stages existed (data/crm_tr_service_stage_data.xml, at every
        update): each goes to the first stage of its status, its dates kept."""
        for state, cases in (
            self.sudo().with_context(active_test=False).search([("stage_id", "=", False)]).grouped("state").items()
        ):
            for team_cases in cases.grouped("team_id").values():
                stage = team_cases[:1]._crm_tr_stage_of(state or "new")
                if stage:
                    # Straight to the column: the cases keep their closing dates and notes as they are.
                    self.env.cr.execute(
                        SQL(
                            "UPDATE crm_tr_service_case SET stage_id = %s WHERE id IN %s",
                            stage.id,
                            tuple(team_cases.ids),
                        )
                    )
        self.env.invalidate_all()

    # --------------------------------------------------------------- checks

    @api.onchange("lot_id")
    def _onchange_lot_id(self):
        if self.lot_id:
            self.product_id = self.lot_id.product_id

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.contact_id and self.contact_id.commercial_partner_id != self.partner_id.commercial_partner_id:
            self.contact_id = False

    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        for case in self:
            if case.lot_id and case.product_id and case.lot_id.product_id != case.product_id:
                raise ValidationError(
                    self.env._(
                        "Serial number %(lot)s belongs to %(product)s, not to the case's product.",
                        lot=case.lot_id.name,
                        product=case.lot_id.product_id.display_name,
                    )
                )

    @api.constrains("lot_id", "partner_id")
    def _check_lot_owner(self):
        # The serial's owner comes from another module of this issue (stock.lot.crm_tr_partner_id).
        if "crm_tr_partner_id" not in self.env["stock.lot"]._fields:
            return
        for case in self:
            owner = case.lot_id.sudo().crm_tr_partner_id.commercial_partner_id
            if owner and case.partner_id and owner != case.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Serial number %(lot)s belongs to %(owner)s, not to %(customer)s: open the case for its owner.",
                        lot=case.lot_id.name,
                        owner=owner.display_name,
                        customer=case.partner_id.commercial_partner_id.display_name,
                    )
                )

    @api.constrains("contact_id", "partner_id")
    def _check_contact(self):
        for case in self:
            if case.contact_id and case.contact_id.commercial_partner_id != case.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "%(contact)s is not a contact of %(customer)s.",
                        contact=case.contact_id.display_name,
                        customer=case.partner_id.commercial_partner_id.display_name,
                    )
                )

    # --------------------------------------------------------------- SLA

    @api.depends("team_id", "category_id", "priority", "partner_id", "company_id")
    def _compute_sla_id(self):
        Sla = self.env["crm_tr.service.sla"]
        # One search of the policies per company, however many cases.
        policies = {company: Sla._crm_tr_policies(company) for company in self.company_id}
        for case in self:
            # A closed case keeps the policy it was measured against.
            if case.state in CLOSED_CATEGORIES and case.sla_id:
                continue
            case.sla_id = Sla._crm_tr_match(case, policies.get(case.company_id))

    def _crm_tr_calendar(self):
        self.ensure_one()
        if self.team_id:
            return self.team_id._crm_tr_working_calendar()
        return self.company_id._crm_tr_working_calendar()

    def _crm_tr_plan_hours(self, hours):
        """`hours` working hours after the case was opened, in its team's working schedule
        with the company's public holidays left out (naive UTC); False for no hours."""
        if not hours or not self.date_open:
            return False
        calendar = self._crm_tr_calendar()
        # Without a resource Odoo counts every company's company-wide leaves: keep ours.
        domain = [("time_type", "=", "leave"), ("company_id", "in", [self.company_id.id, False])]
        start = pytz.utc.localize(self.date_open)
        end = calendar.plan_hours(hours, start, compute_leaves=True, domain=domain)
        return end and end.astimezone(pytz.utc).replace(tzinfo=None)

    @api.depends(
        "sla_id.response_hours",
        "sla_id.resolution_hours",
        "sla_id.at_risk_percent",
        "date_open",
        "team_id.resource_calendar_id",
    )
    def _compute_sla_deadlines(self):
        # The deadlines of all the cases are planned together per (working calendar, company):
        # the calendar's work intervals are read once for the whole set (see
        # _crm_tr_plan_hours_batch) instead of three plan_hours calls a case.
        requests = defaultdict(list)
        calendars = {}
        for case in self:
            sla = case.sla_id
            case.sla_response_deadline = case.sla_deadline = case.sla_at_risk_date = False
            if not sla or not case.date_open:
                continue
            # At risk is measured on the resolution clock, or the response one when there is no other.
            hours = sla.resolution_hours or sla.response_hours
            team_company = (case.team_id.id, case.company_id.id)
            if team_company not in calendars:
                calendars[team_company] = case._crm_tr_calendar()
            key = (calendars[team_company], case.company_id.id)
            for fname, planned in (
                ("sla_response_deadline", sla.response_hours),
                ("sla_deadline", sla.resolution_hours),
                ("sla_at_risk_date", hours * sla.at_risk_percent / 100.0),
            ):
                if planned:
                    requests[key].append((case, fname, planned))
        for (calendar, company_id), items in requests.items():
            ends = self._crm_tr_plan_hours_batch(
                calendar, company_id, [(case.date_open, hours) for case, _fname, hours in items]
            )
            for (case, fname, _hours), end in zip(items, ends, strict=True):
                case[fname] = end

    @api.model
    def _crm_tr_plan_hours_batch(self, calendar, company_id, requests, span_days=28):
        """For each (start, hours) of `requests` (naive UTC, working hours > 0): what
        _crm_tr_plan_hours gives, computed from one read of the calendar's work intervals
        (company's leaves out) over all the starts. The walk reproduces plan_hours exactly,
        its 14-day windows included (an interval crossing a window's end counts as two
        pieces, as there); a request the read intervals do not cover goes to plan_hours."""
        if not requests:
            return []
        domain = [("time_type", "=", "leave"), ("company_id", "in", [company_id, False])]
        starts = [start for start, _hours in requests]
        low, high = min(starts), max(starts) + timedelta(days=span_days)
        found = calendar._work_intervals_batch(pytz.utc.localize(low), pytz.utc.localize(high), domain=domain)[False]
        # In naive UTC: the same instants and durations as in the intervals' own time zone
        # (aware datetimes subtract and compare in UTC, and plan_hours adds the hours to a
        # fixed offset), many times faster to compare.
        intervals = [
            (start.astimezone(pytz.utc).replace(tzinfo=None), stop.astimezone(pytz.utc).replace(tzinfo=None))
            for start, stop, _meta in found
        ]
        stops = [stop for _start, stop in intervals]
        window = timedelta(days=14)
        results = []
        for start, wanted in requests:
            end, hours = False, wanted
            boundary = start + window
            index = bisect.bisect_right(stops, start)
            while index < len(intervals) and end is False:
                begin, stop = intervals[index]
                begin = max(begin, start)
                while begin < stop:
                    while boundary <= begin:
                        boundary += window
                    piece = min(stop, boundary)
                    piece_hours = (piece - begin).total_seconds() / 3600
                    if hours <= piece_hours:
                        end = begin + timedelta(hours=hours)
                        break
                    hours -= piece_hours
                    begin = piece
                index += 1
            if end is False:
                # Beyond the intervals read (a long target, a long holiday): the slow way.
                end = calendar.plan_hours(wanted, pytz.utc.localize(start), compute_leaves=True, domain=domain)
                end = end and end.astimezone(pytz.utc).replace(tzinfo=None)
            results.append(end)
        return results

    @api.depends("sla_response_deadline", "sla_deadline", "sla_at_risk_date", "state", "first_response_date")
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for case in self:
            case.sla_status = case._crm_tr_sla_status(now)

    def _crm_tr_sla_status(self, now):
        self.ensure_one()
        if not self.sla_id or self.state == "cancelled":
            return False
        response_late = self.sla_response_deadline and (self.first_response_date or now) > self.sla_response_deadline
        if self.state == "done":
            closed = self.date_closed or now
            late = response_late or (self.sla_deadline and closed > self.sla_deadline)
            return "missed" if late else "met"
        if (self.sla_deadline and now > self.sla_deadline) or response_late:
            return "overdue"
        if self.sla_at_risk_date and now >= self.sla_at_risk_date:
            return "at_risk"
        return "ok"

    # --------------------------------------------------------------- create / write

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        Team = self.env["crm_tr.service.team"]
        for vals in vals_list:
            if "team_id" not in vals and "default_team_id" not in self.env.context:
                # The default team of the case's company, not of the current one (default_get).
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["team_id"] = Team._crm_tr_default_team(company).id
            if "user_id" not in vals and vals.get("team_id"):
                team = self.env["crm_tr.service.team"].browse(vals["team_id"])
                if team.assignment_method != "manual":
                    # The team's rule assigns the case below; a person's default must not win.
                    vals["user_id"] = False
            if vals.get("state") in CLOSED_CATEGORIES and not vals.get("date_closed"):
                vals["date_closed"] = now
            if vals.get("state", "new") != "new" and not vals.get("first_response_date"):
                vals["first_response_date"] = vals.get("date_open") or now
        # A case recorded as already solved (import, demo) needs no resolution note.
        cases = super(CrmTrServiceCase, self.with_context(crm_tr_case_creating=True)).create(vals_list)
        cases = cases.with_context(crm_tr_case_creating=False)
        cases.filtered(lambda case: not case.user_id and case.team_id)._crm_tr_auto_assign()
        return cases.with_env(self.env)

    def write(self, vals):
        if "stage_id" not in vals:
            return super().write(vals)
        stage = self.env["crm_tr.service.stage"].browse(vals["stage_id"])
        category = stage.category
        # The stage, not `state`: when `state` is written, its new value is already cached here.
        before = {case: case.stage_id.category for case in self}
        if category == "done" and not self.env.context.get("crm_tr_case_creating"):
            note = vals.get("resolution_note")
            missing = self.filtered(
                lambda case: (
                    before[case] != "done"
                    and is_html_empty(note if "resolution_note" in vals else case.resolution_note)
                )
            )
            if missing:
                raise UserError(
                    self.env._(
                        "Write the resolution of %s before solving it: what was done for the customer.",
                        ", ".join(missing.mapped("display_name")),
                    )
                )
        result = super().write(vals)
        now = fields.Datetime.now()
        moved = self.filtered(lambda case: before[case] != category)
        if category in CLOSED_CATEGORIES:
            # Entering a closed stage dates the closing; moving between closed stages keeps it.
            moved.filtered(lambda case: before[case] not in CLOSED_CATEGORIES and not case.date_closed).write(
                {"date_closed": now}
            )
        else:
            moved.filtered("date_closed").write({"date_closed": False})
        if category != "new":
            moved.filtered(lambda case: not case.first_response_date).write({"first_response_date": now})
        if category in ("in_progress", "waiting"):
            moved.filtered(lambda case: not case.crm_tr_worked).write({"crm_tr_worked": True})
        if category == "done":
            for case in moved:
                visited = case.visit_ids.filtered(lambda visit: visit.state != "cancelled")
                case.first_contact_resolution = not case.crm_tr_worked and not visited
        elif moved.filtered("first_contact_resolution"):
            moved.first_contact_resolution = False
        return result

    # --------------------------------------------------------------- assignment

    def _crm_tr_auto_assign(self, dispatch=False):
        """Give each case the next member of its team by the team's assignment method; a
        supervisor's dispatch (`dispatch`) of a manual team's pool goes by load."""
        for case in self:
            team = case.team_id.sudo()
            method = "load" if dispatch and team.assignment_method == "manual" else None
            user = team._crm_tr_next_assignee(method)
            if user:
                case.user_id = user
                team.last_assigned_user_id = user

    def action_crm_tr_assign_to_me(self):
        self.write({"user_id": self.env.user.id})

    def action_crm_tr_auto_assign(self):
        unassigned = self.filtered(lambda case: not case.user_id and case.team_id)
        if not unassigned:
            raise UserError(self.env._("Only unassigned cases of a team are assigned by the team's rule."))
        unassigned._crm_tr_auto_assign(dispatch=True)

    # --------------------------------------------------------------- mail gateway

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An e-mail to a team's alias opens a case: the sender is the customer (a contact
        is created for an unknown address), the subject the case's."""
        values = dict(custom_values or {})
        author = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        if not author and msg_dict.get("email_from"):
            author = self.env["res.partner"].sudo().find_or_create(msg_dict["email_from"])
        values.setdefault("subject", msg_dict.get("subject") or self.env._("No Subject"))
        values.setdefault("partner_id", author.id)
        values.setdefault("email_from", msg_dict.get("email_from"))
        values.setdefault("channel", "email")
        values.setdefault("description", msg_dict.get("body"))
        if author.commercial_partner_id != author:
            values.setdefault("contact_id", author.id)
        # The gateway's user (OdooBot) is nobody's assignee: the case waits in the pool or
        # goes to the member the team's rule picks.
        cases = super(CrmTrServiceCase, self.with_context(default_user_id=False))
        return cases.message_new(msg_dict, custom_values=values)

    def message_update(self, msg_dict, update_vals=None):
        """A customer's reply brings a case waiting for him back to work."""
        author = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        # An employee answering by e-mail is not the customer's answer.
        employee = author and any(not user.share for user in author.sudo().user_ids)
        waiting = self.filtered(lambda case: case.state == "waiting" and not employee)
        result = super().message_update(msg_dict, update_vals=update_vals)
        waiting.write({"state": "in_progress"})
        return result

    def _message_post_after_hook(self, message, msg_vals):
        # A message sent to the customer is a first response.
        if message.message_type == "comment" and message.partner_ids and not message.author_id.partner_share:
            customers = self.filtered(
                lambda case: (
                    not case.first_response_date
                    and message.partner_ids
                    & (case.partner_id | case.contact_id | case.partner_id.commercial_partner_id)
                )
            )
            if customers:
                customers.sudo().first_response_date = fields.Datetime.now()
        return super()._message_post_after_hook(message, msg_vals)

    # --------------------------------------------------------------- escalation

    @api.model
    def _cron_crm_tr_escalate(self, batch_size=1000):
        """Refresh the SLA status of the open cases under a policy and escalate the ones at
        risk or overdue one level (team leader, then service managers), in batches."""
        domain = [("state", "not in", CLOSED_CATEGORIES), ("sla_id", "!=", False)]
        case_ids = self.sudo().search(domain, order="id").ids
        Cron = self.env["ir.cron"]
        for start in range(0, len(case_ids), batch_size):
            batch = self.sudo().browse(case_ids[start : start + batch_size])
            batch._crm_tr_refresh_sla_status()
            batch._crm_tr_escalate()
            remaining_time = Cron._commit_progress(len(batch), remaining=len(case_ids) - start - len(batch))
            if remaining_time is not None and remaining_time <= 0:
                break

    def _crm_tr_refresh_sla_status(self):
        now = fields.Datetime.now()
        for status, cases in self.grouped(lambda case: case._crm_tr_sla_status(now)).items():
            changed = cases.filtered(lambda case, status=status: case.sla_status != status)
            if changed:
                changed.write({"sla_status": status})

    def _crm_tr_escalate(self):
        """One level up for the at-risk (to level 1) and overdue (up to level 2) cases; a
        level is reached once. The activities (which notify their users) are created and
        the chatter lines logged for the whole batch at once."""
        managers = (
            self.env.ref("crm_tr_service.group_service_manager")
            .sudo()
            .all_user_ids.filtered(lambda user: not user.share and user.active)
        )
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        levels = defaultdict(list)
        activities = []
        bodies = {}
        for case in self:
            target = {"at_risk": 1, "overdue": 2}.get(case.sla_status, 0)
            level = int(case.escalation_level or "0")
            if level >= target:
                continue
            level += 1
            company_managers = managers.filtered(lambda user, case=case: case.company_id in user.company_ids)
            users = (case.team_id.user_id if level == 1 else self.env["res.users"]) or company_managers
            levels[str(level)].append(case.id)
            # Written in the company's language, whoever reads it.
            env = case.with_context(lang=case._crm_tr_company_lang()).env
            status = dict(self._fields["sla_status"]._description_selection(env))[case.sla_status]
            summary = env._(
                "SLA %(status)s: %(case)s (level %(level)s)", status=status, case=case.display_name, level=level
            )
            activities += [
                {
                    "res_model_id": model_id,
                    "res_id": case.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "user_id": user.id,
                    "date_deadline": fields.Date.context_today(case),
                }
                for user in users
            ]
            bodies[case.id] = Markup("<p>%s</p>") % env._(
                "Escalated to level %(level)s (%(who)s): the SLA is %(status)s.",
                level=level,
                who=", ".join(users.mapped("name")) or env._("nobody to notify"),
                status=status,
            )
        for level, case_ids in levels.items():
            self.browse(case_ids).write({"escalation_level": level})
        if activities:
            self.env["mail.activity"].sudo().create(activities)
        if bodies:
            self.browse(list(bodies))._message_log_batch(bodies=bodies)

    # --------------------------------------------------------------- actions

    def action_crm_tr_view_visits(self):
        action = super().action_crm_tr_view_visits()
        action["context"].update(
            {
                "default_visit_type": "service",
                "default_partner_id": self.partner_id.id,
                "default_lot_id": self.lot_id.id,
                "default_purpose": self.subject,
                "default_employee_ids": self.technician_id.ids,
            }
        )
        return action

    def action_start(self):
        self.write({"state": "in_progress"})

    def action_wait(self):
        self.write({"state": "waiting"})

    def action_solve(self):
        self.write({"state": "done"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_reopen(self):
        self.write({"state": "new"})
