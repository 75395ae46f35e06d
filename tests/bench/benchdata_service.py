"""Benchmark data, service part: open service cases, service contracts with their invoices and
done service visits with their technicians on the benchmark database.

    python3 tests/bench/benchdata_service.py -c ODOO_CONF -d DB [--cases 100000] [--big 5000]
                                             [--contracts 2000] [--service-visits 60000]
                                             [--seed 20261202]

DB: a database filled by benchdata.py (20,000 customers of the main company) with
crm_tr_service installed at the current code (its teams, stages and SLA policies: the demo
data's, or any). The cases are written IN PLACE (the database is not copied), committed,
and the ones of an earlier run (reference ``BENCH-...``) are deleted first, with the
contracts (``BENCH-SZL-...``, and their invoices) and visits (``BENCH-ZYR-...``, and their
labour lines, parts, bookings and technicians' links) of that run.

At the default size the main company (the one with the most service teams' customers,
usually the admin's) gets 100,000 open cases (1% go to the second company with a team):

- over its customers (active commercial partners with a customer rank), 5,000 of them on
  one customer (the one with the lowest id), the rest drawn uniformly;
- each with its company's team, a stage of the team by status (new 50%, in progress 35%,
  waiting for the customer 15%), the team leader as assignee, a priority (normal 70%, high
  20%, urgent 10%) and an SLA policy of the company (the urgent one for urgent cases when
  there is one);
- SLA dates set straight (not in working hours: only their position against now matters
  here): 30% overdue (resolution deadline 1 to 72 hours ago), 20% at risk (past the at-risk
  date, deadline ahead), 50% on track; the stored SLA status is the stale "on track" of
  their creation, so that the escalation job has every other case to refresh and escalate,
  as after a night of backlog; 5% of the overdue ones were already escalated to level 1.

After the cases, for the main company (so that crm_tr_reports' technician and contract
reports have volume):

- 2,000 service contracts over its customers (drawn uniformly): billed once (40 %, for a
  year), quarterly (35 %, a year) or yearly (25 %, two or three years), starting over the
  last three years, so that about 40 % are active and 50 % expired by their dates; 5 %
  draft (starting within a month) and 5 % cancelled. Fee 6,000-30,000 (1,500-8,000 a
  quarter). Each active or expired contract has one posted customer invoice per billing
  period begun by today (1 to 4), as its invoicing job writes them: dated the period's
  start, one line of the "Service contract fee" product with the company's sales tax, a
  tax line and a receivable line, balanced, numbered in the sales journal's sequence,
  linked by ``crm_tr_service_contract_id``; the next invoice date of active ones is the
  next period's start. Entitlements: none (30 %) or 4, 6 or 12 visits a year, for half of
  those 1.5 hours a visit, never below what the done visits used (no override needed).
- Technicians: the company's (at least 25, the missing ones created as ``hr.employee``
  marked as technicians, Istanbul time zone, the company's working time, an hourly cost of
  280-370), each with a service van (fleet vehicle at 7-7.75 a km); created once, reused
  by later runs.
- 60,000 done service visits on the working days (Monday-Friday, public holidays of the
  company's calendar left out) of the last two years, spread evenly: each day the
  technicians rotate into 5 pairs and the rest alone, each crew doing 6 slots (08:00,
  09:15, 10:30, 13:00, 14:15, 15:30 Istanbul time) of 45 or 60 planned minutes, started up
  to 5 minutes late, 80-115 % as long: nobody is in two places at once and all the time
  is within working time. 40 % under a contract of the customer running that day (85 % of
  those on one of the customer's generated cases when he has one), the others on a
  generated case (90 %) or none; about a quarter with two technicians. Costs as the visit
  prices them: a labour line per technician (normal hours only, at his hourly cost,
  rounded to the kuruş) summing to the labour cost, 5-65 km at the van's cost per km, a
  spare part of the generated products at its cost on 30 % (a visit part line), expenses
  of 50-500 on 30 %; total = labour + travel + parts + expenses; the contract hours are
  the actual hours. Bookings of the technicians and the van over the planned time.

What is not generated: the visits' ratings (no satisfaction figures), stock moves of the
parts, calendar events and chatter, payments of the contract invoices. The visits on a
case are dated over two years while the cases opened in the last days (their dates are
set for the SLA benchmark), so a case's visits mostly predate it and no case is done
(the technician report's first-time fix stays empty).

Rows are written set-wise with INSERT ... SELECT FROM generate_series (raw SQL on purpose,
as in benchdata.py: the ORM would take an hour for 100,000 cases with their SLA deadlines
and as long for the visits' pricing), the technicians and their vans through the ORM,
deterministic for a given seed (benchdata's pg_temp.rnd draws).
"""

import argparse
import time
from datetime import date

import benchdata
import benchdb

import odoo
from odoo import api
from odoo.modules.registry import Registry
from odoo.tools import SQL

SALT = 9000  # salts of the service draws: clear of benchdata's


def generate_service(env, seed=20261202, n_cases=100_000, big=5_000, *, n_contracts=2_000, n_visits=60_000):
    """Write `n_cases` open cases (`big` of them on one customer), then `n_contracts` service
    contracts with their invoices and `n_visits` done service visits; return a dict of counts
    and the elapsed time. Commits."""
    started = time.monotonic()
    cr = env.cr
    company_teams = {}
    for team in env["crm_tr.service.team"].search([], order="id"):
        company_teams.setdefault(team.company_id, team)
    if not company_teams:
        raise RuntimeError("no service team: install crm_tr_service (with its demo data) first")
    cr.execute(
        """SELECT company_id, count(*) FROM res_partner
            WHERE parent_id IS NULL AND active AND customer_rank > 0 AND company_id IN %s GROUP BY 1 ORDER BY 2 DESC""",
        [tuple(company.id for company in company_teams)],
    )
    by_size = [env["res.company"].browse(cid) for cid, _count in cr.fetchall()]
    main, second = by_size[0], (by_size[1] if len(by_size) > 1 else None)
    gen = benchdata.Generator(env, seed, 1.0, main, None)
    gen.setup_functions()

    delete_contracts_and_visits(cr)
    cr.execute("DELETE FROM crm_tr_service_case WHERE name LIKE 'BENCH-%%'")
    Stage = env["crm_tr.service.stage"]
    parts = [(main, n_cases - (n_cases // 100 if second else 0), big, 0)]
    if second:
        parts.append((second, n_cases // 100, 0, n_cases))
    counts = {}
    for company, count, big_count, offset in parts:
        team = company_teams[company]
        stages = {
            cat: Stage._crm_tr_for_team(team).filtered(lambda s, c=cat: s.category == c)[:1].id
            for cat in ("new", "in_progress", "waiting")
        }
        policies = env["crm_tr.service.sla"].search([("company_id", "=", company.id)])
        plain = policies.filtered(lambda sla: not sla.priority and not sla.customer_class and not sla.category_ids)
        urgent = policies.filtered(lambda sla: sla.priority == "2")
        sla_plain = (plain or policies)[:1].id
        sla_urgent = (urgent or plain or policies)[:1].id
        cr.execute(
            """SELECT array_agg(id ORDER BY id) FROM res_partner
                WHERE parent_id IS NULL AND active AND customer_rank > 0 AND company_id = %s""",
            [company.id],
        )
        customers = cr.fetchone()[0]
        params = {
            "n": count,
            "big": big_count,
            "off": offset,
            "customers": customers,
            "company": company.id,
            "team": team.id,
            "user": team.user_id.id or None,
            "s_new": stages["new"],
            "s_prog": stages["in_progress"],
            "s_wait": stages["waiting"],
            "sla_plain": sla_plain,
            "sla_urgent": sla_urgent,
        }
        drawn = benchdata.pick(params["customers"], SQL("k"), SALT + 1, "int")
        customer = SQL(
            "CASE WHEN g <= %(big)s THEN (%(customers)s::int[])[1] ELSE %(drawn)s END",
            big=params["big"],
            customers=params["customers"],
            drawn=drawn,
        )
        # One draw per row and purpose: k is the row's key, the salts tell the draws apart.
        cr.execute("DROP TABLE IF EXISTS bench_case")
        gen.sql(
            "crm_tr_service_case (draws)",
            SQL(
                """
            CREATE TEMP TABLE bench_case AS
            SELECT g, k, %(customer)s AS partner_id,
                   pg_temp.rnd(k, %(salt2)s) AS r_state, pg_temp.rnd(k, %(salt3)s) AS r_prio,
                   pg_temp.rnd(k, %(salt4)s) AS r_sla, pg_temp.rnd(k, %(salt5)s) AS r_hours,
                   pg_temp.rnd(k, %(salt6)s) AS r_open, pg_temp.rnd(k, %(salt7)s) AS r_level
              FROM generate_series(1, %(n)s) g, LATERAL (SELECT (g + %(off)s)::bigint AS k) kk
                """,
                customer=customer,
                n=params["n"],
                off=params["off"],
                salt2=SALT + 2,
                salt3=SALT + 3,
                salt4=SALT + 4,
                salt5=SALT + 5,
                salt6=SALT + 6,
                salt7=SALT + 7,
            ),
        )
        counts[company.name] = gen.sql(
            "crm_tr_service_case",
            """
            WITH d AS (
                SELECT b.*,
                       CASE WHEN r_state < 0.5 THEN 'new' WHEN r_state < 0.85 THEN 'in_progress'
                            ELSE 'waiting' END AS state,
                       CASE WHEN r_prio < 0.7 THEN '0' WHEN r_prio < 0.9 THEN '1' ELSE '2' END AS priority,
                       CASE WHEN r_sla < 0.3 THEN 'overdue' WHEN r_sla < 0.5 THEN 'at_risk' ELSE 'ok' END AS fate,
                       now() AT TIME ZONE 'UTC' AS now_utc
                  FROM bench_case b
            ), dl AS (
                SELECT d.*,
                       CASE fate
                           WHEN 'overdue' THEN now_utc - (1 + r_hours * 71) * interval '1 hour'
                           WHEN 'at_risk' THEN now_utc + (1 + r_hours * 7) * interval '1 hour'
                           ELSE now_utc + (24 + r_hours * 72) * interval '1 hour' END AS deadline,
                       CASE fate
                           WHEN 'overdue' THEN now_utc - (80 + r_hours * 71) * interval '1 hour'
                           WHEN 'at_risk' THEN now_utc - (1 + r_hours * 7) * interval '1 hour'
                           ELSE now_utc + (4 + r_hours * 20) * interval '1 hour' END AS at_risk
                  FROM d
            ), o AS (
                SELECT dl.*, least(deadline, at_risk) - (72 + r_open * 240) * interval '1 hour' AS date_open FROM dl
            )
            INSERT INTO crm_tr_service_case (
                name, subject, partner_id, commercial_partner_id, company_id, team_id, user_id, priority,
                stage_id, state, case_type, channel, date_open, first_response_date, crm_tr_worked,
                first_contact_resolution, sla_id, sla_response_deadline, sla_deadline, sla_at_risk_date,
                sla_status, escalation_level, color, create_uid, write_uid, create_date, write_date)
            SELECT 'BENCH-' || lpad(k::text, 7, '0'), 'Arıza kaydı ' || k, partner_id, partner_id, %(company)s,
                   %(team)s, %(user)s, priority,
                   CASE state WHEN 'new' THEN %(s_new)s WHEN 'in_progress' THEN %(s_prog)s ELSE %(s_wait)s END,
                   state,
                   CASE WHEN r_open < 0.2 THEN 'complaint' ELSE 'request' END,
                   CASE WHEN r_open < 0.6 THEN 'phone' WHEN r_open < 0.9 THEN 'email' ELSE 'portal' END,
                   date_open,
                   CASE WHEN state <> 'new' THEN date_open + interval '1 hour' END,
                   state <> 'new', FALSE,
                   CASE WHEN priority = '2' THEN %(sla_urgent)s ELSE %(sla_plain)s END,
                   deadline, deadline, at_risk,
                   CASE WHEN fate = 'overdue' AND r_level < 0.05 THEN 'at_risk' ELSE 'ok' END,
                   CASE WHEN fate = 'overdue' AND r_level < 0.05 THEN '1' ELSE '0' END,
                   0, 1, 1, date_open, date_open
              FROM o
            """,
            params,
        )
    cr.execute("DROP TABLE IF EXISTS bench_case")
    gen.commit()
    benchdb.analyze(cr.dbname, ["crm_tr_service_case"])
    cr.execute(
        """SELECT state, count(*) FILTER (WHERE sla_deadline < now() AT TIME ZONE 'UTC'),
                  count(*) FILTER (WHERE sla_at_risk_date <= now() AT TIME ZONE 'UTC'
                                     AND sla_deadline >= now() AT TIME ZONE 'UTC'),
                  count(*)
             FROM crm_tr_service_case WHERE name LIKE 'BENCH-%%' GROUP BY 1 ORDER BY 1"""
    )
    counts["by state (overdue, at risk, all)"] = {state: rest for state, *rest in cr.fetchall()}
    cr.execute(
        """SELECT partner_id, count(*) FROM crm_tr_service_case WHERE name LIKE 'BENCH-%%'
         GROUP BY 1 ORDER BY 2 DESC LIMIT 1"""
    )
    counts["biggest customer (id, cases)"] = cr.fetchone()
    if n_contracts or n_visits:
        counts.update(
            generate_contracts_and_visits(
                env, gen, main, company_teams[main], n_contracts=n_contracts, n_visits=n_visits
            )
        )
    counts["elapsed"] = round(time.monotonic() - started, 1)
    return counts


# ----------------------------------------------------------------------
# Service contracts with their invoices, done service visits with their technicians
# ----------------------------------------------------------------------

CONTRACT_PREFIX = "BENCH-SZL-"
VISIT_PREFIX = "BENCH-ZYR-"
N_TECHNICIANS = 25
PAIRS = 0.2  # pairs per technician each day: of 25 technicians, 10 go in 5 pairs, 15 alone
# Visit slots in local time (Istanbul, UTC+3 all year): inside the 08:00-12:00 and 13:00-17:00
# working time even when a visit starts 5 minutes late and runs 15% long, so that all its hours
# are normal ones; filled in this order when fewer slots a day are needed.
SLOTS = ["08:00", "13:00", "09:15", "14:15", "10:30", "15:30"]
SERVICE_PURPOSES = ["Arıza onarımı", "Periyodik bakım", "Montaj", "Gaz dolumu", "Keşif", "Kontrol"]
SERVICE_OUTCOMES = [
    "<p>Arıza giderildi, cihaz çalışır durumda teslim edildi.</p>",
    "<p>Periyodik bakım yapıldı, filtreler temizlendi.</p>",
    "<p>Parça değiştirildi, test edildi.</p>",
    "<p>Gaz basıncı kontrol edildi, eksik gaz tamamlandı.</p>",
]


def delete_contracts_and_visits(cr):
    """The contracts (with their invoices) and visits of an earlier run: labour lines, parts,
    bookings and technician links go with their visit, invoice lines with their invoice."""
    cr.execute("DELETE FROM crm_tr_visit WHERE name LIKE %s", [VISIT_PREFIX + "%"])
    cr.execute(
        """DELETE FROM account_move WHERE crm_tr_service_contract_id IN (
               SELECT id FROM crm_tr_service_contract WHERE name LIKE %s)""",
        [CONTRACT_PREFIX + "%"],
    )
    cr.execute("DELETE FROM crm_tr_service_contract WHERE name LIKE %s", [CONTRACT_PREFIX + "%"])


def make_technicians(env, company, wanted):
    """The company's technicians (at least `wanted`: the missing ones created), each with a
    service van; return a list of (employee, hourly cost, van, cost per km)."""
    Employee = env["hr.employee"]
    technicians = Employee.search([("company_id", "=", company.id), ("crm_tr_is_technician", "=", True)], order="id")
    missing = wanted - len(technicians)
    if missing > 0:
        technicians |= Employee.create(
            [
                {
                    "name": f"{benchdata.FIRST_NAMES[(5 * i + 3) % len(benchdata.FIRST_NAMES)]} "
                    f"{benchdata.LAST_NAMES[(11 * i + 2) % len(benchdata.LAST_NAMES)]}",
                    "company_id": company.id,
                    "crm_tr_technician": True,
                    "job_title": "Servis Teknisyeni",
                    "hourly_cost": 280 + 15 * (i % 7),
                    "resource_calendar_id": company.resource_calendar_id.id,
                    "tz": "Europe/Istanbul",
                }
                for i in range(missing)
            ]
        )
    model = env["fleet.vehicle.model"].search([], limit=1)
    vans = {}
    if model:
        existing = env["fleet.vehicle"].search(
            [("company_id", "=", company.id), ("driver_id", "in", technicians.work_contact_id.ids)], order="id"
        )
        for van in existing:
            vans.setdefault(van.driver_id, van)
        lacking = technicians.filtered(lambda e: e.work_contact_id and e.work_contact_id not in vans)
        for employee, van in zip(
            lacking,
            env["fleet.vehicle"].create(
                [
                    {
                        "model_id": model.id,
                        "license_plate": f"34 SRV {company.id}{employee.id:04d}",
                        "company_id": company.id,
                        "driver_id": employee.work_contact_id.id,
                        "crm_tr_cost_method": "fixed",
                        "crm_tr_fixed_per_km": 7.0 + 0.25 * (employee.id % 4),
                    }
                    for employee in lacking
                ]
            ),
            strict=True,
        ):
            vans[employee.work_contact_id] = van
    env.flush_all()
    rows = []
    for employee in technicians:
        van = vans.get(employee.work_contact_id)
        per_km = van.with_company(company).crm_tr_cost_per_km if van else 0.0
        rows.append((employee.id, employee.hourly_cost, van.id if van else None, per_km))
    return rows


def generate_contracts_and_visits(env, gen, company, team, *, n_contracts, n_visits):
    """Service contracts with their posted invoices, then done service visits on the cases
    and contracts; return a dict of counts."""
    cr = env.cr
    counts = {}
    today = date.today()
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], order="sequence, id", limit=1
    )
    tax = company.account_sale_tax_id
    if not journal or not tax or not journal.default_account_id:
        raise SystemExit(f"{company.name}: needs a sales journal with an income account and a default sales tax")
    fee_product = env.ref("crm_tr_service.product_service_contract_fee")
    tax_line = tax.repartition_line_ids.filtered(
        lambda line: line.document_type == "invoice" and line.repartition_type == "tax"
    )[:1]
    cr.execute(
        """SELECT array_agg(id ORDER BY id) FROM res_partner
            WHERE parent_id IS NULL AND active AND customer_rank > 0 AND company_id = %s""",
        [company.id],
    )
    p = {
        "company": company.id,
        "currency": company.currency_id.id,
        "customers": cr.fetchone()[0],
        "today": today,
        "user": team.user_id.id or env.uid,
        "n_contracts": n_contracts,
        "n_visits": n_visits,
        "cprefix": CONTRACT_PREFIX,
        "vprefix": VISIT_PREFIX,
        "journal": journal.id,
        "income": (fee_product.property_account_income_id or journal.default_account_id).id,
        "receivable": env["res.partner"].with_company(company).new({}).property_account_receivable_id.id,
        "fee_product": fee_product.id,
        "fee_uom": fee_product.uom_id.id,
        "tax": tax.id,
        "tax_rate": tax.amount / 100.0,
        "tax_group": tax.tax_group_id.id,
        "tax_name": tax.name,
        "tax_rep": tax_line.id,
        "tax_account": tax_line.account_id.id,
        "overtime": company.crm_tr_overtime_multiplier,
        "weekend": company.crm_tr_weekend_multiplier,
        **{f"s{i}": SALT + i for i in range(20, 60)},
    }
    if n_contracts:
        counts.update(_contracts(gen, p))
    if n_visits:
        counts.update(_visits(env, gen, company, p))
    cr.execute("DROP TABLE IF EXISTS bench_svc_contract, bench_svc_inv, bench_svc_day, bench_svc_tech, bench_svc_visit")
    gen.commit()
    benchdb.analyze(
        cr.dbname,
        [
            "crm_tr_service_contract",
            "account_move",
            "account_move_line",
            "crm_tr_visit",
            "crm_tr_visit_hr_employee_rel",
            "crm_tr_visit_labour",
            "crm_tr_visit_part",
            "crm_tr_visit_booking",
        ],
    )
    return counts


def _contracts(gen, p):
    """~2,000 contracts over the last three years and their invoices (one per billing period
    begun, at most 4)."""
    cr = gen.cr
    counts = {}
    cr.execute("DROP TABLE IF EXISTS bench_svc_contract, bench_svc_inv")
    # Billing once (40 %, a year), quarterly (35 %, a year: 4 invoices) or yearly (25 %, two
    # or three years); starts spread over the last three years, so the state follows from
    # the dates: 5 % draft (starting within a month), 5 % cancelled, the rest active or expired.
    gen.sql(
        "crm_tr_service_contract (plan)",
        SQL(
            """
        CREATE TEMP TABLE bench_svc_contract AS
        WITH d AS (
            SELECT g, %(partner)s AS partner_id,
                   pg_temp.rnd(g, %(s21)s) AS r_state, pg_temp.rnd(g, %(s22)s) AS r_bill,
                   pg_temp.rnd(g, %(s23)s) AS r_start, pg_temp.rnd(g, %(s24)s) AS r_fee,
                   pg_temp.rnd(g, %(s25)s) AS r_ent, pg_temp.rnd(g, %(s26)s) AS r_hours,
                   pg_temp.rnd(g, %(s27)s) AS r_cover
              FROM generate_series(1, %(n)s) g
        ), b AS (
            SELECT d.*,
                   CASE WHEN r_bill < 0.4 THEN 'once' WHEN r_bill < 0.75 THEN 'quarterly' ELSE 'yearly' END AS billing,
                   CASE WHEN r_bill < 0.75 THEN 12 WHEN r_fee < 0.5 THEN 24 ELSE 36 END AS months,
                   CASE WHEN r_state < 0.05 THEN %(today)s::date + floor(r_start * 30)::int
                        ELSE %(today)s::date - floor(r_start * 3 * 365)::int END AS date_start
              FROM d
        ), e AS (
            SELECT b.*, (b.date_start + make_interval(months => b.months) - interval '1 day')::date AS date_end,
                   CASE b.billing WHEN 'once' THEN b.months WHEN 'quarterly' THEN 3 ELSE 12 END AS step
              FROM b
        )
        SELECT nextval('crm_tr_service_contract_id_seq')::int AS id, e.*,
               CASE WHEN r_state < 0.05 THEN 'draft' WHEN r_state < 0.1 THEN 'cancelled'
                    WHEN date_end < %(today)s THEN 'expired' ELSE 'active' END::varchar AS state,
               CASE billing WHEN 'quarterly' THEN round((1500 + r_fee * 6500)::numeric, -1)
                            ELSE round((6000 + r_fee * 24000)::numeric, -1) END AS fee
          FROM e
            """,
            partner=benchdata.pick(p["customers"], SQL("g"), SALT + 20, "int"),
            n=p["n_contracts"],
            today=p["today"],
            **{key: value for key, value in p.items() if key.startswith("s") and key[1:].isdigit()},
        ),
    )
    # Invoiced as _crm_tr_invoice does: one invoice per period begun by today, dated the
    # period's start; draft and cancelled contracts have none.
    gen.sql(
        "account_move (contracts, plan)",
        """
        CREATE TEMP TABLE bench_svc_inv AS
        SELECT nextval('account_move_id_seq')::int AS id, c.id AS contract_id, c.partner_id, c.fee,
               round(c.fee * %(tax_rate)s, 2) AS tax, x.period_start AS date,
               least((x.period_start + make_interval(months => c.step) - interval '1 day')::date, c.date_end)
                   AS period_end,
               %(cprefix)s || lpad(c.g::text, 6, '0') AS origin,
               'Servis sözleşmesi ' || %(cprefix)s || lpad(c.g::text, 6, '0') || ': '
                   || to_char(x.period_start, 'DD.MM.YYYY') || ' – '
                   || to_char(least((x.period_start + make_interval(months => c.step) - interval '1 day')::date,
                                    c.date_end), 'DD.MM.YYYY') AS label,
               NULL::varchar AS name, NULL::varchar AS prefix, NULL::int AS number
          FROM bench_svc_contract c
         CROSS JOIN LATERAL (
               SELECT (c.date_start + make_interval(months => c.step * i))::date AS period_start
                 FROM generate_series(0, c.months / c.step - 1) i) x
         WHERE c.state IN ('active', 'expired') AND x.period_start <= %(today)s
        """,
        p,
    )
    counts["service contracts"] = gen.sql(
        "crm_tr_service_contract",
        """
        INSERT INTO crm_tr_service_contract (id, name, partner_id, company_id, user_id, cover_labour, cover_parts,
               cover_travel, date_start, date_end, fee, billing, next_invoice_date, entitlement_visits,
               entitlement_hours, state, reminder_days, reminder_sent, color,
               create_date, write_date, create_uid, write_uid)
        SELECT c.id, %(cprefix)s || lpad(c.g::text, 6, '0'), c.partner_id, %(company)s, %(user)s, true,
               c.r_cover < 0.3, true, c.date_start, c.date_end, c.fee, c.billing,
               CASE WHEN c.state = 'active' THEN (
                        SELECT min(s) FROM (SELECT (c.date_start + make_interval(months => c.step * i))::date AS s
                                              FROM generate_series(0, c.months / c.step - 1) i) n
                         WHERE n.s > %(today)s) END,
               0, 0, c.state, 30,
               c.state IN ('active', 'expired') AND c.date_end - 30 <= %(today)s, 0,
               c.date_start - 7, c.date_start - 7, %(user)s, %(user)s
          FROM bench_svc_contract c
        """,
        p,
    )
    # Numbers: the journal's sequence per year, after what it already has (as benchdata.py).
    cr.execute("SELECT DISTINCT extract(year FROM date)::int FROM bench_svc_inv")
    Move = gen.env["account.move"]
    for (year,) in cr.fetchall():
        starting = Move.new(
            {"journal_id": p["journal"], "move_type": "out_invoice", "date": date(year, 6, 1)}
        )._get_starting_sequence()
        prefix = starting.rsplit("/", 1)[0] + "/"
        cr.execute(
            "SELECT coalesce(max(sequence_number), 0) FROM account_move WHERE journal_id = %s AND sequence_prefix = %s",
            [p["journal"], prefix],
        )
        last = cr.fetchone()[0]
        cr.execute(
            """
            UPDATE bench_svc_inv i SET prefix = %(prefix)s, number = x.number,
                   name = %(prefix)s || lpad(x.number::text, greatest(%(padding)s, length(x.number::text)), '0')
              FROM (SELECT id, %(last)s + row_number() OVER (ORDER BY date, id) AS number
                      FROM bench_svc_inv WHERE extract(year FROM date) = %(year)s) x
             WHERE x.id = i.id
            """,
            {"prefix": prefix, "padding": len(starting) - len(prefix), "last": last, "year": year},
        )
    counts["service contract invoices"] = gen.sql(
        "account_move (contracts)",
        """
        INSERT INTO account_move (id, name, sequence_prefix, sequence_number, journal_id, company_id, currency_id,
               partner_id, commercial_partner_id, partner_shipping_id, invoice_user_id, state, move_type,
               auto_post, payment_reference, payment_state, invoice_partner_display_name, invoice_origin, date,
               invoice_date, invoice_date_due, invoice_currency_rate, amount_untaxed, amount_tax, amount_total,
               amount_residual, amount_untaxed_signed, amount_untaxed_in_currency_signed, amount_tax_signed,
               amount_total_signed, amount_total_in_currency_signed, amount_residual_signed, always_tax_exigible,
               checked, posted_before, made_sequence_gap, is_manually_modified, is_move_sent,
               crm_tr_service_contract_id, crm_tr_revenue, create_date, write_date, create_uid, write_uid)
        SELECT i.id, i.name, i.prefix, i.number, %(journal)s, %(company)s, %(currency)s,
               i.partner_id, i.partner_id, i.partner_id, %(user)s, 'posted', 'out_invoice',
               'no', i.name, 'not_paid', rp.name, i.origin, i.date,
               i.date, i.date + 30, 1.0, i.fee, i.tax, i.fee + i.tax,
               i.fee + i.tax, i.fee, i.fee, i.tax,
               i.fee + i.tax, i.fee + i.tax, i.fee + i.tax, false,
               true, true, false, false, false,
               i.contract_id, i.fee, i.date + time '09:00', i.date + time '09:00', %(user)s, %(user)s
          FROM bench_svc_inv i JOIN res_partner rp ON rp.id = i.partner_id
        """,
        p,
    )
    common = SQL(
        """journal_id, company_id, company_currency_id, currency_id, partner_id, move_name, parent_state, date,
           invoice_date, is_storno, reconciled, no_followup, deductible_amount,
           create_date, write_date, create_uid, write_uid"""
    )
    common_values = SQL(
        """%(journal)s, %(company)s, %(currency)s, %(currency)s, i.partner_id, i.name, 'posted', i.date,
           i.date, false, false, false, 100,
           i.date + time '09:00', i.date + time '09:00', %(user)s, %(user)s""",
        journal=p["journal"],
        company=p["company"],
        currency=p["currency"],
        user=p["user"],
    )
    cr.execute("ALTER TABLE bench_svc_inv ADD COLUMN line_id int")
    cr.execute("UPDATE bench_svc_inv SET line_id = nextval('account_move_line_id_seq')")
    gen.sql(
        "account_move_line (contracts)",
        SQL(
            """
        INSERT INTO account_move_line (id, move_id, sequence, display_type, account_id, product_id, product_uom_id,
               name, quantity, price_unit, discount, price_subtotal, price_total, balance, debit, credit,
               amount_currency, amount_residual, amount_residual_currency, tax_base_amount, %(common)s)
        SELECT i.line_id, i.id, 10, 'product', %(income)s, %(product)s, %(uom)s,
               i.label, 1, i.fee, 0, i.fee, i.fee + i.tax, -i.fee, 0, i.fee,
               -i.fee, 0, 0, 0, %(values)s
          FROM bench_svc_inv i
            """,
            common=common,
            values=common_values,
            income=p["income"],
            product=p["fee_product"],
            uom=p["fee_uom"],
        ),
    )
    gen.sql(
        "account_move_line_account_tax_rel",
        "INSERT INTO account_move_line_account_tax_rel (account_move_line_id, account_tax_id) "
        "SELECT line_id, %(tax)s FROM bench_svc_inv",
        p,
    )
    gen.sql(
        "account_move_line (contracts)",
        SQL(
            """
        INSERT INTO account_move_line (move_id, sequence, display_type, account_id, tax_line_id, tax_group_id,
               tax_repartition_line_id, name, quantity, price_unit, discount, price_subtotal, price_total,
               balance, debit, credit, amount_currency, amount_residual, amount_residual_currency, tax_base_amount,
               %(common)s)
        SELECT i.id, 10000, 'tax', %(account)s, %(tax)s, %(group)s, %(rep)s, %(name)s, 0, 0, 0, 0, 0,
               -i.tax, 0, i.tax, -i.tax, 0, 0, -i.fee, %(values)s
          FROM bench_svc_inv i
         WHERE i.tax <> 0
            """,
            common=common,
            values=common_values,
            account=p["tax_account"],
            tax=p["tax"],
            group=p["tax_group"],
            rep=p["tax_rep"],
            name=p["tax_name"],
        ),
    )
    gen.sql(
        "account_move_line (contracts)",
        SQL(
            """
        INSERT INTO account_move_line (move_id, sequence, display_type, account_id, name, date_maturity,
               quantity, price_unit, discount, price_subtotal, price_total, balance, debit, credit,
               amount_currency, amount_residual, amount_residual_currency, discount_amount_currency,
               discount_balance, tax_base_amount, %(common)s)
        SELECT i.id, 12000, 'payment_term', %(receivable)s, i.name, i.date + 30,
               0, 0, 0, 0, 0, i.fee + i.tax, i.fee + i.tax, 0,
               i.fee + i.tax, i.fee + i.tax, i.fee + i.tax, 0, 0, 0, %(values)s
          FROM bench_svc_inv i
            """,
            common=common,
            values=common_values,
            receivable=p["receivable"],
        ),
    )
    cr.execute("SELECT state, count(*) FROM bench_svc_contract GROUP BY 1 ORDER BY 1")
    counts["service contracts by state"] = dict(cr.fetchall())
    return counts


def _visits(env, gen, company, p):
    """~60,000 done service visits over the working days of the last two years, by crews of
    one or two technicians, several slots a day each; 40 % under a contract running that day."""
    cr = gen.cr
    counts = {}
    cr.execute(
        "DROP TABLE IF EXISTS bench_svc_day, bench_svc_tech, bench_svc_case, bench_svc_pcase, bench_svc_part, "
        "bench_svc_visit"
    )
    # Working days: Monday to Friday, not a public holiday of the company's calendar.
    has_contracts = bool(p["n_contracts"])
    cr.execute(
        SQL(
            """
        CREATE TEMP TABLE bench_svc_day AS
        SELECT (row_number() OVER (ORDER BY d) - 1)::int AS day_idx, d::date AS day,
               %(contracts)s AS contracts
          FROM generate_series(%(today)s::date - 730, %(today)s::date - 1, interval '1 day') d
         WHERE extract(isodow FROM d) < 6
           AND NOT EXISTS (SELECT 1 FROM resource_calendar_leaves l
                            WHERE l.resource_id IS NULL AND (l.calendar_id IS NULL OR l.calendar_id = %(calendar)s)
                              AND l.date_from <= d + time '09:00' AND l.date_to > d + time '09:00')
            """,
            contracts=SQL(
                """(SELECT array_agg(c.id ORDER BY c.id) FROM bench_svc_contract c
                     WHERE c.state IN ('active', 'expired') AND c.date_start <= d AND c.date_end >= d)"""
            )
            if has_contracts
            else SQL("NULL::int[]"),
            today=p["today"],
            calendar=company.resource_calendar_id.id or 0,
        )
    )
    cr.execute("SELECT count(*) FROM bench_svc_day")
    n_days = cr.fetchone()[0]
    wanted = max(N_TECHNICIANS, -(-p["n_visits"] // (len(SLOTS) * n_days * 4 // 5)) + 1)
    started = time.monotonic()
    technicians = make_technicians(env, company, wanted)
    gen.timings["technicians (ORM)"] = time.monotonic() - started
    n_tech = len(technicians)
    pairs = round(n_tech * PAIRS)
    crews = n_tech - pairs
    slots = -(-p["n_visits"] // (n_days * crews))
    if slots > len(SLOTS):
        raise SystemExit(f"{p['n_visits']} visits do not fit in {n_days} days of {crews} crews")
    cr.execute(
        "CREATE TEMP TABLE bench_svc_tech (idx int PRIMARY KEY, employee_id int, hourly_cost numeric, "
        "vehicle_id int, per_km numeric)"
    )
    cr.execute(
        "INSERT INTO bench_svc_tech SELECT i - 1, e, h, v, k FROM unnest(%s::int[], %s::numeric[], %s::int[], "
        "%s::numeric[]) WITH ORDINALITY t(e, h, v, k, i)",
        [list(column) for column in zip(*technicians, strict=True)],
    )
    # The open cases generated above, and each customer's; the spare parts to draw from.
    cr.execute(
        """
        CREATE TEMP TABLE bench_svc_case AS
        SELECT row_number() OVER (ORDER BY id)::int AS idx, id, partner_id, lot_id FROM crm_tr_service_case
         WHERE name LIKE 'BENCH-%%' AND company_id = %(company)s;
        CREATE UNIQUE INDEX ON bench_svc_case (idx);
        CREATE TEMP TABLE bench_svc_pcase AS
        SELECT partner_id, array_agg(idx ORDER BY idx) AS idxs FROM bench_svc_case GROUP BY 1;
        CREATE UNIQUE INDEX ON bench_svc_pcase (partner_id);
        CREATE TEMP TABLE bench_svc_part AS
        SELECT row_number() OVER (ORDER BY pp.id)::int AS idx, pp.id,
               coalesce((pp.standard_price ->> %(company)s::text)::numeric, 0) AS unit_cost
          FROM product_product pp
          JOIN product_template pt ON pt.id = pp.product_tmpl_id
          JOIN product_category pc ON pc.id = pt.categ_id
         WHERE pt.type = 'consu' AND pt.active AND pp.active
           AND pc.name IN ('Bench Yedek Parça', 'Bench Sarf Malzeme');
        ANALYZE bench_svc_day; ANALYZE bench_svc_case; ANALYZE bench_svc_pcase;
        """,
        p,
    )
    cr.execute("SELECT (SELECT count(*) FROM bench_svc_case), (SELECT count(*) FROM bench_svc_part)")
    n_cases, n_parts = cr.fetchone()
    q = {
        **p,
        "n_tech": n_tech,
        "pairs": pairs,
        "crews": crews,
        "slots": slots,
        "capacity": n_days * crews * slots,
        # Slot starts in UTC minutes after midnight (Istanbul is UTC+3).
        "slot_minutes": [int(s[:2]) * 60 + int(s[3:]) - 180 for s in SLOTS],
        "n_cases": n_cases,
        "n_parts": n_parts,
        "purposes": SERVICE_PURPOSES,
        "outcomes": SERVICE_OUTCOMES,
    }
    # Visit g takes crew-slot pos = (g - 1) × capacity / n: spread evenly over the two years.
    # On day d, crew c is technicians (2c, 2c+1) for the pairs, else c + pairs, counted from
    # d modulo the technicians: who works with whom rotates, nobody is in two places at once.
    gen.sql(
        "crm_tr_visit (service, plan)",
        SQL(
            """
        CREATE TEMP TABLE bench_svc_visit AS
        WITH v AS (
            SELECT g, (pos / (%(crews)s * %(slots)s))::int AS day_idx, ((pos / %(slots)s) %% %(crews)s)::int AS crew,
                   (pos %% %(slots)s)::int AS slot
              FROM generate_series(1, %(n)s) g
             CROSS JOIN LATERAL (SELECT (g - 1)::bigint * %(capacity)s / %(n)s AS pos) z
        ), t AS (
            SELECT v.*, d.day,
                   CASE WHEN crew < %(pairs)s THEN (2 * crew + v.day_idx) %% %(n_tech)s
                        ELSE (crew + %(pairs)s + v.day_idx) %% %(n_tech)s END AS tech_a,
                   CASE WHEN crew < %(pairs)s THEN (2 * crew + 1 + v.day_idx) %% %(n_tech)s END AS tech_b,
                   CASE WHEN pg_temp.rnd(g, %(s40)s) < 0.4 AND cardinality(d.contracts) > 0
                        THEN d.contracts[1 + floor(pg_temp.rnd(g, %(s41)s) * cardinality(d.contracts))::int]
                   END AS contract_id
              FROM v JOIN bench_svc_day d ON d.day_idx = v.day_idx
        ), c AS (
            SELECT t.*,
                   CASE WHEN t.contract_id IS NOT NULL THEN
                            CASE WHEN pg_temp.rnd(g, %(s42)s) < 0.85
                                 THEN pc.idxs[1 + floor(pg_temp.rnd(g, %(s43)s) * cardinality(pc.idxs))::int] END
                        WHEN pg_temp.rnd(g, %(s42)s) < 0.9 AND %(n_cases)s > 0
                        THEN 1 + floor(pg_temp.rnd(g, %(s43)s) * %(n_cases)s)::int
                   END AS case_idx,
                   ct.partner_id AS contract_partner_id
              FROM t
              LEFT JOIN crm_tr_service_contract ct ON ct.id = t.contract_id
              LEFT JOIN bench_svc_pcase pc ON pc.partner_id = ct.partner_id
        )
        SELECT c.g, c.day_idx, c.tech_a, c.tech_b, c.contract_id, cs.id AS case_id, cs.lot_id,
               coalesce(c.contract_partner_id, cs.partner_id, %(customer)s) AS partner_id,
               c.day + make_interval(mins => (%(slot_minutes)s::int[])[1 + c.slot]) AS planned_start,
               (ARRAY[45, 60])[1 + floor(pg_temp.rnd(g, %(s45)s) * 2)::int] AS minutes,
               floor(pg_temp.rnd(g, %(s46)s) * 6)::int AS late,
               0.8 + pg_temp.rnd(g, %(s47)s) * 0.35 AS stretch,
               (5 + floor(pg_temp.rnd(g, %(s48)s) * 60))::float8 AS km,
               CASE WHEN pg_temp.rnd(g, %(s49)s) < 0.3
                    THEN round((50 + pg_temp.rnd(g, %(s50)s) * 450)::numeric, 2) ELSE 0 END AS expense,
               CASE WHEN pg_temp.rnd(g, %(s51)s) < 0.3 AND %(n_parts)s > 0
                    THEN 1 + floor(pg_temp.rnd(g, %(s52)s) * %(n_parts)s)::int END AS part_idx,
               1 + floor(pg_temp.rnd(g, %(s53)s) * 2)::int AS part_qty
          FROM c LEFT JOIN bench_svc_case cs ON cs.idx = c.case_idx
            """,
            n=q["n_visits"],
            customer=benchdata.pick(p["customers"], SQL("c.g"), SALT + 44, "int"),
            **{
                key: q[key]
                for key in q
                if key in {"crews", "slots", "capacity", "pairs", "n_tech", "n_cases", "n_parts", "slot_minutes"}
            },
            **{key: value for key, value in p.items() if key.startswith("s") and key[1:].isdigit()},
        ),
    )
    cr.execute(
        """
        ALTER TABLE bench_svc_visit ADD COLUMN id int, ADD COLUMN planned_end timestamp,
              ADD COLUMN actual_start timestamp, ADD COLUMN actual_end timestamp, ADD COLUMN hours float8,
              ADD COLUMN employees int, ADD COLUMN labour_a numeric, ADD COLUMN labour_b numeric,
              ADD COLUMN parts numeric;
        UPDATE bench_svc_visit SET id = nextval('crm_tr_visit_id_seq'),
               planned_end = planned_start + make_interval(mins => minutes),
               actual_start = planned_start + make_interval(mins => late),
               actual_end = planned_start + make_interval(mins => late + round(minutes * stretch)::int),
               employees = CASE WHEN tech_b IS NULL THEN 1 ELSE 2 END;
        UPDATE bench_svc_visit v SET hours = extract(epoch FROM v.actual_end - v.actual_start) / 3600.0;
        UPDATE bench_svc_visit v SET
               labour_a = round((SELECT t.hourly_cost FROM bench_svc_tech t WHERE t.idx = v.tech_a)
                                * v.hours::numeric, 2),
               labour_b = coalesce(round((SELECT t.hourly_cost FROM bench_svc_tech t WHERE t.idx = v.tech_b)
                                         * v.hours::numeric, 2), 0),
               parts = coalesce(round(v.part_qty
                                      * (SELECT pt.unit_cost FROM bench_svc_part pt WHERE pt.idx = v.part_idx), 2), 0);
        CREATE UNIQUE INDEX ON bench_svc_visit (id);
        ANALYZE bench_svc_visit;
        """
    )
    counts["done service visits"] = gen.sql(
        "crm_tr_visit (service)",
        """
        INSERT INTO crm_tr_visit (id, name, visit_type, purpose, state, priority, partner_id, commercial_partner_id,
               user_id, company_id, state_id, city, vehicle_id, planned_start, planned_end, estimated_hours,
               planned_hours, actual_start, actual_end, actual_hours, distance_km, expense_amount, labour_cost,
               cost_per_km, travel_cost, parts_cost, total_cost, allow_overtime, crm_tr_rating_sms_sent, outcome,
               case_id, lot_id, crm_tr_contract_id, crm_tr_contract_hours, crm_tr_entitlement_override,
               rating_last_value, color, create_date, write_date, create_uid, write_uid)
        SELECT v.id, %(vprefix)s || lpad(v.g::text, 7, '0'), 'service',
               (%(purposes)s::varchar[])[1 + v.g %% cardinality(%(purposes)s::varchar[])], 'done', '0',
               v.partner_id, v.partner_id, %(user)s, %(company)s, rp.state_id, rp.city, a.vehicle_id,
               v.planned_start, v.planned_end, v.minutes / 60.0, v.minutes / 60.0, v.actual_start, v.actual_end,
               v.hours, v.km, v.expense, v.labour_a + v.labour_b, a.per_km, round((v.km * a.per_km)::numeric, 2),
               v.parts, v.labour_a + v.labour_b + round((v.km * a.per_km)::numeric, 2) + v.parts + v.expense,
               false, false, (%(outcomes)s::varchar[])[1 + v.g %% cardinality(%(outcomes)s::varchar[])],
               v.case_id, v.lot_id, v.contract_id, v.hours, false, 0, 0,
               v.planned_start - interval '3 days', v.actual_end, %(user)s, %(user)s
          FROM bench_svc_visit v
          JOIN bench_svc_tech a ON a.idx = v.tech_a
          JOIN res_partner rp ON rp.id = v.partner_id
        """,
        q,
    )
    gen.sql(
        "crm_tr_visit_hr_employee_rel (service)",
        """
        INSERT INTO crm_tr_visit_hr_employee_rel (crm_tr_visit_id, hr_employee_id)
        SELECT v.id, t.employee_id FROM bench_svc_visit v JOIN bench_svc_tech t ON t.idx IN (v.tech_a, v.tech_b)
        """,
    )
    # Labour as _crm_tr_price writes it for a visit inside working time: normal hours only.
    counts["labour lines"] = gen.sql(
        "crm_tr_visit_labour (service)",
        """
        INSERT INTO crm_tr_visit_labour (visit_id, company_id, employee_id, normal_hours, overtime_hours,
               weekend_hours, hourly_cost, overtime_multiplier, weekend_multiplier, cost,
               create_date, write_date, create_uid, write_uid)
        SELECT v.id, %(company)s, t.employee_id, v.hours, 0, 0, t.hourly_cost, %(overtime)s, %(weekend)s,
               CASE WHEN t.idx = v.tech_a THEN v.labour_a ELSE v.labour_b END,
               v.planned_start - interval '3 days', v.actual_end, %(user)s, %(user)s
          FROM bench_svc_visit v JOIN bench_svc_tech t ON t.idx IN (v.tech_a, v.tech_b)
        """,
        q,
    )
    counts["parts lines"] = gen.sql(
        "crm_tr_visit_part (service)",
        """
        INSERT INTO crm_tr_visit_part (sequence, visit_id, company_id, product_id, quantity, unit_cost, cost,
               create_date, write_date, create_uid, write_uid)
        SELECT 10, v.id, %(company)s, pt.id, v.part_qty, pt.unit_cost, v.parts,
               v.actual_end, v.actual_end, %(user)s, %(user)s
          FROM bench_svc_visit v JOIN bench_svc_part pt ON pt.idx = v.part_idx
        """,
        q,
    )
    # Bookings as _crm_tr_sync_bookings writes them (technicians and the van over the planned
    # time); a clash with a visit of the demo data leaves that one booking out.
    gen.sql(
        "crm_tr_visit_booking (service)",
        """
        INSERT INTO crm_tr_visit_booking (visit_id, company_id, resource, start, stop, blocking,
               create_date, write_date, create_uid, write_uid)
        SELECT v.id, %(company)s, r.resource, v.planned_start, v.planned_end, true,
               v.planned_start - interval '3 days', v.planned_start - interval '3 days', %(user)s, %(user)s
          FROM bench_svc_visit v
          JOIN bench_svc_tech a ON a.idx = v.tech_a
          LEFT JOIN bench_svc_tech b ON b.idx = v.tech_b
         CROSS JOIN LATERAL (VALUES ('hr.employee,' || a.employee_id), ('hr.employee,' || b.employee_id),
                                    ('fleet.vehicle,' || a.vehicle_id)) r(resource)
         WHERE r.resource IS NOT NULL
        ON CONFLICT DO NOTHING
        """,
        q,
    )
    if has_contracts:
        # Entitlements as sold: none (30 %) or 4, 6 or 12 visits a year, and for half of them
        # 1.5 hours a visit; never below what the done visits used (no override needed).
        gen.sql(
            "crm_tr_service_contract (entitlements)",
            """
            UPDATE crm_tr_service_contract sc
               SET entitlement_visits = x.visits,
                   entitlement_hours = CASE WHEN x.visits > 0 AND pg_temp.rnd(x.g, %(s31)s) < 0.5
                                            THEN greatest(x.visits * 1.5, ceil(x.hours)) ELSE 0 END
              FROM (SELECT c.id, c.g, coalesce(u.n, 0) AS n, coalesce(u.hours, 0) AS hours,
                           CASE WHEN pg_temp.rnd(c.g, %(s30)s) < 0.3 THEN 0
                                ELSE greatest((ARRAY[4, 6, 12])[1 + floor(pg_temp.rnd(c.g, %(s32)s) * 3)::int]
                                              * c.months / 12, coalesce(u.n, 0)) END AS visits
                      FROM bench_svc_contract c
                      LEFT JOIN (SELECT crm_tr_contract_id, count(*) AS n, sum(crm_tr_contract_hours) AS hours
                                   FROM crm_tr_visit WHERE state = 'done' AND crm_tr_contract_id IS NOT NULL
                                  GROUP BY 1) u ON u.crm_tr_contract_id = c.id) x
             WHERE sc.id = x.id
            """,
            p,
        )
    cr.execute(
        """SELECT count(*) FILTER (WHERE contract_id IS NOT NULL), count(*) FILTER (WHERE case_id IS NOT NULL),
                  count(*) FILTER (WHERE tech_b IS NOT NULL), count(*) FILTER (WHERE part_idx IS NOT NULL)
             FROM bench_svc_visit"""
    )
    figures = cr.fetchone()
    counts["service visits (on a contract, on a case, two technicians, with a part)"] = figures
    counts["technicians, crews a day, slots a crew, working days"] = (n_tech, crews, slots, n_days)
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--big", type=int, default=5_000)
    parser.add_argument("--contracts", type=int, default=2_000)
    parser.add_argument("--service-visits", type=int, default=60_000)
    parser.add_argument("--seed", type=int, default=20261202)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--no-http", "--log-level=warn"])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        for key, value in generate_service(
            env, args.seed, args.cases, args.big, n_contracts=args.contracts, n_visits=args.service_visits
        ).items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
