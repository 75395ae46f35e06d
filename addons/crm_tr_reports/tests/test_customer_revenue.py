from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .common_h2 import ReportsDataCase

REVENUE = "crm_tr.report.customer.revenue"


@tagged("post_install", "-at_install")
class TestCustomerRevenue(ReportsDataCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="readonly_report",
            groups="account.group_account_readonly",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.salesman = new_test_user(
            cls.env,
            login="own_docs_report",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def _totals(self, report, domain=()):
        [row] = report._read_group(list(domain), [], ["quantity:sum", "revenue:sum", "cost:sum", "margin:sum"])
        return row

    def test_revenue_cost_margin_of_posted_lines(self):
        report = self._main(REVENUE)
        anka = report.search([("partner_id", "=", self.anka.id)])
        # The contact's invoice counts for the company; drafts and other companies stay out.
        self.assertEqual(len(anka), 4)
        self.assertEqual(anka.company_id, self.company)
        self.assertEqual(self._totals(report, [("partner_id", "=", self.anka.id)]), (5.0, 5000.0, 4000.0, 1000.0))
        refund = anka.filtered(lambda line: line.move_type == "out_refund")
        self.assertEqual((refund.quantity, refund.revenue, refund.cost, refund.margin), (-1.0, -1000.0, -800.0, -200.0))
        # Main company: 18,300 revenue; 18 units of product_a at 800 (the Bakım costs nothing).
        self.assertEqual(self._totals(report), (19.0, 18300.0, 14400.0, 3900.0))

    def test_two_currencies_in_the_current_company_currency(self):
        """EUR amounts of the second company count at 2 EUR per USD: 5,500 EUR revenue and
        3,600 EUR cost are 2,750 and 1,800 USD."""
        report = self._both(REVENUE)
        self.assertEqual(report.search([], limit=1).currency_id, self.company.currency_id)
        self.assertEqual(self._totals(report), (25.0, 21050.0, 16200.0, 4850.0))
        rows = report._read_group([], ["company_id"], ["revenue:sum", "cost:sum"])
        self.assertEqual(rows, [(self.company, 18300.0, 14400.0), (self.other_company, 2750.0, 1800.0)])
        # The same figure by hand: company-currency balances, the EUR ones halved.
        self.env.flush_all()
        [(by_hand,)] = self.env.execute_query(
            SQL(
                """SELECT SUM(-l.balance * CASE WHEN l.company_id = %s THEN 0.5 ELSE 1 END)
                     FROM account_move_line l JOIN account_move m ON m.id = l.move_id
                    WHERE m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')
                      AND l.display_type = 'product' AND l.company_id IN %s""",
                self.other_company.id,
                (self.company.id, self.other_company.id),
            )
        )
        self.assertEqual(float(by_hand), 21050.0)

    def test_cost_is_frozen_at_posting(self):
        """A later change of the product's cost does not rewrite the margin of past invoices."""
        self.product_a.with_company(self.company).standard_price = 5000.0
        report = self._main(REVENUE)
        self.assertEqual(self._totals(report, [("partner_id", "=", self.anka.id)])[2], 4000.0)

    def test_posting_a_draft_shows_up_at_once(self):
        self.draft.action_post()
        report = self._main(REVENUE)
        self.assertEqual(self._totals(report, [("partner_id", "=", self.ege.id)]), (8.0, 7300.0, 6400.0, 900.0))

    def test_accountant_reads_only_own_company(self):
        report = self.env[REVENUE].with_user(self.accountant)
        self.assertEqual(report.search([]).company_id, self.company)
        self.assertEqual(self._totals(report)[1], 18300.0)

    def test_own_documents_salesman_has_no_access(self):
        with self.assertRaisesRegex(AccessError, "not allowed"), self.env.cr.savepoint():
            self.env[REVENUE].with_user(self.salesman).search([])
