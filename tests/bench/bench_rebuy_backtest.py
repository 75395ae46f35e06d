"""Benchmark: the re-buy forecast's backtest and rebuild (crm_tr_sales).

    python3 tests/bench/bench_rebuy_backtest.py -c ODOO_CONF -d DB [--cutoff YYYY-MM-DD]
                                                [--horizon 90] [--company ID ...] [--rounds 3]

DB must have crm_tr_sales installed: the demo database, or the lead's benchmark database of
20,000 customers. Nothing is kept: the backtest only reads, and each timed rebuild runs in a
transaction that is rolled back (so the figures are those of the code, on the data as it is).

For each company with posted customer invoices (or the --company ids): the backtest of
`crm_tr.rebuy.prediction._crm_tr_backtest(company, cutoff, horizon)` — predictions made from
the invoices before the cutoff (default: 90 days before today), those due before the
horizon's end, and how many of them the customer bought again within ± the stated window,
early, late or not at all — then the time of the backtest and of the company's rebuild
(the daily cron's work: one SQL statement), the median of --rounds rounds.
"""

import argparse
import statistics
import time
from datetime import date, timedelta

import odoo
from odoo import api
from odoo.modules.registry import Registry
from odoo.tools import SQL


def companies_with_invoices(env, ids):
    if ids:
        return env["res.company"].browse(ids)
    rows = env.execute_query(
        SQL(
            "SELECT DISTINCT company_id FROM account_move "
            "WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_refund') ORDER BY company_id"
        )
    )
    return env["res.company"].browse([row[0] for row in rows])


def timed(function, rounds):
    seconds = []
    result = None
    for _round in range(rounds):
        start = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - start)
    return result, statistics.median(seconds), seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--cutoff", type=date.fromisoformat, default=date.today() - timedelta(days=90))
    parser.add_argument("--horizon", type=int, default=90, help="days after the cutoff (positive)")
    parser.add_argument("--company", type=int, action="append", help="a company id (default: all with invoices)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.horizon <= 0:
        parser.error("--horizon must be a positive number of days")
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--no-http", "--log-level=warn"])
    registry = Registry(args.database)
    print(f"database {args.database}, cutoff {args.cutoff}, horizon {args.horizon} days, {args.rounds} rounds")
    totals = dict.fromkeys(("predicted", "evaluated", "beyond_horizon", "hit", "early", "late", "missing"), 0)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        Prediction = env["crm_tr.rebuy.prediction"]
        for company in companies_with_invoices(env, args.company):
            customers = env.execute_query(
                SQL(
                    "SELECT COUNT(DISTINCT commercial_partner_id), COUNT(*) FROM account_move "
                    "WHERE company_id = %s AND state = 'posted' AND move_type = 'out_invoice'",
                    company.id,
                )
            )[0]
            result, backtest_seconds, _each = timed(
                lambda company=company: Prediction._crm_tr_backtest(company, args.cutoff, args.horizon), args.rounds
            )
            rebuild_seconds = []
            count = 0
            for _round in range(args.rounds):
                start = time.perf_counter()
                count = Prediction._crm_tr_rebuild(company)
                rebuild_seconds.append(time.perf_counter() - start)
                cr.rollback()
            for key in totals:
                totals[key] += result[key]
            error = f"{result['median_error']:.1f}" if result["median_error"] is not None else "-"
            print(
                f"{company.name} (id {company.id}): {customers[0]:,} customers, {customers[1]:,} invoices; "
                f"backtest: {result['predicted']} predictions, {result['evaluated']} due in the horizon "
                f"({result['beyond_horizon']} after it): {result['hit']} within ± the window "
                f"({result['hit_rate']:.1f}%), {result['early']} early, {result['late']} late, "
                f"{result['missing']} not bought; median error {error} days; "
                f"backtest {backtest_seconds:.3f} s, rebuild today {count} predictions in "
                f"{statistics.median(rebuild_seconds):.3f} s (median of {args.rounds})"
            )
        cr.rollback()
    rate = 100.0 * totals["hit"] / totals["evaluated"] if totals["evaluated"] else 0.0
    print(
        f"all: {totals['predicted']} predictions, {totals['evaluated']} due in the horizon: {totals['hit']} within "
        f"± the window ({rate:.1f}%), {totals['early']} early, {totals['late']} late, {totals['missing']} not bought"
    )


if __name__ == "__main__":
    main()
