from odoo import api, models

from .account_move import _check_discount_untouched


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def write(self, vals):
        if {"price_unit", "product_uom_qty", "product_id"} & set(vals):
            _check_discount_untouched(self, "sale_line_id")
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _crm_tr_unlink_reverse_redemption(self):
        """Removing a discount line gives its points back."""
        self.env["crm_tr.loyalty.accrual"].sudo().search(
            [("sale_line_id", "in", self.ids), ("kind", "=", "redemption"), ("reversed", "=", False)]
        )._crm_tr_reverse()
