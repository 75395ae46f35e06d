"""Benchmark: what the covering index of invoice product lines costs the people entering data.

    python3 tests/bench/bench_invoice_index.py -c ODOO_CONF -d DB [--rounds 5] [--invoices 100]
                                               [--lines 5]

crm_tr_sales creates `account_move_line_crm_tr_product_idx` (the product lines of every
journal entry, with the columns the analyses sum) so that the reports read 1,000,000 lines
from the index instead of the table (tests/bench/bench_reports.py). Each line written then
updates one more index. Measured here, on the benchmark database (tests/bench/benchdata.py):
creating and posting `--invoices` customer invoices of `--lines` product lines each through
the ORM (`account.move.create` + `action_post`, as a user or an import does), with the index
and without it (dropped inside the transaction), alternating, `--rounds` times each; every
round is rolled back. Printed: the median time per invoice of each and the median of the
per-round ratios (with / without). Target: no visible cost (ratio ≈ 1, within the noise).
"""

import argparse
import statistics
import time

import benchdb

import odoo
from odoo import Command, api
from odoo.modules.registry import Registry
from odoo.tools import SQL

INDEX = "account_move_line_crm_tr_product_idx"


def post_invoices(env, company, partners, products, *, invoices, lines):
    Move = env["account.move"].with_company(company)
    started = time.perf_counter()
    for number in range(invoices):
        move = Move.create(
            {
                "move_type": "out_invoice",
                "partner_id": partners[number % len(partners)],
                "invoice_date": "2026-11-30",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": products[(number * lines + line) % len(products)],
                            "quantity": 1 + line,
                            "price_unit": 100.0 + line,
                        }
                    )
                    for line in range(lines)
                ],
            }
        )
        move.action_post()
    env.flush_all()
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--invoices", type=int, default=100)
    parser.add_argument("--lines", type=int, default=5)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--no-http", "--log-level=warn"])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        company = benchdb.main_company(env)
        env = env(context={"allowed_company_ids": [company.id], "tracking_disable": True})
        cr.execute(SQL("SELECT 1 FROM pg_indexes WHERE indexname = %s", INDEX))
        if not cr.rowcount:
            raise SystemExit(f"{INDEX} is missing: update crm_tr_sales first")
        cr.execute(
            SQL(
                """SELECT id FROM res_partner WHERE customer_rank > 0 AND parent_id IS NULL AND active
                    AND company_id = %s ORDER BY id LIMIT 50""",
                company.id,
            )
        )
        partners = [row[0] for row in cr.fetchall()]
        products = env["product.product"].search([("sale_ok", "=", True), ("type", "=", "consu")], limit=50).ids
        cr.execute(SQL("SELECT count(*) FROM account_move_line WHERE display_type = 'product'"))
        line_count = cr.fetchone()[0]
        print(
            f"{company.name} (id {company.id}): {line_count:,} product lines; "
            f"{args.invoices} invoices of {args.lines} lines a round, {args.rounds} rounds"
        )
        cr.commit()
        # warm-up (caches, the ORM's prefetch, PostgreSQL's buffers), not measured
        post_invoices(env, company, partners, products, invoices=min(args.invoices, 20), lines=args.lines)
        cr.rollback()
        env.invalidate_all()
        timings = {"with": [], "without": []}
        ratios = []
        for number in range(args.rounds):
            order = ("with", "without") if number % 2 == 0 else ("without", "with")
            round_times = {}
            for kind in order:
                if kind == "without":
                    cr.execute(SQL("DROP INDEX %s", SQL.identifier(INDEX)))
                round_times[kind] = post_invoices(
                    env, company, partners, products, invoices=args.invoices, lines=args.lines
                )
                cr.rollback()
                env.invalidate_all()
                env.registry.clear_cache()
            for kind, seconds in round_times.items():
                timings[kind].append(seconds)
            ratios.append(round_times["with"] / round_times["without"])
            print(
                f"round {number + 1}: with the index {round_times['with'] / args.invoices * 1000:.1f} ms an invoice, "
                f"without {round_times['without'] / args.invoices * 1000:.1f} ms: ratio {ratios[-1]:.3f}"
            )
        with_ms = statistics.median(timings["with"]) / args.invoices * 1000
        without_ms = statistics.median(timings["without"]) / args.invoices * 1000
        print(
            f"median: with the index {with_ms:.1f} ms an invoice, without {without_ms:.1f} ms; "
            f"median ratio {statistics.median(ratios):.3f}"
        )
        cr.rollback()


if __name__ == "__main__":
    main()
