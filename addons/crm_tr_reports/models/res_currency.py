from odoo import fields, models
from odoo.tools import SQL


class ResCurrency(models.Model):
    _inherit = "res.currency"

    def _crm_tr_currency_table(self, companies) -> SQL:
        """Odoo's `_get_simple_currency_table` (the current rates of the current company, one
        per company to convert from) as an inline subquery instead of a temporary table.

        With companies in several currencies Odoo's helper runs CREATE TEMPORARY TABLE, which
        PostgreSQL refuses in a read-only transaction: every report read would then be retried
        on the primary with a read/write cursor instead of being served by a read replica. The
        rows are the same (Odoo's own table builders), so the figures equal account.invoice.report's.
        """
        if self._check_currency_table_monocurrency(companies):
            return self._get_monocurrency_currency_table_sql(companies)
        main_company = self.env.company
        domestic = companies.filtered(lambda company: company.currency_id == main_company.currency_id)
        others = companies - domestic
        builders = []
        if domestic:
            builders.append(self._get_table_builder_domestic_currency(domestic, False))
        today = fields.Date.today()  # as _get_simple_currency_table
        unit_factor = main_company.currency_id._get_rates(main_company, today)[main_company.currency_id.id]
        builders.append(self._get_table_builder_current(None, main_company, others, today, unit_factor))
        return SQL(
            "(%s) AS account_currency_table(company_id, period_key, date_from, date_next, rate_type, rate)",
            SQL(" UNION ALL ").join(SQL("(%s)", builder) for builder in builders),
        )

    def _crm_tr_converted(self, companies, amount: SQL) -> SQL:
        """`amount` (in its company's currency) times the currency table's rate, or `amount`
        alone when all `companies` share one currency (every rate is then 1): a numeric
        multiplication less on each of the rows a report adds up (tests/bench/bench_reports.py).
        The currency table is still joined: it keeps the rows to the selected companies."""
        if self._check_currency_table_monocurrency(companies):
            return SQL("(%s)", amount)
        return SQL("(%s) * account_currency_table.rate", amount)
