"""What a Turkish user meets in the demo: Turkish accounting (KDV %20), real margins, the
demo in Turkish, technicians and responsibles that make sense."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoScreens(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.istanbul = cls.env.ref("crm_tr_sms.company_tr_istanbul", raise_if_not_found=False)
        cls.ankara = cls.env.ref("crm_tr_sms.company_tr_ankara", raise_if_not_found=False)

    def setUp(self):
        super().setUp()
        if not self.istanbul:
            self.skipTest("the database was installed without demo data")

    def test_turkish_accounting(self):
        for company in self.istanbul | self.ankara:
            self.assertEqual(company.chart_template, "tr")
            invoices = self.env["account.move"].search(
                [("company_id", "=", company.id), ("move_type", "=", "out_invoice"), ("state", "=", "posted")]
            )
            self.assertTrue(invoices)
            taxes = invoices.invoice_line_ids.tax_ids
            self.assertEqual(set(taxes.mapped("amount")), {20.0}, "KDV %20 on every demo invoice line")
            line = invoices[0].invoice_line_ids[0]
            self.assertAlmostEqual(line.price_total, round(line.price_subtotal * 1.2, 2), places=2)

    def test_demo_margins_are_real(self):
        for company in self.istanbul | self.ankara:
            product = self.env.ref("crm_tr_sales.product_tr_split_12000").with_company(company)
            self.assertEqual(product.standard_price, 21000.0, "the cost is set in each demo company")
            rows = self.env["crm_tr.report.customer.revenue"].search(
                [("company_id", "=", company.id), ("product_id", "=", product.id), ("revenue", ">", 0)], limit=1
            )
            self.assertTrue(rows)
            self.assertGreater(rows.cost, 0)
            self.assertLess(rows.margin, rows.revenue, "the margin is not the whole revenue")

    def test_demo_speaks_turkish(self):
        self.assertTrue(self.env["res.lang"].search([("code", "=", "tr_TR")]), "Turkish is active")
        customer = self.env.ref("crm_tr_sms.partner_tr_company_01")
        self.assertEqual(customer.lang, "tr_TR")
        self.assertEqual(self.env.ref("crm_tr_sales.user_tr_sales_rep").lang, "tr_TR")
        case = self.env.ref("crm_tr_service.service_case_tr_01")
        first = case.message_ids.sorted("id")[:1]
        self.assertIn("oluşturuldu", str(first.body), "the chatter written at install is in Turkish")

    def test_service_cases_have_real_responsibles(self):
        cases = self.env["crm_tr.service.case"].search([("company_id", "in", (self.istanbul | self.ankara).ids)])
        # The service demo's 16 and the SLA demo's 5 (overdue, at risk, on track).
        self.assertEqual(len(cases), 21)
        self.assertNotIn(self.env.ref("base.user_root"), cases.user_id, "no case is OdooBot's")

    def test_technicians_are_technicians(self):
        technicians = self.env["hr.employee"].search([("crm_tr_is_technician", "=", True)])
        self.assertEqual(
            set(technicians.filtered(lambda e: e.company_id in self.istanbul | self.ankara).mapped("name")),
            {"Kemal Usta", "Eren Bulut", "Yusuf Er", "Barış Acar"},
        )

    def test_commercial_sms_configured(self):
        for company in self.istanbul | self.ankara:
            self.assertGreater(company.crm_tr_sms_price_per_part, 0)
            self.assertIn("RET", company.crm_tr_sms_optout_text)
