from odoo import fields, models

from .sms_sms import TR_FAILURE_TYPES


class MailNotification(models.Model):
    _inherit = "mail.notification"

    failure_type = fields.Selection(selection_add=TR_FAILURE_TYPES)
