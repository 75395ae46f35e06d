#!/usr/bin/env bash
# The full test run: lint, install (with and without demo), upgrade, translations, the
# addons' tests under Odoo's own runner, and every test (addons/*/tests and tests/) with
# pytest-odoo, tours in headless Chromium. Ends with pytest's summary line; exits non-zero
# on any failure.
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

step "tests: Odoo's own runner on the addons' tests (HttpCase tours in headless Chromium)"
# Without -u: on Odoo 19, --test-tags alone enables the tests, and once the registry is
# loaded the server runs the post_install tests of the installed modules that the tags
# select (odoo/service/server.py, preload_registries); the suite's tests are post_install.
# The HTTP server is started for the tours on the config's port, the one pytest uses below.
# Before pytest, so that pytest's summary stays the last summary line (CI reads it).
ODOO_TEST_LOG="$LOGS/odoo-tests.log"
set +e
odoo_cmd -d "$DB" --test-tags "/${MODULES//,/,/}" --stop-after-init --log-level=info >"$ODOO_TEST_LOG" 2>&1
odoo_status=$?
set -e
# Odoo closes with "N failed, N error(s) of N tests when loading database ..."
odoo_summary=$(grep -oE '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$ODOO_TEST_LOG" | tail -1 || true)
read -r odoo_failed odoo_errors odoo_run <<<"$(echo "$odoo_summary" | grep -oE '[0-9]+' | tr '\n' ' ')"
# Under CI a skipped test is a failure here too (conftest.py does the same for pytest).
odoo_skipped=$(grep -cE ' odoo\.addons\.[a-z0-9_]+\.tests\.[A-Za-z0-9_.]+: skipped ' "$ODOO_TEST_LOG" || true)
if [[ $odoo_status -ne 0 || -z "$odoo_summary" || $odoo_failed -ne 0 || $odoo_errors -ne 0 || $odoo_run -eq 0 ]] \
  || [[ -n "${CI:-}" && $odoo_skipped -ne 0 ]]; then
  grep -E '(ERROR|CRITICAL) .*(FAIL|ERROR):|: skipped ' "$ODOO_TEST_LOG" | head -40 || true
  echo "FAILED: Odoo's test runner (exit $odoo_status; ${odoo_summary:-no summary}; $odoo_skipped skipped; full log: $ODOO_TEST_LOG)"
  exit 1
fi
echo "ok: Odoo's test runner ran the addons' tests: $odoo_summary ($odoo_skipped skipped)"

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
