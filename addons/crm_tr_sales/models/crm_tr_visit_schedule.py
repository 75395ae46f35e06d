import logging
from collections import defaultdict
from datetime import timedelta

import psycopg2
from pytz import utc

from odoo import fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import split_every
from odoo.tools.intervals import Intervals

from .crm_tr_visit import BOOKED_FIELDS, COSTED_FIELDS, EVENT_FIELDS

_logger = logging.getLogger(__name__)

# Placements written per savepoint: a refused one sends its batch back one visit at a time.
SCHEDULE_BATCH = 100


class CrmTrVisit(models.Model):
    _inherit = "crm_tr.visit"

    def action_crm_tr_schedule(self):
        """The scheduler wizard over the selected visits that wait to be scheduled."""
        waiting = self.filtered(lambda v: v.state == "to_schedule")
        if not waiting:
            raise UserError(self.env._("Select visits that are waiting to be scheduled."))
        if len(waiting.company_id) > 1:
            raise UserError(self.env._("Schedule the visits of one company at a time."))
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_sales.crm_tr_visit_schedule_wizard_action")
        action["context"] = {
            "default_company_id": waiting.company_id.id,
            "default_visit_ids": [fields.Command.set(waiting.ids)],
        }
        return action

    def _crm_tr_apply_schedule(self, placements, reasons):
        """Write the scheduler's placements ({visit id: (employee id, start, end)}, naive
        UTC) and the reasons of the visits left out ({visit id: text}). The visits become
        planned through the ORM, so their own checks (working hours, leaves, clashes) and
        the bookings' exclusion constraint decide; a visit they refuse stays to schedule
        with their message as its reason. Returns (placed, left out)."""
        placed_ids, refused = [], {}
        for batch_ids in split_every(SCHEDULE_BATCH, list(placements)):
            batch = self.browse(batch_ids)
            try:
                with self.env.cr.savepoint():
                    batch._crm_tr_write_placements(placements)
                placed_ids += batch_ids
                continue
            except (ValidationError, UserError, psycopg2.IntegrityError):
                _logger.info("Visit scheduler: a batch was refused, placing its visits one by one")
            for visit in batch:
                try:
                    with self.env.cr.savepoint():
                        visit._crm_tr_write_placements(placements)
                    placed_ids.append(visit.id)
                except (ValidationError, UserError) as error:
                    refused[visit.id] = error.args[0]
                except psycopg2.IntegrityError:
                    refused[visit.id] = self.env._(
                        "Another visit took its slot while it was being scheduled: schedule it again."
                    )
        by_reason = defaultdict(list)
        for visit_id, reason in {**reasons, **refused}.items():
            by_reason[reason].append(visit_id)
        for reason, visit_ids in by_reason.items():
            self.browse(visit_ids).with_context(crm_tr_visit_quiet=True).write({"schedule_note": reason})
        return self.browse(placed_ids), self.browse([*reasons, *refused])

    def _crm_tr_write_placements(self, placements):
        """Each visit's own values, written without the after-change hooks, then those
        hooks once for the whole batch: the same checks and bookings as one write each.
        Each visit's chatter gets one note saying where the scheduler put it, logged for
        the batch at once, instead of Odoo's field tracking (a message per visit: a third
        of the time of scheduling 1,000 visits, docs/PERFORMANCE.md)."""
        # _message_log_batch checks no access: the user must be allowed to write the visits.
        self.check_access("write")
        visits = self.with_context(
            crm_tr_work_intervals=self._crm_tr_work_intervals_cache(placements),
            mail_notrack=True,
        )
        for visit in visits:
            employee_id, start, end = placements[visit.id]
            visit.with_context(crm_tr_visit_quiet=True).write(
                {
                    "state": "planned",
                    "planned_start": start,
                    "planned_end": end,
                    "employee_ids": [fields.Command.set([employee_id])],
                    "schedule_note": False,
                }
            )
        visits._crm_tr_after_change(set(BOOKED_FIELDS) | set(COSTED_FIELDS) | set(EVENT_FIELDS))
        employees = self.env["hr.employee"].sudo().browse({placements[visit.id][0] for visit in self})
        names = {employee.id: employee.name for employee in employees}
        self._message_log_batch(
            {
                visit.id: self.env._(
                    "Scheduled by the visit scheduler: %(employee)s, %(start)s – %(end)s.",
                    employee=names[placements[visit.id][0]],
                    start=visit._crm_tr_format(placements[visit.id][1]),
                    end=visit._crm_tr_format(placements[visit.id][2]),
                )
                for visit in self
            }
        )
        self.flush_recordset()
        self.env["crm_tr.visit.booking"].flush_model()

    def _crm_tr_work_intervals_cache(self, placements):
        """{(calendar id, resource id): (start, end, intervals)}: the working time of the
        placed employees over the placements' days (a day more on each side, for the local
        days the cost splits the hours by), read once per calendar. The checks and the
        cost of the batch read it through resource.calendar._work_intervals_batch instead
        of once per visit and employee; the leaves cannot change in between."""
        placed = [placements[visit_id] for visit_id in self.ids]
        if not placed:
            return {}
        low = utc.localize(min(start for _e, start, _end in placed) - timedelta(days=2))
        high = utc.localize(max(end for _e, _start, end in placed) + timedelta(days=2))
        employees = self.env["hr.employee"].sudo().browse({employee_id for employee_id, _s, _e in placed})
        cache = {}
        for calendar in employees.resource_calendar_id:
            members = employees.filtered(lambda e, c=calendar: e.resource_calendar_id == c)
            intervals = calendar._work_intervals_batch(low, high, resources=members.resource_id)
            for resource in members.resource_id:
                cache[calendar.id, resource.id] = (low, high, intervals[resource.id])
        return cache

    def _crm_tr_sync_events(self):
        """The calendar events of visits that have none yet are created in one batch (the
        scheduler plans hundreds at once); the others as one by one."""
        new = self.filtered(lambda v: v.state not in ("cancelled", "to_schedule") and not v.event_id)
        if len(new) > 1 and not self.env.context.get("crm_tr_visit_sync"):
            Event = (
                self.env["calendar.event"]
                .sudo()
                .with_context(
                    crm_tr_visit_sync=True, no_mail_to_attendees=True, mail_create_nolog=True, mail_notrack=True
                )
            )
            events = Event.create([visit._crm_tr_event_values() for visit in new])
            for visit, event in zip(new, events, strict=True):
                visit.sudo().with_context(crm_tr_visit_sync=True, crm_tr_visit_quiet=True).event_id = event
            return super(CrmTrVisit, self - new)._crm_tr_sync_events()
        return super()._crm_tr_sync_events()


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _work_intervals_batch(self, start_dt, end_dt, resources=None, domain=None, tz=None, compute_leaves=True):  # noqa: PLR0917 (Odoo's signature)
        """Within a scheduler's batch (context crm_tr_work_intervals), one resource's
        working time is cut from what was read for the whole batch: the same intervals."""
        cache = self.env.context.get("crm_tr_work_intervals")
        if (
            cache
            and len(self) == 1
            and resources is not None
            and len(resources) == 1
            and domain is None
            and tz is None
            and compute_leaves
            and not self.env.context.get("employee_timezone")
        ):
            entry = cache.get((self.id, resources.id))
            if entry and entry[0] <= start_dt and end_dt <= entry[1]:
                window = Intervals([(start_dt, end_dt, self.env["resource.calendar.attendance"])])
                return {resources.id: entry[2] & window}
        return super()._work_intervals_batch(
            start_dt, end_dt, resources=resources, domain=domain, tz=tz, compute_leaves=compute_leaves
        )
