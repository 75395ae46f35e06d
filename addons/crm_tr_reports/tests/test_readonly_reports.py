import logging

from odoo.tests import HttpCase, tagged

# What the web client calls to show a report (list, pivot, graph, spreadsheet pivots and
# lists, the form of a line) and the dashboard's data sources.
WEB_READ_METHODS = (
    "web_search_read",
    "web_read",
    "web_read_group",
    "formatted_read_group",
    "formatted_read_grouping_sets",
    "search_read",
    "search_count",
    "read",
)
# Our own methods that only read, callable from the web client (buttons).
OWN_READONLY_METHODS = {
    "crm_tr.marketing.letter": ("action_view_segment", "action_view_recipients"),
}


def routed_readonly(model_class, method_name):
    """Whether /web/dataset/call_kw and call_button serve `method_name` on a read-only
    cursor (the replica when db_replica_host is set): the lookup of
    web.controllers.dataset.DataSet._call_kw_readonly."""
    for cls in model_class.mro():
        method = getattr(cls, method_name, None)
        if method is not None and hasattr(method, "_readonly"):
            return method._readonly
    return False


@tagged("post_install", "-at_install")
class TestReadonlyReports(HttpCase):
    def _report_models(self):
        # The analyses: not the Excel exporter (abstract) nor its export jobs (records with chatter).
        names = sorted(
            name
            for name in self.env.registry
            if name.startswith("crm_tr.report.")
            and not self.env[name]._abstract
            and "mail.thread" not in self.env[name]._inherit
        )
        self.assertIn("crm_tr.report.customer.revenue", names)
        return names

    def test_report_reads_are_routed_readonly(self):
        """Every report model's web-client reads, and our read-only buttons, are served on a
        read-only cursor; a method added later without the flag fails here."""
        for name in self._report_models():
            for method in WEB_READ_METHODS:
                self.assertTrue(routed_readonly(type(self.env[name]), method), f"{name}.{method}")
        for name, methods in OWN_READONLY_METHODS.items():
            for method in methods:
                self.assertTrue(routed_readonly(type(self.env[name]), method), f"{name}.{method}")
        # and the actions that write are not
        self.assertFalse(routed_readonly(type(self.env["crm_tr.marketing.letter"]), "action_print"))

    def _call_kw(self, model, method, args, kwargs, route="call_kw"):
        return self.make_jsonrpc_request(
            f"/web/dataset/{route}/{model}.{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def test_reports_served_without_write(self):
        """Over HTTP, the reports' pivot and list reads run on the read-only cursor to the
        end: a write would make Odoo log 'retrying with a read/write cursor' (and fail on a
        replica, which refuses writes)."""
        self.authenticate("admin", "admin")
        with self.assertNoLogs("odoo.http", logging.WARNING):
            for name in self._report_models():
                groups = self._call_kw(
                    name, "formatted_read_group", [[]], {"groupby": ["company_id"], "aggregates": ["__count"]}
                )
                count = self.env[name].search_count([])
                self.assertEqual(sum(group["__count"] for group in groups), count, name)
                rows = self._call_kw(name, "web_search_read", [[]], {"specification": {"id": {}}, "limit": 3})
                self.assertEqual(rows["length"], count, name)
            letter = self.env["crm_tr.marketing.letter"].create({"name": "Readonly test", "subject": "Test"})
            action = self._call_kw(
                "crm_tr.marketing.letter", "action_view_segment", [[letter.id]], {}, route="call_button"
            )
            self.assertEqual(action["res_model"], "res.partner")
