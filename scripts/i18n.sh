#!/usr/bin/env bash
# Regenerates i18n/<addon>.pot from a fresh database with demo data and merges new terms into tr.po.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/scripts/common.sh"
require_odoo
source "$ROOT/scripts/pg.sh"
ODOO_CONF="$ROOT/.odoo-data/i18n-odoo.conf"
write_odoo_conf "$ODOO_CONF"
DB=${CRM_TR_I18N_DB:-crm_tr_i18n_$$}
if [[ -z "${CRM_TR_I18N_DB:-}" ]]; then
  trap 'dropdb --if-exists "$DB" >/dev/null 2>&1 || true' EXIT
  odoo_cmd -d "$DB" -i "$MODULES" --with-demo --stop-after-init --log-level=warn
fi
"$PY" "$ROOT/scripts/i18n.py" update -c "$ODOO_CONF" -d "$DB"
