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

    @api.depends("company_id.crm_tr_sms_provider")
    def _compute_crm_tr_sms_report_url(self):
        for settings in self:
            company = settings.company_id.sudo()
            if company.crm_tr_sms_provider in ("iletimerkezi", "verimor"):
                company._crm_tr_sms_ensure_webhook_token()
                base = company.get_base_url().rstrip("/")
                settings.crm_tr_sms_report_url = (
                    f"{base}/crm_tr_sms/dlr/{company.crm_tr_sms_provider}/{company.crm_tr_sms_webhook_token}"
                )
            else:
                settings.crm_tr_sms_report_url = False
