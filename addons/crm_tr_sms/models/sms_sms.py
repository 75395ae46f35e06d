from collections import defaultdict

from odoo import api, fields, models

from ..tools.sms_api_tr import PROVIDER_API_CLASSES
from ..tools.sms_parts import sms_parts
from .crm_tr_iys_consent import IYS_RECIPIENT_TYPES

TR_FAILURE_TYPES = [
    ("tr_sms_header", "Invalid Sender Header"),
    ("tr_sms_iys", "İYS Rejected"),
    ("tr_sms_message", "Message Refused"),
]


# mail.notification and mailing.trace know the delivery errors already; sms.sms does not,
# and keeps them when a delivery report arrives before the SMS is garbage-collected.
DELIVERY_FAILURE_TYPES = [
    ("sms_expired", "Expired"),
    ("sms_not_delivered", "Not Delivered"),
    ("sms_invalid_destination", "Invalid Destination"),
    ("sms_not_allowed", "Not Allowed"),
    ("sms_rejected", "Rejected"),
]


class SmsSms(models.Model):
    _inherit = "sms.sms"

    failure_type = fields.Selection(selection_add=TR_FAILURE_TYPES + DELIVERY_FAILURE_TYPES)
    crm_tr_company_id = fields.Many2one("res.company", string="Sending Company", ondelete="set null")
    crm_tr_commercial = fields.Boolean(
        string="Commercial", help="A commercial (ticari) message: sent with the provider's İYS check."
    )
    crm_tr_recipient_type = fields.Selection(IYS_RECIPIENT_TYPES, string="İYS Recipient Type", default="BIREYSEL")

    @api.model_create_multi
    def create(self, vals_list):
        # crm_tr.sms.api passes its flags through the context when the SMS is created by a
        # chatter post (mail.thread._message_sms), whose values it does not control.
        defaults = self.env.context.get("crm_tr_sms_values") or {}
        for vals in vals_list:
            for key, value in defaults.items():
                vals.setdefault(key, value)
            vals.setdefault("crm_tr_company_id", self.env.company.id)
        return super().create(vals_list)

    def _get_sms_company(self):
        return self.mail_message_id.record_company_id or self.crm_tr_company_id or super()._get_sms_company()

    def _split_by_api(self):
        """One API instance per company, commercial flag and İYS recipient type for the
        companies that send through a Turkish provider; the others go the usual way."""
        groups = defaultdict(lambda: self.env["sms.sms"])
        others = self.browse()
        for sms in self:
            company = sms._get_sms_company()
            if company.crm_tr_sms_provider in PROVIDER_API_CLASSES:
                groups[company, sms.crm_tr_commercial, sms.crm_tr_recipient_type or "BIREYSEL"] |= sms
            else:
                others |= sms
        for (company, commercial, recipient_type), group in groups.items():
            sms_api = company._get_sms_api_class()(self.env, commercial=commercial, recipient_type=recipient_type)
            sms_api._set_company(company)
            yield sms_api, group
        if others:
            yield from super(SmsSms, others)._split_by_api()

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        """The queue cron (_process_queue) calls _send() without choosing an API: group the
        SMS here too, so a commercial SMS always carries its İYS flags, whatever path sends it.
        SMS for a Turkish provider are claimed in the dispatch ledger first: one the ledger
        knows was handed over before is never sent again."""
        kwargs = {"unlink_failed": unlink_failed, "unlink_sent": unlink_sent, "raise_exception": raise_exception}
        if self.env.context.get("sms_api"):
            groups = [(self.env.context["sms_api"], self)]
        else:
            groups = list(self._split_by_api())
        for sms_api, group in groups:
            to_send = group
            provider = getattr(sms_api, "PROVIDER", None)
            if provider and provider in PROVIDER_API_CLASSES:
                company = sms_api.company or self.env.company
                claimed, known = self.env["crm_tr.sms.dispatch"]._claim(company, provider, group.mapped("uuid"))
                group.filtered(lambda sms, known=known: sms.uuid in known)._crm_tr_settle_known(known, company)
                to_send = group.filtered(lambda sms, claimed=claimed: sms.uuid in claimed)
            if to_send:
                super(SmsSms, to_send.with_context(sms_api=sms_api))._send(**kwargs)
        return None

    def _crm_tr_settle_known(self, known, company):
        """SMS the ledger says were handed to the provider by an attempt whose transaction
        was lost: take the recorded outcome instead of sending them again."""
        for sms in self:
            state, ref, number = known[sms.uuid]
            values = {
                "crm_tr_company_id": company.id,
                "crm_tr_provider": company.crm_tr_sms_provider,
                "crm_tr_provider_ref": ref,
                "crm_tr_number": number,
            }
            tracker = self.env["sms.tracker"].sudo().search([("sms_uuid", "=", sms.uuid)], limit=1)
            if state == "accepted":
                values["crm_tr_delivery_state"] = "sent"
                sms.sudo().write({"state": "pending", "failure_type": False})
                tracker._action_update_from_sms_state("pending")
            else:
                values["crm_tr_delivery_state"] = "failed"
                reason = self.env._(
                    "This SMS was already handed to the SMS provider by an interrupted attempt; "
                    "it is not sent again to avoid a duplicate. Check the provider's report."
                )
                sms.sudo().write({"state": "error", "failure_type": "sms_server"})
                tracker._action_update_from_sms_state("error", failure_type="sms_server", failure_reason=reason)
            if tracker:
                tracker.write(values)
            else:
                self.env["sms.tracker"].sudo().create({"sms_uuid": sms.uuid, **values})

    def _handle_call_result_hook(self, results):
        """Keep the provider's reference on the SMS tracker (the SMS itself is deleted once
        sent), creating a tracker when the SMS has none."""
        tr_results = [result for result in results if "crm_tr_provider_ref" in result]
        self.env["crm_tr.sms.dispatch"]._record_results(tr_results)
        if tr_results:
            by_uuid = self.grouped("uuid")
            trackers = self.env["sms.tracker"].sudo().search([("sms_uuid", "in", [r["uuid"] for r in tr_results])])
            tracker_by_uuid = {tracker.sms_uuid: tracker for tracker in trackers}
            to_create = []
            for result in tr_results:
                sms = by_uuid.get(result["uuid"])
                if not sms:
                    continue
                company = sms._get_sms_company()
                encoding, _units, parts = sms_parts(sms.body or "")
                values = {
                    "crm_tr_parts": parts,
                    "crm_tr_encoding": encoding,
                    "crm_tr_company_id": company.id,
                    "crm_tr_provider": company.crm_tr_sms_provider,
                    "crm_tr_provider_ref": result.get("crm_tr_provider_ref") or False,
                    "crm_tr_number": result.get("crm_tr_number") or False,
                    "crm_tr_delivery_state": "sent" if result["state"] == "success" else "failed",
                }
                if tracker := tracker_by_uuid.get(result["uuid"]):
                    tracker.write(values)
                else:
                    to_create.append({"sms_uuid": result["uuid"], **values})
            if to_create:
                self.env["sms.tracker"].sudo().create(to_create)
        return super()._handle_call_result_hook(results)
