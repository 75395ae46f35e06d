from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_tr_overtime_multiplier = fields.Float(related="company_id.crm_tr_overtime_multiplier", readonly=False)
    crm_tr_weekend_multiplier = fields.Float(related="company_id.crm_tr_weekend_multiplier", readonly=False)
    crm_tr_fuel_price_diesel = fields.Monetary(related="company_id.crm_tr_fuel_price_diesel", readonly=False)
    crm_tr_fuel_price_gasoline = fields.Monetary(related="company_id.crm_tr_fuel_price_gasoline", readonly=False)
    crm_tr_fuel_price_lpg = fields.Monetary(related="company_id.crm_tr_fuel_price_lpg", readonly=False)
    crm_tr_fuel_price_electric = fields.Monetary(related="company_id.crm_tr_fuel_price_electric", readonly=False)
