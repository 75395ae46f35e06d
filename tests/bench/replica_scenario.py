#!/usr/bin/env python3
"""Read replica scenario (run on demand): the crm_tr reports served by a PostgreSQL
streaming replica while the primary takes writes.

    export PGHOST=/work/main/.pgdata/run PGPORT=54329 PGUSER=odoo
    python3 tests/bench/replica_scenario.py -c /work/wt-h6.conf -d crm_tr_h6

What it does, as root or as a user who may run PostgreSQL's tools:
1. copies the database (createdb -T, and its filestore) so the scenario's invoices stay out
   of it;
2. makes a streaming replica of the whole PostgreSQL cluster with pg_basebackup -R into a
   temporary directory and starts it on another port (as the "postgres" OS user when run as
   root: PostgreSQL refuses to run as root);
3. starts Odoo with --workers 2 and --db_replica_host/--db_replica_port pointing at it;
4. logs in as admin and, while a thread posts customer invoices on the primary through
   JSON-RPC, calls web_read_group on crm_tr.report.customer.revenue again and again;
5. proves the reads were served by the replica: Odoo's request log gives each request's
   cursor mode ("ro" = the replica, "rw" = the primary, "ro->rw" = fell back to the primary),
   and the replica's own pg_stat_database counts the transactions it served;
6. waits until the replica has replayed the primary's WAL, then checks that the revenue
   read from the replica grew by exactly the amount invoiced;
7. stops Odoo and the replica and removes the copy and the temporary directory.

Prints the figures (requests, cursor modes, timings, replica transactions, lag) as JSON.
"""

import argparse
import configparser
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg2
import requests
from psycopg2 import sql

REPORT = "crm_tr.report.customer.revenue"
PRICE, QUANTITY = 1234.5, 2


def log(message):
    print(f"[replica] {message}", file=sys.stderr, flush=True)


def pg_bindir():
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True):
        if (candidate / "pg_basebackup").exists():
            return candidate
    found = shutil.which("pg_basebackup")
    if not found:
        sys.exit("pg_basebackup not found")
    return Path(found).parent


def as_owner(args, **kwargs):
    """Run a PostgreSQL server tool as "postgres" when we are root."""
    if os.getuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, **kwargs)


def connect(host, port, user, dbname):
    connection = psycopg2.connect(host=host, port=port, user=user, dbname=dbname)
    connection.autocommit = True
    return connection


def fetch_one(connection, query, params=()):
    with connection.cursor() as cr:
        cr.execute(query, params)
        return cr.fetchone()


class Odoo:
    """JSON-RPC client of the web client's routes."""

    def __init__(self, url, db):
        self.url = url
        self.db = db
        self.session = requests.Session()

    def login(self, login, password):
        self._post("/web/session/authenticate", {"db": self.db, "login": login, "password": password})

    def _post(self, path, params):
        response = self.session.post(
            self.url + path, json={"jsonrpc": "2.0", "method": "call", "params": params}, timeout=120
        )
        response.raise_for_status()
        body = response.json()
        if body.get("error"):
            raise RuntimeError(json.dumps(body["error"], indent=1)[:2000])
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        return self._post(
            f"/web/dataset/call_kw/{model}.{method}", {"model": model, "method": method, "args": args, "kwargs": kwargs}
        )


def revenue_total(odoo):
    """The pivot's grand total, as the web client reads it."""
    result = odoo.call(REPORT, "web_read_group", [], ["company_id"], ["revenue:sum", "__count"])
    groups = result["groups"]
    return round(sum(group["revenue:sum"] or 0.0 for group in groups), 2), sum(group["__count"] for group in groups)


ANSI = re.compile(r"\x1b\[[0-9;]*m")
REQUEST_LINE = re.compile(r"call_kw/(\S+?)\.(\w+) HTTP\S* \d+ - \d+ \S+ \S+ (\S+)")
STATS_QUERY = "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s"


def parse_options():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True, help="the Odoo configuration (addons_path, db_*)")
    parser.add_argument("-d", "--database", required=True, help="a database with crm_tr_reports (and its demo)")
    parser.add_argument("--http-port", type=int, default=8179)
    parser.add_argument("--replica-port", type=int, default=54339)
    parser.add_argument("--invoices", type=int, default=20, help="invoices the writer posts during the reads")
    parser.add_argument("--keep", action="store_true", help="leave the replica and the copy in place")
    options = parser.parse_args()
    config = configparser.ConfigParser()
    config.read(options.config)
    section = config["options"]
    options.host = os.environ.get("PGHOST") or section.get("db_host")
    options.port = int(os.environ.get("PGPORT") or section.get("db_port") or 5432)
    options.user = os.environ.get("PGUSER") or section.get("db_user")
    options.data_dir = Path(section.get("data_dir", os.path.expanduser("~/.local/share/Odoo")))
    options.copy = f"{options.database}_replica_scenario"
    options.bindir = pg_bindir()
    options.tmp = Path(tempfile.mkdtemp(prefix="crm_tr_replica_"))
    options.replica_dir = options.tmp / "db"
    options.replica_run = options.tmp / "run"
    options.odoo_log = options.tmp / "odoo.log"
    return options


def copy_database(options, primary):
    log(f"copying {options.database} to {options.copy}")
    with primary.cursor() as cr:
        cr.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(options.copy)))
        cr.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(options.copy), sql.Identifier(options.database)
            )
        )
    filestore = options.data_dir / "filestore" / options.database
    if filestore.exists():
        shutil.copytree(filestore, options.data_dir / "filestore" / options.copy, dirs_exist_ok=True)


# A hot standby refuses to start with lower values than its primary's.
PRIMARY_SETTINGS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


def start_replica(options, figures, primary):
    options.replica_run.mkdir()
    if os.getuid() == 0:
        shutil.chown(options.tmp, "postgres")
        shutil.chown(options.replica_run, "postgres")
        os.chmod(options.tmp, 0o755)
    settings = " ".join(
        f"-c {name}={fetch_one(primary, 'SELECT current_setting(%s)', (name,))[0]}" for name in PRIMARY_SETTINGS
    )
    started = time.monotonic()
    log("pg_basebackup -R (the whole cluster)")
    as_owner(
        [
            str(options.bindir / "pg_basebackup"),
            "-h",
            options.host,
            "-p",
            str(options.port),
            "-U",
            options.user,
            "-D",
            str(options.replica_dir),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
            "--no-sync",
        ]
    )
    figures["basebackup_seconds"] = round(time.monotonic() - started, 1)
    as_owner(
        [
            str(options.bindir / "pg_ctl"),
            "-D",
            str(options.replica_dir),
            "-l",
            str(options.tmp / "replica.log"),
            "-w",
            "-t",
            "900",  # the standby replays the WAL written during the base backup before it accepts queries
            "start",
            "-o",
            f"-p {options.replica_port} -k {options.replica_run} -c listen_addresses='' -c hot_standby=on "
            f"-c recovery_init_sync_method=syncfs {settings}",
        ],
        stdout=subprocess.DEVNULL,
    )
    figures["replica_start_seconds"] = round(time.monotonic() - started - figures["basebackup_seconds"], 1)
    replica = connect(str(options.replica_run), options.replica_port, options.user, options.copy)
    assert fetch_one(replica, "SELECT pg_is_in_recovery()")[0], "the replica is not in recovery"
    log(f"replica in recovery on port {options.replica_port}")
    return replica


def start_odoo(options):
    # Odoo's prefork server re-executes sys.argv[0] for its gevent (websocket) process: start
    # it from a script file, as odoo-bin, not with `python -m odoo`.
    launcher = options.tmp / "odoo-bin"
    launcher.write_text("import odoo.cli\n\nodoo.cli.main()\n")
    process = subprocess.Popen(
        [
            sys.executable,
            str(launcher),
            "server",
            "-c",
            options.config,
            "-d",
            options.copy,
            "--db-filter",
            f"^{options.copy}$",
            "--http-port",
            str(options.http_port),
            "--gevent-port",
            str(options.http_port + 1),
            "--workers",
            "2",
            "--max-cron-threads",
            "0",
            "--db_replica_host",
            str(options.replica_run),
            "--db_replica_port",
            str(options.replica_port),
            "--log-level",
            "info",
            "--logfile",
            str(options.odoo_log),
            "--no-database-list",
        ],
        start_new_session=True,
        stderr=subprocess.DEVNULL,  # the log goes to --logfile
    )
    options.odoo_process = process  # stopped by cleanup() even if it never answers
    url = f"http://127.0.0.1:{options.http_port}"
    for _attempt in range(120):
        try:
            if requests.get(url + "/web/health", timeout=10).ok:
                return process, url
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"Odoo did not start, see {options.odoo_log}")


def write_invoices(writer, count, posted, errors):
    """Post `count` customer invoices of 2 x 1,234.50 (no tax) through JSON-RPC."""
    try:
        company_id = writer._post("/web/session/get_session_info", {})["user_companies"]["current_company"]
        partner_id = writer.call("res.partner", "search", [["customer_rank", ">", 0]], limit=1)[0]
        product_id = writer.call(
            "product.product", "search", [["sale_ok", "=", True], ["company_id", "in", [False, company_id]]], limit=1
        )[0]
        line = {"product_id": product_id, "quantity": QUANTITY, "price_unit": PRICE, "tax_ids": [[6, 0, []]]}
        for _index in range(count):
            [move_id] = writer.call(
                "account.move",
                "create",
                [{"move_type": "out_invoice", "partner_id": partner_id, "invoice_line_ids": [[0, 0, line]]}],
            )
            writer.call("account.move", "action_post", [move_id])
            posted.append(move_id)
    except Exception as error:
        errors.append(repr(error))


def read_during_writes(options, reader, writer, replica):
    """web_read_group on the report as long as the writer posts; returns the reads' times
    and the replica's backends seen serving Odoo."""
    posted, errors = [], []
    thread = threading.Thread(target=write_invoices, args=(writer, options.invoices, posted, errors))
    read_times, backends = [], set()
    thread.start()
    while thread.is_alive() or len(read_times) < 10:
        t0 = time.monotonic()
        revenue_total(reader)
        read_times.append(time.monotonic() - t0)
        with replica.cursor() as cr:
            cr.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND application_name LIKE 'odoo%%'",
                (options.copy,),
            )
            backends.update(pid for (pid,) in cr.fetchall())
    thread.join()
    if errors:
        raise RuntimeError(errors[0])
    return read_times, backends


def wait_for_replay(primary_db, replica):
    target_lsn = fetch_one(primary_db, "SELECT pg_current_wal_lsn()")[0]
    started = time.monotonic()
    while not fetch_one(replica, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target_lsn,))[0]:
        time.sleep(0.01)
    return round((time.monotonic() - started) * 1000, 1)


def cursor_modes(odoo_log):
    """{"model.method mode": requests} from Odoo's request log, whose lines end with the
    cursor mode when a replica is configured: ro (replica), rw (primary), ro->rw (fallback)."""
    modes = {}
    for line in odoo_log.read_text(errors="replace").splitlines():
        match = REQUEST_LINE.search(ANSI.sub("", line))
        if match:
            key = f"{match.group(1)}.{match.group(2)} {match.group(3)}"
            modes[key] = modes.get(key, 0) + 1
    return modes


def cleanup(options, primary):
    odoo_process = options.odoo_process
    if odoo_process:
        os.killpg(odoo_process.pid, signal.SIGTERM)
        try:
            odoo_process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(odoo_process.pid, signal.SIGKILL)
    if options.keep:
        log(f"kept: {options.tmp} (replica port {options.replica_port}) and database {options.copy}")
        return
    if (options.replica_dir / "postmaster.pid").exists():
        as_owner(
            [str(options.bindir / "pg_ctl"), "-D", str(options.replica_dir), "-m", "fast", "-w", "stop"],
            stdout=subprocess.DEVNULL,
        )
    with primary.cursor() as cr:
        cr.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(options.copy)))
    shutil.rmtree(options.data_dir / "filestore" / options.copy, ignore_errors=True)
    shutil.rmtree(options.tmp, ignore_errors=True)


def main():
    options = parse_options()
    figures = {"database": options.database, "invoices_posted": options.invoices}
    primary = connect(options.host, options.port, options.user, "postgres")
    options.odoo_process = None
    try:
        copy_database(options, primary)
        replica = start_replica(options, figures, primary)
        _process, url = start_odoo(options)
        reader, writer = Odoo(url, options.copy), Odoo(url, options.copy)
        reader.login("admin", "admin")
        writer.login("admin", "admin")
        # without a company selection in the context, reads cover all the user's companies
        companies = reader._post("/web/session/get_session_info", {})["user_companies"]["allowed_companies"]
        company_ids = [int(company_id) for company_id in companies]
        revenue_before, lines_before = revenue_total(reader)
        replica_xacts_before = fetch_one(replica, STATS_QUERY, (options.copy,))[0]
        started = time.monotonic()
        read_times, backends = read_during_writes(options, reader, writer, replica)
        figures["write_seconds"] = round(time.monotonic() - started, 2)
        primary_db = connect(options.host, options.port, options.user, options.copy)
        figures["replay_wait_ms"] = wait_for_replay(primary_db, replica)
        revenue_after, lines_after = revenue_total(reader)
        replica_xacts_after = fetch_one(replica, STATS_QUERY, (options.copy,))[0]
        primary_lines = fetch_one(
            primary_db,
            """SELECT count(*) FROM account_move_line line JOIN account_move move ON move.id = line.move_id
                WHERE move.state = 'posted' AND move.move_type IN ('out_invoice', 'out_refund')
                  AND line.display_type = 'product' AND line.company_id = ANY(%s)""",
            (company_ids,),
        )[0]
        primary_db.close()
        replica.close()
        modes = cursor_modes(options.odoo_log)
        figures.update(
            {
                "reads": len(read_times),
                "read_ms_median": round(statistics.median(read_times) * 1000, 1),
                "read_ms_max": round(max(read_times) * 1000, 1),
                "requests_by_cursor_mode": modes,
                "replica_transactions": replica_xacts_after - replica_xacts_before,
                "replica_backends_seen": len(backends),
                "revenue_before": revenue_before,
                "revenue_after": revenue_after,
                "revenue_expected_after": round(revenue_before + options.invoices * QUANTITY * PRICE, 2),
                "report_lines_before": lines_before,
                "report_lines_after": lines_after,
                "report_lines_on_primary": primary_lines,
            }
        )
        figures["ok"] = (
            round(revenue_after, 2) == figures["revenue_expected_after"]
            and lines_after == lines_before + options.invoices == primary_lines
            and modes.get(f"{REPORT}.web_read_group ro", 0) >= len(read_times)
            and not modes.get(f"{REPORT}.web_read_group ro->rw")
            and figures["replica_transactions"] >= len(read_times)
        )
        print(json.dumps(figures, indent=2))
        return 0 if figures["ok"] else 1
    finally:
        cleanup(options, primary)


if __name__ == "__main__":
    sys.exit(main())
