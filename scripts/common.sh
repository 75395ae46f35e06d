#!/usr/bin/env bash
# Sourced by run.sh and test.sh: the Python with Odoo 19, PostgreSQL, and an Odoo config file.
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
PY=${ODOO_PYTHON:-python3}
MODULES=crm_tr_sms,crm_tr_sales,crm_tr_service,crm_tr_loyalty,crm_tr_reports

require_odoo() {
  if ! "$PY" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 19)' >/dev/null 2>&1; then
    echo "crm_tr: Odoo 19 is not importable from '$PY' (python3 -c 'import odoo' must work; set ODOO_PYTHON to use another Python)." >&2
    exit 2
  fi
}

# write_odoo_conf FILE: an Odoo configuration for the PostgreSQL that scripts/pg.sh found.
write_odoo_conf() {
  mkdir -p "$(dirname "$1")" "$ROOT/.odoo-data"
  {
    echo "[options]"
    echo "addons_path = $ROOT/addons"
    echo "data_dir = $ROOT/.odoo-data"
    [[ -z "${PGHOST:-}" ]] || echo "db_host = $PGHOST"
    echo "db_port = ${PGPORT:-5432}"
    echo "db_user = ${PGUSER:-$(id -un)}"
    [[ -z "${PGPASSWORD:-}" ]] || echo "db_password = $PGPASSWORD"
    echo "http_interface = 127.0.0.1"
    echo "admin_passwd = admin"
  } >"$1"
}

odoo_cmd() { "$PY" -m odoo -c "$ODOO_CONF" "$@"; }
