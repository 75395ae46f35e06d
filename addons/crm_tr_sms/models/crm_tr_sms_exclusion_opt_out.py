from odoo import fields, models


class CrmTrSmsExclusion(models.Model):
    """A campaign on mailing lists leaves out the contacts unsubscribed from its lists
    (Odoo's opt-out, mailing.list._mailing_get_opt_out_list_sms): logged with this reason."""

    _inherit = "crm_tr.sms.exclusion"

    reason = fields.Selection(
        selection_add=[("opt_out", "Unsubscribed from the mailing list")], ondelete={"opt_out": "cascade"}
    )
