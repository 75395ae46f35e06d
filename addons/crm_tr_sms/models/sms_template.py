from odoo import fields, models

MESSAGE_TYPES = [
    ("informational", "Informational (bilgilendirme)"),
    ("commercial", "Commercial (ticari)"),
]


class SmsTemplate(models.Model):
    _inherit = "sms.template"

    crm_tr_message_type = fields.Selection(
        MESSAGE_TYPES,
        string="Message Type",
        required=True,
        default="informational",
        help="Decided once for the template, never per send. Commercial messages (campaigns, discounts, "
        "greetings) go only to contacts whose İYS consent allows them, with the provider's İYS check; "
        "informational ones (service status, invoices, appointments) must not promote anything.",
    )
