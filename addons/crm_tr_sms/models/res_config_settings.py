from odoo import api, fields, models


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
    crm_tr_sms_report_url = fields.Char(
        string="Delivery Report Address",
        compute="_compute_crm_tr_sms_report_url",
        help="Give this address to the provider (İleti Merkezi: Settings → API; Verimor: OİM) for delivery reports.",
    )

    crm_tr_sms_report_webhook_registered = fields.Boolean(related="company_id.crm_tr_sms_report_webhook_registered")

    @api.depends("company_id.crm_tr_sms_provider")
    def _compute_crm_tr_sms_report_url(self):
        for settings in self:
            settings.crm_tr_sms_report_url = settings.company_id._crm_tr_sms_report_url()

    def action_crm_tr_sms_register_report_webhook(self):
        self.ensure_one()
        return self.company_id.action_crm_tr_sms_register_report_webhook()
