"""Cross-addon checks: dependencies, access rights and multi-company rules of the whole suite."""

import ast
from pathlib import Path

from odoo.tests import TransactionCase, new_test_user, tagged

ADDONS_DIR = Path(__file__).resolve().parent.parent / "addons"
ADDONS = ["crm_tr_sms", "crm_tr_sales", "crm_tr_service", "crm_tr_loyalty", "crm_tr_reports"]


@tagged("post_install", "-at_install")
class TestSuiteIntegrity(TransactionCase):
    def test_manifests(self):
        for addon in ADDONS:
            manifest = ast.literal_eval((ADDONS_DIR / addon / "__manifest__.py").read_text())
            self.assertEqual(manifest["version"], "19.0.1.0.0", addon)
            self.assertEqual(manifest["license"], "LGPL-3", addon)
            self.assertTrue((ADDONS_DIR / addon / "README.md").exists(), f"{addon} has a README.md")
            self.assertTrue((ADDONS_DIR / addon / "i18n" / "tr.po").exists(), f"{addon} has a Turkish translation")

    def test_every_dependency_is_lgpl_community(self):
        """The five addons and everything they pull in are LGPL-3: no enterprise, no AGPL module."""
        Module = self.env["ir.module.module"]
        todo = Module.search([("name", "in", ADDONS)])
        self.assertEqual(len(todo), 5)
        seen = Module
        while todo:
            seen |= todo
            todo = todo.dependencies_id.depend_id - seen
        self.assertEqual(seen.filtered(lambda m: m.state != "installed"), Module)
        self.assertEqual({m.name: m.license for m in seen if m.license != "LGPL-3"}, {})

    def _crm_tr_models(self):
        return self.env["ir.model"].search([("model", "=like", "crm\\_tr.%")])

    def test_every_model_has_access_rights(self):
        models = self._crm_tr_models()
        self.assertGreaterEqual(len(models), 5)
        for model in models:
            if self.env[model.model]._transient or self.env[model.model]._abstract:
                continue
            self.assertTrue(model.access_ids, f"{model.model} has access rights")

    def test_every_company_model_has_a_multi_company_rule(self):
        for model in self._crm_tr_models():
            field = self.env[model.model]._fields.get("company_id")
            # A wizard's company is taken from its document, not data of its own.
            if not field or not field.store or self.env[model.model]._transient:
                continue
            global_rules = model.rule_ids.filtered(lambda r: not r.groups and "company_ids" in r.domain_force)
            self.assertTrue(global_rules, f"{model.model} has a multi-company record rule")

    def test_accountants_read_every_model_and_write_none(self):
        accountant = new_test_user(self.env, login="integrity_accountant", groups="account.group_account_readonly")
        for model in self._crm_tr_models():
            records = self.env[model.model].with_user(accountant)
            if records._transient or records._abstract or getattr(records, "_crm_tr_technical", False):
                continue
            self.assertTrue(records.has_access("read"), f"accountants (read-only) read {model.model}")
            for operation in ("write", "create", "unlink"):
                self.assertFalse(records.has_access(operation), f"accountants may not {operation} {model.model}")
