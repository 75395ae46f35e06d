from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_tr_cross_sell_min_support = fields.Integer(
        string="Bought Together: Minimum Invoices",
        default=2,
        help="A pair of products is kept in Bought Together when at least this many invoices hold both.",
    )
    crm_tr_cross_sell_months = fields.Integer(
        string="Bought Together: Months Analysed",
        default=24,
        help="The invoices of this many months up to today are analysed; 0 analyses every invoice.",
    )
