# crm_tr: the two commands of the README, and helpers.
.PHONY: run test lint i18n

run:  ## start Odoo 19 with the five addons and demo data on http://localhost:8069 (admin/admin)
	scripts/run.sh

test:  ## the full test run (lint, install, upgrade, translations, pytest-odoo with tours)
	scripts/test.sh

lint:
	scripts/lint.sh

i18n:  ## regenerate every i18n/<addon>.pot and merge new terms into tr.po (needs a database with demo data)
	scripts/i18n.sh
