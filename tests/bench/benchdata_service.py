"""Benchmark data, service part: open service cases on the benchmark database.

    python3 tests/bench/benchdata_service.py -c ODOO_CONF -d DB [--cases 100000] [--big 5000]
                                             [--seed 20261202]

DB: a database filled by benchdata.py (20,000 customers of the main company) with
crm_tr_service installed at the current code (its teams, stages and SLA policies: the demo
data's, or any). The cases are written IN PLACE (the database is not copied), committed,
and the ones of an earlier run (reference ``BENCH-...``) are deleted first.

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

Rows are written set-wise with INSERT ... SELECT FROM generate_series (raw SQL on purpose,
as in benchdata.py: the ORM would take an hour for 100,000 cases with their SLA deadlines),
deterministic for a given seed (benchdata's pg_temp.rnd draws).
"""

import argparse
import time

import benchdata
import benchdb

import odoo
from odoo import api
from odoo.modules.registry import Registry
from odoo.tools import SQL

SALT = 9000  # salts of the service draws: clear of benchdata's


def generate_service(env, seed=20261202, n_cases=100_000, big=5_000):
    """Write `n_cases` open cases (`big` of them on one customer); return a dict of counts
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
    counts["elapsed"] = round(time.monotonic() - started, 1)
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--big", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=20261202)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--no-http", "--log-level=warn"])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        for key, value in generate_service(env, args.seed, args.cases, args.big).items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
