from odoo import fields, models

EXCLUSION_REASONS = [
    ("missing", "No phone number"),
    ("letters", "Number contains letters"),
    ("invalid", "Invalid phone number"),
    ("not_mobile", "Not a mobile number"),
    ("blacklisted", "Blacklisted number"),
    ("no_consent", "No İYS consent (ONAY)"),
    ("ret", "Refused commercial messages (RET)"),
    ("duplicate", "Duplicate of another recipient"),
    # A campaign on mailing lists leaves out the contacts unsubscribed from its lists
    # (Odoo's opt-out, mailing.list._mailing_get_opt_out_list_sms).
    ("opt_out", "Unsubscribed from the mailing list"),
]


class CrmTrSmsExclusion(models.Model):
    """A recipient an SMS was not sent to, and why: the log behind 'excluded by reason'."""

    _name = "crm_tr.sms.exclusion"
    _description = "Excluded SMS Recipient"
    _order = "id desc"
    _check_company_auto = True

    partner_id = fields.Many2one("res.partner", string="Contact", index=True, ondelete="cascade")
    number = fields.Char(readonly=True)
    reason = fields.Selection(EXCLUSION_REASONS, required=True, readonly=True, index=True)
    commercial = fields.Boolean(readonly=True)
    mailing_id = fields.Many2one(
        "mailing.mailing", string="SMS Campaign", readonly=True, index="btree_not_null", ondelete="cascade"
    )
    template_id = fields.Many2one("sms.template", string="Template", readonly=True, ondelete="set null")
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Many2oneReference(string="Document", model_field="res_model", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    # A campaign's preview ("Count Recipients and Cost") lists who it would leave out, and
    # why, before anything is sent; those lines are replaced at each preview and are not
    # counted as the campaign's exclusions.
    preview = fields.Boolean(readonly=True)
