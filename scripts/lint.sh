#!/usr/bin/env bash
# ruff (lint and format) and pylint-odoo's mandatory checks on the addons and the tests.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PY=${ODOO_PYTHON:-python3}
"$PY" -m ruff check addons tests scripts
"$PY" -m ruff format --check addons tests scripts
# pylint-odoo reads the addons as plain Python; it needs no database.
"$PY" -m pylint --rcfile=.pylintrc-mandatory addons/crm_tr_sms addons/crm_tr_sales addons/crm_tr_service \
  addons/crm_tr_loyalty addons/crm_tr_reports
echo "ok: ruff and pylint-odoo"
