import logging

from odoo import fields, models
from odoo.exceptions import AccessError, RedirectWarning, UserError
from odoo.fields import Domain

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

    def _crm_tr_check_kvkk_manager(self):
        """KVKK erasure and restriction act in superuser mode: only SMS Campaign Managers
        (who manage the consents of every contact) may ask for them, over RPC as well."""
        if not self.env.su and not self.env.user.has_group("crm_tr_sms.group_sms_manager"):
            raise AccessError(self.env._("Only SMS Campaign Managers may erase or restrict a contact (KVKK)."))

    def action_crm_tr_kvkk_erase(self):
        """KVKK erasure request: remove the contact's personal data, keeping only what
        stops us from messaging them again (the number on the blacklist and a RET record
        without any other detail).

        Refused while documents we must legally keep carry this very contact (see
        _crm_tr_legal_retention_documents): the refusal offers the alternative, restricting
        processing (action_crm_tr_kvkk_restrict), as its one button."""
        self.ensure_one()
        self._crm_tr_check_kvkk_manager()
        kept = self._crm_tr_legal_retention_documents()
        if kept:
            refusal = RedirectWarning(
                self.env._(
                    "%(partner)s cannot be erased: %(documents)s must be kept by law. "
                    "Restrict processing instead: the contact is archived, their explicit consents (KVKK) "
                    "are withdrawn and their number refuses commercial SMS (İYS RET), so they are never "
                    "messaged again.",
                    partner=self.display_name,
                    documents="; ".join(kept),
                ),
                self.env.ref("crm_tr_sms.res_partner_action_crm_tr_kvkk_restrict").id,
                self.env._("Archive and Refuse SMS"),
                {"active_model": self._name, "active_id": self.id, "active_ids": self.ids},
            )
            # An expected refusal, logged as Odoo logs a UserError (odoo.http reads
            # `loglevel`), not as a request failure with its traceback.
            refusal.loglevel = logging.WARNING
            raise refusal
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

    def action_crm_tr_kvkk_restrict(self):
        """What a refused KVKK erasure does instead (restriction of processing): the contact
        is archived, its open explicit consents (KVKK) of the current company are withdrawn,
        its number is blacklisted and refuses commercial SMS from the current company (a
        RET queued for İYS, unless its latest consent is already one), and the refusal is
        noted in its chatter. Its data stays for the documents the law keeps."""
        self._crm_tr_check_kvkk_manager()
        company = self.env.company
        Consent = self.env["crm_tr.iys.consent"].sudo()
        for partner in self:
            kept = partner._crm_tr_legal_retention_documents()
            if kept:
                evidence = self.env._(
                    "KVKK erasure refused, the law keeps %(documents)s: processing restricted by %(user)s.",
                    documents="; ".join(kept),
                    user=self.env.user.name,
                )
            else:
                evidence = self.env._("KVKK: processing restricted by %s.", self.env.user.name)
            number = normalize_tr_phone(partner.phone)
            if number:
                self.env["phone.blacklist"].sudo()._add([number])
                latest = Consent._crm_tr_refusals(
                    company, {partner.id: (number, partner.commercial_partner_id.is_company)}
                )
                if latest.get(partner.id) != "ret":
                    Consent._crm_tr_record_refusal(
                        partner, number, company, source="HS_CAGRI_MERKEZI", evidence=evidence
                    )
            self.env["crm_tr.kvkk.consent"].sudo().search(
                [("partner_id", "=", partner.id), ("company_id", "=", company.id)]
            )._crm_tr_withdraw(evidence=evidence)
            partner.sudo().message_post(body=evidence)
        self.sudo().action_archive()
        # The refusal dialog's button: show the contact archived.
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def _crm_tr_legal_retention_documents(self):
        """The documents the law makes us keep that carry this very contact, one line per
        kind ("posted invoices (INV/2026/00001, ...)"), or an empty list.

        Only the contact's own data counts: a contact person is not kept by the invoices of
        their company (the invoices carry the company), only by the invoices addressed or
        delivered to them (partner_id / partner_shipping_id), by those of the commercial
        entity they are (a company or a private customer: commercial_partner_id), and by the
        posted journal entries (payments among them) of which they are the partner: the
        Turkish Commercial Code (art. 82) keeps accounting records 10 years, the Tax
        Procedure Law (art. 253) 5 years."""
        self.ensure_one()
        if "account.move" not in self.env:
            return []
        kinds = []

        def names(moves):  # 6 searched: 5 named, and "…" for more
            return ", ".join(moves[:5].mapped("name")) + (", …" if len(moves) > 5 else "")

        Move = self.env["account.move"].sudo()
        invoices = Move.search(
            Domain("state", "=", "posted")
            & Domain("move_type", "in", Move.get_invoice_types(include_receipts=True))
            & (
                Domain("partner_id", "=", self.id)
                | Domain("partner_shipping_id", "=", self.id)
                | Domain("commercial_partner_id", "=", self.id)
            ),
            limit=6,
        )
        if invoices:
            kinds.append(self.env._("posted invoices (%s)", names(invoices)))
        entries = Move.search(
            [("state", "=", "posted"), ("line_ids.partner_id", "=", self.id), ("id", "not in", invoices.ids)],
            limit=6,
        )
        if entries:
            kinds.append(self.env._("posted journal entries (%s)", names(entries)))
        return kinds

    def _crm_tr_sms_commercial_exclusions(self, company):
        """Partners of self who may not receive a commercial SMS from company, with the
        reason ('no_consent' or 'ret'); see crm_tr.iys.consent._crm_tr_refusals."""
        recipients = {
            partner.id: (normalize_tr_phone(partner.phone), partner.commercial_partner_id.is_company)
            for partner in self
        }
        refusals = self.env["crm_tr.iys.consent"]._crm_tr_refusals(company, recipients)
        return {self.browse(pid): reason for pid, reason in refusals.items()}
