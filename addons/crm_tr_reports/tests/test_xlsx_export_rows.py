import io
from datetime import date
from unittest.mock import patch

import openpyxl

from odoo import Command
from odoo.fields import Domain
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from ..models import crm_tr_report_xlsx

REPORT = "crm_tr.report.customer.revenue"
FIELDS = ["date", "move_id", "partner_id", "move_type", "quantity", "revenue", "cost", "currency_id"]


@tagged("post_install", "-at_install")
class TestXlsxExportRows(AccountTestInvoicingCommon):
    """The exporter reads a list's rows set-wise (one SELECT per batch and the batch's
    names): the same rows as read(), in the report's order, under the reader's rules."""

    @classmethod
    def _line(cls, product, quantity, price_unit):
        return Command.create({"product_id": product.id, "quantity": quantity, "price_unit": price_unit, "tax_ids": []})

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company_data = cls.setup_other_company(name="Ege Klima Ltd. Şti.")
        cls.invoice = cls._create_invoice(
            partner_id=cls.partner_a.id,
            invoice_date="2026-05-04",
            invoice_line_ids=[cls._line(cls.product_a, 3, 1000), cls._line(cls.product_b, 2, 250.5)],
            post=True,
        )
        cls.refund = cls._create_invoice(
            move_type="out_refund",
            partner_id=cls.partner_b.id,
            invoice_date="2026-05-06",
            invoice_line_ids=[cls._line(cls.product_b, 1, 120)],
            post=True,
        )
        cls._create_invoice(
            company_id=cls.other_company_data["company"].id,
            partner_id=cls.partner_a.id,
            invoice_date="2026-05-05",
            invoice_line_ids=[cls._line(cls.product_a, 5, 900)],
            post=True,
        )
        cls.reader = new_test_user(
            cls.env,
            login="xlsx_rows_reader",
            groups="account.group_account_readonly",
            company_id=cls.env.company.id,
            company_ids=[Command.set(cls.env.company.ids)],
        )
        cls.domain = Domain("date", ">=", "2026-05-01") & Domain("date", "<=", "2026-05-31")

    def _rows(self, orm=False):
        Xlsx = self.env["crm_tr.report.xlsx"].with_user(self.reader)
        Report = Xlsx.env[REPORT]
        columns, _info = Xlsx._crm_tr_columns(Report, FIELDS, [])
        if orm:
            ids = Report._search(self.domain, order="date desc, id").get_result_ids()
            return list(Xlsx._crm_tr_rows_orm(Report, ids, columns))
        with patch.object(type(Report), "_order", "date desc, id"):
            return list(Xlsx._crm_tr_rows(Report, self.domain, columns, []))

    def test_rows_read_set_wise_equal_read(self):
        """Names, signs and numbers as read() gives them; the other company's line is not read."""
        partner_b, partner_a = self.partner_b.display_name, self.partner_a.display_name
        currency = self.env.company.currency_id.name
        expected = [
            [date(2026, 5, 6), self.refund.display_name, partner_b, "out_refund", -1.0, -120.0, 0, currency],
        ]
        invoice_lines = self.invoice.invoice_line_ids.sorted("id")
        for line, quantity, revenue in zip(invoice_lines, (3.0, 2.0), (3000.0, 501.0), strict=True):
            expected.append(
                [date(2026, 5, 4), self.invoice.display_name, partner_a, "out_invoice", quantity, revenue, 0, currency]
            )
            self.assertEqual(line.quantity, quantity)
        rows = self._rows()
        for row in rows:
            row[6] = 0  # the frozen cost depends on the products' cost in the test company
        self.assertEqual(rows, expected)
        orm_rows = self._rows(orm=True)
        for row in orm_rows:
            row[6] = 0
        self.assertEqual(orm_rows, expected)

    def test_rows_across_batches(self):
        """One row a batch: every row once, in the report's order."""
        expected = self._rows()
        with patch.object(crm_tr_report_xlsx, "BATCH_SIZE", 1):
            self.assertEqual(self._rows(), expected)
        self.assertEqual(len(expected), 3)

    def test_text_is_never_a_formula(self):
        """A customer named like a formula is written as text: a workbook opened by an
        accountant must not compute (or link) what a customer typed."""
        self.partner_b.name = "=1+2"
        content = self.env["crm_tr.report.xlsx"].with_user(self.reader).build_xlsx(REPORT, self.domain, FIELDS)
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        cells = [row[2] for row in sheet.iter_rows(min_row=5) if row[2].value == "=1+2"]
        self.assertEqual(len(cells), 1)
        self.assertEqual(cells[0].data_type, "s")
