#!/usr/bin/env bash
# The full test run: lint, install (with and without demo), upgrade, translations, and
# every test (addons/*/tests and tests/) with pytest-odoo, tours in headless Chromium.
# Ends with pytest's summary line; exits non-zero on any failure.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
source "$ROOT/scripts/common.sh"
require_odoo

LOGS="$ROOT/test-logs"
rm -rf "$LOGS" && mkdir -p "$LOGS"
step() { printf '\n== %s\n' "$*"; }

step "lint: ruff and pylint-odoo"
"$ROOT/scripts/lint.sh"

source "$ROOT/scripts/pg.sh"
ODOO_CONF="$LOGS/odoo.conf"
write_odoo_conf "$ODOO_CONF"
DB=${CRM_TR_TEST_DB:-crm_tr_test_$$}
DB_NODEMO="${DB}_nodemo"
cleanup() {
  if [[ -z "${CRM_TR_KEEP_DB:-}" ]]; then
    dropdb --if-exists "$DB" >/dev/null 2>&1 || true
    dropdb --if-exists "$DB_NODEMO" >/dev/null 2>&1 || true
    rm -rf "$ROOT/.odoo-data/filestore/$DB" "$ROOT/.odoo-data/filestore/$DB_NODEMO"
  fi
}
trap cleanup EXIT
dropdb --if-exists "$DB" >/dev/null 2>&1 || true
dropdb --if-exists "$DB_NODEMO" >/dev/null 2>&1 || true

# check_log LOG WHAT: an install log passes when it has no ERROR/CRITICAL line at all and
# no WARNING about our code (logged by it or naming one of its modules or models).
check_log() {
  local bad
  bad=$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) |^[0-9-]+ [0-9:,]+ [0-9]+ WARNING .*crm_tr' "$1" || true)
  if [[ -n "$bad" ]]; then
    echo "FAILED: $2 logged errors or warnings from crm_tr code (full log: $1):"
    echo "$bad" | head -40
    exit 1
  fi
  echo "ok: $2"
}

step "install all five addons with demo data on a fresh database ($DB)"
odoo_cmd -d "$DB" -i "$MODULES" --with-demo --stop-after-init --log-level=info >"$LOGS/install-demo.log" 2>&1 \
  || { tail -40 "$LOGS/install-demo.log"; echo "FAILED: install with demo data"; exit 1; }
check_log "$LOGS/install-demo.log" "install with demo data"

step "upgrade (-u) all five addons"
odoo_cmd -d "$DB" -u "$MODULES" --stop-after-init --log-level=info >"$LOGS/upgrade.log" 2>&1 \
  || { tail -40 "$LOGS/upgrade.log"; echo "FAILED: upgrade"; exit 1; }
check_log "$LOGS/upgrade.log" "upgrade"

step "install all five addons without demo data ($DB_NODEMO)"
odoo_cmd -d "$DB_NODEMO" -i "$MODULES" --stop-after-init --log-level=info >"$LOGS/install-nodemo.log" 2>&1 \
  || { tail -40 "$LOGS/install-nodemo.log"; echo "FAILED: install without demo data"; exit 1; }
check_log "$LOGS/install-nodemo.log" "install without demo data"
dropdb --if-exists "$DB_NODEMO" >/dev/null 2>&1 || true

step "translations: .pot files up to date, tr.po complete"
"$PY" "$ROOT/scripts/i18n.py" check -c "$ODOO_CONF" -d "$DB"

step "tests: pytest-odoo on addons/*/tests and tests/ (HttpCase tours in headless Chromium)"
pytest_args=(-p no:cacheprovider --odoo-config="$ODOO_CONF" --odoo-database="$DB" --odoo-http
             --odoo-log-level=warn -o addopts= -rfEs)
set +e
"$PY" -m pytest "${pytest_args[@]}" addons tests "$@" 2>&1 | tee "$LOGS/pytest.log"
status=${PIPESTATUS[0]}
set -e
if [[ $status -eq 5 ]]; then
  echo "FAILED: pytest collected no test"
  exit 1
fi
exit "$status"
