import math
from collections import defaultdict
from datetime import datetime, time, timedelta

from pytz import timezone, utc

from odoo import api, fields, models
from odoo.tools import SQL, format_date

# Starts are put on this grid (minutes), so that "now" never gives a visit 10:07:31.
GRID_MINUTES = 5


class CrmTrVisitScheduler(models.AbstractModel):
    """Places visits waiting to be scheduled on employees: the skill the visit needs (the
    product categories an employee may service), the customer's province (the employee's
    territory), his working hours less his leaves and public holidays, and his existing
    bookings. Visits are taken by priority, then deadline (none last), then age; each goes
    to the earliest free slot before its deadline, preferring an employee's day that
    already has a visit in the same district (city). What it cannot place stays "To
    Schedule" with the reason in plain words.

    Everything is read with a few set-wise queries and placed in memory; the visits are then
    written through the ORM, where the visit's own checks (working hours, leaves, clashes)
    and PostgreSQL's exclusion constraint on bookings accept or refuse them."""

    _name = "crm_tr.visit.scheduler"
    _description = "Visit Scheduler"

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------

    @api.model
    def _crm_tr_schedule(self, visits, employees, date_from, days, now=None):
        """Place `visits` (crm_tr.visit, state to_schedule, one company) on `employees`
        over `days` days from `date_from` (a date, in each employee's time zone), never
        before `now` (naive UTC, default: now). Returns (placed visits, left-out visits)."""
        visits = visits.filtered(lambda v: v.state == "to_schedule")
        if not visits:
            return visits, visits
        plan = self._crm_tr_plan(visits, employees, date_from, days, now or fields.Datetime.now())
        return visits._crm_tr_apply_schedule(plan["placements"], plan["reasons"])

    @api.model
    def _cron_crm_tr_schedule_visits(self, days=7):
        """Every company's visits waiting to be scheduled, over the next `days` days from
        tomorrow (the working days among them: weekends and holidays have no working
        time). One committed transaction per company."""
        groups = self.env["crm_tr.visit"].sudo()._read_group([("state", "=", "to_schedule")], ["company_id"])
        companies = [company for (company,) in groups]
        self.env["ir.cron"]._commit_progress(remaining=len(companies))
        for company in companies:
            # A stored note is read by anyone: written in the company's language.
            lang = company.partner_id.lang or self.env.lang
            env = self.env(su=True, context=dict(self.env.context, lang=lang, allowed_company_ids=company.ids))
            Visit = env["crm_tr.visit"]
            visits = Visit.search([("state", "=", "to_schedule"), ("company_id", "=", company.id)])
            employees = env["crm_tr.visit.scheduler"]._crm_tr_default_employees(company)
            tomorrow = fields.Date.context_today(Visit.with_context(tz=_company_tz(company))) + timedelta(days=1)
            env["crm_tr.visit.scheduler"]._crm_tr_schedule(visits, employees, tomorrow, days)
            if not self.env["ir.cron"]._commit_progress(1):
                break

    @api.model
    def _crm_tr_default_employees(self, company):
        """The company's active employees who have working hours."""
        return (
            self.env["hr.employee"]
            .sudo()
            .search([("company_id", "=", company.id), ("resource_calendar_id", "!=", False)])
        )

    # ------------------------------------------------------------------
    # Planning in memory
    # ------------------------------------------------------------------

    @api.model
    def _crm_tr_plan(self, visits, employees, date_from, days, now):
        """{"placements": {visit id: (employee id, start, end)}, "reasons": {visit id: text}};
        times in naive UTC. Reads, never writes."""
        employees = employees.sudo()
        visits = visits.sudo()
        company = visits.company_id[:1]
        # The raw queries below read bookings and the visits' districts.
        self.env["crm_tr.visit.booking"].flush_model()
        self.env["crm_tr.visit"].flush_model(["state", "state_id", "city"])
        # Only employees of the visits' company with working hours are placed automatically.
        employees = employees.filtered(
            lambda e: e.active and e.resource_calendar_id and (not e.company_id or e.company_id in visits.company_id)
        )
        now = _ceil_to_grid(now)
        date_to = date_from + timedelta(days=days)  # exclusive
        windows = {
            employee.id: (_local_midnight(employee, date_from), _local_midnight(employee, date_to))
            for employee in employees
        }
        board = _Board(
            windows,
            now,
            free=self._crm_tr_free_time(employees, windows, visits, now),
            busy=self._crm_tr_other_bookings(visits, windows, now),
            cities=self._crm_tr_booked_cities(employees, windows, visits),
            tzs={e.id: timezone(_employee_tz(e)) for e in employees},
        )
        skills = {e.id: set(e.crm_tr_skill_category_ids.ids) for e in employees}
        provinces = {e.id: set(e.crm_tr_state_ids.ids) for e in employees}

        placements, reasons = {}, {}
        for visit in visits.sorted(_visit_order):
            duration = timedelta(minutes=math.ceil(round(visit.estimated_hours * 60, 6)))
            if duration <= timedelta():
                reasons[visit.id] = self.env._("It has no expected duration: give it one to schedule it.")
                continue
            eligible = [
                employee
                for employee in employees
                if (not employee.company_id or employee.company_id == visit.company_id)
                and (not visit.skill_category_id or visit.skill_category_id.id in skills[employee.id])
                and (not provinces[employee.id] or not visit.state_id or visit.state_id.id in provinces[employee.id])
            ]
            if not eligible:
                reasons[visit.id] = self._crm_tr_reason_nobody(visit, employees, skills)
                continue
            found = board.candidates(visit, eligible, duration)
            if not found["candidates"]:
                found["days"] = (date_from, date_to - timedelta(days=1), now)
                reasons[visit.id] = self._crm_tr_reason_no_slot(visit, len(eligible), duration, found)
                continue
            _ungrouped, start, _load, employee_id, day = min(found["candidates"])
            placements[visit.id] = board.book(visit, employee_id, day, start, start + duration)
        return {"placements": placements, "reasons": reasons, "company": company}

    @api.model
    def _crm_tr_free_time(self, employees, windows, visits, now):
        """{employee id: sorted [(start, end)]} in naive UTC: his working time in his
        window (resource calendar in his time zone, less his leaves and the public
        holidays), less his approved leaves (hr.leave) and his blocking bookings on other
        visits than `visits`."""
        free = {}
        by_calendar = defaultdict(lambda: self.env["hr.employee"])
        for employee in employees:
            calendar = employee.resource_calendar_id
            if calendar:
                by_calendar[calendar] |= employee
            else:
                free[employee.id] = []  # no working hours: never placed automatically
        for calendar, members in by_calendar.items():
            low = min(windows[e.id][0] for e in members)
            high = max(windows[e.id][1] for e in members)
            intervals = calendar._work_intervals_batch(
                utc.localize(low), utc.localize(high), resources=members.resource_id
            )
            for employee in members:
                pieces = [
                    (begin.astimezone(utc).replace(tzinfo=None), stop.astimezone(utc).replace(tzinfo=None))
                    for begin, stop, _meta in intervals[employee.resource_id.id]
                ]
                win_low, win_high = windows[employee.id]
                free[employee.id] = _clip(_merge(pieces), max(win_low, now), win_high)
        if not employees:
            return free
        low = min(window[0] for window in windows.values())
        high = max(window[1] for window in windows.values())
        busy = defaultdict(list)
        leaves = (
            self.env["hr.leave"]
            .sudo()
            .search_read(
                [
                    ("employee_id", "in", employees.ids),
                    ("state", "=", "validate"),
                    ("date_from", "<", high),
                    ("date_to", ">", low),
                ],
                ["employee_id", "date_from", "date_to"],
            )
        )
        for leave in leaves:
            busy[leave["employee_id"][0]].append((leave["date_from"], leave["date_to"]))
        keys = {f"hr.employee,{employee.id}": employee.id for employee in employees}
        rows = self.env.execute_query(
            SQL(
                """SELECT resource, start, stop
                     FROM crm_tr_visit_booking
                    WHERE blocking AND resource = ANY(%s) AND start < %s AND stop > %s
                      AND visit_id != ALL(%s)""",
                list(keys),
                high,
                low,
                visits.ids,
            )
        )
        for resource, start, stop in rows:
            busy[keys[resource]].append((start, stop))
        for employee_id, intervals in busy.items():
            free[employee_id] = _subtract(free[employee_id], sorted(intervals))
        return free

    @api.model
    def _crm_tr_other_bookings(self, visits, windows, now):
        """{"fleet.vehicle,7": sorted [(start, end)]}: the blocking bookings of the vehicles
        and equipment the visits take, on other visits."""
        keys = {key for visit in visits for key in _other_keys(visit)}
        if not keys or not windows:
            return {}
        low = max(min(window[0] for window in windows.values()), now)
        high = max(window[1] for window in windows.values())
        rows = self.env.execute_query(
            SQL(
                """SELECT resource, start, stop
                     FROM crm_tr_visit_booking
                    WHERE blocking AND resource = ANY(%s) AND start < %s AND stop > %s
                      AND visit_id != ALL(%s)
                 ORDER BY start""",
                list(keys),
                high,
                low,
                visits.ids,
            )
        )
        busy = defaultdict(list)
        for resource, start, stop in rows:
            busy[resource].append((start, stop))
        return dict(busy)

    @api.model
    def _crm_tr_booked_cities(self, employees, windows, visits):
        """{(employee id, local day): {district}}: where each employee already goes each
        day (his blocking bookings), for grouping visits of the same district."""
        cities = defaultdict(set)
        if not employees:
            return cities
        low = min(window[0] for window in windows.values())
        high = max(window[1] for window in windows.values())
        keys = {f"hr.employee,{employee.id}": employee for employee in employees}
        rows = self.env.execute_query(
            SQL(
                """SELECT booking.resource, booking.start, visit.state_id, visit.city
                     FROM crm_tr_visit_booking booking
                     JOIN crm_tr_visit visit ON visit.id = booking.visit_id
                    WHERE booking.blocking AND booking.resource = ANY(%s)
                      AND booking.start < %s AND booking.stop > %s AND booking.visit_id != ALL(%s)""",
                list(keys),
                high,
                low,
                visits.ids,
            )
        )
        for resource, start, state_id, city in rows:
            key = _normalise_city(state_id, city)
            if key is None:
                continue
            employee = keys[resource]
            day = utc.localize(start).astimezone(timezone(_employee_tz(employee))).date()
            cities[employee.id, day].add(key)
        return cities

    # ------------------------------------------------------------------
    # Reasons, in plain words
    # ------------------------------------------------------------------

    def _crm_tr_reason_nobody(self, visit, employees, skills):
        if not employees:
            return self.env._(
                "No employee of %(company)s with working hours was given to the scheduler.",
                company=visit.company_id.name,
            )
        skill = visit.skill_category_id
        province = visit.state_id
        if skill and not any(skill.id in skills[employee.id] for employee in employees):
            if province:
                return self.env._(
                    "No employee may service %(skill)s (skill) in %(province)s.",
                    skill=skill.display_name,
                    province=province.name,
                )
            return self.env._("No employee may service %(skill)s (skill).", skill=skill.display_name)
        if skill:
            return self.env._(
                "No employee who may service %(skill)s (skill) covers %(province)s (territory).",
                skill=skill.display_name,
                province=province.name,
            )
        return self.env._("No employee covers %(province)s (territory).", province=province.name)

    def _crm_tr_reason_no_slot(self, visit, count, duration, found):
        earliest, latest = found["earliest"], found["latest"]
        if earliest is None or latest <= earliest:
            return self.env._(
                "Its deadline %(deadline)s has passed: it can no longer be placed before it.",
                deadline=format_date(self.env, visit.deadline),
            )
        # The days searched: from the first (today when it has begun) to the last, or the
        # deadline.
        first, last, now = found["days"]
        period = {
            "start": format_date(self.env, max(first, self._crm_tr_local_date(now))),
            "end": format_date(self.env, min(last, visit.deadline or last)),
        }
        if not found["free_seconds"]:
            return self.env._(
                "Every employee who may take it is on leave or fully booked between %(start)s and %(end)s.",
                **period,
            )
        hours = _format_duration(duration)
        if visit.deadline:
            return self.env._(
                "No free slot of %(duration)s before the deadline %(deadline)s for the %(count)s employees "
                "who may take it.",
                duration=hours,
                deadline=format_date(self.env, visit.deadline),
                count=count,
            )
        return self.env._(
            "No free slot of %(duration)s between %(start)s and %(end)s for the %(count)s employees who may take it.",
            duration=hours,
            count=count,
            **period,
        )

    def _crm_tr_local_date(self, value):
        tz = timezone(self.env.context.get("tz") or self.env.user.tz or "Europe/Istanbul")
        return utc.localize(value).astimezone(tz).date()


class _Board:
    """The employees' free time while the scheduler places visits, in naive UTC: what is
    left of their working time, the bookings of the vehicles and equipment, and the
    districts each employee visits each day (his local day)."""

    def __init__(self, windows, now, *, free, busy, cities, tzs):
        self.windows, self.now = windows, now
        self.free, self.busy, self.cities, self.tzs = free, busy, cities, tzs
        self.load = defaultdict(float)

    def candidates(self, visit, eligible, duration):
        """The earliest slot of each eligible employee on each of his days, ranked: a day
        he is already in the visit's district first, then the earliest, then the least
        loaded employee. With the window searched and the free time found in it (for the
        reason, when there is no slot)."""
        others = _other_keys(visit)
        city = _city_key(visit)
        found = {"candidates": [], "free_seconds": 0.0, "earliest": None, "latest": None}
        for employee in eligible:
            low, high = self.windows[employee.id]
            low = max(low, self.now)
            if visit.deadline:
                high = min(high, _local_midnight(employee, visit.deadline + timedelta(days=1)))
            if high <= low:
                continue
            found["earliest"] = min(found["earliest"] or low, low)
            found["latest"] = max(found["latest"] or high, high)
            slots = _clip(self.free[employee.id], low, high)
            for key in others:
                slots = _subtract(slots, self.busy.get(key, []))
            found["free_seconds"] += sum((end - start).total_seconds() for start, end in slots)
            seen_days = set()
            for slot_start, end in slots:
                start = _ceil_to_grid(slot_start)
                if end - start < duration:
                    continue
                day = utc.localize(start).astimezone(self.tzs[employee.id]).date()
                if day in seen_days:
                    continue
                seen_days.add(day)
                grouped = city is not None and city in self.cities[employee.id, day]
                found["candidates"].append((not grouped, start, self.load[employee.id], employee.id, day))
        return found

    def book(self, visit, employee_id, day, start, end):
        self.free[employee_id] = _subtract(self.free[employee_id], [(start, end)])
        for key in _other_keys(visit):
            self.busy[key] = sorted([*self.busy.get(key, []), (start, end)])
        self.load[employee_id] += (end - start).total_seconds()
        city = _city_key(visit)
        if city is not None:
            self.cities[employee_id, day].add(city)
        return employee_id, start, end


# ----------------------------------------------------------------------
# Intervals: sorted lists of (start, end), naive UTC
# ----------------------------------------------------------------------


def _merge(intervals):
    """Sorted, with touching and overlapping intervals joined."""
    merged = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _clip(intervals, low, high):
    return [(max(start, low), min(end, high)) for start, end in intervals if end > low and start < high]


def _subtract(intervals, holes):
    """intervals less holes (both sorted; holes may overlap)."""
    if not holes:
        return list(intervals)
    result = []
    holes = _merge(holes)
    index = 0
    for start, end in intervals:
        while index < len(holes) and holes[index][1] <= start:
            index += 1
        cursor = start
        probe = index
        while probe < len(holes) and holes[probe][0] < end:
            hole_start, hole_end = holes[probe]
            if hole_start > cursor:
                result.append((cursor, hole_start))
            cursor = max(cursor, hole_end)
            probe += 1
        if cursor < end:
            result.append((cursor, end))
    return result


# ----------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------


def _visit_order(visit):
    # Urgent first, then the earliest deadline (none last), then the oldest.
    return (
        -int(visit.priority or 0),
        visit.deadline is False or visit.deadline is None,
        visit.deadline or datetime.max.date(),
        visit.id,
    )


def _other_keys(visit):
    """The booking keys of what the visit takes besides its employees."""
    return [f"{record._name},{record.id}" for record in (*visit.vehicle_id, *visit.equipment_ids)]


def _normalise_city(state_id, city):
    if not city:
        return None
    return (state_id or 0, city.strip().casefold())


def _city_key(visit):
    return _normalise_city(visit.state_id.id, visit.city)


def _employee_tz(employee):
    return employee.resource_id.tz or employee.resource_calendar_id.tz or "Europe/Istanbul"


def _company_tz(company):
    return company.resource_calendar_id.tz or company.partner_id.tz or "Europe/Istanbul"


def _local_midnight(employee, day):
    """Naive UTC of 00:00 on `day` in the employee's time zone."""
    tz = timezone(_employee_tz(employee))
    return tz.localize(datetime.combine(day, time.min)).astimezone(utc).replace(tzinfo=None)


def _ceil_to_grid(moment):
    moment = moment.replace(second=0, microsecond=0) + (
        timedelta(minutes=1) if moment.second or moment.microsecond else timedelta()
    )
    extra = moment.minute % GRID_MINUTES
    return moment + timedelta(minutes=GRID_MINUTES - extra) if extra else moment


def _format_duration(duration):
    minutes = int(duration.total_seconds() // 60)
    return f"{minutes // 60}:{minutes % 60:02d}"
