from odoo import fields, models

from .sms_sms import TR_FAILURE_TYPES


class MailingTrace(models.Model):
    _inherit = "mailing.trace"

    failure_type = fields.Selection(selection_add=TR_FAILURE_TYPES)

    # The campaign engine asks "who in this batch already has a trace in this mailing?"
    # once per batch; without this index that scan grows with the campaign.
    _crm_tr_mailing_record_idx = models.Index("(mass_mailing_id, res_id)")
