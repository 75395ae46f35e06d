"""Benchmark: the visit scheduler and the cost of the bookings' exclusion constraint
(crm_tr_sales).

    python3 tests/bench/bench_visit_scheduler.py -c ODOO_CONF -d DB [--visits 1000]
                                                 [--employees 20] [--days 5] [--rounds 7]
                                                 [--saves 100]

DB must have crm_tr_sales installed (the test command's database, kept with
CRM_TR_KEEP_DB=1); nobody may be connected to it. The benchmark works on a copy,
DB_bench_visits, dropped at the end. It creates a company with a working calendar
(Monday to Friday, 08:00-12:00 and 13:00-17:00, Istanbul), 20 employees with skills (two
product categories) and territories (İstanbul, Ankara, or every province), 60 customers in
12 districts of three provinces (half the visits in İstanbul, a third in Ankara, a sixth in
İzmir), and 1,000 visits waiting to be scheduled (30 or 45 minutes: 583 hours for the 800
working hours of the week; a third urgent, a fifth with a deadline, two thirds needing a
skill), committed.

1. the scheduler: `crm_tr.visit.scheduler._crm_tr_schedule()` over the 1,000 visits and the
   20 employees, 5 days from the first Monday at least a week ahead: the planning in memory,
   then the writes (the visits' own checks, bookings, cost and calendar events), up to the
   precommit hooks (Odoo's tracking of the visits), --rounds times, each in a transaction
   rolled back. After each round, the clashes counted by SQL (two blocking bookings of one
   resource that overlap): must be 0.
2. saving a visit with and without the exclusion constraint, same run: each round creates
   --saves planned visits one after the other, each flushed (so its bookings are inserted
   and checked by PostgreSQL) in a transaction rolled back at the end; the constraint is
   dropped in the copy for the "without" rounds and recreated after them (the rollback
   brings it back); the order alternates between rounds. The ratio of the medians and the
   median of the per-round ratios, for the whole save and for the writing of its bookings
   (`_crm_tr_sync_bookings`: the Python clash check and the rows, flushed, where
   PostgreSQL checks the constraint), the part the constraint weighs on.

Targets (issue 10, point 10): 1,000 visits over 20 employees × 5 days placed in ≤ 10 s with
zero clashes; saving a visit with the exclusion constraint ≤ 1.2× without it.
"""

import argparse
import gc
import os
import statistics
import time
from datetime import date, datetime, timedelta

import benchdb
from psycopg2 import sql

import odoo
from odoo import Command, api
from odoo.modules.registry import Registry
from odoo.service.db import exp_duplicate_database

CONSTRAINT = "crm_tr_visit_booking_no_double_booking"
DISTRICTS = [
    ("base.state_tr_34", ["Kadıköy", "Beşiktaş", "Şişli", "Üsküdar", "Bakırköy", "Ataşehir"]),
    ("base.state_tr_06", ["Çankaya", "Keçiören", "Yenimahalle", "Etimesgut"]),
    ("base.state_tr_35", ["Karşıyaka", "Bornova"]),
]


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(cr):
    """CPU time of this process and of its PostgreSQL backend (from /proc: PostgreSQL on
    this machine; None otherwise). On a machine others share, wall times of the same work
    move by tens of percent; CPU times much less."""
    cr.execute("SELECT pg_backend_pid()")
    try:
        with open(f"/proc/{cr.fetchone()[0]}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return time.process_time() + (int(fields[11]) + int(fields[12])) / TICKS


def fmt(seconds):
    return "n/a" if seconds is None else f"{seconds:.2f} s"


def first_monday():
    day = date.today() + timedelta(days=7)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def setup(env, n_visits, n_employees):
    stamp = time.strftime("%Y%m%d%H%M%S")
    company = env["res.company"].create({"name": f"Bench Servis A.Ş. {stamp}"})
    env = env(context=dict(env.context, allowed_company_ids=[company.id], tz="Europe/Istanbul"))
    calendar = env["resource.calendar"].create(
        {
            "name": "Bench 40 saat",
            "tz": "Europe/Istanbul",
            "company_id": company.id,
            "attendance_ids": [
                Command.create({"name": f"{day} {begin}", "dayofweek": str(day), "hour_from": begin, "hour_to": end})
                for day in range(5)
                for begin, end in ((8, 12), (13, 17))
            ],
        }
    )
    klima, kombi = env["product.category"].create([{"name": "Bench Klima"}, {"name": "Bench Kombi"}])
    istanbul, ankara = env.ref("base.state_tr_34"), env.ref("base.state_tr_06")
    employees = env["hr.employee"].create(
        [
            {
                "name": f"Bench Usta {index}",
                "company_id": company.id,
                "resource_calendar_id": calendar.id,
                "tz": "Europe/Istanbul",
                "hourly_cost": 300 + 10 * index,
                # a quarter Klima only, a quarter Kombi only, half both
                "crm_tr_skill_category_ids": [
                    Command.set(
                        [klima.id] if index % 4 == 0 else [kombi.id] if index % 4 == 1 else [klima.id, kombi.id]
                    )
                ],
                # 10 in İstanbul, 5 in Ankara, 5 anywhere
                "crm_tr_state_ids": [
                    Command.set(
                        istanbul.ids if index < n_employees // 2 else ankara.ids if index < 3 * n_employees // 4 else []
                    )
                ],
            }
            for index in range(n_employees)
        ]
    )
    country = env.ref("base.tr")
    partners = env["res.partner"].create(
        [
            {
                "name": f"Bench Müşteri {xmlid[-2:]}-{city} {index}",
                "is_company": True,
                "country_id": country.id,
                "state_id": env.ref(xmlid).id,
                "city": city,
            }
            for xmlid, cities in DISTRICTS
            for city in cities
            for index in range(5)
        ]
    )
    monday = first_monday()
    visits = env["crm_tr.visit"].create(
        [
            {
                "partner_id": partners[index * 7 % len(partners)].id,
                "purpose": "Bench bakım",
                "company_id": company.id,
                "state": "to_schedule",
                "planned_start": False,
                "planned_end": False,
                "user_id": False,
                "employee_ids": [Command.clear()],
                "estimated_hours": (0.5, 0.75, 0.5)[index % 3],
                "priority": "1" if index % 3 == 0 else "0",
                "deadline": monday + timedelta(days=2 + index % 3) if index % 5 == 0 else False,
                "skill_category_id": (klima.id, kombi.id, False)[index % 3 if index % 2 else (index + 1) % 3],
            }
            for index in range(n_visits)
        ]
    )
    return company, employees, visits, monday


drop = benchdb.drop


def vacuum(database):
    benchdb.vacuum(database, ("crm_tr_visit", "crm_tr_visit_booking", "calendar_event", "mail_message"))


def clashes(cr):
    cr.execute(
        """SELECT count(*)
             FROM crm_tr_visit_booking a
             JOIN crm_tr_visit_booking b
               ON a.resource = b.resource AND a.id < b.id AND a.blocking AND b.blocking
              AND tsrange(a.start, a.stop, '[)') && tsrange(b.start, b.stop, '[)')"""
    )
    return cr.fetchone()[0]


# Seconds spent writing the bookings (where PostgreSQL checks the constraint) in a round.
BOOKINGS = [0.0]


def time_bookings(registry):
    """Time `_crm_tr_sync_bookings` (the bookings' rows, flushed: the part the exclusion
    constraint weighs on) inside each save."""
    visit_class = registry["crm_tr.visit"]
    original = visit_class._crm_tr_sync_bookings

    def timed(self):
        start = time.perf_counter()
        try:
            return original(self)
        finally:
            BOOKINGS[0] += time.perf_counter() - start

    visit_class._crm_tr_sync_bookings = timed


class Bench:
    def __init__(self, database, args):
        self.database, self.args = database, args
        self.registry = Registry(database)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            company, employees, visits, monday = setup(env, args.visits, args.employees)
            self.ids = (company.id, employees.ids, visits.ids)
            self.monday = monday
            cr.commit()
        vacuum(database)

    def env(self, cr):
        return api.Environment(
            cr, api.SUPERUSER_ID, {"allowed_company_ids": [self.ids[0]], "tz": "Europe/Istanbul", "lang": "en_US"}
        )

    def schedule(self):
        """One scheduling of the visits, timed, in a transaction rolled back."""
        with self.registry.cursor() as cr:
            env = self.env(cr)
            Scheduler = env["crm_tr.visit.scheduler"]
            employees, visits = env["hr.employee"].browse(self.ids[1]), env["crm_tr.visit"].browse(self.ids[2])
            env.invalidate_all()
            gc.collect()
            gc.disable()
            try:
                cpu_start = cpu_seconds(cr)
                start = time.perf_counter()
                plan = Scheduler._crm_tr_plan(visits, employees, self.monday, self.args.days, datetime.now())
                planned = time.perf_counter()
                placed, left_out = visits._crm_tr_apply_schedule(plan["placements"], plan["reasons"])
                env.flush_all()
                written = time.perf_counter()
                cr.precommit.run()
                end = time.perf_counter()
                cpu_end = cpu_seconds(cr)
            finally:
                gc.enable()
            found = clashes(cr)
            reasons = sorted({visit.schedule_note for visit in left_out})
            cr.rollback()
        vacuum(self.database)
        return {
            "plan": planned - start,
            "write": written - planned,
            "precommit": end - written,
            "total": end - start,
            "cpu": cpu_end - cpu_start if cpu_start is not None and cpu_end is not None else None,
            "placed": len(placed),
            "left_out": len(left_out),
            "clashes": found,
            "reasons": reasons,
        }

    def saves(self, with_constraint):
        """--saves planned visits created one after the other, each flushed: its bookings
        inserted (and checked by PostgreSQL when the constraint is there)."""
        with self.registry.cursor() as cr:
            env = self.env(cr)
            if not with_constraint:
                cr.execute(
                    sql.SQL("ALTER TABLE crm_tr_visit_booking DROP CONSTRAINT {}").format(sql.Identifier(CONSTRAINT))
                )
            employees = env["hr.employee"].browse(self.ids[1])
            partner = env["crm_tr.visit"].browse(self.ids[2][0]).partner_id
            Visit = env["crm_tr.visit"]
            tz_offset = timedelta(hours=3)
            slots = [
                (employees[index % len(employees)], day, hour)
                for day in range(5)
                for hour in (8, 9, 10, 11, 13, 14, 15, 16)
                for index in range(len(employees))
            ]
            env.invalidate_all()
            BOOKINGS[0] = 0.0
            gc.collect()
            gc.disable()
            try:
                cpu_start = cpu_seconds(cr)
                start = time.perf_counter()
                for employee, day, hour in slots[: self.args.saves]:
                    begin = (
                        datetime.combine(self.monday + timedelta(days=day), datetime.min.time())
                        + timedelta(hours=hour)
                        - tz_offset
                    )
                    Visit.create(
                        {
                            "partner_id": partner.id,
                            "purpose": "Bench kayıt",
                            "company_id": self.ids[0],
                            "user_id": False,
                            "employee_ids": [Command.set(employee.ids)],
                            "planned_start": begin,
                            "planned_end": begin + timedelta(hours=1),
                        }
                    )
                    env.flush_all()
                seconds = time.perf_counter() - start
                cpu = cpu_seconds(cr)
                cpu = cpu - cpu_start if cpu is not None and cpu_start is not None else None
            finally:
                gc.enable()
            cr.rollback()  # the constraint comes back with the rollback
        vacuum(self.database)
        return seconds, BOOKINGS[0], cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--visits", type=int, default=1000)
    parser.add_argument("--employees", type=int, default=20)
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--save-rounds", type=int, default=7)
    parser.add_argument("--saves", type=int, default=100)
    parser.add_argument("--skip-schedule", action="store_true")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--no-http", "--log-level=warn"])
    copy = f"{args.database}_bench_visits"
    drop(copy)
    exp_duplicate_database(args.database, copy)
    try:
        bench = Bench(copy, args)
        print(
            f"{args.visits} visits, {args.employees} employees, {args.days} days from {bench.monday} "
            f"(capacity {args.employees * args.days * 8} h)"
        )
        if not args.skip_schedule:
            runs = []
            for round_no in range(args.rounds):
                run = bench.schedule()
                runs.append(run)
                print(
                    f"round {round_no + 1}: scheduled in {run['total']:.2f} s, CPU {fmt(run['cpu'])} "
                    f"(plan {run['plan']:.2f} s, writes {run['write']:.2f} s, precommit {run['precommit']:.2f} s): "
                    f"{run['placed']} placed, {run['left_out']} left out, {run['clashes']} clashes"
                )
                for reason in run["reasons"]:
                    print(f"    left out: {reason}")
            cpus = [r["cpu"] for r in runs]
            print(
                f"scheduler, median of {len(runs)}: {statistics.median(r['total'] for r in runs):.2f} s, "
                f"CPU {fmt(None if None in cpus else statistics.median(cpus))} "
                f"(plan {statistics.median(r['plan'] for r in runs):.2f} s), clashes {max(r['clashes'] for r in runs)}"
            )
        time_bookings(bench.registry)
        figures = {"saving a visit": {True: [], False: []}, "writing its bookings": {True: [], False: []}}
        figures["saving a visit, CPU"] = {True: [], False: []}
        for round_no in range(args.save_rounds):
            for with_constraint in (True, False) if round_no % 2 == 0 else (False, True):
                seconds, booking_seconds, cpu = bench.saves(with_constraint)
                figures["saving a visit"][with_constraint].append(seconds)
                figures["writing its bookings"][with_constraint].append(booking_seconds)
                figures["saving a visit, CPU"][with_constraint].append(cpu)
            on, off = figures["saving a visit"][True][-1], figures["saving a visit"][False][-1]
            print(
                f"round {round_no + 1}: {args.saves} saves with the constraint {on:.3f} s "
                f"(bookings {figures['writing its bookings'][True][-1]:.3f} s, "
                f"CPU {fmt(figures['saving a visit, CPU'][True][-1])}), without {off:.3f} s "
                f"(bookings {figures['writing its bookings'][False][-1]:.3f} s, "
                f"CPU {fmt(figures['saving a visit, CPU'][False][-1])}), ratio {on / off:.3f}"
            )
        for label, values in figures.items():
            if None in values[True] + values[False]:
                continue
            ratios = [on / off for on, off in zip(values[True], values[False], strict=True)]
            print(
                f"{label}: median {statistics.median(values[True]) / args.saves * 1000:.2f} ms with the constraint, "
                f"{statistics.median(values[False]) / args.saves * 1000:.2f} ms without: ratio of medians "
                f"{statistics.median(values[True]) / statistics.median(values[False]):.3f}, median of per-round "
                f"ratios {statistics.median(ratios):.3f}"
            )
    finally:
        drop(copy)


if __name__ == "__main__":
    main()
