"""Benchmark: loyalty points on posted invoices (crm_tr_loyalty).

    python3 tests/bench/bench_loyalty_accrual.py -c ODOO_CONF -d DB [--invoices 1000] [--rounds 5]
                                                 [--accrual-rounds 3]

DB must have crm_tr_loyalty installed (the test command's database, kept with
CRM_TR_KEEP_DB=1); nobody may be connected to it. The benchmark works on a copy,
DB_bench_loyalty, dropped at the end: it creates a company with a loyalty program and
three earning rules (category per amount, product per unit, tag per amount), 200 customers
and three products, then:

1. accrual alone (median of --accrual-rounds transactions each): posts N invoices of 3
   lines with accrual switched off, then times `_crm_tr_loyalty_accrue()` on them (the
   work posting adds, up to the commit): invoices per second, first
   with the 200 customers' cards created on the way, then again once they have cards
   (committed before, each on a balance of its own, so that the accrual writes 200
   different balances and Odoo tracks them);
2. posting cost: for each round, N fresh draft invoices (committed before posting, as a
   user's drafts are) posted with accrual off and N with accrual on (order alternated
   between rounds; each measurement is its own transaction, rolled back and followed by
   VACUUM ANALYZE of the tables posting touches, so all start from the same database;
   Python's garbage collector paused while timing). Two ratios of the medians (and the
   per-round ratios): posting up to the flush, as the figures before 2026-12-01 were
   measured, plus the tracking notes of the cards that the accrual adds at the commit;
   and the whole transaction up to the commit (the precommit hooks, where Odoo writes the
   tracking notes of the posted invoices, included). Then the time the accrual itself took
   inside each posting with accrual on, with its cards' tracking notes (a figure the
   machine's noise of ±10% on a 10-second posting does not blur).

The balances move through `loyalty.card.write`, so Odoo writes a tracking note per card
whose balance moved, at the commit: the accrual's figures include them. Every figure is
given in wall time and in CPU time (this process plus its PostgreSQL backend, from /proc,
when PostgreSQL runs on the same machine): on a machine that other work shares, wall times
of the same work move by tens of percent, CPU times less.

Targets (issue "crm_tr_loyalty"): accrual ≥ 1,500 invoices/s; posting with accrual
≤ 1.05× posting without it.
"""

import argparse
import gc
import os
import statistics
import time

import benchdb

import odoo
from odoo import Command, api
from odoo.modules.registry import Registry
from odoo.service.db import exp_duplicate_database

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


TICKS = os.sysconf("SC_CLK_TCK")
# What the accrual took inside the posting being measured: {"accrual": Clock, "notes": Clock}
# (the accrual itself; the tracking notes of its cards, written before the commit).
INSIDE = {}


class Clock:
    """Wall time, and CPU time: this process's plus its PostgreSQL backend's (read from
    /proc, PostgreSQL running on this machine; None otherwise). On a machine other work
    shares, the wall time of the same work moves by tens of percent, its CPU time less."""

    def __init__(self, cr):
        cr.execute("SELECT pg_backend_pid()")
        self.stat = f"/proc/{cr.fetchone()[0]}/stat"
        self.wall, self.cpu_seconds = 0.0, 0.0

    def cpu(self):
        try:
            with open(self.stat) as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return None
        # utime and stime, the 14th and 15th fields of /proc/PID/stat
        return time.process_time() + (int(fields[11]) + int(fields[12])) / TICKS

    def __enter__(self):
        self._cpu = self.cpu()
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        # Adds up: the same clock may time several calls.
        self.wall += time.perf_counter() - self._start
        end = self.cpu()
        if end is None or self._cpu is None or self.cpu_seconds is None:
            self.cpu_seconds = None
        else:
            self.cpu_seconds += end - self._cpu

    def get(self, cpu):
        return self.cpu_seconds if cpu else self.wall


def fmt_cpu(seconds):
    return "n/a" if seconds is None else f"{seconds:.2f} s"


def before_commit(env):
    """What a commit does before COMMIT: flush, then the precommit hooks (Odoo's tracking
    notes, among them those of the cards whose balance moved)."""
    env.flush_all()
    env.cr.precommit.run()


def timed_post(env, moves):
    """Post the invoices, the drafts committed before as a user's would be; Python's
    garbage collector paused (its pauses are noise). Returns the Clocks of the posting up
    to the flush ("post"), of the precommit hooks ("commit"), and of what the accrual
    took inside them ("accrual", "notes")."""
    before_commit(env)
    env.invalidate_all()  # posting starts from a cold cache, as in a new request
    gc.collect()
    gc.disable()
    INSIDE.clear()
    post, commit = Clock(env.cr), Clock(env.cr)
    try:
        with post:
            moves.action_post()
            env.flush_all()
        with commit:
            env.cr.precommit.run()
        return {"post": post, "commit": commit, **INSIDE}
    finally:
        gc.enable()


def measure_accrual_inside_posting(registry):
    """Time what the accrual takes inside each posting (INSIDE): the accrual itself, then
    the tracking notes of its cards written before the commit."""
    from odoo.addons.crm_tr_loyalty.models.account_move import AccountMove

    original = AccountMove._crm_tr_loyalty_accrue

    def timed(self):
        if not any(self.company_id.mapped("crm_tr_loyalty_invoice_points")):
            return original(self)
        with INSIDE.setdefault("accrual", Clock(self.env.cr)):
            return original(self)

    AccountMove._crm_tr_loyalty_accrue = timed
    card_class = registry["loyalty.card"]
    original_finalize = card_class._track_finalize

    def timed_finalize(self):
        if "accrual" not in INSIDE:
            return original_finalize(self)
        with INSIDE.setdefault("notes", Clock(self.env.cr)):
            return original_finalize(self)

    card_class._track_finalize = timed_finalize


drop = benchdb.drop


def vacuum(database):
    """Between measurements: clear what the rolled-back postings left in the tables."""
    benchdb.vacuum(database, VACUUMED)


def accrual_alone(context, n, label):
    env, company, products, partners = context
    company.crm_tr_loyalty_invoice_points = False
    moves = drafts(env, products, partners, n)
    timed_post(env, moves)
    company.crm_tr_loyalty_invoice_points = True
    before_commit(env)
    env.invalidate_all()
    clock = Clock(env.cr)
    with clock:
        entries = moves._crm_tr_loyalty_accrue()
        before_commit(env)
    cpu = f", CPU {clock.cpu_seconds:.3f} s = {n / clock.cpu_seconds:,.0f}/s" if clock.cpu_seconds else ""
    print(
        f"accrual alone, {label}: {n} invoices, {len(entries)} ledger entries in {clock.wall:.3f} s "
        f"= {n / clock.wall:,.0f}/s{cpu}"
    )
    return clock


def print_rates(label, n, clocks):
    walls = [clock.wall for clock in clocks]
    line = f"accrual alone, {label}, median of {len(clocks)}: {n / statistics.median(walls):,.0f}/s"
    if all(clock.cpu_seconds for clock in clocks):
        line += f" (CPU {n / statistics.median([clock.cpu_seconds for clock in clocks]):,.0f}/s)"
    print(line + "; each: " + ", ".join(f"{n / wall:,.0f}" for wall in walls))


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

    def accrual(self, repeat):
        """Accrual alone, `repeat` times each (every time in a transaction of its own,
        rolled back): first for new customers (their cards are created on the way), then
        for customers whose cards were committed before (the usual case: the balance
        changes are tracked on the cards)."""
        new = []
        for _i in range(repeat):
            with self.registry.cursor() as cr:
                new.append(accrual_alone(self.load(cr), self.n, "new customers"))
                cr.rollback()
            vacuum(self.database)
        with self.registry.cursor() as cr:
            env, _company, _products, partners = self.load(cr)
            cards = env["loyalty.program"].browse(self.ids[3])._crm_tr_cards_for(partners)
            # Every card on a balance of its own (as customers' cards are), with its history
            # line: the accrual then moves 200 different balances, one write per card.
            for index, partner in enumerate(partners):
                cards[partner.id].points = 10 * (index + 1)
            env["loyalty.history"].create(
                [
                    {"card_id": cards[partner.id].id, "description": "Bench", "issued": 10 * (index + 1), "used": 0}
                    for index, partner in enumerate(partners)
                ]
            )
            cr.commit()
        vacuum(self.database)
        exist = []
        for _i in range(repeat):
            with self.registry.cursor() as cr:
                exist.append(accrual_alone(self.load(cr), self.n, "cards exist"))
                cr.rollback()
            vacuum(self.database)
        print_rates("new customers", self.n, new)
        print_rates("cards exist", self.n, exist)

    def posting(self, enabled, check=False):
        """timed_post() of n invoices, in a transaction rolled back and vacuumed
        afterwards, so every measurement starts from the same database."""
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


def median_ratio(on, off):
    pairs = [t_on / t_off for t_on, t_off in zip(on, off, strict=True)]
    return (
        f"off {statistics.median(off):.2f} s, on {statistics.median(on):.2f} s, "
        f"ratio {statistics.median(on) / statistics.median(off):.3f}; per round "
        + ", ".join(f"{ratio:.3f}" for ratio in pairs)
        + f" (median {statistics.median(pairs):.3f})"
    )


def report(args, runs):
    """runs: {accrual on?: [timed_post() of each round]}"""
    for cpu, label in ((False, "wall"), (True, "CPU")):
        if any(clock.get(cpu) is None for run in runs[False] + runs[True] for clock in run.values()):
            continue

        def seconds(run, *parts, cpu=cpu):
            return sum(run[part].get(cpu) if run.get(part) else 0.0 for part in parts)

        off, on = runs[False], runs[True]
        # As the figures before 2026-12-01 were measured (posting up to the flush), plus the
        # cards' tracking notes that the accrual now adds at the commit.
        flush_off = [seconds(run, "post") for run in off]
        flush_on = [seconds(run, "post", "notes") for run in on]
        print(
            f"{label} time, posting {args.invoices} invoices up to the flush (+ card notes): "
            + median_ratio(flush_on, flush_off)
        )
        # The whole transaction: with the precommit hooks (Odoo's tracking of the invoices).
        whole_off = [seconds(run, "post", "commit") for run in off]
        whole_on = [seconds(run, "post", "commit") for run in on]
        print(
            f"{label} time, posting {args.invoices} invoices with the precommit hooks: "
            + median_ratio(whole_on, whole_off)
        )
        inside = [seconds(run, "accrual", "notes") for run in on]
        for name, totals in (("up to the flush (+ card notes)", flush_on), ("with the precommit hooks", whole_on)):
            shares = [accrual / total for accrual, total in zip(inside, totals, strict=True)]
            print(
                f"{label} time, accrual inside posting {name}: median {statistics.median(inside):.3f} s, "
                f"{statistics.median(shares):.1%} of it (ratio {1 / (1 - statistics.median(shares)):.3f})"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--invoices", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--accrual-rounds", type=int, default=3)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--no-http", "--log-level=warn"])
    copy = f"{args.database}_bench_loyalty"
    drop(copy)
    exp_duplicate_database(args.database, copy)
    try:
        bench = Bench(copy, args.invoices)
        bench.accrual(args.accrual_rounds)
        measure_accrual_inside_posting(bench.registry)
        # Posting with and without accrual, same run, customers with cards; the order
        # alternates between rounds.
        runs = {False: [], True: []}
        for round_no in range(args.rounds):
            for enabled in (False, True) if round_no % 2 == 0 else (True, False):
                run = bench.posting(enabled, check=enabled and round_no == 0)
                runs[enabled].append(run)
                state = "on " if enabled else "off"
                inside = ""
                if enabled:
                    notes = run["notes"].wall if "notes" in run else 0.0
                    inside = f"; accrual {run['accrual'].wall:.3f} s, card notes {notes:.3f} s"
                print(
                    f"round {round_no + 1}: posting {args.invoices} invoices, accrual {state}: "
                    f"{run['post'].wall:.2f} s + precommit {run['commit'].wall:.2f} s "
                    f"(CPU {fmt_cpu(run['post'].cpu_seconds)} + {fmt_cpu(run['commit'].cpu_seconds)}){inside}"
                )
        report(args, runs)
    finally:
        drop(copy)


if __name__ == "__main__":
    main()
