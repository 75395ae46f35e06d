from datetime import datetime, timedelta

from odoo.tests import tagged

from .test_service_case_sla import ServiceCaseSlaCommon, utc


@tagged("post_install", "-at_install")
class TestServiceCaseSlaBatch(ServiceCaseSlaCommon):
    """The deadlines of many cases planned at once (one read of the calendar's work
    intervals, for the speed of 10,000 new cases) are exactly plan_hours' ones, case by case."""

    def test_batch_equals_plan_hours_case_by_case(self):
        # Every 97 minutes from Monday 21 December to Sunday 3 January: nights, weekends, the
        # New Year holiday; targets short, fractional, and longer than a 14-day window (150 h).
        starts = [datetime(2026, 12, 21) + timedelta(minutes=97 * i) for i in range(200)]
        hours_list = [0.5, 2, 4.8, 5, 16, 150]
        requests = [(start, hours) for start in starts for hours in hours_list]
        calendar = self.team._crm_tr_working_calendar()
        batch = self.Case._crm_tr_plan_hours_batch(calendar, self.company_a.id, requests)
        case = self.Case.new({"company_id": self.company_a.id, "team_id": self.team.id})
        expected = []
        for start, hours in requests:
            case.date_open = start
            expected.append(case._crm_tr_plan_hours(hours))
        self.assertEqual(batch, expected)
        self.assertTrue(all(batch))
        # Read too short an interval span on purpose: the requests beyond go to plan_hours.
        short = self.Case._crm_tr_plan_hours_batch(calendar, self.company_a.id, requests, span_days=1)
        self.assertEqual(short, expected)

    def test_cases_created_together_get_their_own_deadlines(self):
        # One create of cases of both companies opened at different times: each case gets its
        # company's schedule and holidays, as when created alone.
        opened = [utc(11, 16), utc(31, 15), utc(8, 20, 30), utc(14, 9, 15)]
        cases = self.Case.create(
            [
                {
                    "subject": f"Toplu {i}",
                    "partner_id": self.customer.id,
                    "company_id": company.id,
                    "team_id": team.id,
                    "date_open": date_open,
                    "priority": priority,
                }
                for i, (date_open, priority) in enumerate((d, p) for d in opened for p in ("0", "2"))
                for company, team in ((self.company_a, self.team), (self.company_b, self.team_b))
            ]
        )
        self.assertEqual(len(cases), 16)
        by_open = {(c.date_open, c.priority, c.company_id): c for c in cases}
        friday = by_open[utc(11, 16), "0", self.company_a]
        self.assertEqual(friday.sla_response_deadline, utc(14, 9))
        self.assertEqual(friday.sla_deadline, utc(14, 12))
        self.assertEqual(friday.sla_at_risk_date, utc(14, 11))
        new_year = by_open[utc(31, 15), "0", self.company_a]
        self.assertEqual(new_year.sla_deadline, datetime(2027, 1, 4, 8))
        for case in cases:
            sla = case.sla_id
            self.assertTrue(sla)
            self.assertEqual(case.sla_response_deadline, case._crm_tr_plan_hours(sla.response_hours))
            self.assertEqual(case.sla_deadline, case._crm_tr_plan_hours(sla.resolution_hours))
            self.assertEqual(
                case.sla_at_risk_date,
                case._crm_tr_plan_hours(sla.resolution_hours * sla.at_risk_percent / 100.0),
            )
