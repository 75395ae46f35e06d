from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .crm_tr_iys_consent import changed_history_fields, is_erasure

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
    are different legal instruments.

    Records are history, like İYS consents: never edited nor deleted (the KVKK erasure
    aside). A withdrawal is a new record pointing at the consent it withdraws."""

    _name = "crm_tr.kvkk.consent"
    _description = "KVKK Notice and Explicit Consent"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one("res.partner", string="Contact", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True, default=lambda self: self.env.company
    )
    notice_version = fields.Char(string="Information Notice Version", required=True, tracking=True)
    channel = fields.Selection(KVKK_CHANNELS, required=True, default="store")
    date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    explicit_consent = fields.Boolean(
        string="Explicit Consent (açık rıza)", tracking=True, help="Consent to marketing and profiling."
    )
    withdrawal_of_id = fields.Many2one(
        "crm_tr.kvkk.consent",
        string="Withdraws",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
        check_company=True,
        help="The explicit consent this record withdraws.",
    )
    withdrawal_ids = fields.One2many("crm_tr.kvkk.consent", "withdrawal_of_id", string="Withdrawals")
    withdrawn_date = fields.Datetime(
        string="Withdrawn On", compute="_compute_withdrawn_date", store=True, help="When a later record withdrew it."
    )
    user_id = fields.Many2one("res.users", string="Recorded By", default=lambda self: self.env.user, readonly=True)
    evidence = fields.Text()

    @api.depends("withdrawal_ids.date")
    def _compute_withdrawn_date(self):
        for record in self:
            record.withdrawn_date = min(record.withdrawal_ids.mapped("date"), default=False)

    @api.constrains("withdrawal_of_id", "explicit_consent", "partner_id")
    def _check_withdrawal(self):
        for record in self.filtered("withdrawal_of_id"):
            withdrawn = record.withdrawal_of_id
            if record.explicit_consent or not withdrawn.explicit_consent or withdrawn.partner_id != record.partner_id:
                raise ValidationError(
                    self.env._(
                        "A withdrawal records no explicit consent and withdraws an explicit consent of the "
                        "same contact (%s).",
                        record.partner_id.display_name,
                    )
                )

    @api.depends("partner_id", "notice_version")
    def _compute_display_name(self):
        for record in self:
            record.display_name = f"{record.partner_id.display_name} / {record.notice_version}"

    def write(self, vals):
        if changed := changed_history_fields(self, vals, frozenset()):
            raise UserError(
                self.env._(
                    "A KVKK record is history and cannot be changed (%s). Record a new one instead, "
                    "or withdraw the consent.",
                    ", ".join(changed),
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        if not is_erasure(self.env):
            raise UserError(
                self.env._("KVKK records are history and cannot be deleted, except by the contact's erasure (KVKK).")
            )

    def action_withdraw(self):
        """Open the withdrawal of this explicit consent as a new record to complete (channel,
        evidence) and save."""
        self.ensure_one()
        if not self.explicit_consent or self.withdrawn_date:
            raise UserError(self.env._("%s has no explicit consent left to withdraw.", self.display_name))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Withdraw Explicit Consent"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_" + name: value for name, value in self._crm_tr_withdrawal_values().items()},
        }

    def _crm_tr_withdrawal_values(self, **values):
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "notice_version": self.notice_version,
            "channel": self.channel,
            "explicit_consent": False,
            "withdrawal_of_id": self.id,
        } | values

    def _crm_tr_withdraw(self, **values):
        """Record at once that the contact withdraws the explicit consents in self (a new
        record each, dated now; `values` such as channel or evidence override the defaults).
        Returns the withdrawals."""
        to_withdraw = self.filtered(lambda r: r.explicit_consent and not r.withdrawn_date)
        return self.create([record._crm_tr_withdrawal_values(**values) for record in to_withdraw])
