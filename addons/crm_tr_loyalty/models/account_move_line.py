from odoo import api, models
from odoo.exceptions import UserError

from .account_move import _check_discount_untouched


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def write(self, vals):
        if {"price_unit", "quantity", "product_id"} & set(vals):
            _check_discount_untouched(self, "move_line_id")
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _crm_tr_unlink_reverse_redemption(self):
        """Removing a discount line gives its points back."""
        entries = (
            self.env["crm_tr.loyalty.accrual"]
            .sudo()
            .search([("move_line_id", "in", self.ids), ("kind", "=", "redemption"), ("reversed", "=", False)])
        )
        for move in entries.move_id:
            if move.state != "draft":
                raise UserError(self.env._("The loyalty discount of a posted invoice cannot be removed."))
        entries._crm_tr_reverse()
