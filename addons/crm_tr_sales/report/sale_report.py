from odoo import fields, models


class SaleReport(models.Model):
    """Odoo's Sales Analysis, reused for the quotation analysis (CRM → Reporting → Quotation
    Analysis): two columns telling confirmed orders from quotations still open."""

    _inherit = "sale.report"

    crm_tr_confirmed = fields.Boolean(string="Confirmed", readonly=True)
    crm_tr_confirmed_subtotal = fields.Monetary(string="Confirmed Untaxed Total", readonly=True)

    def _select_additional_fields(self):
        res = super()._select_additional_fields()
        res["crm_tr_confirmed"] = "s.state = 'sale'"
        res["crm_tr_confirmed_subtotal"] = f"""CASE WHEN s.state = 'sale' AND l.product_id IS NOT NULL
            THEN SUM(l.price_subtotal
                / {self._case_value_or_one("s.currency_rate")}
                * {self._case_value_or_one("account_currency_table.rate")})
            ELSE 0 END"""
        return res
