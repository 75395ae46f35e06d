from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_tr_overtime_multiplier = fields.Float(related="company_id.crm_tr_overtime_multiplier", readonly=False)
    crm_tr_weekend_multiplier = fields.Float(related="company_id.crm_tr_weekend_multiplier", readonly=False)
    crm_tr_fuel_price_diesel = fields.Monetary(related="company_id.crm_tr_fuel_price_diesel", readonly=False)
    crm_tr_fuel_price_gasoline = fields.Monetary(related="company_id.crm_tr_fuel_price_gasoline", readonly=False)
    crm_tr_fuel_price_lpg = fields.Monetary(related="company_id.crm_tr_fuel_price_lpg", readonly=False)
    crm_tr_fuel_price_electric = fields.Monetary(related="company_id.crm_tr_fuel_price_electric", readonly=False)
    crm_tr_weight_revenue = fields.Integer(related="company_id.crm_tr_weight_revenue", readonly=False)
    crm_tr_weight_profit = fields.Integer(related="company_id.crm_tr_weight_profit", readonly=False)
    crm_tr_weight_frequency = fields.Integer(related="company_id.crm_tr_weight_frequency", readonly=False)
    crm_tr_weight_recency = fields.Integer(related="company_id.crm_tr_weight_recency", readonly=False)
    crm_tr_weight_acceptance = fields.Integer(related="company_id.crm_tr_weight_acceptance", readonly=False)
    crm_tr_weight_referral = fields.Integer(related="company_id.crm_tr_weight_referral", readonly=False)
    crm_tr_weight_pipeline = fields.Integer(related="company_id.crm_tr_weight_pipeline", readonly=False)
    crm_tr_weight_cost_to_serve = fields.Integer(related="company_id.crm_tr_weight_cost_to_serve", readonly=False)
    crm_tr_class_a_min = fields.Float(related="company_id.crm_tr_class_a_min", readonly=False)
    crm_tr_class_b_min = fields.Float(related="company_id.crm_tr_class_b_min", readonly=False)
    crm_tr_pareto_a = fields.Float(related="company_id.crm_tr_pareto_a", readonly=False)
    crm_tr_pareto_b = fields.Float(related="company_id.crm_tr_pareto_b", readonly=False)
    crm_tr_neglect_days_a = fields.Integer(related="company_id.crm_tr_neglect_days_a", readonly=False)
    crm_tr_neglect_days_b = fields.Integer(related="company_id.crm_tr_neglect_days_b", readonly=False)
    crm_tr_neglect_days_c = fields.Integer(related="company_id.crm_tr_neglect_days_c", readonly=False)
