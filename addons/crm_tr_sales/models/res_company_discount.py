from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_tr_discount_min_margin = fields.Float(
        string="Minimum Net Margin (%)",
        digits=(5, 2),
        help="The net margin an order must keep after the customer's cost-to-serve share, in % of its untaxed "
        "amount: each quotation line shows the highest discount that keeps it. 0 turns discount guidance off.",
    )
    crm_tr_discount_mode = fields.Selection(
        [("warn", "Warn"), ("block", "Block")],
        string="Discount Above the Maximum",
        default="warn",
        required=True,
        help="Warn: the quotation shows a warning. Block: it cannot be sent or confirmed until a sales manager "
        "approves the exception.",
    )

    _crm_tr_discount_min_margin_range = models.Constraint(
        "CHECK (crm_tr_discount_min_margin >= 0 AND crm_tr_discount_min_margin < 100)",
        "The minimum net margin must be between 0 and 100%.",
    )
