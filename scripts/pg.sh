#!/usr/bin/env bash
# Sourced by run.sh and test.sh: finds a PostgreSQL the current user can create
# databases on, or starts a private cluster under .pgdata/.  Exports:
#   PGHOST PGPORT PGUSER  (libpq variables: psql/createdb/dropdb and scripts/common.sh's
#                          write_odoo_conf use them)
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
PGDATA_DIR="$ROOT/.pgdata"
PRIVATE_PORT=${CRM_TR_PG_PORT:-54329}

_pg_can_create() {
  # True when the current libpq settings reach a server on which the role may
  # create databases.  Odoo refuses to connect as "postgres", so that role does not count.
  local who
  who=$(psql -X -d postgres -Atc "SELECT current_user || ':' || (rolcreatedb OR rolsuper)::text
                                   FROM pg_roles WHERE rolname = current_user" 2>/dev/null) || return 1
  [[ "$who" == *":true" && "${who%%:*}" != "postgres" ]]
}

_pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [[ -x "$d/initdb" ]] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

_pg_as_owner() {
  # PostgreSQL refuses to run initdb/postgres as root: run them as the "postgres" OS user then.
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_pg_private() {
  local bindir
  bindir=$(_pg_bindir) || {
    echo "PostgreSQL is neither reachable nor installed (Debian: apt-get install postgresql)." >&2
    return 1
  }
  mkdir -p "$PGDATA_DIR"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$PGDATA_DIR"
    # The server runs as "postgres", which must be able to reach .pgdata/ through its parents.
    local dir="$PGDATA_DIR"
    while [[ "$dir" != "/" ]]; do
      dir=$(dirname "$dir")
      runuser -u postgres -- test -x "$dir" || chmod o+x "$dir"
    done
  fi
  if [[ ! -f "$PGDATA_DIR/db/PG_VERSION" ]]; then
    _pg_as_owner "$bindir/initdb" -D "$PGDATA_DIR/db" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  mkdir -p "$PGDATA_DIR/run"
  if [[ $(id -u) -eq 0 ]]; then chown postgres: "$PGDATA_DIR/run"; fi
  if ! _pg_as_owner "$bindir/pg_ctl" -D "$PGDATA_DIR/db" status >/dev/null 2>&1; then
    _pg_as_owner "$bindir/pg_ctl" -D "$PGDATA_DIR/db" -l "$PGDATA_DIR/postgresql.log" -w \
      -o "-p $PRIVATE_PORT -k $PGDATA_DIR/run -c listen_addresses='' -c fsync=off -c max_connections=200" \
      start >/dev/null
  fi
  export PGHOST="$PGDATA_DIR/run" PGPORT="$PRIVATE_PORT" PGUSER=odoo
}

if [[ -n "${PGHOST:-}" ]] && _pg_can_create; then
  : # the caller's PostgreSQL
elif [[ -f "$PGDATA_DIR/db/PG_VERSION" ]]; then
  _pg_private
elif _pg_can_create; then
  : # the default local server, as the current user
else
  _pg_private
fi
