"""Benchmark: the analyses of crm_tr_reports on the benchmark data.

    python3 tests/bench/bench_reports.py -c ODOO_CONF -d DB [--rounds 5] [--company ID]
                                         [--only CASE ...] [--skip cases,cross_sell,excel]
                                         [--excel-rows 1000000] [--excel-rounds 2] [--excel-read-path]

DB: a database with the suite installed at the current code (`-u crm_tr_reports` after
tests/bench/benchdata.py: 200,000 invoices / 1,000,000 product lines). Nothing is written:
every measurement runs in a transaction rolled back at the end.

1. Cases (the table CASES below): each report's main aggregation as the web client asks for
   it (`formatted_read_group`, as the admin user in the main company, record rules applied)
   against a hand-written PostgreSQL query giving the same result, and against
   account.invoice.report grouped the same way where one exists; the three alternate in
   each round (the machine is shared and noisy), the results are checked equal, and the
   median of the per-round ratios is printed. Targets (issue 13, point 7): ≤ 1.5× the
   hand-written query, never slower than account.invoice.report.
2. Products bought together: `crm_tr.report.cross.sell._refresh_pairs` over every invoice of
   the main company (≈ 1,000,000 lines; minimum support 1 and 2), its total support checked
   against a hand-written count (Σ k·(k−1) over the baskets); the suggested products of the
   median, 90th and 99th percentile customers and of the one who bought most products.
   Target: ≤ 30 s.
3. Excel: `measure_excel(env, export, label)` times any export callable and its peak memory.
   Measured, each in a process of its own (this script started again with `--excel-child`)
   and alternating: the rows read only, a plain xlsxwriter (constant_memory) baseline
   writing the customer revenue report's rows, and the crm_tr_reports exporter
   (`crm_tr.report.xlsx._crm_tr_write_workbook`, constant_memory, as the export queue runs
   it) on the same report's list, same 10 columns. Target: ≥ 15,000 rows/s with ≤ 300 MB
   peak memory at 1,000,000 rows.

Adding a report after the merge: append a `Case` to CASES (model, groupby, aggregates, the
hand-written SQL returning (key, value, ...) rows in the same order, and the
account.invoice.report equivalent or None).
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from unittest.mock import patch

import benchdb

import odoo
from odoo import api
from odoo.modules.registry import Registry
from odoo.tools import SQL

# -- the cases --------------------------------------------------------------------------------

# Where clause of the posted customer invoice and credit note product lines, for hand-written SQL.
POSTED_SALES = """
      FROM account_move_line line
      JOIN account_move move ON move.id = line.move_id
     WHERE move.state = 'posted' AND move.move_type IN ('out_invoice', 'out_refund')
       AND line.display_type = 'product' AND line.company_id = %(company)s
"""
INVOICE_REPORT_DOMAIN = [("state", "=", "posted"), ("move_type", "in", ("out_invoice", "out_refund"))]


@dataclass
class Case:
    """One aggregation of a report, as a pivot or graph asks for it.

    `hand_sql(company_id)` returns an SQL whose rows are (group key, aggregate, ...) in the
    order of `aggregates`; `invoice_report` is (domain, groupby, aggregates) on
    account.invoice.report for the same figure, or None."""

    name: str
    model: str
    groupby: list
    aggregates: list
    hand_sql: object
    domain: list = field(default_factory=list)
    invoice_report: tuple | None = None
    # how many of the first figures mean the same in account.invoice.report (all by default)
    invoice_report_figures: int | None = None


def _posted_sales(select, group):
    return lambda company: SQL("SELECT %s %s GROUP BY %s", SQL(select), SQL(POSTED_SALES, company=company), SQL(group))


CASES = [
    Case(
        "customer revenue by customer",
        "crm_tr.report.customer.revenue",
        ["partner_id"],
        ["revenue:sum"],
        _posted_sales("move.commercial_partner_id, SUM(-line.balance)", "1"),
        invoice_report=(INVOICE_REPORT_DOMAIN, ["commercial_partner_id"], ["price_subtotal:sum"]),
    ),
    Case(
        "customer revenue by month",
        "crm_tr.report.customer.revenue",
        ["date:month"],
        ["revenue:sum"],
        _posted_sales("date_trunc('month', move.invoice_date)::date, SUM(-line.balance)", "1"),
        invoice_report=(INVOICE_REPORT_DOMAIN, ["invoice_date:month"], ["price_subtotal:sum"]),
    ),
    Case(
        "customer revenue by product category",
        "crm_tr.report.customer.revenue",
        ["categ_id"],
        ["revenue:sum", "quantity:sum"],
        lambda company: SQL(
            """SELECT template.categ_id, SUM(-line.balance),
                      SUM(CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END * line.quantity)
                 FROM account_move_line line
                 JOIN account_move move ON move.id = line.move_id
            LEFT JOIN product_product product ON product.id = line.product_id
            LEFT JOIN product_template template ON template.id = product.product_tmpl_id
                WHERE move.state = 'posted' AND move.move_type IN ('out_invoice', 'out_refund')
                  AND line.display_type = 'product' AND line.company_id = %s
             GROUP BY 1""",
            company,
        ),
        invoice_report=(INVOICE_REPORT_DOMAIN, ["product_categ_id"], ["price_subtotal:sum", "quantity:sum"]),
    ),
    Case(
        "customer revenue by salesperson",
        "crm_tr.report.customer.revenue",
        ["user_id"],
        ["revenue:sum", "margin:sum"],
        lambda company: SQL(
            # the margin of the merged report: the cost frozen on the line when it was posted
            """SELECT move.invoice_user_id, SUM(-line.balance), SUM(-line.balance - COALESCE(line.crm_tr_cost, 0))
                 FROM account_move_line line
                 JOIN account_move move ON move.id = line.move_id
                WHERE move.state = 'posted' AND move.move_type IN ('out_invoice', 'out_refund')
                  AND line.display_type = 'product' AND line.company_id = %s
             GROUP BY 1""",
            company,
        ),
        # account.invoice.report's margin is at today's product cost: only the revenue compares
        invoice_report=(INVOICE_REPORT_DOMAIN, ["invoice_user_id"], ["price_subtotal:sum", "price_margin:sum"]),
        invoice_report_figures=1,
    ),
    Case(
        "bought together by product",
        "crm_tr.report.cross.sell",
        ["product_id"],
        ["support_count:sum", "lift:max"],
        lambda company: SQL(
            """SELECT product_id, SUM(support_count), MAX(lift) FROM crm_tr_report_cross_sell
                WHERE company_id = %s GROUP BY 1""",
            company,
        ),
    ),
    # -- the reports merged after the first run (issue 13, point 7: every report) -------------
    Case(
        "customer profitability by customer",
        "crm_tr.report.customer.profitability",
        ["partner_id"],
        ["revenue:sum", "net_profit:sum"],
        # the three sources, each filtered on the company, only the columns the figures need;
        # the invoices' product revenue and frozen cost per invoice, as the report reads them
        # (per line: 585 ms against 416 ms for account.invoice.report, 2026-12-02)
        lambda company: SQL(
            """SELECT src.partner_id, SUM(src.revenue), SUM(src.revenue - src.cost)
                 FROM (SELECT move.commercial_partner_id AS partner_id, move.crm_tr_revenue AS revenue,
                              COALESCE(move.crm_tr_cost, 0) AS cost
                         FROM account_move move
                        WHERE move.state = 'posted' AND move.move_type IN ('out_invoice', 'out_refund')
                          AND move.crm_tr_revenue IS NOT NULL AND move.company_id = %(company)s
                    UNION ALL
                       SELECT visit.commercial_partner_id, 0, COALESCE(visit.total_cost, 0)
                         FROM crm_tr_visit visit
                        WHERE visit.state = 'done' AND visit.commercial_partner_id IS NOT NULL
                          AND visit.company_id = %(company)s
                    UNION ALL
                       SELECT card_partner.commercial_partner_id, 0,
                              accrual.points * COALESCE(program.crm_tr_point_value, 0)
                         FROM crm_tr_loyalty_accrual accrual
                         JOIN res_partner card_partner ON card_partner.id = accrual.partner_id
                         JOIN loyalty_program program ON program.id = accrual.program_id
                        WHERE accrual.state = 'done' AND accrual.kind IN ('accrual', 'reversal')
                          AND accrual.company_id = %(company)s) src
             GROUP BY 1""",
            company=company,
        ),
        # revenue only: account.invoice.report has no visit or loyalty costs
        invoice_report=(INVOICE_REPORT_DOMAIN, ["commercial_partner_id"], ["price_subtotal:sum"]),
    ),
    Case(
        "customer RFM by segment",
        "crm_tr.report.customer.rfm",
        ["segment"],
        ["customer_count:sum", "monetary:sum"],
        # only the windows the segment needs (recency and frequency quintiles)
        lambda company: SQL(
            """WITH customer AS (
                   SELECT move.commercial_partner_id AS partner_id,
                          MAX(move.invoice_date) FILTER (WHERE move.move_type = 'out_invoice') AS last_date,
                          COUNT(*) FILTER (WHERE move.move_type = 'out_invoice') AS frequency,
                          SUM(move.amount_untaxed_signed) AS monetary
                     FROM account_move move
                    WHERE move.state = 'posted' AND move.move_type IN ('out_invoice', 'out_refund')
                      AND move.company_id = %(company)s
                 GROUP BY 1
                   HAVING COUNT(*) FILTER (WHERE move.move_type = 'out_invoice') > 0
               ), scored AS (
                   SELECT monetary, ntile(5) OVER (ORDER BY last_date, partner_id) AS r,
                          ntile(5) OVER (ORDER BY frequency, partner_id) AS f
                     FROM customer
               )
               SELECT CASE WHEN r >= 4 AND f >= 4 THEN 'champions' WHEN r >= 3 AND f >= 3 THEN 'loyal'
                           WHEN r >= 4 THEN 'promising' WHEN r = 3 THEN 'need_attention'
                           WHEN f >= 3 THEN 'at_risk' ELSE 'lost' END,
                      COUNT(*), SUM(monetary)
                 FROM scored GROUP BY 1""",
            company=company,
        ),
    ),
    Case(
        "customer RFM by customer",
        "crm_tr.report.customer.rfm",
        ["partner_id"],
        ["monetary:sum"],
        lambda company: SQL(
            """SELECT move.commercial_partner_id, SUM(move.amount_untaxed_signed)
                 FROM account_move move
                WHERE move.state = 'posted' AND move.move_type IN ('out_invoice', 'out_refund')
                  AND move.company_id = %s
             GROUP BY 1
               HAVING COUNT(*) FILTER (WHERE move.move_type = 'out_invoice') > 0""",
            company,
        ),
        invoice_report=(INVOICE_REPORT_DOMAIN, ["commercial_partner_id"], ["price_subtotal:sum"]),
    ),
    Case(
        "product analysis by product",
        "crm_tr.report.product",
        ["product_id"],
        ["revenue:sum", "quantity:sum", "case_count:sum"],
        lambda company: SQL(
            # the columns of the three sources of the same types (a UNION ALL PostgreSQL can
            # flatten and run in parallel: 505 ms without the casts, 2026-12-02)
            """SELECT src.product_id, SUM(src.revenue), SUM(src.quantity), SUM(src.cases)
                 FROM (SELECT line.product_id, -line.balance AS revenue,
                              CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END * line.quantity AS quantity,
                              0 AS cases
                         FROM account_move_line line
                         JOIN account_move move ON move.id = line.move_id
                        WHERE move.state = 'posted' AND move.move_type IN ('out_invoice', 'out_refund')
                          AND line.display_type = 'product' AND line.product_id IS NOT NULL
                          AND line.company_id = %(company)s
                    UNION ALL
                       SELECT product_id, 0::numeric, 0::numeric, 1 FROM crm_tr_service_case
                        WHERE state != 'cancelled' AND product_id IS NOT NULL AND company_id = %(company)s
                    UNION ALL
                       SELECT product_id, 0::numeric, 0::numeric, 0 FROM stock_lot
                        WHERE crm_tr_partner_id IS NOT NULL AND company_id = %(company)s) src
             GROUP BY 1""",
            company=company,
        ),
        invoice_report=(INVOICE_REPORT_DOMAIN, ["product_id"], ["price_subtotal:sum", "quantity:sum"]),
    ),
    Case(
        "service cases by category",
        "crm_tr.report.service.case",
        ["category_id"],
        ["__count", "resolution_hours:avg", "resolution_compliance:avg"],
        lambda company: SQL(
            """SELECT category_id, COUNT(*),
                      AVG(CASE WHEN state = 'done' THEN EXTRACT(EPOCH FROM date_closed - date_open) / 3600.0 END),
                      AVG(CASE WHEN state = 'done' AND date_closed <= sla_deadline THEN 100.0
                               WHEN state != 'cancelled'
                                    AND COALESCE(date_closed, NOW() AT TIME ZONE 'UTC') > sla_deadline THEN 0.0 END)
                 FROM crm_tr_service_case WHERE company_id = %s GROUP BY 1""",
            company,
        ),
    ),
    Case(
        "technicians by technician",
        "crm_tr.report.technician",
        ["employee_id"],
        ["working_days:sum", "duration_hours:sum", "cost:sum"],
        lambda company: SQL(
            """SELECT visits.employee_id, COUNT(DISTINCT (visits.employee_id, visits.day)), SUM(visits.hours),
                      SUM(COALESCE(labour.cost, 0) + visits.other_cost / visits.employees)
                 FROM (SELECT visit.id, rel.hr_employee_id AS employee_id,
                              (COALESCE(visit.actual_start, visit.planned_start) AT TIME ZONE 'UTC'
                                   AT TIME ZONE COALESCE(resource.tz, 'Europe/Istanbul'))::date AS day,
                              COALESCE(NULLIF(visit.actual_hours, 0), visit.planned_hours) AS hours,
                              COALESCE(visit.total_cost, 0) - COALESCE(visit.labour_cost, 0) AS other_cost,
                              COUNT(*) OVER (PARTITION BY visit.id) AS employees
                         FROM crm_tr_visit visit
                         JOIN crm_tr_visit_hr_employee_rel rel ON rel.crm_tr_visit_id = visit.id
                         JOIN hr_employee employee ON employee.id = rel.hr_employee_id
                    LEFT JOIN resource_resource resource ON resource.id = employee.resource_id
                        WHERE visit.state = 'done' AND visit.visit_type = 'service' AND visit.company_id = %s
                      ) visits
            LEFT JOIN crm_tr_visit_labour labour
                   ON labour.visit_id = visits.id AND labour.employee_id = visits.employee_id
             GROUP BY 1""",
            company,
        ),
    ),
    Case(
        "service contracts by customer",
        "crm_tr.report.service.contract",
        ["partner_id"],
        ["invoiced_amount:sum", "cost:sum", "profit:sum"],
        lambda company: SQL(
            """SELECT contract.partner_id, SUM(COALESCE(invoices.amount, 0)), SUM(COALESCE(visits.cost, 0)),
                      SUM(COALESCE(invoices.amount, 0) - COALESCE(visits.cost, 0))
                 FROM crm_tr_service_contract contract
            LEFT JOIN (SELECT crm_tr_service_contract_id AS contract_id, SUM(amount_untaxed_signed) AS amount
                         FROM account_move WHERE state = 'posted' AND crm_tr_service_contract_id IS NOT NULL
                     GROUP BY 1) invoices ON invoices.contract_id = contract.id
            LEFT JOIN (SELECT crm_tr_contract_id AS contract_id, SUM(total_cost) AS cost
                         FROM crm_tr_visit WHERE state = 'done' AND crm_tr_contract_id IS NOT NULL
                     GROUP BY 1) visits ON visits.contract_id = contract.id
                WHERE contract.company_id = %s
             GROUP BY 1""",
            company,
        ),
    ),
    Case(
        "quotation acceptance by salesperson",
        "crm_tr.report.quotation.acceptance",
        ["user_id"],
        ["quotation_count:sum", "confirmed_count:sum", "amount:sum", "confirmed_amount:sum"],
        lambda company: SQL(
            """SELECT user_id, COUNT(*), COUNT(*) FILTER (WHERE state = 'sale'),
                      SUM(amount_untaxed / COALESCE(NULLIF(currency_rate, 0), 1)),
                      COALESCE(SUM(amount_untaxed / COALESCE(NULLIF(currency_rate, 0), 1))
                               FILTER (WHERE state = 'sale'), 0)
                 FROM sale_order
                WHERE state IN ('sent', 'sale', 'cancel') AND company_id = %s
             GROUP BY 1""",
            company,
        ),
    ),
    Case(
        "quotation acceptance by main product",
        "crm_tr.report.quotation.acceptance",
        ["product_id"],
        ["quotation_count:sum", "confirmed_count:sum", "amount:sum"],
        lambda company: SQL(
            """SELECT main_line.product_id, COUNT(*), COUNT(*) FILTER (WHERE so.state = 'sale'),
                      SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1))
                 FROM sale_order so
            LEFT JOIN LATERAL (SELECT line.product_id FROM sale_order_line line
                                WHERE line.order_id = so.id AND line.product_id IS NOT NULL
                                  AND line.display_type IS NULL
                             ORDER BY line.price_subtotal DESC, line.id LIMIT 1) main_line ON TRUE
                WHERE so.state IN ('sent', 'sale', 'cancel') AND so.company_id = %s
             GROUP BY 1""",
            company,
        ),
    ),
    Case(
        "pipeline by probability band",
        "crm_tr.report.pipeline",
        ["probability_band"],
        ["opportunity_count:sum", "expected_revenue:sum", "weighted_revenue:sum"],
        lambda company: SQL(
            """SELECT CASE WHEN COALESCE(lead.probability, 0) < 20 THEN '0_20' WHEN lead.probability < 40 THEN '20_40'
                           WHEN lead.probability < 60 THEN '40_60' WHEN lead.probability < 80 THEN '60_80'
                           ELSE '80_100' END,
                      COUNT(*), SUM(COALESCE(lead.expected_revenue, 0)),
                      SUM(COALESCE(lead.expected_revenue, 0) * COALESCE(lead.probability, 0) / 100.0)
                 FROM crm_lead lead
            LEFT JOIN crm_team team ON team.id = lead.team_id
                WHERE lead.type = 'opportunity' AND lead.active AND lead.won_status = 'pending'
                  AND COALESCE(lead.company_id, team.company_id, %(company)s) = %(company)s
             GROUP BY 1""",
            company=company,
        ),
    ),
]


# -- helpers -----------------------------------------------------------------------------------


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def _key(value):
    if isinstance(value, (list, tuple)):
        value = value[0]
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    if value is False:
        return None
    return value


def _number(value):
    return round(float(value or 0.0), 2)


def orm_rows(env, model, domain, groupby, aggregates):
    """The ORM's aggregation (`_read_group`, record rules applied), normalised to {key: (values...)}."""
    groups = env[model]._read_group(domain, groupby, aggregates)
    return {
        _key(key.id if hasattr(key, "_name") else key): tuple(_number(v) for v in values) for key, *values in groups
    }


def web_rows(env, model, domain, groupby, aggregates):
    """What the web client's grouped views receive (`formatted_read_group`: the groups' names too)."""
    groups = env[model].formatted_read_group(domain, groupby, aggregates)
    return {_key(group[groupby[0]]): tuple(_number(group[spec]) for spec in aggregates) for group in groups}


def sql_rows(cr, query):
    cr.execute(query)
    return {_key(row[0]): tuple(_number(value) for value in row[1:]) for row in cr.fetchall()}


def _differences(first, second, tolerance=0.05, width=None):
    """The groups whose figures differ. With `width` (against account.invoice.report, which
    may have fewer figures than the report's case): the first `width` figures only, and a
    group missing on one side counts as equal when those figures are all zero there."""
    keys = set(first) | set(second)
    zero = (0.0,) * (width or max((len(v) for v in [*first.values(), *second.values()]), default=0))

    def figures(rows, key):
        values = rows.get(key, zero)
        return values[:width] if width else values

    bad = [
        key
        for key in keys
        if (width is None and (key not in first or key not in second))
        or any(abs(a - b) > tolerance for a, b in zip(figures(first, key), figures(second, key), strict=True))
    ]
    return sorted(bad, key=str)[:5], len(bad)


# -- 1. cases ----------------------------------------------------------------------------------


def run_cases(env, company, args):
    cr = env.cr
    uenv = env(user=env.ref("base.user_admin").id, su=False, context={"allowed_company_ids": company.ids})
    results = []
    for case in CASES:
        if args.only and not any(word in case.name for word in args.only):
            continue
        if case.model not in env:
            print(f"{case.name}: model {case.model} not installed, skipped")
            continue
        timings = {"ours": [], "hand": [], "invoice report": [], "ours (web)": [], "invoice report (web)": []}
        outputs = {}
        runners = {
            "ours": lambda c=case: orm_rows(uenv, c.model, c.domain, c.groupby, c.aggregates),
            "hand": lambda c=case: sql_rows(cr, c.hand_sql(company.id)),
        }
        if case.invoice_report:
            domain, groupby, aggregates = case.invoice_report
            runners["invoice report"] = lambda d=domain, g=groupby, a=aggregates: orm_rows(
                uenv, "account.invoice.report", d, g, a
            )
        runners["ours (web)"] = lambda c=case: web_rows(uenv, c.model, c.domain, c.groupby, c.aggregates)
        if case.invoice_report:
            runners["invoice report (web)"] = lambda d=domain, g=groupby, a=aggregates: web_rows(
                uenv, "account.invoice.report", d, g, a
            )
        names = list(runners)
        for round_no in range(args.rounds):
            order = names[round_no % len(names) :] + names[: round_no % len(names)]
            for name in order:
                uenv.invalidate_all()
                spent, rows = timed(runners[name])
                timings[name].append(spent)
                outputs[name] = rows
        bad, count = _differences(outputs["ours"], outputs["hand"])
        check = "results equal" if not count else f"RESULTS DIFFER on {count} groups, e.g. {bad}"
        line = (
            f"{case.name}: {len(outputs['ours']):,} groups; ours {statistics.median(timings['ours']) * 1000:.0f} ms, "
            f"hand-written {statistics.median(timings['hand']) * 1000:.0f} ms: ratio of medians "
            f"{statistics.median(timings['ours']) / statistics.median(timings['hand']):.2f}, median ratio "
            f"{statistics.median(o / h for o, h in zip(timings['ours'], timings['hand'], strict=True)):.2f} (≤ 1.5)"
        )
        if "invoice report" in outputs:
            ratio = statistics.median(o / b for o, b in zip(timings["ours"], timings["invoice report"], strict=True))
            ibad, icount = _differences(
                outputs["ours"],
                outputs["invoice report"],
                width=case.invoice_report_figures or len(case.invoice_report[2]),
            )
            line += (
                f"; account.invoice.report {statistics.median(timings['invoice report']) * 1000:.0f} ms: "
                f"median ratio {ratio:.2f} (≤ 1), "
                + ("same figures" if not icount else f"figures differ on {icount} groups, e.g. {ibad}")
            )
        web = f"ours {statistics.median(timings['ours (web)']) * 1000:.0f} ms"
        if timings["invoice report (web)"]:
            web_ratio = statistics.median(
                o / b for o, b in zip(timings["ours (web)"], timings["invoice report (web)"], strict=True)
            )
            web += (
                f", account.invoice.report {statistics.median(timings['invoice report (web)']) * 1000:.0f} ms: "
                f"median ratio {web_ratio:.2f}"
            )
        if _differences(outputs["ours (web)"], outputs["hand"])[1]:
            web += ", WEB RESULTS DIFFER"
        print(f"{line}; {check}\n    as the web client asks (formatted_read_group, with the groups' names): {web}")
        results.append((case, timings, count))
    cr.rollback()
    return results


# -- 2. products bought together ---------------------------------------------------------------


def run_cross_sell(env, company, args):
    cr = env.cr
    Pair = env["crm_tr.report.cross.sell"]
    cr.execute(
        SQL(
            """SELECT COUNT(*) FROM account_move_line line JOIN account_move move ON move.id = line.move_id
                WHERE move.company_id = %s AND move.state = 'posted' AND move.move_type = 'out_invoice'
                  AND line.display_type = 'product'""",
            company.id,
        )
    )
    lines = cr.fetchone()[0]
    # Σ k(k-1) over the baskets: every ordered pair once, with no minimum support.
    hand = SQL(
        """WITH %s SELECT COALESCE(SUM(k * (k - 1)), 0), COUNT(*) FROM (
               SELECT basket, COUNT(*) AS k FROM items GROUP BY basket) b""",
        Pair._items_sql(company, None),
    )
    for min_support in (1, 2):
        spent_list, rows = [], 0
        for _round in range(args.rounds):
            company.write({"crm_tr_cross_sell_min_support": min_support, "crm_tr_cross_sell_months": 0})
            spent, rows = timed(lambda: Pair._refresh_pairs(company))
            spent_list.append(spent)
            cr.execute(
                SQL(
                    "SELECT COALESCE(SUM(support_count), 0) FROM crm_tr_report_cross_sell WHERE company_id = %s",
                    company.id,
                )
            )
            total = cr.fetchone()[0]
            if min_support == 1:
                hand_spent, (expected, baskets) = timed(lambda: (cr.execute(hand), cr.fetchone())[1])
                check = "equal" if total == expected else f"DIFFERENT: {expected:,} by hand"
            cr.rollback()
            env.invalidate_all()
        extra = (
            f"; total support {total:,} ({check}; the hand-written count over {baskets:,} baskets {hand_spent:.2f} s)"
            if min_support == 1
            else f"; total support {total:,}"
        )
        print(
            f"bought together, {lines:,} invoice lines, minimum support {min_support}: {rows:,} pairs, "
            f"median {statistics.median(spent_list):.2f} s "
            f"(runs {', '.join(f'{s:.2f}' for s in spent_list)}; target ≤ 30 s)"
            f"{extra}"
        )
    # the suggestions of customers by how many products they bought: median, 90th and 99th
    # percentiles, the most
    # first clear the dead rows the rolled-back refreshes above left (a night's refresh leaves
    # one set, which autovacuum clears)
    cr.rollback()
    benchdb.vacuum(args.database, ["crm_tr_report_cross_sell"])
    company.write({"crm_tr_cross_sell_min_support": 2, "crm_tr_cross_sell_months": 0})
    Pair._refresh_pairs(company)
    cr.execute(
        SQL(
            """SELECT line.partner_id, COUNT(DISTINCT line.product_id) AS products
                 FROM account_move_line line JOIN account_move move ON move.id = line.move_id
                WHERE move.company_id = %s AND move.state = 'posted' AND move.move_type = 'out_invoice'
                  AND line.display_type = 'product'
             GROUP BY 1 ORDER BY 2, 1""",
            company.id,
        )
    )
    customers = cr.fetchall()
    picks = {
        "median": customers[len(customers) // 2],
        "90th percentile": customers[int(len(customers) * 0.9)],
        "99th percentile": customers[int(len(customers) * 0.99)],
        "most products": customers[-1],
    }
    uenv = env(user=env.ref("base.user_admin").id, su=False, context={"allowed_company_ids": company.ids})
    for label, (partner_id, products) in picks.items():
        times = []
        for _round in range(args.rounds * 2):
            uenv.invalidate_all()
            spent, suggestions = timed(lambda p=partner_id: uenv["crm_tr.report.cross.sell"].get_suggestions(p))
            times.append(spent)
        print(
            f"suggested products, {label} customer (partner {partner_id}, {products} products bought): "
            f"{len(suggestions)} products, median {statistics.median(times) * 1000:.0f} ms"
        )
    cr.rollback()
    env.invalidate_all()


# -- 3. Excel ----------------------------------------------------------------------------------


def _rss_mb(kind="VmRSS"):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(kind + ":"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak():
    """Reset the process's peak RSS (VmHWM) to its current RSS (Linux ≥ 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
        return True
    except OSError:
        return False


def measure_excel(env, export, label, target_rows=None):
    """Time `export(env, path) -> rows written` into a temporary file and measure the
    process's memory: RSS before, peak RSS during the export (VmHWM, reset before), growth.
    Any exporter can be plugged in: it only has to write the file at `path`."""
    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="crm_tr_bench_")
    os.close(handle)
    try:
        env.invalidate_all()
        before = _rss_mb()
        reset = _reset_peak()
        cpu_start = time.process_time()
        spent, rows = timed(lambda: export(env, path))
        cpu = time.process_time() - cpu_start
        peak = _rss_mb("VmHWM") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        size = os.path.getsize(path) / 1024 / 1024
    finally:
        os.unlink(path)
    print(
        f"Excel, {label}: {rows:,} rows in {spent:.1f} s: {rows / spent:,.0f} rows/s (≥ 15,000); "
        f"this process's CPU {cpu:.1f} s ({rows / cpu:,.0f} rows per CPU second, the rest is PostgreSQL "
        f"and waiting for a core); "
        f"peak RSS {peak:.0f} MB (RSS before {before:.0f} MB, growth {peak - before:.0f} MB; ≤ 300 MB); "
        f"file {size:.0f} MB" + ("" if reset else " (peak: ru_maxrss, not reset)")
    )
    return {
        "rows": rows,
        "seconds": spent,
        "cpu": cpu,
        "rows_per_s": rows / spent,
        "peak_mb": peak,
        "before_mb": before,
    }


EXCEL_COLUMNS = [
    ("Invoice Date", "date"),
    ("Invoice", "move"),
    ("Customer", "partner"),
    ("Province", "state"),
    ("Product", "product"),
    ("Salesperson", "salesperson"),
    ("Quantity", "quantity"),
    ("Revenue (untaxed)", "revenue"),
    ("Cost", "cost"),
    ("Margin", "margin"),
]


def xlsxwriter_baseline(limit, write=True):
    """The baseline exporter: the customer revenue report's rows of the current company
    (names joined in SQL, read with a server-side cursor 5,000 at a time) written by a
    plain xlsxwriter workbook in constant_memory mode, one row per report line. With
    write=False the rows are only read: the share of PostgreSQL and the transfer."""

    def export(env, path):
        import xlsxwriter

        Report = env["crm_tr.report.customer.revenue"]
        query = SQL(
            """SELECT report.date, move.name, partner.name, state.name, product.default_code,
                      salesperson_partner.name, report.quantity, report.revenue, report.cost, report.margin
                 FROM (%s) report
                 JOIN account_move move ON move.id = report.move_id
                 JOIN res_partner partner ON partner.id = report.partner_id
            LEFT JOIN res_country_state state ON state.id = report.state_id
            LEFT JOIN product_product product ON product.id = report.product_id
            LEFT JOIN res_users salesperson ON salesperson.id = report.user_id
            LEFT JOIN res_partner salesperson_partner ON salesperson_partner.id = salesperson.partner_id
                WHERE report.company_id = %s
             ORDER BY report.date, report.id
                LIMIT %s""",
            Report._table_query,
            env.company.id,
            limit,
        )
        workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "tmpdir": tempfile.gettempdir()})
        sheet = workbook.add_worksheet("Customer Revenue")
        date_format = workbook.add_format({"num_format": "dd.mm.yyyy"})
        money = workbook.add_format({"num_format": "#,##0.00"})
        sheet.write_row(0, 0, [title for title, _name in EXCEL_COLUMNS], workbook.add_format({"bold": True}))
        raw = env.cr._cnx.cursor(name="crm_tr_bench_excel")
        raw.itersize = 5000
        raw.execute(query.code, query.params)
        row_no = 0
        if not write:
            count = sum(1 for _row in raw)
            raw.close()
            return count
        for row_no, row in enumerate(raw, start=1):
            sheet.write_datetime(row_no, 0, datetime(row[0].year, row[0].month, row[0].day), date_format)
            sheet.write_row(row_no, 1, row[1:6])
            sheet.write_number(row_no, 6, row[6] or 0.0)
            sheet.write_number(row_no, 7, row[7] or 0.0, money)
            sheet.write_number(row_no, 8, row[8] or 0.0, money)
            sheet.write_number(row_no, 9, row[9] or 0.0, money)
        raw.close()
        workbook.close()
        return row_no

    return export


def crm_tr_exporter(limit):
    """The crm_tr_reports exporter as the export queue runs it (`_crm_tr_write_workbook`
    with constant_memory, as the admin user: access rights and record rules apply) on the
    customer revenue report's list, the same 10 columns as the baseline; the most recent
    `limit` rows (a date filter: whole days, so a few more rows when it cuts a day)."""

    def export(env, path):
        uenv = env(user=env.ref("base.user_admin").id, su=False)
        Report = uenv["crm_tr.report.customer.revenue"]
        domain = []
        if limit < Report.search_count([]):
            env.cr.execute(
                SQL(
                    "SELECT report.date FROM (%s) report WHERE report.company_id = %s "
                    "ORDER BY report.date DESC OFFSET %s LIMIT 1",
                    Report._table_query,
                    env.company.id,
                    limit - 1,
                )
            )
            domain = [("date", ">=", env.cr.fetchone()[0])]
        return uenv["crm_tr.report.xlsx"]._crm_tr_write_workbook(
            path, Report._name, domain, EXCEL_FIELDS, constant_memory=True
        )

    return export


def crm_tr_read_path_exporter(limit):
    """The same exporter through its read() path (ids from _search, read() in batches: how
    every list export ran before the rows were streamed set-wise; still the path of a report
    with fields that are not columns)."""
    export = crm_tr_exporter(limit)

    def rows(self, Report, domain, columns, groupby):
        yield from self._crm_tr_rows_orm(Report, Report._search(domain, order=Report._order).get_result_ids(), columns)

    def run(env, path):
        with patch.object(type(env["crm_tr.report.xlsx"]), "_crm_tr_rows", rows):
            return export(env, path)

    return run


# the baseline's columns, as report fields
EXCEL_FIELDS = [
    *("date", "move_id", "partner_id", "state_id", "product_id", "user_id"),
    *("quantity", "revenue", "cost", "margin"),
]
EXCEL_KINDS = {
    "read": ("the rows read only, nothing written", lambda rows: xlsxwriter_baseline(rows, write=False)),
    "baseline": ("xlsxwriter constant_memory baseline, customer revenue", xlsxwriter_baseline),
    "crm_tr": ("crm_tr_reports exporter (crm_tr.report.xlsx), customer revenue list", crm_tr_exporter),
    "crm_tr_read": ("crm_tr_reports exporter through read(), customer revenue list", crm_tr_read_path_exporter),
}


def run_excel_child(env, company, args):
    """One Excel measurement in this (child) process; its result as the last line."""
    label, factory = EXCEL_KINDS[args.excel_child]
    result = measure_excel(env(context={"allowed_company_ids": company.ids}), factory(args.excel_rows), label)
    result["ru_maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    env.cr.rollback()
    print("RESULT " + json.dumps(result))


SWAP = {"baseline": "crm_tr", "crm_tr": "baseline"}


def run_excel(env, company, args):
    """Each measurement in a process of its own (started after this one released its
    cursor), alternating the exporters round after round: a process's peak memory is its
    own, and the machine's load weighs on both alike."""
    env.cr.rollback()
    results = {}
    kinds = ["read"] + ["baseline", "crm_tr"] * args.excel_rounds
    # the pairs in turn: baseline first, then the exporter first, ...
    kinds = [kind if (index - 1) % 4 < 2 else SWAP.get(kind, kind) for index, kind in enumerate(kinds)]
    if args.excel_read_path:
        kinds.append("crm_tr_read")
    for kind in kinds:
        command = [sys.executable, os.path.abspath(__file__), "-c", args.config, "-d", args.database]
        command += ["--company", str(company.id), "--excel-rows", str(args.excel_rows), "--excel-child", kind]
        load = os.getloadavg()[0]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        for line in output.splitlines():
            if line.startswith("RESULT "):
                result = json.loads(line[len("RESULT ") :])
                result["load"] = load
                results.setdefault(kind, []).append(result)
            elif line.startswith("Excel"):
                print(f"{line} (process peak ru_maxrss below; load average {load:.1f} at start)")
    for kind, runs in results.items():
        print(
            f"Excel {kind}: {len(runs)} runs, rows/s median {statistics.median(r['rows_per_s'] for r in runs):,.0f} "
            f"({', '.join(format(r['rows_per_s'], ',.0f') for r in runs)}); rows per CPU second median "
            f"{statistics.median(r['rows'] / r['cpu'] for r in runs):,.0f}; "
            f"process peak (ru_maxrss) max {max(r['ru_maxrss_mb'] for r in runs):.0f} MB, "
            f"growth during the export max {max(r['peak_mb'] - r['before_mb'] for r in runs):.0f} MB"
        )
    if results.get("baseline") and results.get("crm_tr"):
        ratio = statistics.median(
            c["seconds"] / b["seconds"] for b, c in zip(results["baseline"], results["crm_tr"], strict=False)
        )
        print(f"Excel: crm_tr exporter / baseline time, median of the rounds: {ratio:.2f}")


# -- main --------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--company", type=int, help="the main company (default: the one with most invoices)")
    parser.add_argument("--only", nargs="*", help="run only the cases whose name holds one of these words")
    parser.add_argument("--skip", default="", help="comma-separated: cases, cross_sell, excel")
    parser.add_argument("--excel-rows", type=int, default=1_000_000)
    parser.add_argument("--excel-rounds", type=int, default=2, help="Excel: runs of each exporter")
    parser.add_argument(
        "--excel-read-path", action="store_true", help="Excel: one more run, the exporter through read()"
    )
    parser.add_argument("--excel-child", choices=sorted(EXCEL_KINDS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--no-http", "--log-level=warn"])
    skip = set(filter(None, args.skip.split(",")))
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        company = env["res.company"].browse(args.company) if args.company else benchdb.main_company(env)
        if args.excel_child:
            run_excel_child(env, company, args)
            return
        print(f"{company.name} (id {company.id}), rounds {args.rounds}")
        if "cases" not in skip:
            # the cross-sell case reads the stored pairs: compute them first (rolled back at the end)
            company.write({"crm_tr_cross_sell_min_support": 2, "crm_tr_cross_sell_months": 0})
            env["crm_tr.report.cross.sell"]._refresh_pairs(company)
            env.cr.execute("ANALYZE crm_tr_report_cross_sell")
            run_cases(env, company, args)
        if "cross_sell" not in skip:
            run_cross_sell(env, company, args)
        if "excel" not in skip:
            run_excel(env, company, args)
        cr.rollback()


if __name__ == "__main__":
    main()
