"""Benchmark: loyalty points on posted invoices (crm_tr_loyalty).

    python3 tests/bench/bench_loyalty_accrual.py -c ODOO_CONF -d DB [--invoices 1000] [--rounds 2]

DB must have crm_tr_loyalty installed (the test command's database, kept with
CRM_TR_KEEP_DB=1); nobody may be connected to it. The benchmark works on a copy,
DB_bench_loyalty, dropped at the end: it creates a company with a loyalty program and
three earning rules (category per amount, product per unit, tag per amount), 200 customers
and three products, then:

1. accrual alone: posts N invoices of 3 lines with accrual switched off, then times
   `_crm_tr_loyalty_accrue()` on them (the work posting adds): invoices per second, first
   with the 200 customers' cards created on the way, then again once they have cards;
2. posting cost: for each round, N fresh draft invoices posted with accrual off and N
   with accrual on (order alternated between rounds; each measurement is its own
   transaction, rolled back and followed by VACUUM ANALYZE of the tables posting touches,
   so all start from the same database; Python's garbage collector paused while timing),
   and prints the ratio of the medians, the per-round ratios, and the time the accrual
   itself took inside each posting with accrual on (a figure the machine's noise of ±10%
   on a 10-second posting does not blur).

Targets (issue "crm_tr_loyalty"): accrual ≥ 1,500 invoices/s; posting with accrual
≤ 1.05× posting without it.
"""

import argparse
import gc
import statistics
import time
from contextlib import closing

import psycopg2
from psycopg2 import sql

import odoo
from odoo import Command, api
from odoo.modules.registry import Registry
from odoo.service.db import exp_duplicate_database
from odoo.sql_db import connection_info_for

VACUUMED = [
    "account_move",
    "account_move_line",
    "crm_tr_loyalty_accrual",
    "loyalty_history",
    "loyalty_card",
    "mail_message",
]


def setup(env):
    name = f"Bench Klima A.Ş. {time.strftime('%Y%m%d%H%M%S')}"
    company = env["res.company"].create({"name": name, "currency_id": env.ref("base.TRY").id})
    env = env(context=dict(env.context, allowed_company_ids=[company.id]))
    env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
    categ = env["product.category"].create({"name": "Bench Klima"})
    tag = env["product.tag"].create({"name": f"Bench Kampanya {name[-14:]}"})
    products = env["product.product"].create(
        [
            {"name": "Bench Split", "categ_id": categ.id, "list_price": 28500, "taxes_id": []},
            {"name": "Bench Bakım", "type": "service", "list_price": 1800, "taxes_id": []},
            {"name": "Bench Filtre", "list_price": 450, "product_tag_ids": [Command.link(tag.id)], "taxes_id": []},
        ]
    )
    program = env["loyalty.program"].create({"name": "Bench Puan", "program_type": "loyalty", "company_id": company.id})
    common = {"program_id": program.id, "company_id": company.id}
    env["crm_tr.loyalty.earn.rule"].create(
        [
            dict(common, name="Klima", scope="category", categ_id=categ.id, mode="per_amount", points=0.01),
            dict(common, name="Bakım", scope="product", product_id=products[1].id, mode="per_unit", points=20),
            dict(common, name="Filtre", scope="tag", tag_id=tag.id, mode="per_amount", points=0.05),
        ]
    )
    partners = env["res.partner"].create([{"name": f"Bench Müşteri {i}"} for i in range(200)])
    return env, company, products, partners, program


def drafts(env, products, partners, count):
    return env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": partners[i % len(partners)].id,
                "invoice_date": "2026-11-01",
                "invoice_line_ids": [
                    Command.create({"product_id": products[0].id, "quantity": 1 + i % 3, "price_unit": 28500}),
                    Command.create({"product_id": products[1].id, "quantity": 1, "price_unit": 1800}),
                    Command.create({"product_id": products[2].id, "quantity": 2, "price_unit": 450}),
                ],
            }
            for i in range(count)
        ]
    )


ACCRUAL_SECONDS = []


def timed_post(env, moves):
    """Seconds to post the invoices, Python's garbage collector paused (its pauses are noise)."""
    env.flush_all()
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        moves.action_post()
        env.flush_all()
        return time.perf_counter() - start
    finally:
        gc.enable()


def measure_accrual_inside_posting():
    """Time spent in the accrual while invoices are posted, added to ACCRUAL_SECONDS."""
    from odoo.addons.crm_tr_loyalty.models.account_move import AccountMove

    original = AccountMove._crm_tr_loyalty_accrue

    def timed(self):
        start = time.perf_counter()
        result = original(self)
        if any(self.company_id.mapped("crm_tr_loyalty_invoice_points")):
            ACCRUAL_SECONDS.append(time.perf_counter() - start)
        return result

    AccountMove._crm_tr_loyalty_accrue = timed


def drop(database):
    Registry.delete(database)
    odoo.sql_db.close_db(database)
    _dsn_name, params = connection_info_for("postgres")
    with closing(psycopg2.connect(**params)) as conn:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(database)))


def vacuum(database):
    """Between measurements: clear what the rolled-back postings left in the tables."""
    _dsn_name, params = connection_info_for(database)
    with closing(psycopg2.connect(**params)) as conn:
        conn.autocommit = True
        with conn.cursor() as cur:
            for table in VACUUMED:
                cur.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(table)))


def accrual_alone(context, n, label):
    env, company, products, partners = context
    company.crm_tr_loyalty_invoice_points = False
    moves = drafts(env, products, partners, n)
    timed_post(env, moves)
    company.crm_tr_loyalty_invoice_points = True
    env.flush_all()
    env.invalidate_all()
    start = time.perf_counter()
    entries = moves._crm_tr_loyalty_accrue()
    env.flush_all()
    seconds = time.perf_counter() - start
    rate = n / seconds
    print(f"accrual alone, {label}: {n} invoices, {len(entries)} ledger entries in {seconds:.3f} s = {rate:,.0f}/s")


class Bench:
    def __init__(self, database, n):
        self.database, self.n = database, n
        self.registry = Registry(database)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            _env, company, products, partners, program = setup(env)
            self.ids = (company.id, products.ids, partners.ids, program.id)
            cr.commit()

    def load(self, cr):
        env = api.Environment(cr, api.SUPERUSER_ID, {"allowed_company_ids": [self.ids[0]]})
        products, partners = env["product.product"].browse(self.ids[1]), env["res.partner"].browse(self.ids[2])
        return env, env["res.company"].browse(self.ids[0]), products, partners

    def accrual(self):
        """Accrual alone: first for new customers (their cards are created on the way), then
        for the same customers, who have their cards (the usual case)."""
        with self.registry.cursor() as cr:
            context = self.load(cr)
            accrual_alone(context, self.n, "new customers")
            accrual_alone(context, self.n, "cards exist")
            cr.rollback()
        with self.registry.cursor() as cr:
            env, _company, _products, partners = self.load(cr)
            env["loyalty.program"].browse(self.ids[3])._crm_tr_cards_for(partners)
            cr.commit()
        vacuum(self.database)

    def posting(self, enabled, check=False):
        """Seconds to post n invoices, in a transaction rolled back and vacuumed afterwards,
        so every measurement starts from the same database."""
        with self.registry.cursor() as cr:
            env, company, products, partners = self.load(cr)
            company.crm_tr_loyalty_invoice_points = enabled
            batch = drafts(env, products, partners, self.n)
            env.invalidate_all()
            seconds = timed_post(env, batch)
            if check:
                cards, entries = env["crm_tr.loyalty.accrual"]._crm_tr_drifts()
                print(f"reconciliation after posting: {len(cards)} card drifts, {len(entries)} entry drifts")
            cr.rollback()
        vacuum(self.database)
        return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--invoices", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--no-http", "--log-level=warn"])
    copy = f"{args.database}_bench_loyalty"
    drop(copy)
    exp_duplicate_database(args.database, copy)
    try:
        bench = Bench(copy, args.invoices)
        bench.accrual()
        measure_accrual_inside_posting()
        # Posting with and without accrual, same run, customers with cards; the order
        # alternates between rounds.
        times = {False: [], True: []}
        for round_no in range(args.rounds):
            for enabled in (False, True) if round_no % 2 == 0 else (True, False):
                seconds = bench.posting(enabled, check=enabled and round_no == 0)
                times[enabled].append(seconds)
                state = "on " if enabled else "off"
                print(f"round {round_no + 1}: posting {args.invoices} invoices, accrual {state}: {seconds:.2f} s")
        off, on = statistics.median(times[False]), statistics.median(times[True])
        pairs = [t_on / t_off for t_on, t_off in zip(times[True], times[False], strict=True)]
        print(
            f"posting {args.invoices} invoices, medians of {args.rounds}: off {off:.2f} s, on {on:.2f} s, "
            f"ratio {on / off:.3f}"
        )
        print("ratio per round: " + ", ".join(f"{ratio:.3f}" for ratio in pairs))
        print(f"median of the per-round ratios: {statistics.median(pairs):.3f}")
        shares = [accrual / total for accrual, total in zip(ACCRUAL_SECONDS, times[True], strict=True)]
        print(
            f"accrual inside posting: median {statistics.median(ACCRUAL_SECONDS):.3f} s, "
            f"{statistics.median(shares):.1%} of the posting time with accrual on"
        )
    finally:
        drop(copy)


if __name__ == "__main__":
    main()
