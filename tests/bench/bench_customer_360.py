"""Benchmark: customer 360 (crm_tr_sales) on the benchmark data.

    python3 tests/bench/bench_customer_360.py -c ODOO_CONF -d DB [--rounds 5] [--reads 30]

DB: a database with the suite installed and the benchmark data generated in it
(tests/bench/benchdata.py: 20,000 customers, 200,000 invoices / 1,000,000 lines, 50,000
visits, 30,000 opportunities). Every measurement runs in a transaction rolled back at the
end: the database is left as it was.

1. Recomputing every 360 figure and class: `crm_tr.customer.stat._crm_tr_compute()` for
   every company (the nightly cron's work without its commits), up to the flush: a first
   computation (the rows are created) and a second one in the same transaction (the rows
   are updated, as every night after the first).
2. The main aggregation (revenue, invoice count, purchase dates and cost of sales per
   customer over the posted invoices and their lines: `_crm_tr_invoice_ctes`, as the
   computation runs it) against a hand-written GROUP BY over the same rows (the same
   invoices joined to their lines, one pass), alternating, in the same run: median ratio.
   The whole figures statement (every source: visits, quotations, opportunities, messages)
   against the same GROUP BY is printed too.
3. Opening a customer's form: `web_read` of the contact form's fields (as the web client
   asks for them) for the customer with the most invoices, server time, with the crm_tr
   fields (360 tab, smart buttons) and without them, alternating: medians and ratio.

Targets (issue 11, point 11): recomputing everything ≤ 60 s; the main aggregation ≤ 2× the
hand-written GROUP BY; the customer's form ≤ 150 ms server time.
"""

import argparse
import statistics
import time

from lxml import etree

import odoo
from odoo import api
from odoo.modules.registry import Registry
from odoo.tools import SQL

HAND_WRITTEN = """
SELECT count(*), sum(revenue), sum(cost) FROM (
    SELECT m.commercial_partner_id, SUM(m.amount_untaxed_signed) AS revenue, NULL::numeric AS cost
      FROM account_move m
     WHERE m.company_id = %(cid)s AND m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')
  GROUP BY m.commercial_partner_id
    UNION ALL
    SELECT m.commercial_partner_id, NULL, SUM(l.crm_tr_cost)
      FROM account_move_line l JOIN account_move m ON m.id = l.move_id
     WHERE l.company_id = %(cid)s AND l.parent_state = 'posted' AND l.crm_tr_cost IS NOT NULL
       AND m.move_type IN ('out_invoice', 'out_refund')
  GROUP BY m.commercial_partner_id
) x
"""


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def form_spec(env, with_crm_tr):
    """The fields of the contact form as the web client reads them (first level)."""
    arch = etree.fromstring(env["res.partner"].get_view(view_type="form")["arch"])
    names = set()
    for node in arch.iter("field"):
        if any(parent.tag in ("list", "kanban", "form") for parent in node.iterancestors() if parent is not arch):
            continue  # fields of an embedded list
        names.add(node.get("name"))
    fields = env["res.partner"]._fields
    spec = {}
    for name in sorted(names):
        if name not in fields or (not with_crm_tr and name.startswith("crm_tr_")):
            continue
        field = fields[name]
        if field.type == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            spec[name] = {"fields": {"display_name": {}}, "limit": 40}
        else:
            spec[name] = {}
    return spec


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reads", type=int, default=30)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--no-http", "--log-level=warn"])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        cr.execute(
            """SELECT company_id, count(*) FROM account_move
                WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_refund')
             GROUP BY company_id ORDER BY 2 DESC"""
        )
        counts = cr.fetchall()
        company = env["res.company"].browse(counts[0][0])
        cr.execute(
            """SELECT count(*) FROM account_move_line l JOIN account_move m ON m.id = l.move_id
                WHERE l.parent_state = 'posted' AND l.display_type = 'product'
                  AND m.move_type IN ('out_invoice', 'out_refund')"""
        )
        lines = cr.fetchone()[0]
        print(f"{sum(c for _cid, c in counts):,} posted invoices and credit notes, {lines:,} product lines")

        recompute(env, args)
        aggregation(env, company, args)
        customer_form(env, company, args)


def recompute(env, args):
    """1. Everything, twice in one transaction: created, then updated."""
    cr, Stat = env.cr, env["crm_tr.customer.stat"]
    firsts, seconds = [], []
    for round_no in range(args.rounds):
        first, _ = timed(lambda: (Stat._crm_tr_compute_all(), env.flush_all()))
        second, _ = timed(lambda: (Stat._crm_tr_compute_all(), env.flush_all()))
        rows = Stat.with_context(active_test=False).search_count([])
        classes = dict(Stat.with_context(active_test=False)._read_group([], ["customer_class"], ["__count"]))
        cr.rollback()
        env.invalidate_all()
        firsts.append(first)
        seconds.append(second)
        print(
            f"round {round_no + 1}: every company {first:.2f} s (rows created), {second:.2f} s (updated); "
            f"{rows:,} customers, classes {classes}"
        )
    print(
        f"recompute everything, median of {args.rounds}: {statistics.median(firsts):.2f} s created, "
        f"{statistics.median(seconds):.2f} s updated (target ≤ 60 s)"
    )


def aggregation(env, company, args):
    """2. The main aggregation against a hand-written GROUP BY, alternating."""
    cr, Stat = env.cr, env["crm_tr.customer.stat"]
    ctes = Stat._crm_tr_invoice_ctes(company, SQL("TRUE"))
    ours_sql = SQL(
        """WITH %s SELECT count(*), sum(revenue), sum(cost) FROM (
               SELECT partner_id, revenue, NULL::numeric AS cost FROM inv
               UNION ALL SELECT partner_id, NULL, cost FROM cost) x""",
        ctes,
    )
    hand_sql = SQL(HAND_WRITTEN.replace("%(cid)s", "%s"), company.id, company.id)
    ours, hand, whole = [], [], []
    for round_no in range(args.rounds * 2):
        pair = [("ours", ours_sql), ("hand", hand_sql)]
        if round_no % 2:
            pair.reverse()
        for name, query in pair:
            spent, _ = timed(lambda q=query: (cr.execute(q), cr.fetchall()))
            (ours if name == "ours" else hand).append(spent)
        spent, _ = timed(lambda: cr.execute(Stat._crm_tr_figures_query(company, None, odoo.fields.Datetime.now())))
        whole.append(spent)
        cr.rollback()
    ratios = [o / h for o, h in zip(ours, hand, strict=True)]
    print(
        f"main aggregation: ours {statistics.median(ours) * 1000:.0f} ms, hand-written GROUP BY "
        f"{statistics.median(hand) * 1000:.0f} ms: ratio of medians "
        f"{statistics.median(ours) / statistics.median(hand):.2f}, median ratio {statistics.median(ratios):.2f} "
        f"(target ≤ 2)"
    )
    print(
        f"whole figures statement (every source, upsert): {statistics.median(whole) * 1000:.0f} ms, "
        f"{statistics.median(whole) / statistics.median(hand):.2f}× the GROUP BY"
    )


def customer_form(env, company, args):
    """3. The customer's form, with its 360 figures computed."""
    cr, Stat = env.cr, env["crm_tr.customer.stat"]
    Stat._crm_tr_compute(company)
    cr.execute(
        """SELECT commercial_partner_id FROM account_move WHERE company_id = %s AND state = 'posted'
         GROUP BY 1 ORDER BY count(*) DESC LIMIT 1""",
        [company.id],
    )
    partner_id = cr.fetchone()[0]
    wenv = env(context={"allowed_company_ids": company.ids, "lang": "tr_TR"})
    specs = {"with": form_spec(wenv, True), "without": form_spec(wenv, False)}
    times = {"with": [], "without": []}
    for round_no in range(args.reads * 2):
        order = ["with", "without"] if round_no % 2 == 0 else ["without", "with"]
        for name in order:
            wenv.invalidate_all()
            spent, _ = timed(lambda n=name: wenv["res.partner"].browse(partner_id).web_read(specs[n]))
            times[name].append(spent)
    cr.rollback()
    with_ms = statistics.median(times["with"]) * 1000
    without_ms = statistics.median(times["without"]) * 1000
    print(
        f"customer form (partner {partner_id}, {len(specs['with'])} fields): {with_ms:.0f} ms with the crm_tr "
        f"fields, {without_ms:.0f} ms without ({len(specs['without'])} fields): ratio "
        f"{with_ms / without_ms:.2f} (target ≤ 150 ms)"
    )


if __name__ == "__main__":
    main()
