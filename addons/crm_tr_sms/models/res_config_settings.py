from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_tr_sms_provider = fields.Selection(related="company_id.crm_tr_sms_provider", readonly=False)
    crm_tr_sms_username = fields.Char(related="company_id.crm_tr_sms_username", readonly=False)
    crm_tr_sms_password = fields.Char(related="company_id.crm_tr_sms_password", readonly=False)
    crm_tr_sms_sender = fields.Char(related="company_id.crm_tr_sms_sender", readonly=False)
    crm_tr_sms_api_url = fields.Char(related="company_id.crm_tr_sms_api_url", readonly=False)
    crm_tr_sms_iys_brand_code = fields.Char(related="company_id.crm_tr_sms_iys_brand_code", readonly=False)
    crm_tr_sms_price_per_part = fields.Float(related="company_id.crm_tr_sms_price_per_part", readonly=False)
    crm_tr_sms_optout_text = fields.Char(related="company_id.crm_tr_sms_optout_text", readonly=False)
