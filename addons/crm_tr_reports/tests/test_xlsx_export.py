import io
import json
from unittest.mock import patch

import openpyxl
import xlsxwriter

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import RecordCapturer, new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from ..controllers.xlsx import CrmTrReportXlsxController
from ..models import crm_tr_report_xlsx

REPORT = "crm_tr.report.customer.revenue"
FIELDS = ["date", "move_id", "partner_id", "move_type", "quantity", "revenue", "margin", "currency_id"]


@tagged("post_install", "-at_install")
class TestXlsxExport(AccountTestInvoicingCommon):
    @classmethod
    def _line(cls, product, quantity, price_unit):
        return Command.create({"product_id": product.id, "quantity": quantity, "price_unit": price_unit, "tax_ids": []})

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lang = cls.env["res.lang"].with_context(active_test=False)
        if not Lang.search([("code", "=", "tr_TR"), ("active", "=", True)]):
            Lang._activate_lang("tr_TR")
            cls.env["ir.module.module"].search([("name", "=", "crm_tr_reports")])._update_translations(["tr_TR"])
        cls.other_company_data = cls.setup_other_company(name="Karadeniz Klima Ltd. Şti.")
        # product_a: 1000 (cost 800), product_b: 200 (cost 160) in the main test company.
        cls.invoice_a = cls._create_invoice(
            partner_id=cls.partner_a.id,
            invoice_date="2026-03-10",
            invoice_line_ids=[cls._line(cls.product_a, 3, 1000), cls._line(cls.product_b, 2, 250.5)],
            post=True,
        )
        cls.refund_a = cls._create_invoice(
            move_type="out_refund",
            partner_id=cls.partner_a.id,
            invoice_date="2026-03-20",
            invoice_line_ids=[cls._line(cls.product_a, 1, 1000)],
            post=True,
        )
        cls.invoice_b = cls._create_invoice(
            partner_id=cls.partner_b.id,
            invoice_date="2026-04-02",
            invoice_line_ids=[cls._line(cls.product_b, 10, 120)],
            post=True,
        )
        cls.other_invoice = cls._create_invoice(
            company_id=cls.other_company_data["company"].id,
            partner_id=cls.partner_a.id,
            invoice_date="2026-03-11",
            invoice_line_ids=[cls._line(cls.product_a, 5, 900)],
            post=True,
        )
        cls.env.user.lang = "tr_TR"
        cls.domain = [("date", ">=", "2026-01-01"), ("date", "<=", "2026-12-31")]
        cls.reader = new_test_user(
            cls.env,
            login="xlsx_reader",
            groups="account.group_account_readonly",
            lang="tr_TR",
            company_id=cls.env.company.id,
            company_ids=[Command.set(cls.env.company.ids)],
        )
        cls.outsider = new_test_user(
            cls.env,
            login="xlsx_outsider",
            groups="base.group_user",
            company_id=cls.env.company.id,
            company_ids=[Command.set(cls.env.company.ids)],
        )

    def _workbook(self, content):
        return openpyxl.load_workbook(io.BytesIO(content))

    def _data_rows(self, sheet):
        return [list(row) for row in sheet.iter_rows(min_row=5, values_only=True)]

    def test_list_export_formatted_in_turkish(self):
        """Turkish headers, TRY/date formats, frozen header, autofilter and a chart sheet;
        the rows are the report's rows of the current company only."""
        Xlsx = self.env["crm_tr.report.xlsx"].with_user(self.reader).with_context(lang="tr_TR")
        content = Xlsx.build_xlsx(REPORT, self.domain, FIELDS)
        book = self._workbook(content)
        # Sheets: the data ("Veri"), then the chart ("Grafik").
        self.assertEqual(len(book.sheetnames), 2)
        sheet = book.worksheets[0]
        headers = [cell.value for cell in sheet[4]]
        self.assertEqual(headers[:3], ["Fatura Tarihi", "Fatura", "Müşteri"])
        self.assertIn("Ciro (vergisiz)", headers)
        self.assertIn("Kâr Marjı", headers)
        self.assertEqual(sheet.freeze_panes, "A5")
        self.assertEqual(sheet.auto_filter.ref, f"A4:H{4 + 4}")
        rows = self._data_rows(sheet)
        # 4 product lines in the main company (the other company's invoice stays out).
        self.assertEqual(len(rows), 4)
        revenue_col = headers.index("Ciro (vergisiz)")
        margin_col = headers.index("Kâr Marjı")
        self.assertEqual(sum(row[revenue_col] for row in rows), 3000 + 501 - 1000 + 1200)
        # Margin: revenue less quantity × current cost (800 and 160).
        self.assertAlmostEqual(sum(row[margin_col] for row in rows), 3701 - (2400 + 320 - 800 + 1600), places=2)
        # Independent figure: the journal items of the period.
        self.env.cr.execute(
            SQL(
                """SELECT -SUM(line.balance) FROM account_move_line line
                     JOIN account_move move ON move.id = line.move_id
                    WHERE move.state = 'posted' AND move.move_type IN ('out_invoice', 'out_refund')
                      AND line.display_type = 'product' AND line.company_id = %s
                      AND move.invoice_date BETWEEN '2026-01-01' AND '2026-12-31'""",
                self.env.company.id,
            )
        )
        self.assertEqual(sum(row[revenue_col] for row in rows), self.env.cr.fetchone()[0])
        first = sheet.cell(row=5, column=revenue_col + 1)
        self.assertEqual(first.number_format, f'#,##0.00 "{self.env.company.currency_id.symbol}"')
        self.assertEqual(sheet.cell(row=5, column=1).number_format, "dd.mm.yyyy")
        self.assertEqual(sheet.cell(row=5, column=5).number_format, "#,##0.00")
        types = {row[3] for row in rows}
        self.assertEqual(types, {"Fatura", "İade Faturası"} if "İade Faturası" in types else {"Fatura", "Credit Note"})
        chart_sheet = book.worksheets[1]
        self.assertEqual(len(chart_sheet._charts), 1)

    def test_grouped_export_and_chart(self):
        """Pivot-like export: one row per customer and month, the measures summed; the
        chart sheet holds the top customers by revenue."""
        # The main company only (the administrator's other company is the subject of the
        # multi-company rule, tested with the reader).
        Xlsx = self.env["crm_tr.report.xlsx"].with_context(lang="tr_TR", allowed_company_ids=self.env.company.ids)
        content = Xlsx.build_xlsx(REPORT, self.domain, ["revenue", "quantity"], ["partner_id", "date:month"])
        book = self._workbook(content)
        sheet = book.worksheets[0]
        self.assertEqual([cell.value for cell in sheet[4]], ["Müşteri", "Fatura Tarihi", "Ciro (vergisiz)", "Miktar"])
        rows = self._data_rows(sheet)
        by_partner = {}
        for partner, _month, revenue, _quantity in rows:
            by_partner[partner] = by_partner.get(partner, 0) + revenue
        self.assertEqual(by_partner, {self.partner_a.display_name: 2501.0, self.partner_b.display_name: 1200.0})
        self.assertEqual(sheet.cell(row=5, column=2).number_format, "mm.yyyy")
        chart = [list(row) for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
        self.assertEqual(
            [row[:2] for row in chart],
            [[self.partner_a.display_name, 2501.0], [self.partner_b.display_name, 1200.0]],
        )
        self.assertEqual(len(book.worksheets[1]._charts), 1)

    def test_grouped_export_above_the_threshold_is_queued(self):
        """A grouped export counts its groups, not the lines behind them: many groups go
        to the export queue like a long list, and the cron writes the grouped rows."""
        self.env["ir.config_parameter"].sudo().set_param("crm_tr_reports.xlsx_background_rows", "1")
        Xlsx = self.env["crm_tr.report.xlsx"].with_user(self.reader).with_context(lang="tr_TR")
        self.assertEqual(Xlsx.get_export_mode(REPORT, self.domain, ["partner_id"]), {"mode": "background", "count": 2})
        only_b = [("partner_id", "=", self.partner_b.id)]
        self.assertEqual(Xlsx.get_export_mode(REPORT, only_b, ["partner_id"]), {"mode": "direct", "count": 1})
        result = Xlsx.queue_export(REPORT, self.domain, ["revenue"], ["partner_id"])
        export = self.env["crm_tr.report.export"].browse(result["export_id"])
        cron = self.env.ref("crm_tr_reports.ir_cron_crm_tr_report_export")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertEqual((export.state, export.row_count), ("done", 2))
        rows = self._data_rows(self._workbook(export.attachment_id.raw).worksheets[0])
        self.assertEqual(
            sorted(rows), sorted([[self.partner_a.display_name, 2501.0], [self.partner_b.display_name, 1200.0]])
        )

    def test_access_rights_apply(self):
        """A user who may not read a report cannot export it; other models are refused."""
        Xlsx = self.env["crm_tr.report.xlsx"].with_user(self.outsider)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Xlsx.build_xlsx(REPORT, [], FIELDS)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Xlsx.get_export_mode(REPORT, [])
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Xlsx.queue_export(REPORT, [], FIELDS)
        with self.assertRaisesRegex(UserError, "crm_tr"), self.env.cr.savepoint():
            self.env["crm_tr.report.xlsx"].build_xlsx("res.partner", [], ["name"])

    def test_background_export_through_the_cron(self):
        """Above the threshold the export is queued; the cron builds it in constant_memory
        mode as the user, stores the file and sends it to the user's inbox."""
        self.env["ir.config_parameter"].sudo().set_param("crm_tr_reports.xlsx_background_rows", "2")
        Xlsx = self.env["crm_tr.report.xlsx"].with_user(self.reader).with_context(lang="tr_TR")
        self.assertEqual(Xlsx.get_export_mode(REPORT, self.domain), {"mode": "background", "count": 4})
        self.assertEqual(Xlsx.get_export_mode(REPORT, [("partner_id", "=", self.partner_b.id)])["mode"], "direct")
        cron = self.env.ref("crm_tr_reports.ir_cron_crm_tr_report_export")
        with RecordCapturer(self.env["ir.cron.trigger"].sudo(), [("cron_id", "=", cron.id)]) as triggers:
            result = Xlsx.queue_export(REPORT, self.domain, FIELDS)
        self.assertEqual(len(triggers.records), 1)
        # In the user's language: Turkish where crm_tr_reports' tr.po is loaded (the demo database).
        expected = Xlsx.env._("The export will arrive in your inbox.")
        self.assertEqual(result["message"], expected)
        export = self.env["crm_tr.report.export"].browse(result["export_id"])
        self.assertEqual((export.state, export.user_id), ("queued", self.reader))
        self.assertEqual(json.loads(export.domain), [list(leaf) for leaf in self.domain])
        with (
            patch.object(crm_tr_report_xlsx.xlsxwriter, "Workbook", wraps=xlsxwriter.Workbook) as workbook,
            self.enter_registry_test_mode(),
        ):
            cron.method_direct_trigger()
        self.assertEqual(workbook.call_args.args[1]["constant_memory"], True)
        self.assertEqual(export.state, "done")
        self.assertEqual(export.row_count, 4)
        self.assertTrue(export.attachment_id.raw)
        book = self._workbook(export.attachment_id.raw)
        self.assertEqual(len(self._data_rows(book.worksheets[0])), 4)
        self.assertEqual(book.worksheets[0].cell(row=4, column=3).value, "Müşteri")
        message = export.message_ids.filtered(lambda m: self.reader.partner_id in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn(f"/web/content/{export.attachment_id.id}?download=true", message.body)
        self.assertTrue(
            self.env["mail.notification"].search(
                [("mail_message_id", "=", message.id), ("res_partner_id", "=", self.reader.partner_id.id)]
            )
        )
        # The user sees their export; another user does not.
        self.assertEqual(self.env["crm_tr.report.export"].with_user(self.reader).search([]), export)
        self.assertFalse(self.env["crm_tr.report.export"].with_user(self.outsider).search([]))

    def test_reads_are_read_only(self):
        """The count and the workbook only read: Odoo runs them on a read-only cursor (the
        replica when db_replica_host is set); queueing a large export writes."""
        Xlsx = type(self.env["crm_tr.report.xlsx"])
        self.assertTrue(Xlsx.get_export_mode._readonly)
        self.assertTrue(Xlsx.build_xlsx._readonly)
        self.assertFalse(getattr(Xlsx.queue_export, "_readonly", False))
        routing = CrmTrReportXlsxController.crm_tr_report_xlsx.original_routing
        self.assertEqual((routing["routes"], routing["readonly"]), (["/crm_tr_reports/xlsx"], True))

    def test_failed_background_export_is_reported(self):
        """A queued export that cannot be built ends failed, with the reason sent to the user."""
        Xlsx = self.env["crm_tr.report.xlsx"].with_user(self.reader)
        export = self.env["crm_tr.report.export"].browse(
            Xlsx.queue_export(REPORT, self.domain, ["no_such"])["export_id"]
        )
        with self.enter_registry_test_mode():
            self.env.ref("crm_tr_reports.ir_cron_crm_tr_report_export").method_direct_trigger()
        self.assertEqual((export.state, export.attachment_id.id, export.row_count), ("failed", False, 0))
        # The reason in the language the export was asked in, else the user's.
        reason = export.with_context(lang=export.lang or self.reader.lang).env._(
            "Choose at least one column to export."
        )
        self.assertEqual(export.error, reason)
        message = export.message_ids.filtered(lambda m: self.reader.partner_id in m.partner_ids)
        self.assertIn(reason, message.body)
