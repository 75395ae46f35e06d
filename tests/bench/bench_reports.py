"""Benchmark: the analyses of crm_tr_reports on the benchmark data.

    python3 tests/bench/bench_reports.py -c ODOO_CONF -d DB [--rounds 5] [--company ID]
                                         [--only CASE ...] [--skip cases,cross_sell,excel]
                                         [--excel-rows 1000000]

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
3. Excel: `measure_excel(env, export, label)` times any export callable and its peak memory;
   measured now on a plain xlsxwriter (constant_memory) baseline writing the customer revenue
   report's rows. Target: ≥ 15,000 rows/s with ≤ 300 MB peak memory at 1,000,000 rows.

Adding a report after the merge: append a `Case` to CASES (model, groupby, aggregates, the
hand-written SQL returning (key, value, ...) rows in the same order, and the
account.invoice.report equivalent or None).
"""

import argparse
import os
import resource
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime

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
            """SELECT move.invoice_user_id, SUM(-line.balance),
                      SUM(-line.balance - CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END
                          * line.quantity * COALESCE((product.standard_price ->> line.company_id::text)::numeric, 0))
                 FROM account_move_line line
                 JOIN account_move move ON move.id = line.move_id
            LEFT JOIN product_product product ON product.id = line.product_id
                WHERE move.state = 'posted' AND move.move_type IN ('out_invoice', 'out_refund')
                  AND line.display_type = 'product' AND line.company_id = %s
             GROUP BY 1""",
            company,
        ),
        invoice_report=(INVOICE_REPORT_DOMAIN, ["invoice_user_id"], ["price_subtotal:sum", "price_margin:sum"]),
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


def _differences(first, second, tolerance=0.05):
    keys = set(first) | set(second)
    bad = [
        key
        for key in keys
        if key not in first
        or key not in second
        or any(abs(a - b) > tolerance for a, b in zip(first[key], second[key], strict=True))
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
            ibad, icount = _differences(outputs["ours"], outputs["invoice report"])
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


def run_excel(env, company, args):
    wenv = env(context={"allowed_company_ids": company.ids})
    measure_excel(wenv, xlsxwriter_baseline(args.excel_rows, write=False), "the rows read only, nothing written")
    env.cr.rollback()
    measure_excel(wenv, xlsxwriter_baseline(args.excel_rows), "xlsxwriter constant_memory baseline, customer revenue")
    env.cr.rollback()


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
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--no-http", "--log-level=warn"])
    skip = set(filter(None, args.skip.split(",")))
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        if args.company:
            company = env["res.company"].browse(args.company)
        else:
            cr.execute(
                """SELECT company_id FROM account_move WHERE state = 'posted'
                    AND move_type IN ('out_invoice', 'out_refund') GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"""
            )
            company = env["res.company"].browse(cr.fetchone()[0])
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
