from odoo import api, fields, models

KVKK_CHANNELS = [
    ("store", "In store / on paper"),
    ("web", "Web form"),
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("sms", "SMS"),
]


class CrmTrKvkkConsent(models.Model):
    """KVKK (Law 6698) record: which information notice (aydınlatma metni) a contact was
    shown, and whether they gave explicit consent (açık rıza) to processing beyond the
    contract, such as segmented marketing. Kept apart from İYS consents on purpose: they
    are different legal instruments."""

    _name = "crm_tr.kvkk.consent"
    _description = "KVKK Notice and Explicit Consent"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one("res.partner", string="Contact", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True, default=lambda self: self.env.company
    )
    notice_version = fields.Char(string="Information Notice Version", required=True, tracking=True)
    channel = fields.Selection(KVKK_CHANNELS, required=True, default="store")
    date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    explicit_consent = fields.Boolean(
        string="Explicit Consent (açık rıza)", tracking=True, help="Consent to marketing and profiling."
    )
    withdrawn_date = fields.Datetime(string="Withdrawn On", tracking=True)
    user_id = fields.Many2one("res.users", string="Recorded By", default=lambda self: self.env.user, readonly=True)
    evidence = fields.Text()

    @api.depends("partner_id", "notice_version")
    def _compute_display_name(self):
        for record in self:
            record.display_name = f"{record.partner_id.display_name} / {record.notice_version}"

    def action_withdraw(self):
        self.filtered(lambda r: not r.withdrawn_date).write({"withdrawn_date": fields.Datetime.now()})
