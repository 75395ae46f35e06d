#!/usr/bin/env bash
# Starts Odoo 19 with the five crm_tr addons and their demo data on http://localhost:8069 (admin/admin).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/scripts/common.sh"
require_odoo
source "$ROOT/scripts/pg.sh"

DB=${CRM_TR_DB:-crm_tr}
PORT=${CRM_TR_HTTP_PORT:-8069}
ODOO_CONF="$ROOT/.odoo-data/run-odoo.conf"
write_odoo_conf "$ODOO_CONF"
sed -i 's/^http_interface = .*/http_interface = 0.0.0.0/' "$ODOO_CONF"

installed=$(psql -X -d "$DB" -Atc "SELECT count(*) FROM ir_module_module WHERE name = 'crm_tr_reports' AND state = 'installed'" 2>/dev/null || echo 0)
if [[ "$installed" != "1" ]]; then
  echo "crm_tr: initializing database '$DB' with the five addons and demo data (a few minutes)..."
  odoo_cmd -d "$DB" -i "$MODULES" --with-demo --load-language=tr_TR --stop-after-init --log-level=warn
  # The demo's people work in Turkish.
  psql -X -q -d "$DB" -c "UPDATE res_partner SET lang = 'tr_TR'
                           WHERE id IN (SELECT partner_id FROM res_users WHERE login IN ('admin', 'selim', 'kemal'))"
fi
echo "crm_tr: http://localhost:$PORT  (login admin / password admin, database $DB)"
exec "$PY" -m odoo -c "$ODOO_CONF" -d "$DB" --db-filter="^${DB}\$" --http-port="$PORT" "$@"
