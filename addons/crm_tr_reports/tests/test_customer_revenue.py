from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestCustomerRevenue(AccountTestInvoicingCommon):
    @classmethod
    def _line(cls, quantity, price_unit):
        return Command.create(
            {"product_id": cls.product_a.id, "quantity": quantity, "price_unit": price_unit, "tax_ids": []}
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company_data = cls.setup_other_company(name="Karadeniz Klima Ltd. Şti.")
        # product_a: list price 1000, cost 800 in the main test company.
        cls.invoice = cls._create_invoice(
            partner_id=cls.partner_a.id,
            invoice_line_ids=[cls._line(3, 1000)],
            post=True,
        )
        cls.refund = cls._create_invoice(
            move_type="out_refund",
            partner_id=cls.partner_a.id,
            invoice_line_ids=[cls._line(1, 1000)],
            post=True,
        )
        cls.draft = cls._create_invoice(
            partner_id=cls.partner_a.id,
            invoice_line_ids=[cls._line(7, 1000)],
        )
        cls.other_invoice = cls._create_invoice(
            company_id=cls.other_company_data["company"].id,
            partner_id=cls.partner_a.id,
            invoice_line_ids=[cls._line(5, 900)],
            post=True,
        )
        cls.accountant = new_test_user(
            cls.env,
            login="readonly_report",
            groups="account.group_account_readonly",
            company_id=cls.env.company.id,
            company_ids=[(6, 0, cls.env.company.ids)],
        )
        cls.salesman = new_test_user(
            cls.env,
            login="own_docs_report",
            groups="sales_team.group_sale_salesman",
            company_id=cls.env.company.id,
            company_ids=[(6, 0, cls.env.company.ids)],
        )

    def _totals(self, report):
        rows = report._read_group(
            [("partner_id", "=", self.partner_a.id)], [], ["quantity:sum", "revenue:sum", "cost:sum", "margin:sum"]
        )
        return rows[0]

    def test_revenue_cost_margin_of_posted_lines(self):
        report = self.env["crm_tr.report.customer.revenue"].with_company(self.env.company)
        lines = report.search([("partner_id", "=", self.partner_a.id)])
        self.assertEqual(lines.move_id, self.invoice | self.refund, "draft invoices and other companies stay out")
        self.assertEqual(self._totals(report), (2.0, 2000.0, 1600.0, 400.0))
        refund_line = lines.filtered(lambda line: line.move_type == "out_refund")
        self.assertEqual((refund_line.quantity, refund_line.revenue, refund_line.margin), (-1.0, -1000.0, -200.0))

    def test_posting_a_draft_shows_up_at_once(self):
        self.draft.action_post()
        report = self.env["crm_tr.report.customer.revenue"].with_company(self.env.company)
        self.assertEqual(self._totals(report), (9.0, 9000.0, 7200.0, 1800.0))

    def test_accountant_reads_only_own_company(self):
        report = self.env["crm_tr.report.customer.revenue"].with_user(self.accountant)
        self.assertEqual(report.search([]).company_id, self.env.company)
        self.assertEqual(self._totals(report)[1], 2000.0)

    def test_own_documents_salesman_has_no_access(self):
        with self.assertRaises(AccessError):
            self.env["crm_tr.report.customer.revenue"].with_user(self.salesman).search([])
