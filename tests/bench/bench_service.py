"""Benchmark: service cases (crm_tr_service) on the benchmark data.

    python3 tests/bench/bench_service.py -c ODOO_CONF -d DB [--batches 0] [--new 10000] [--reads 30]

DB: a database with the suite installed, the sales benchmark data (benchdata.py) and the
service cases of benchdata_service.py (100,000 open cases, 5,000 on one customer). Every
measurement runs in transactions rolled back: the database is left as it was.

1. The escalation job, `crm_tr.service.case._cron_crm_tr_escalate()` as the cron runs it,
   over every open case under a policy, in its batches of 1,000: `ir.cron._commit_progress`
   is replaced by a probe that flushes, takes the batch's time, and ROLLS BACK instead of
   committing (the batches are disjoint, so each one does the work it does in a real run:
   refresh the SLA statuses, escalate, create the activities, log the chatter lines).
   `--batches N` stops after N batches (0: all). The first batch includes the search of
   the open cases' ids. Printed: every tenth batch, the median and the maximum.
2. The SLA deadlines of `--new` new cases: the cases are created through the ORM first
   (team, customer, priority and opening time varied; tracking off), then the cache is
   emptied and `_compute_sla_deadlines()` timed alone on all of them as the ORM runs it
   (fields protected, values to the cache: the three deadlines in working hours with the
   public holidays), and `_compute_sla_id()` the same way; baseline: the
   same creation with the deadline computation replaced by nothing, so the SLA's share of
   the creation shows; and the deadlines computed case by case with plan_hours (the code
   before the batch planning) on the first `--baseline` cases, same run: ratio per case,
   and a check that both give the same deadlines.
3. Opening the customer with the most cases (5,000): `web_read` of the contact form's
   fields (as the web client asks for them, tests/bench/bench_customer_360.form_spec), server
   time, against a customer without cases, alternating: medians and ratio.

Targets (issue 12, point 11): ≤ 30 s per escalation batch; the SLA deadlines of 10,000 new
cases ≤ 5 s; the customer with 5,000 cases ≤ 200 ms server time.
"""

import argparse
import statistics
import time
from datetime import timedelta
from unittest.mock import patch

import pytz
from bench_customer_360 import form_spec

import odoo
from odoo import api, fields
from odoo.modules.registry import Registry


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--batches", type=int, default=0, help="escalation batches to run (0: all)")
    parser.add_argument("--new", type=int, default=10_000, help="new cases for the SLA deadlines")
    parser.add_argument("--reads", type=int, default=30)
    parser.add_argument("--baseline", type=int, default=1000, help="cases for the case-by-case SLA baseline")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: cron,sla,form")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--no-http", "--log-level=warn"])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        cr.execute(
            """SELECT company_id, count(*) FROM crm_tr_service_case
                WHERE state NOT IN ('done', 'cancelled') GROUP BY 1 ORDER BY 2 DESC"""
        )
        counts = cr.fetchall()
        company = env["res.company"].browse(counts[0][0])
        print(f"{sum(c for _cid, c in counts):,} open cases ({company.name}: {counts[0][1]:,})")
        if "cron" not in skip:
            escalation(env, args)
        if "sla" not in skip:
            sla_deadlines(env, company, args)
        if "form" not in skip:
            customer_form(env, company, args)


def escalation(env, args):
    """1. The cron's method, each batch timed and rolled back."""
    cr = env.cr
    Cron = env["ir.cron"]
    times, done = [], []
    mark = [time.perf_counter()]

    def probe(self, processed=0, *, remaining=None, deactivate=False):
        env.flush_all()
        now = time.perf_counter()
        times.append(now - mark[0])
        done.append(processed)
        cr.execute("SELECT count(*) FROM mail_activity WHERE res_model = 'crm_tr.service.case'")
        activities = cr.fetchone()[0]
        cr.rollback()
        env.invalidate_all()
        if len(times) % 10 == 1:
            print(
                f"  batch {len(times)}: {processed} cases in {times[-1]:.2f} s "
                f"({activities:,} case activities in the transaction), {remaining:,} remaining"
            )
        mark[0] = time.perf_counter()
        return 0 if args.batches and len(times) >= args.batches else float("inf")

    cr.rollback()
    with patch.object(type(Cron), "_commit_progress", probe):
        total, _ = timed(env["crm_tr.service.case"]._cron_crm_tr_escalate)
    print(
        f"escalation job: {len(times)} batches, {sum(done):,} cases in {total:.1f} s: per batch median "
        f"{statistics.median(times):.2f} s, max {max(times):.2f} s (target ≤ 30 s per batch)"
    )


def new_case_values(env, company, count):
    cr = env.cr
    teams = env["crm_tr.service.team"].search([("company_id", "=", company.id)])
    cr.execute(
        """SELECT id FROM res_partner WHERE company_id = %s AND parent_id IS NULL AND active
              AND customer_rank > 0 ORDER BY id LIMIT 2000""",
        [company.id],
    )
    partners = [row[0] for row in cr.fetchall()]
    now = fields.Datetime.now().replace(second=0, microsecond=0)
    return [
        {
            "subject": f"Bench SLA {i}",
            "partner_id": partners[i % len(partners)],
            "company_id": company.id,
            "team_id": teams[i % len(teams)].id,
            "priority": str(i % 3 if i % 5 == 0 else 0),
            # Opened over the last ten days at every minute of the day: nights, weekends too.
            "date_open": now - timedelta(minutes=(i * 137) % (10 * 24 * 60)),
        }
        for i in range(count)
    ]


def as_the_orm(records, fname):
    """Run the compute method of `fname` on `records` as the ORM does when it recomputes
    (its fields protected: the values go to the cache, to be flushed once)."""
    field = records._fields[fname]
    with records.env.protecting(records.pool.field_computed[field], records):
        field.compute_value(records)


def sla_deadlines(env, company, args):
    """2. The SLA deadlines of new cases, isolated."""
    cr = env.cr
    Case = env["crm_tr.service.case"].with_context(tracking_disable=True, allowed_company_ids=company.ids)
    values = new_case_values(env, company, args.new)
    # A warm-up creation (rolled back), so that neither timed creation pays the first one's costs.
    Case.create(values[:1000])
    env.flush_all()
    cr.rollback()
    env.invalidate_all()
    create_time, cases = timed(lambda: (Case.create(values), env.flush_all())[0])
    with_policy = cases.filtered("sla_id")
    env.invalidate_all()
    cases = cases.browse(cases.ids)
    id_time, _ = timed(lambda: as_the_orm(cases, "sla_id"))
    env.invalidate_all()
    cases = cases.browse(cases.ids)
    cases.mapped("sla_id.resolution_hours")  # the policies read beforehand: the deadlines alone are timed
    deadline_time, _ = timed(lambda: as_the_orm(cases, "sla_deadline"))
    # Baseline: the same computation case by case (three plan_hours calls a case, the code
    # before the batch planning), on the first `--baseline` cases.
    env.invalidate_all()
    subset = cases.browse(cases.ids[: args.baseline])
    subset.mapped("sla_id.resolution_hours")
    batch_ends = [(c.sla_response_deadline, c.sla_deadline, c.sla_at_risk_date) for c in subset]
    env.invalidate_all()
    subset.mapped("sla_id.resolution_hours")

    def one_by_one(self, calendar, company_id, requests, span_days=28):
        domain = [("time_type", "=", "leave"), ("company_id", "in", [company_id, False])]
        ends = [
            calendar.plan_hours(hours, pytz.utc.localize(start), compute_leaves=True, domain=domain)
            for start, hours in requests
        ]
        return [end and end.astimezone(pytz.utc).replace(tzinfo=None) for end in ends]

    with patch.object(type(subset), "_crm_tr_plan_hours_batch", one_by_one):
        single_time, _ = timed(lambda: as_the_orm(subset, "sla_deadline"))
    same = batch_ends == [(c.sla_response_deadline, c.sla_deadline, c.sla_at_risk_date) for c in subset]
    print(
        f"  baseline, case by case (plan_hours): {len(subset):,} cases in {single_time:.2f} s "
        f"({single_time / len(subset) * 1000:.2f} ms a case, {single_time / len(subset) * len(cases):.0f} s "
        f"for {len(cases):,}): ratio batch / case by case "
        f"{deadline_time / len(cases) / (single_time / len(subset)):.3f}"
        f"; same deadlines: {same}"
    )
    sample = cases[:3]
    print(
        "  sample: "
        + "; ".join(
            f"opened {c.date_open} → response {c.sla_response_deadline}, deadline {c.sla_deadline}" for c in sample
        )
    )
    cr.rollback()
    env.invalidate_all()
    Cls = type(env["crm_tr.service.case"])

    def nothing(self):
        for case in self:
            case.sla_response_deadline = case.sla_deadline = case.sla_at_risk_date = False

    with patch.object(Cls, "_compute_sla_deadlines", nothing):
        base_time, _ = timed(lambda: (Case.create(values), env.flush_all()))
    cr.rollback()
    env.invalidate_all()
    print(
        f"SLA of {len(values):,} new cases ({len(with_policy):,} under a policy): deadlines "
        f"{deadline_time:.2f} s ({deadline_time / len(values) * 1000:.2f} ms a case), policy match "
        f"{id_time:.2f} s (target ≤ 5 s); creation {create_time:.1f} s, without the deadlines "
        f"{base_time:.1f} s"
    )


def customer_form(env, company, args):
    """3. The customer with the most cases against one without any."""
    cr, Stat = env.cr, env["crm_tr.customer.stat"]
    Stat._crm_tr_compute(company)
    cr.execute(
        """SELECT partner_id, count(*) FROM crm_tr_service_case WHERE company_id = %s
         GROUP BY 1 ORDER BY 2 DESC LIMIT 1""",
        [company.id],
    )
    big_id, big_cases = cr.fetchone()
    # The baseline: the customer without cases with the most posted invoices (a heavy 360).
    cr.execute(
        """SELECT m.commercial_partner_id FROM account_move m
            WHERE m.company_id = %s AND m.state = 'posted'
              AND NOT EXISTS (SELECT 1 FROM crm_tr_service_case c
                               WHERE c.commercial_partner_id = m.commercial_partner_id)
         GROUP BY 1 ORDER BY count(*) DESC LIMIT 1""",
        [company.id],
    )
    none_id = cr.fetchone()[0]
    cr.execute(
        """SELECT commercial_partner_id, count(*) FROM account_move WHERE state = 'posted'
              AND commercial_partner_id IN %s GROUP BY 1""",
        [(big_id, none_id)],
    )
    invoices = dict(cr.fetchall())
    wenv = env(context={"allowed_company_ids": company.ids, "lang": "tr_TR"})
    spec = form_spec(wenv, True)
    # The fields crm_tr_service adds to the form (the case count of the smart button...), alone.
    Partner = wenv["res.partner"]
    service_spec = {
        name: spec[name] for name in spec if getattr(Partner._fields[name], "_module", "") == "crm_tr_service"
    }
    times = {big_id: [], none_id: []}
    service_times = []
    for round_no in range(args.reads * 2):
        order = [big_id, none_id] if round_no % 2 == 0 else [none_id, big_id]
        for partner_id in order:
            wenv.invalidate_all()
            spent, _ = timed(lambda p=partner_id: Partner.browse(p).web_read(spec))
            times[partner_id].append(spent)
        wenv.invalidate_all()
        spent, _ = timed(lambda: Partner.browse(big_id).web_read(service_spec))
        service_times.append(spent)
    shown = {p: wenv["res.partner"].browse(p).crm_tr_service_case_count for p in times}
    cr.rollback()
    big_ms = statistics.median(times[big_id]) * 1000
    none_ms = statistics.median(times[none_id]) * 1000
    print(
        f"customer form ({len(spec)} fields): partner {big_id} with {big_cases:,} cases "
        f"({invoices.get(big_id, 0):,} invoices) {big_ms:.0f} ms, max {max(times[big_id]) * 1000:.0f} ms; "
        f"partner {none_id} without cases ({invoices.get(none_id, 0):,} invoices, case count read "
        f"{shown[none_id]}, {shown[big_id]:,} for the other) {none_ms:.0f} ms: "
        f"ratio {big_ms / none_ms:.2f} (target ≤ 200 ms)"
    )
    print(
        f"  the {len(service_spec)} crm_tr_service fields of the form ({', '.join(sorted(service_spec))}) alone, "
        f"partner {big_id}: {statistics.median(service_times) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
