"""Database helpers shared by the benchmarks: each one works on a copy of a database and
drops it at the end, and vacuums the tables its rolled-back measurements leave dead rows in."""

from contextlib import closing

import psycopg2
from psycopg2 import sql

import odoo
from odoo.modules.registry import Registry
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
