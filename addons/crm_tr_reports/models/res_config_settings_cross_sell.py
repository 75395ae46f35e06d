from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_tr_cross_sell_min_support = fields.Integer(related="company_id.crm_tr_cross_sell_min_support", readonly=False)
    crm_tr_cross_sell_months = fields.Integer(related="company_id.crm_tr_cross_sell_months", readonly=False)
