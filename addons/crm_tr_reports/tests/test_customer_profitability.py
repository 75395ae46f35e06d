from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .common_h2 import ReportsDataCase

PROFITABILITY = "crm_tr.report.customer.profitability"
MEASURES = [
    "revenue:sum",
    "cost_of_goods:sum",
    "gross_margin:sum",
    "visit_cost:sum",
    "service_cost:sum",
    "loyalty_cost:sum",
    "net_profit:sum",
]


@tagged("post_install", "-at_install")
class TestCustomerProfitability(ReportsDataCase):
    def test_sources_are_priced_as_stored(self):
        """The dataset's visits and points cost what the report is expected to add up."""
        self.assertEqual((self.sales_visit.total_cost, self.service_visit.total_cost), (150.0, 200.0))
        accruals = self.env["crm_tr.loyalty.accrual"].sudo().search([("partner_id", "=", self.bora.id)])
        self.assertEqual((accruals.points, str(accruals.date)), (20.0, "2026-06-25"))

    def test_per_customer(self):
        report = self._main(PROFITABILITY)
        rows = {partner: values for partner, *values in report._read_group([], ["partner_id"], MEASURES)}
        # revenue, cost of goods, margin, visits, service, loyalty, net
        self.assertEqual(rows[self.anka], [5000.0, 4000.0, 1000.0, 150.0, 0.0, 0.0, 850.0])
        self.assertEqual(rows[self.bora], [2000.0, 0.0, 2000.0, 0.0, 0.0, 10.0, 1990.0])
        self.assertEqual(rows[self.cem], [1000.0, 1600.0, -600.0, 0.0, 200.0, 0.0, -800.0])
        self.assertEqual(rows[self.deniz], [10000.0, 8000.0, 2000.0, 0.0, 0.0, 0.0, 2000.0])
        self.assertEqual(rows[self.ege], [300.0, 800.0, -500.0, 0.0, 0.0, 0.0, -500.0])
        self.assertNotIn(self.firat, rows, "the second company is not selected")
        [total] = report._read_group([], [], MEASURES)
        self.assertEqual(total, (18300.0, 14400.0, 3900.0, 150.0, 200.0, 10.0, 3540.0))

    def test_two_companies_in_current_currency(self):
        """The second company's EUR figures count half: Anka 4,500 - 3,000 and Fırat
        1,000 - 600 EUR are 750 and 200 USD of margin."""
        report = self._both(PROFITABILITY)
        rows = report._read_group([], ["company_id"], ["revenue:sum", "cost_of_goods:sum", "net_profit:sum"])
        self.assertEqual(rows, [(self.company, 18300.0, 14400.0, 3540.0), (self.other_company, 2750.0, 1800.0, 950.0)])
        [(anka_net,)] = report._read_group([("partner_id", "=", self.anka.id)], [], ["net_profit:sum"])
        self.assertEqual(anka_net, 850.0 + 750.0)

    def test_period_filter_cuts_every_source(self):
        """June 2026: Anka's invoice of the 20th and visit of the 15th, Bora's invoice and
        points of the 25th; May: Deniz's invoice and Cem's service visit."""
        report = self._main(PROFITABILITY)
        june = [("date", ">=", "2026-06-01"), ("date", "<=", "2026-06-30")]
        [row] = report._read_group(june, [], MEASURES)
        self.assertEqual(row, (3000.0, 800.0, 2200.0, 150.0, 0.0, 10.0, 2040.0))
        by_month = report._read_group(
            [("date", ">=", "2026-05-01"), ("date", "<=", "2026-06-30")], ["date:month"], ["net_profit:sum"]
        )
        self.assertEqual([net for _month, net in by_month], [1800.0, 2040.0])

    def test_matches_hand_written_query(self):
        """Net profit of the main company by an independent query over the sources."""
        self.env.flush_all()
        [(invoices,)] = self.env.execute_query(
            SQL(
                """SELECT SUM(-l.balance - COALESCE(l.crm_tr_cost, 0)) FROM account_move_line l
                     JOIN account_move m ON m.id = l.move_id
                    WHERE m.state = 'posted' AND l.company_id = %s AND l.display_type = 'product'
                      AND m.move_type IN ('out_invoice', 'out_refund')""",
                self.company.id,
            )
        )
        done = self.env["crm_tr.visit"].search([("company_id", "=", self.company.id), ("state", "=", "done")])
        visits = sum(done.mapped("total_cost"))
        accruals = self.env["crm_tr.loyalty.accrual"].sudo().search([("company_id", "=", self.company.id)])
        points = sum(accruals.mapped(lambda a: a.points * a.program_id.crm_tr_point_value))
        [(net,)] = self._main(PROFITABILITY)._read_group([], [], ["net_profit:sum"])
        self.assertEqual(net, float(invoices) - visits - points)
        self.assertEqual(net, 3540.0)

    def test_one_row_per_invoice(self):
        """Invoices are read whole (untaxed amount, frozen cost), not line by line: one row
        each, with the sums of its product lines."""
        moves = self.env["account.move"].search(
            [
                ("company_id", "=", self.company.id),
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund")),
            ]
        )
        report = self._main(PROFITABILITY)
        rows = report.search([("source", "=", "invoice")])
        self.assertEqual(len(rows), len(moves))
        self.assertEqual(set(rows.mapped("id")), {move.id * 4 for move in moves})
        for move in moves:
            [row] = rows.filtered(lambda row, move=move: row.id == move.id * 4)
            lines = move.invoice_line_ids.filtered(lambda line: line.display_type == "product")
            self.assertEqual(row.revenue, -sum(lines.mapped("balance")))
            self.assertEqual(row.cost_of_goods, sum(lines.mapped("crm_tr_cost")))

    def test_access(self):
        accountant = new_test_user(
            self.env, login="h2_profit_accountant", groups="account.group_account_readonly", company_id=self.company.id
        )
        report = self.env[PROFITABILITY].with_user(accountant)
        self.assertEqual(report.search([]).company_id, self.company)
        technician = new_test_user(
            self.env, login="h2_profit_technician", groups="crm_tr_service.group_service_technician"
        )
        with self.assertRaisesRegex(AccessError, "not allowed"), self.env.cr.savepoint():
            self.env[PROFITABILITY].with_user(technician).search([])

    def test_customer_class_of_the_company(self):
        """The customer's 360 class in the row's company (a company-dependent field)."""
        self.env["crm_tr.customer.stat"]._crm_tr_compute_all()
        report = self._both(PROFITABILITY)
        for partner, company in (
            (self.deniz, self.company),
            (self.ege, self.company),
            (self.firat, self.other_company),
        ):
            expected = partner.with_company(company).crm_tr_customer_class
            self.assertTrue(expected)
            rows = report.search([("partner_id", "=", partner.id), ("company_id", "=", company.id)])
            self.assertEqual(set(rows.mapped("customer_class")), {expected})
