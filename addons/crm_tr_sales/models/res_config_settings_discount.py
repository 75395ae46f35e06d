from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_tr_discount_min_margin = fields.Float(related="company_id.crm_tr_discount_min_margin", readonly=False)
    crm_tr_discount_mode = fields.Selection(related="company_id.crm_tr_discount_mode", readonly=False)
