import logging
from datetime import datetime, time, timedelta

from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)

ISTANBUL = timezone("Europe/Istanbul")

PURPOSES = [
    "Yıllık bakım teklifi",
    "Yeni klima projesi keşfi",
    "Kombi değişimi görüşmesi",
    "Teklif sonrası takip",
    "Tahsilat ve sipariş görüşmesi",
    "Isı pompası tanıtımı",
]

# Per company: (employee xmlid, vehicle xmlid, responsible user xmlid or None), customers.
_SALES_TEAMS = {
    "crm_tr_sms.company_tr_istanbul": [
        ("crm_tr_sales.employee_tr_ist_sales_1", "crm_tr_sales.vehicle_tr_ist_doblo", "crm_tr_sales.user_tr_sales_rep"),
        ("crm_tr_sales.employee_tr_ist_sales_2", "crm_tr_sales.vehicle_tr_ist_kangoo", None),
    ],
    "crm_tr_sms.company_tr_ankara": [
        ("crm_tr_sales.employee_tr_ank_sales_1", "crm_tr_sales.vehicle_tr_ank_transit", None),
    ],
}
_CUSTOMERS = [f"crm_tr_sms.partner_tr_company_{index:02d}" for index in range(1, 16)] + [
    f"crm_tr_sms.partner_tr_person_{index:02d}" for index in range(1, 10)
]
# Two visits a day per rep, Istanbul time.
_SLOTS = [(time(10, 0), time(11, 30)), (time(14, 0), time(15, 30))]


class CrmTrVisit(models.Model):
    _inherit = "crm_tr.visit"

    @api.model
    def _crm_tr_demo_week(self):
        """Demo only (demo/crm_tr_visit_demo.xml): last week, this week and next week of the
        sales reps of both demo companies, two visits a working day each, the past ones done
        with their real times, km and cost; then the clashes a planner would try, refused,
        each noted on the visit it clashed with (README, "Visits")."""
        today = fields.Date.context_today(self)
        monday = today - timedelta(days=today.weekday())
        now = fields.Datetime.now()
        created = self.browse()
        index = 0
        for company_xmlid, team in _SALES_TEAMS.items():
            company = self.env.ref(company_xmlid)
            # The companies work on Istanbul time (their calendar was made in the installer's).
            company.resource_calendar_id.write({"tz": "Europe/Istanbul", "name": "Standart 40 saat/hafta"})
            for employee_xmlid, vehicle_xmlid, user_xmlid in team:
                employee = self.env.ref(employee_xmlid)
                vehicle = self.env.ref(vehicle_xmlid)
                user = self.env.ref(user_xmlid) if user_xmlid else self.env.ref("base.user_admin")
                odometer = vehicle.odometer
                for day in range(-7, 12):
                    date = monday + timedelta(days=day)
                    for start_time, end_time in _SLOTS:
                        start = _utc(date, start_time)
                        end = _utc(date, end_time)
                        if not _works(employee, start, end):
                            continue  # weekends and public holidays
                        index += 1
                        visit = self.with_company(company).create(
                            {
                                "partner_id": self.env.ref(_CUSTOMERS[index % len(_CUSTOMERS)]).id,
                                "purpose": PURPOSES[index % len(PURPOSES)],
                                "company_id": company.id,
                                "user_id": user.id,
                                "employee_ids": [fields.Command.set(employee.ids)],
                                "vehicle_id": vehicle.id,
                                "planned_start": start,
                                "planned_end": end,
                            }
                        )
                        created |= visit
                        if end < now:
                            km = 18 + (index * 37) % 90
                            visit.write(
                                {
                                    "actual_start": start + timedelta(minutes=5 + index % 10),
                                    "actual_end": end + timedelta(minutes=(index * 7) % 40),
                                    "odometer_start": odometer,
                                    "odometer_end": odometer + km,
                                    "expense_amount": 45.0 if index % 4 == 0 else 0.0,
                                    "expense_note": "Otopark" if index % 4 == 0 else False,
                                    "outcome": "<p>Müşteriyle görüşüldü; teklif istendi.</p>",
                                }
                            )
                            visit.action_done()
                            odometer += km
        self._crm_tr_demo_refused_clashes(created)
        return True

    @api.model
    def _crm_tr_demo_refused_clashes(self, visits):
        """What a planner may try and the suite refuses: the same car for another rep at the
        same time, and a visit on a Saturday without approved overtime."""
        planned = visits.filtered(lambda v: v.state == "planned" and v.vehicle_id).sorted("planned_start")
        if not planned:
            return
        taken = planned[0]
        other = self.env.ref("crm_tr_sales.employee_tr_ist_sales_2")
        attempts = [
            (
                taken,
                {
                    "partner_id": self.env.ref("crm_tr_sms.partner_tr_company_05").id,
                    "purpose": "Acil keşif",
                    "company_id": taken.company_id.id,
                    "employee_ids": [fields.Command.set(other.ids)],
                    "vehicle_id": taken.vehicle_id.id,
                    "planned_start": taken.planned_start + timedelta(minutes=30),
                    "planned_end": taken.planned_end + timedelta(minutes=30),
                },
            ),
        ]
        saturday = taken.planned_start.date() + timedelta(days=(5 - taken.planned_start.weekday()) % 7)
        attempts.append(
            (
                taken,
                {
                    "partner_id": self.env.ref("crm_tr_sms.partner_tr_company_06").id,
                    "purpose": "Cumartesi bakım",
                    "company_id": taken.company_id.id,
                    "employee_ids": [fields.Command.set(taken.employee_ids.ids)],
                    "planned_start": _utc(saturday, time(10, 0)),
                    "planned_end": _utc(saturday, time(11, 0)),
                },
            )
        )
        for witness, values in attempts:
            Visit = self.with_company(witness.company_id).with_context(lang=witness._crm_tr_company_lang())
            try:
                with self.env.cr.savepoint():
                    Visit.create(values)
            except ValidationError as error:
                witness.message_post(
                    body=Visit.env._("Demo: a booking was refused — %(reason)s", reason=error.args[0]),
                    subtype_xmlid="mail.mt_note",
                )
                _logger.info("Demo visit refused as expected: %s", error.args[0])
            else:
                raise AssertionError(f"The demo expected this visit to be refused: {values}")


def _utc(date, local_time):
    """A naive UTC datetime from an Istanbul date and time."""
    return ISTANBUL.localize(datetime.combine(date, local_time)).astimezone(utc).replace(tzinfo=None)


def _works(employee, start, end):
    calendar = employee.resource_calendar_id
    if not calendar:
        return start.weekday() < 5
    resource = employee.resource_id
    intervals = calendar._work_intervals_batch(utc.localize(start), utc.localize(end), resources=resource)[resource.id]
    return sum((stop - begin).total_seconds() for begin, stop, _meta in intervals) >= (end - start).total_seconds() - 1
