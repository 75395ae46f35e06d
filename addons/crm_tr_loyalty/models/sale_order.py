from odoo import models
from odoo.exceptions import UserError

from .account_move import _redeem_wizard_action


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
