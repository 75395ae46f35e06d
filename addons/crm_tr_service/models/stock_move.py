from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    crm_tr_visit_id = fields.Many2one(
        "crm_tr.visit", string="Visit", readonly=True, index="btree_not_null", help="The visit that used the part."
    )
