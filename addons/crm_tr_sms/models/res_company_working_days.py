from bisect import bisect_left
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models

TR_TIMEZONE = "Europe/Istanbul"
TR_COUNTRY_CODE = "TR"
# _crm_tr_add_working_days reads the schedule two weeks at a time, and gives up a year
# after the last start (a schedule without working hours).
WORKING_DAYS_WINDOW = 14
WORKING_DAYS_LIMIT = 366


class ResCompany(models.Model):
    """Turkish working days: each company's working schedule minus the Turkish public
    holidays (data/resource_calendar_tr_data.xml), for the İYS deadline and any other
    "N working days" rule (service SLAs, visit planning)."""

    _inherit = "res.company"

    crm_tr_public_holiday_ids = fields.Many2many(
        "resource.calendar.leaves",
        "crm_tr_company_public_holiday_rel",
        "company_id",
        "leave_id",
        string="Turkish Public Holidays Applied",
        groups="base.group_system",
        help="Holidays of the shipped Turkish calendar already copied to this company's time off. "
        "A copy deleted from the company's time off is not copied again.",
    )

    def _crm_tr_uses_turkish_holidays(self):
        """Turkish companies, and those without a country yet: the addons are for Turkey."""
        self.ensure_one()
        return not self.country_id or self.country_id.code == TR_COUNTRY_CODE

    def _prepare_resource_calendar_values(self):
        # Odoo gives a new company's schedule the time zone of whoever creates it; Turkish
        # working hours (and the İYS deadline) are in Turkey time.
        values = super()._prepare_resource_calendar_values()
        if self._crm_tr_uses_turkish_holidays():
            values["tz"] = TR_TIMEZONE
        return values

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._crm_tr_apply_turkish_holidays()
        return companies

    def write(self, vals):
        result = super().write(vals)
        if "country_id" in vals:
            self._crm_tr_apply_turkish_holidays()
        if "resource_calendar_id" in vals:
            self.env["crm_tr.iys.consent"]._crm_tr_recompute_open_deadlines(self)
        return result

    @api.model
    def _crm_tr_attach_turkish_holidays(self):
        """Module install and update: the shipped holidays (data/resource_calendar_tr_data.xml)
        join the shipped Turkish schedule. They are created without it: Odoo's Time Off
        (hr_holidays) shifts a public holiday created on a schedule whose time zone differs
        from the user's, reading its UTC times as the user's local times."""
        template = self.env.ref("crm_tr_sms.resource_calendar_tr", raise_if_not_found=False)
        data = (
            self.env["ir.model.data"]
            .sudo()
            .search(
                [
                    ("module", "=", "crm_tr_sms"),
                    ("model", "=", "resource.calendar.leaves"),
                    ("name", "=like", "tr_holiday_%"),
                ]
            )
        )
        holidays = self.env["resource.calendar.leaves"].sudo().browse(data.mapped("res_id")).exists()
        if template:
            holidays.filtered(lambda leave: not leave.calendar_id).write({"calendar_id": template.id})

    @api.model
    def _crm_tr_init_turkish_holidays(self):
        """Module install and update: every company gets the shipped holidays it has not had."""
        self.with_context(active_test=False).search([])._crm_tr_apply_turkish_holidays()

    def _crm_tr_apply_turkish_holidays(self):
        """Copy the holidays of the shipped Turkish calendar that each company in self has
        not received yet into its time off: leaves without resource nor calendar, so they
        apply to every working schedule of the company (Odoo's public holidays)."""
        template = self.env.ref("crm_tr_sms.resource_calendar_tr", raise_if_not_found=False)
        companies = self.sudo().filtered(lambda company: company._crm_tr_uses_turkish_holidays())
        if not template or not companies:
            return
        Leave = self.env["resource.calendar.leaves"].sudo()
        holidays = Leave.search([("calendar_id", "=", template.id), ("resource_id", "=", False)])
        # The shipped calendar belongs to no company; Odoo gives its leaves the company of
        # whoever loaded the data, which would hide them from the other companies' users.
        holidays.filtered("company_id").company_id = False
        for company in companies:
            missing = holidays - company.crm_tr_public_holiday_ids
            if not missing:
                continue
            # A leave's company is computed from its calendar, else the current company.
            Leave.with_company(company).create(
                [
                    {
                        "name": holiday.name,
                        "date_from": holiday.date_from,
                        "date_to": holiday.date_to,
                        "time_type": holiday.time_type,
                        "calendar_id": False,
                        "resource_id": False,
                    }
                    for holiday in missing
                ]
            )
            company.crm_tr_public_holiday_ids = [Command.link(holiday.id) for holiday in missing]

    def _crm_tr_working_calendar(self):
        """The company's working schedule, or the shipped Turkish one when it has none or no
        fixed hours to count days with."""
        self.ensure_one()
        calendar = self.sudo().resource_calendar_id
        if not calendar or calendar.flexible_hours or not calendar.attendance_ids:
            calendar = self.env.ref("crm_tr_sms.resource_calendar_tr").sudo()
        return calendar

    def _crm_tr_local_date(self, moment):
        """The date of `moment` (naive UTC) in the time zone of the company's schedule."""
        tz = pytz.timezone(self._crm_tr_working_calendar().tz or TR_TIMEZONE)
        return pytz.utc.localize(moment).astimezone(tz).date()

    def _crm_tr_add_working_days(self, start, days):
        """When the `days`-th working day after the day of `start` ends, as a naive UTC
        datetime: the end of that day's last working hours in the company's working
        schedule, public holidays and other company-wide time off left out. The day of
        `start` never counts (Monday 10:00 plus 3 working days is Thursday at the end of
        work); a half-day holiday counts as a working day ending when the holiday starts.
        False when the schedule has no working day within a year.

        start: naive UTC datetime (a Datetime field's value); days: 1 or more."""
        return self._crm_tr_add_working_days_batch([start], days)[start]

    def _crm_tr_add_working_days_batch(self, starts, days):
        """_crm_tr_add_working_days for many starts at once: {start: end}. One walk through
        the schedule for all of them (a few queries), however many they are."""
        self.ensure_one()
        if days < 1:
            raise ValueError("days must be 1 or more")
        if not starts:
            return {}
        calendar = self._crm_tr_working_calendar()
        tz = pytz.timezone(calendar.tz or TR_TIMEZONE)
        # Leaves of this company (or of none): without a resource, Odoo would also count the
        # company-wide leaves of every other company.
        domain = [("time_type", "=", "leave"), ("company_id", "in", [self.id, False])]
        first_days = {start: self._crm_tr_local_date(start) + timedelta(days=1) for start in starts}
        last_first_day = max(first_days.values())
        day, until = min(first_days.values()), last_first_day + timedelta(days=WORKING_DAYS_WINDOW)
        day_ends = {}  # working day -> end of its last working hours (aware, calendar's tz)
        while True:
            intervals = calendar._work_intervals_batch(
                tz.localize(datetime.combine(day, time.min)),
                tz.localize(datetime.combine(until, time.min)),
                domain=domain,
            )[False]
            for _interval_start, interval_stop, _meta in intervals:
                # Intervals never cross midnight: attendances are per weekday.
                local_stop = interval_stop.astimezone(tz)
                work_day = (local_stop - timedelta(microseconds=1)).date()
                day_ends[work_day] = max(day_ends.get(work_day, local_stop), local_stop)
            working_days = sorted(day_ends)
            enough = len(working_days) - bisect_left(working_days, last_first_day) >= days
            if enough or until - last_first_day > timedelta(days=WORKING_DAYS_LIMIT):
                break
            day, until = until, until + timedelta(days=WORKING_DAYS_WINDOW)
        result = {}
        for start, first_day in first_days.items():
            index = bisect_left(working_days, first_day) + days - 1
            end = day_ends[working_days[index]] if index < len(working_days) else None
            result[start] = end.astimezone(pytz.utc).replace(tzinfo=None) if end else False
        return result
