import re
import secrets

import requests

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.sms_api_tr import PROVIDER_API_CLASSES

# 3 to 11 characters, no Turkish letters: what BTK-approved sender headers look like.
SENDER_HEADER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .\-]{1,9}[A-Za-z0-9.]$")

TR_SMS_PROVIDERS = [
    ("iap", "Odoo (IAP)"),
    ("netgsm", "NetGSM"),
    ("iletimerkezi", "İleti Merkezi"),
    ("verimor", "Verimor"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_tr_sms_provider = fields.Selection(TR_SMS_PROVIDERS, string="Turkish SMS Provider", default="iap")
    crm_tr_sms_username = fields.Char(
        string="SMS API User",
        groups="base.group_system",
        help="NetGSM user code, İleti Merkezi API key, Verimor account.",
    )
    crm_tr_sms_password = fields.Char(
        string="SMS API Password",
        groups="base.group_system",
        help="NetGSM password, İleti Merkezi hash, Verimor API password.",
    )
    crm_tr_sms_sender = fields.Char(
        string="SMS Sender Header", help="The approved sender name (başlık), 3 to 11 characters."
    )
    crm_tr_sms_api_url = fields.Char(
        string="SMS API Address", groups="base.group_system", help="Leave empty to use the provider's own address."
    )
    crm_tr_sms_price_per_part = fields.Float(
        string="Price per SMS Part",
        digits=(12, 4),
        help="What the provider bills for one SMS part, for cost estimates.",
    )
    crm_tr_sms_optout_text = fields.Char(
        string="Opt-out Instruction",
        help="Added to every commercial message, e.g. “RET MARMARA yazıp 3338'e gönderin. Mersis: 0123...”.",
    )
    crm_tr_sms_iys_brand_code = fields.Char(string="İYS Brand Code", help="The brand code İYS gave your brand.")
    crm_tr_sms_webhook_token = fields.Char(
        string="SMS Webhook Token",
        groups="base.group_system",
        copy=False,
        default=lambda self: secrets.token_urlsafe(24),
        help="Secret part of the delivery-report addresses given to the provider.",
    )

    crm_tr_sms_report_webhook_registered = fields.Boolean(
        string="Delivery Reports Pushed",
        copy=False,
        groups="base.group_system",
        help="NetGSM pushes delivery reports to this database's address (registered from the SMS settings).",
    )

    @api.constrains("crm_tr_sms_sender")
    def _check_crm_tr_sms_sender(self):
        for company in self:
            sender = company.crm_tr_sms_sender
            if sender and not SENDER_HEADER_RE.match(sender):
                raise ValidationError(
                    self.env._(
                        "The SMS sender header “%s” is not valid: use 3 to 11 Latin letters, digits, spaces, "
                        "dots or hyphens, without Turkish letters (ç, ğ, ı, İ, ö, ş, ü).",
                        sender,
                    )
                )

    def _get_sms_api_class(self):
        self.ensure_one()
        if self.crm_tr_sms_provider in PROVIDER_API_CLASSES:
            return PROVIDER_API_CLASSES[self.crm_tr_sms_provider]
        return super()._get_sms_api_class()

    def _crm_tr_sms_ensure_webhook_token(self):
        for company in self.sudo().filtered(lambda c: not c.crm_tr_sms_webhook_token):
            company.crm_tr_sms_webhook_token = secrets.token_urlsafe(24)

    def _crm_tr_sms_report_url(self):
        """The delivery-report address of this company's provider (webhook), or False."""
        self.ensure_one()
        company = self.sudo()
        if company.crm_tr_sms_provider not in PROVIDER_API_CLASSES:
            return False
        company._crm_tr_sms_ensure_webhook_token()
        base = company.get_base_url().rstrip("/")
        return f"{base}/crm_tr_sms/dlr/{company.crm_tr_sms_provider}/{company.crm_tr_sms_webhook_token}"

    def action_crm_tr_sms_register_report_webhook(self):
        """NetGSM: register this company's delivery-report address, so reports are pushed
        instead of waiting for the polling job (which keeps running for anything missed)."""
        self.ensure_one()
        if self.crm_tr_sms_provider != "netgsm":
            raise UserError(self.env._("Only NetGSM delivery reports are registered from Odoo."))
        api = self._get_sms_api_class()(self.env)
        api._set_company(self)
        try:
            api._register_report_webhook(self._crm_tr_sms_report_url())
        except requests.exceptions.RequestException as error:
            raise UserError(self.env._("NetGSM could not be reached: %s", error)) from error
        self.sudo().crm_tr_sms_report_webhook_registered = True
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("NetGSM will now send delivery reports to %s.", self._crm_tr_sms_report_url()),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
