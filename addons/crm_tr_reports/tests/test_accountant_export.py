import io
from datetime import date, datetime

import openpyxl

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestAccountantExport(AccountTestInvoicingCommon):
    """The accountant's workbook for a period and company: its totals are the sums of the
    journal items of the same period and company, and nothing of the other company."""

    @classmethod
    def _line(cls, quantity, price_unit, taxes=None):
        return Command.create(
            {
                "product_id": cls.product_a.id,
                "quantity": quantity,
                "price_unit": price_unit,
                "tax_ids": [Command.set(taxes.ids if taxes else [])],
            }
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.eur = cls.setup_other_currency("EUR")  # 2 EUR for 1 company currency unit since 2017
        cls.other_company = cls.setup_other_company(name="Karadeniz Klima Ltd. Şti.")["company"]
        cls.partner_a.vat = "1234567890"
        tax = cls.company_data["default_tax_sale"]  # 15%
        cls.invoice = cls._create_invoice(
            partner_id=cls.partner_a.id,
            invoice_date="2026-03-05",
            invoice_line_ids=[cls._line(3, 1000, tax)],
            post=True,
        )
        cls.invoice_eur = cls._create_invoice(
            partner_id=cls.partner_b.id,
            currency_id=cls.eur.id,
            invoice_date="2026-03-12",
            invoice_line_ids=[cls._line(1, 800, tax)],
            post=True,
        )
        cls.refund = cls._create_invoice(
            move_type="out_refund",
            partner_id=cls.partner_a.id,
            invoice_date="2026-03-20",
            invoice_line_ids=[cls._line(1, 1000, tax)],
            post=True,
        )
        # Out of the period, a draft, and the other company's invoice: all left out.
        cls._create_invoice(
            partner_id=cls.partner_a.id, invoice_date="2026-04-01", invoice_line_ids=[cls._line(1, 50)], post=True
        )
        cls._create_invoice(
            partner_id=cls.partner_a.id, invoice_date="2026-03-15", invoice_line_ids=[cls._line(9, 100)]
        )
        cls.other_invoice = cls._create_invoice(
            company_id=cls.other_company.id,
            partner_id=cls.partner_a.id,
            invoice_date="2026-03-06",
            invoice_line_ids=[cls._line(5, 900)],
            post=True,
        )
        cls.payment = cls.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": cls.partner_a.id,
                "amount": 1200.0,
                "date": "2026-03-25",
                "journal_id": cls.company_data["default_journal_bank"].id,
            }
        )
        cls.payment.action_post()
        cls.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": cls.partner_a.id,
                "amount": 99.0,
                "date": "2026-03-25",
                "journal_id": cls.env["account.journal"]
                .search([("company_id", "=", cls.other_company.id), ("type", "=", "bank")], limit=1)
                .id,
            }
        ).action_post()
        # A done sales visit with 150 of expenses, in the period (written by the superuser:
        # the test user is an accountant).
        cls.visit = (
            cls.env["crm_tr.visit"]
            .sudo()
            .create(
                {
                    "partner_id": cls.partner_a.id,
                    "purpose": "Bakım",
                    "company_id": cls.company.id,
                    "planned_start": datetime(2026, 3, 16, 9),
                    "planned_end": datetime(2026, 3, 16, 10),
                    "expense_amount": 150.0,
                }
            )
        )
        cls.visit.action_done()
        # Loyalty: 120 points earned, 20 redeemed in March, 30 earned in April; 0.5 per point.
        program = (
            cls.env["loyalty.program"]
            .sudo()
            .create(
                {"name": "Puan", "program_type": "loyalty", "company_id": cls.company.id, "crm_tr_point_value": 0.5}
            )
        )
        card = (
            cls.env["loyalty.card"]
            .sudo()
            .create({"program_id": program.id, "partner_id": cls.partner_a.id, "points": 0})
        )
        Accrual = cls.env["crm_tr.loyalty.accrual"].sudo()
        for points, kind, day in (
            (120, "accrual", date(2026, 3, 5)),
            (-20, "redemption", date(2026, 3, 28)),
            (30, "accrual", date(2026, 4, 2)),
        ):
            Accrual.create(
                {"card_id": card.id, "company_id": cls.company.id, "points": points, "kind": kind, "date": day}
            )
        cls.accountant = new_test_user(
            cls.env,
            login="accountant_export",
            groups="account.group_account_readonly",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def _export(self, user=None, company=None):
        Wizard = self.env["crm_tr.accountant.export"].with_user(user or self.env.user)
        wizard = Wizard.create(
            {"date_from": "2026-03-01", "date_to": "2026-03-31", "company_id": (company or self.company).id}
        )
        action = wizard.action_export()
        self.assertEqual(action["url"], f"/web/content/{wizard.attachment_id.id}?download=true")
        return openpyxl.load_workbook(io.BytesIO(wizard.attachment_id.sudo().raw))

    def _journal_sum(self, move_type, display_types):
        lines = self.env["account.move.line"].search(
            [
                ("company_id", "=", self.company.id),
                ("parent_state", "=", "posted"),
                ("move_id.move_type", "=", move_type),
                ("date", ">=", "2026-03-01"),
                ("date", "<=", "2026-03-31"),
                ("display_type", "in", display_types),
            ]
        )
        return sum(lines.mapped("balance"))

    @staticmethod
    def _total_row(sheet):
        return [cell.value for cell in sheet[sheet.max_row]]

    def test_totals_equal_journal_items(self):
        book = self._export(self.accountant)
        invoices, refunds, payments, visits, services, loyalty = book.worksheets[1:7]
        summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(min_row=5, values_only=True)}
        self.assertEqual(len(summary), 11)
        # Invoices: 3 × 1000 + 800 EUR (= 400) untaxed, 15% tax.
        self.assertEqual(
            [row[0] for row in invoices.iter_rows(min_row=2, max_row=3, values_only=True)],
            [self.invoice.name, self.invoice_eur.name],
        )
        self.assertEqual(invoices.max_row, 3 + 1)
        total = self._total_row(invoices)
        self.assertEqual(total[8:11], [3400.0, 510.0, 3910.0])
        self.assertEqual(total[8], -self._journal_sum("out_invoice", ["product"]))
        self.assertEqual(total[9], -self._journal_sum("out_invoice", ["tax"]))
        self.assertEqual(total[10], self._journal_sum("out_invoice", ["payment_term"]))
        eur_row = [cell.value for cell in invoices[3]]
        self.assertEqual(eur_row[4:], [800.0, 120.0, 920.0, "EUR", 400.0, 60.0, 460.0])
        self.assertEqual([cell.value for cell in invoices[2]][3], "1234567890")
        # Credit notes: negative in company currency.
        total = self._total_row(refunds)
        self.assertEqual(total[8:11], [-1000.0, -150.0, -1150.0])
        self.assertEqual(total[10], self._journal_sum("out_refund", ["payment_term"]))
        self.assertEqual(total[8], -self._journal_sum("out_refund", ["product"]))
        # Payments: only this company's.
        self.assertEqual(payments.max_row, 2 + 1)
        self.assertEqual(self._total_row(payments)[8], 1200.0)
        # The journal items of the period's payments on their outstanding receipts account.
        outstanding = self.env["account.move.line"].search(
            [
                ("company_id", "=", self.company.id),
                ("parent_state", "=", "posted"),
                ("move_id.origin_payment_id", "!=", False),
                ("account_id", "=", self.inbound_payment_method_line.payment_account_id.id),
                ("date", ">=", "2026-03-01"),
                ("date", "<=", "2026-03-31"),
            ]
        )
        self.assertEqual(outstanding.move_id, self.payment.move_id)
        self.assertEqual(self._total_row(payments)[8], sum(outstanding.mapped("balance")))
        # Costs and loyalty.
        self.assertEqual(self._total_row(visits)[-1], self.visit.total_cost)
        self.assertEqual(self.visit.total_cost, 150.0 + self.visit.labour_cost + self.visit.travel_cost)
        self.assertEqual(services.max_row, 2)
        self.assertEqual(self._total_row(loyalty)[3:6], [100.0, None, 50.0])
        self.assertEqual(
            list(summary.values()),
            [3400.0, 510.0, 3910.0, -1000.0, -150.0, -1150.0, 2400.0, 1200.0, self.visit.total_cost, 0.0, 50.0],
        )
        # The other company's invoice (4500) and payment (99) are absent (its invoice numbers
        # may be the same as ours: sequences are per company).
        values = {cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row}
        self.assertFalse({4500, 99} & values)

    def test_other_company_alone(self):
        book = self._export(company=self.other_company)
        invoices = book.worksheets[1]
        self.assertEqual(
            [row[0] for row in invoices.iter_rows(min_row=2, max_row=2, values_only=True)], [self.other_invoice.name]
        )
        self.assertEqual(self._total_row(invoices)[8:11], [4500.0, 0.0, 4500.0])

    def test_refused_for_a_company_of_someone_else(self):
        with self.assertRaisesRegex(UserError, self.other_company.name), self.env.cr.savepoint():
            self._export(self.accountant, self.other_company)
