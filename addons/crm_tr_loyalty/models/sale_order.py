from odoo import api, models
from odoo.exceptions import UserError

from .account_move import _check_discount_untouched, _redeem_wizard_action


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_crm_tr_redeem_points(self):
        return _redeem_wizard_action(self, "default_sale_order_id")

    def _crm_tr_check_redeemable(self):
        for order in self:
            if order.state not in ("draft", "sent"):
                raise UserError(
                    self.env._(
                        "Points can only be redeemed on a quotation; %s is already confirmed or cancelled.", order.name
                    )
                )

    def _action_cancel(self):
        entries = (
            self.env["crm_tr.loyalty.accrual"]
            .sudo()
            .search([("sale_order_id", "in", self.ids), ("kind", "=", "redemption"), ("reversed", "=", False)])
        )
        entries._crm_tr_reverse()
        return super()._action_cancel()


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
