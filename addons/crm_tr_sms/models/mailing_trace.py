from odoo import fields, models

from .sms_sms import TR_FAILURE_TYPES


class MailingTrace(models.Model):
    _inherit = "mailing.trace"

    failure_type = fields.Selection(selection_add=TR_FAILURE_TYPES)
