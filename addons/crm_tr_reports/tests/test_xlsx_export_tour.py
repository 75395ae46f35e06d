import io
import json
import threading
import time
from unittest.mock import patch

import openpyxl

from odoo.tests import tagged

from odoo.addons.crm_tr_sms.tests.tours import TurkishTourCase


@tagged("post_install", "-at_install")
class TestXlsxExportTour(TurkishTourCase):
    def test_export_customer_revenue_from_pivot_and_list(self):
        """In Turkish, the administrator exports the demo customer revenue from the pivot
        and the list: the workbook route builds a file of the current search each time."""
        istanbul = self._demo_company()
        admin = self.env.ref("base.user_admin")
        admin.write({"company_ids": [(4, istanbul.id)], "company_id": istanbul.id})
        self._speak_turkish(admin)
        Xlsx = type(self.env["crm_tr.report.xlsx"])
        original = Xlsx.build_xlsx
        calls = []
        done = threading.Event()

        def spy(model, res_model, domain, field_names, groupby=None):
            content = original(model, res_model, domain, field_names, groupby)
            calls.append((res_model, domain, field_names, groupby, content, model.env.lang))
            if len(calls) == 2:
                done.set()
            return content

        with patch.object(Xlsx, "build_xlsx", spy):
            self.start_tour("/odoo", "crm_tr_xlsx_export_tour", login="admin")
            self.assertTrue(done.wait(30), "the two exports reached the server")
        (pivot, listed) = calls
        self.assertEqual(pivot[0], "crm_tr.report.customer.revenue")
        # The pivot: its measures and row/column groupings; the default period filter.
        self.assertEqual((pivot[2], pivot[3]), (["revenue", "margin"], ["partner_id", "date:month"]))
        self.assertIn("date", str(pivot[1]))
        self.assertEqual(listed[3], [])
        self.assertIn("revenue", listed[2])
        self.assertNotIn("currency_id", listed[2], "invisible columns stay out")
        self.assertEqual(pivot[5], "tr_TR")
        for call in calls:
            book = openpyxl.load_workbook(io.BytesIO(call[4]))
            sheet = book.worksheets[0]
            self.assertEqual(sheet.cell(row=4, column=1).value, "Müşteri" if call is pivot else "Fatura Tarihi")
            self.assertGreater(sheet.max_row, 4, "the demo invoices are exported")

    def test_accountant_export_dialog(self):
        """In Turkish, the administrator exports the demo company's year for the accountant:
        the workbook holds the demo invoices, their totals equal to the journal items."""
        istanbul = self._demo_company()
        admin = self.env.ref("base.user_admin")
        admin.write({"company_ids": [(4, istanbul.id)], "company_id": istanbul.id})
        self._speak_turkish(admin)
        self.start_tour("/odoo", "crm_tr_accountant_export_tour", login="admin")
        Wizard = self.env["crm_tr.accountant.export"]
        # The export request may end just after the tour.
        for _attempt in range(40):
            self.env.invalidate_all()
            wizard = Wizard.search([("create_uid", "=", admin.id), ("attachment_id", "!=", False)], limit=1)
            if wizard:
                break
            time.sleep(0.5)
        self.assertEqual(wizard.company_id, istanbul)
        book = openpyxl.load_workbook(io.BytesIO(wizard.attachment_id.raw))
        invoices = book.worksheets[1]
        lines = self.env["account.move.line"].search(
            [
                ("company_id", "=", istanbul.id),
                ("parent_state", "=", "posted"),
                ("move_id.move_type", "=", "out_invoice"),
                ("date", ">=", wizard.date_from),
                ("date", "<=", wizard.date_to),
                ("display_type", "=", "payment_term"),
            ]
        )
        self.assertTrue(lines, "the demo company has posted invoices this year")
        self.assertEqual(invoices.max_row - 2, len(lines.move_id))
        self.assertAlmostEqual(invoices.cell(row=invoices.max_row, column=11).value, sum(lines.mapped("balance")), 2)

    def test_large_export_is_queued(self):
        """Above the threshold the web client queues the export and tells the user."""
        istanbul = self._demo_company()
        admin = self.env.ref("base.user_admin")
        admin.write({"company_ids": [(4, istanbul.id)], "company_id": istanbul.id})
        self._speak_turkish(admin)
        self.env["ir.config_parameter"].sudo().set_param("crm_tr_reports.xlsx_background_rows", "10")
        Export = self.env["crm_tr.report.export"]
        before = Export.search([])
        self.start_tour("/odoo", "crm_tr_xlsx_background_tour", login="admin")
        export = Export.search([]) - before
        self.assertEqual(len(export), 1)
        self.assertEqual(
            (export.user_id, export.state, export.res_model), (admin, "queued", "crm_tr.report.customer.revenue")
        )
        self.assertEqual(export.lang, "tr_TR")
        self.assertIn("revenue", json.loads(export.field_names))
