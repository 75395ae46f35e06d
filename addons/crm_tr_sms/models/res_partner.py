from odoo import fields, models
from odoo.exceptions import UserError

from ..tools.phone import normalize_tr_phone
from .crm_tr_iys_consent import ERASURE_CONTEXT_KEY


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_tr_consent_ids = fields.One2many("crm_tr.iys.consent", "partner_id", string="İYS Consents")
    crm_tr_consent_count = fields.Integer(compute="_compute_crm_tr_consent_count", string="Consents")

    def _compute_crm_tr_consent_count(self):
        counts = dict(
            self.env["crm_tr.iys.consent"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.crm_tr_consent_count = counts.get(partner._origin, 0)

    def action_crm_tr_view_consents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_sms.crm_tr_iys_consent_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_crm_tr_sms_opt_out(self):
        """Record at once that the contact refuses commercial SMS (RET) from the current
        company; the refusal is queued for İYS and opened for the user to complete."""
        self.ensure_one()
        number = normalize_tr_phone(self.phone)
        if not number:
            raise UserError(self.env._("%s has no valid phone number to opt out.", self.display_name))
        consent = self.env["crm_tr.iys.consent"]._crm_tr_record_refusal(
            self,
            number,
            self.env.company,
            source="HS_CAGRI_MERKEZI",
            evidence=self.env._("Refusal recorded by %s in Odoo.", self.env.user.name),
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm_tr.iys.consent",
            "res_id": consent.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_crm_tr_kvkk_erase(self):
        """KVKK erasure request: remove the contact's personal data, keeping only what
        stops us from messaging them again (the number on the blacklist and a RET record
        without any other detail). Refused while documents we must legally keep
        (invoices) point at the contact."""
        self.ensure_one()
        kept = self._crm_tr_legal_retention_documents()
        if kept:
            raise UserError(
                self.env._(
                    "%(partner)s cannot be erased: %(documents)s must be kept by law. "
                    "Restrict processing instead (archive the contact and refuse SMS).",
                    partner=self.display_name,
                    documents=kept,
                )
            )
        number = normalize_tr_phone(self.phone)
        if number:
            self.env["phone.blacklist"].sudo()._add([number])
        # Consents are history nobody edits or deletes; the erasure is the one exception
        # (ERASURE_CONTEXT_KEY, honoured in superuser mode only).
        erasure = self.env(su=True, context=dict(self.env.context, active_test=False, **{ERASURE_CONTEXT_KEY: True}))
        consents = erasure["crm_tr.iys.consent"].search([("partner_id", "=", self.id)])
        refusals = consents.filtered(lambda c: c.status == "RET")
        kvkk_records = erasure["crm_tr.kvkk.consent"].search([("partner_id", "=", self.id)])
        # Their chatter holds the contact's name and the consent details too.
        erasure["mail.message"].search(
            [
                "|",
                "&",
                ("model", "=", "crm_tr.iys.consent"),
                ("res_id", "in", consents.ids),
                "&",
                ("model", "=", "crm_tr.kvkk.consent"),
                ("res_id", "in", kvkk_records.ids),
            ]
        ).unlink()
        (consents - refusals).unlink()
        refusals.write({"evidence": False})
        kvkk_records.unlink()
        self.message_ids.sudo().unlink()
        self.sudo().write(
            {
                "name": self.env._("Erased contact #%s", self.id),
                "email": False,
                "phone": False,
                "street": False,
                "street2": False,
                "city": False,
                "zip": False,
                "vat": False,
                "website": False,
                "comment": False,
                "function": False,
                "image_1920": False,
                "active": False,
            }
        )
        return True

    def _crm_tr_legal_retention_documents(self):
        """Names of the kinds of documents that keep this contact, or an empty string."""
        kinds = []
        if "account.move" in self.env:
            moves = (
                self.env["account.move"]
                .sudo()
                .search_count(
                    [("commercial_partner_id", "=", self.commercial_partner_id.id), ("state", "=", "posted")], limit=1
                )
            )
            if moves:
                kinds.append(self.env._("posted invoices"))
        return ", ".join(kinds)

    def _crm_tr_sms_commercial_exclusions(self, company):
        """Partners of self who may not receive a commercial SMS from company, with the
        reason ('no_consent' or 'ret'); see crm_tr.iys.consent._crm_tr_refusals."""
        recipients = {
            partner.id: (normalize_tr_phone(partner.phone), partner.commercial_partner_id.is_company)
            for partner in self
        }
        refusals = self.env["crm_tr.iys.consent"]._crm_tr_refusals(company, recipients)
        return {self.browse(pid): reason for pid, reason in refusals.items()}
