from odoo.tests import tagged
from odoo.tools import SQL

from .common_h2 import ReportsDataCase


@tagged("post_install", "-at_install")
class TestCurrencyTable(ReportsDataCase):
    def _rows(self, table):
        self.env.cr.execute(
            SQL("SELECT company_id, rate_type, round(rate::numeric, 6) FROM %s ORDER BY company_id", table)
        )
        return self.env.cr.fetchall()

    def test_same_rates_as_odoo_without_a_temporary_table(self):
        """The reports' currency table holds Odoo's current rates (USD company 1, the EUR
        company 0.5: 2 EUR a dollar), inline: no temporary table, so a read-only cursor can
        read it."""
        Currency = self.env["res.currency"]
        companies = self.company + self.other_company
        ours = Currency._crm_tr_currency_table(companies)
        self.assertNotIn("CREATE", ours.code.upper())
        expected = sorted([(self.company.id, "current", 1), (self.other_company.id, "current", 0.5)])
        self.assertEqual([(c, t, float(r)) for c, t, r in self._rows(ours)], expected)
        odoo_table = Currency._get_simple_currency_table(companies)  # creates account_currency_table
        self.assertEqual(self._rows(ours), self._rows(odoo_table))

    def test_one_currency_needs_no_rates(self):
        table = self.env["res.currency"]._crm_tr_currency_table(self.company)
        self.assertEqual([(c, float(r)) for c, _t, r in self._rows(table)], [(self.company.id, 1.0)])
