"""Database helpers shared by the benchmarks: each one works on a copy of a database and
drops it at the end, and vacuums the tables its rolled-back measurements leave dead rows in."""

from contextlib import closing

import psycopg2
from psycopg2 import sql

import odoo
from odoo.modules.registry import Registry
from odoo.service.db import exp_duplicate_database
from odoo.sql_db import connection_info_for


def drop(database):
    """Drop the benchmark's copy (its registry and connections first)."""
    Registry.delete(database)
    odoo.sql_db.close_db(database)
    _dsn_name, params = connection_info_for("postgres")
    with closing(psycopg2.connect(**params)) as conn:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(database)))


def vacuum(database, tables):
    """Between measurements: clear what the rolled-back transactions left in the tables."""
    _dsn_name, params = connection_info_for(database)
    with closing(psycopg2.connect(**params)) as conn:
        conn.autocommit = True
        with conn.cursor() as cur:
            for table in tables:
                cur.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(table)))


def copy(source, target):
    """A fresh copy of `source` as `target` (CREATE DATABASE ... TEMPLATE, with a new uuid and
    the filestore): `target` is dropped first. Nobody may be connected to `source`."""
    if source == target:
        raise ValueError(f"the copy must not be the source database itself ({source})")
    drop(target)
    exp_duplicate_database(source, target)


def size(database):
    """The database's size on disk, as PostgreSQL writes it (e.g. '1234 MB')."""
    _dsn_name, params = connection_info_for(database)
    with closing(psycopg2.connect(**params)) as conn, conn.cursor() as cur:
        cur.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return cur.fetchone()[0]


def analyze(database, tables):
    """Fresh planner statistics after a bulk load (ANALYZE only: a fresh load has no dead rows)."""
    _dsn_name, params = connection_info_for(database)
    with closing(psycopg2.connect(**params)) as conn:
        conn.autocommit = True
        with conn.cursor() as cur:
            for table in tables:
                cur.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(table)))


def main_company(env):
    """The company with the most posted customer invoices and credit notes (the benchmark's
    main company, Marmara Klima on the data of benchdata.py)."""
    env.cr.execute(
        odoo.tools.SQL(
            """SELECT company_id FROM account_move WHERE state = 'posted'
                AND move_type IN ('out_invoice', 'out_refund') GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"""
        )
    )
    return env["res.company"].browse(env.cr.fetchone()[0])
