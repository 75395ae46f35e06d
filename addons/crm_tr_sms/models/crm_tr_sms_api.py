from collections import defaultdict
from datetime import datetime, timedelta

import pytz

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.phone import sms_eligibility

TURKEY_TZ = pytz.timezone("Europe/Istanbul")
COMMERCIAL_WINDOW = (9, 21)  # commercial messages between 09:00 and 21:00, Turkey time


class CrmTrSmsApi(models.AbstractModel):
    """What the other crm_tr addons call to text a customer about a record.

    ``self.env["crm_tr.sms.api"]._send_template(template, records)`` renders the template
    for each record, applies the consent and de-duplication rules, queues the SMS through
    Odoo's SMS queue (and the record's chatter when it has one) and logs every excluded
    recipient with the reason."""

    _name = "crm_tr.sms.api"
    _description = "SMS sending for crm_tr addons"

    @api.model
    def _in_commercial_window(self, when=None):
        local = (when or datetime.now(pytz.utc)).astimezone(TURKEY_TZ)
        return COMMERCIAL_WINDOW[0] <= local.hour < COMMERCIAL_WINDOW[1]

    @api.model
    def _next_commercial_window(self, when=None):
        """The next start of the commercial window, as a naive UTC datetime."""
        local = (when or datetime.now(pytz.utc)).astimezone(TURKEY_TZ)
        start = local.replace(hour=COMMERCIAL_WINDOW[0], minute=0, second=0, microsecond=0)
        if local.hour >= COMMERCIAL_WINDOW[0]:
            start = TURKEY_TZ.normalize(start + timedelta(days=1))
        return start.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _recipient(self, record):
        if record._name == "res.partner":
            return record
        return record.partner_id if "partner_id" in record._fields else self.env["res.partner"]

    @api.model
    def _crm_tr_sms_decide(self, recipients, *, commercial, seen=None, opted_out=()):
        """Who may receive an SMS, and at which number: the one decision that template
        messages (_send_template) and SMS campaigns (mailing.mailing) both use.

        recipients: (key, phone, partner_id, is_company, company_id, variant) tuples in sending
        order. key identifies the recipient for the caller (unique in the call); phone is the
        number as typed; partner_id the contact whose İYS consent counts, or False for a
        recipient without one (a mailing-list contact), whose number's consent alone decides;
        is_company tells a merchant (TACIR) from an individual (BIREYSEL); company_id is the
        sending company; variant is what besides the number makes two messages different
        (the text for templates, None for a campaign: one SMS per number).
        commercial: apply the İYS rules (a refusal excludes anyone, an individual needs an
        approval). seen: (number, variant) pairs already given an SMS, updated in place.
        opted_out: keys to leave out as unsubscribed (mailing-list opt-outs).

        Returns {key: (E.164 number, False)} for those to send to and {key: (number or phone
        as typed or False, reason)} for the others; the reasons are crm_tr.sms.exclusion's,
        checked in this order: the number (missing, letters, invalid, not_mobile),
        blacklisted, opt_out, ret / no_consent, duplicate."""
        seen = set() if seen is None else seen
        checked = [(recipient, *sms_eligibility(recipient[1])) for recipient in recipients]
        blacklisted = self._crm_tr_blacklisted([number for _recipient, number, _reason in checked if number])
        opted_out = set(opted_out)
        decisions = {}
        consent_asked = defaultdict(dict)  # company id: {consent key: (number, is_company)}
        consent_keys = {}
        for index, ((key, phone, partner_id, is_company, company_id, _variant), number, number_reason) in enumerate(
            checked
        ):
            reason = (
                number_reason
                or ("blacklisted" if number in blacklisted else False)
                or ("opt_out" if key in opted_out else False)
            )
            decisions[key] = (number or phone or False, reason)
            if not reason and commercial:
                # _crm_tr_refusals looks consents up by contact and by number; a recipient
                # without a contact gets a key no contact has (negative), so only its
                # number's consent counts.
                consent_key = partner_id or -(index + 1)
                consent_asked[company_id][consent_key] = (number, is_company)
                consent_keys[key] = (company_id, consent_key)
        refusals = {
            company_id: self.env["crm_tr.iys.consent"]._crm_tr_refusals(
                self.env["res.company"].browse(company_id), asked
            )
            for company_id, asked in consent_asked.items()
        }
        for (key, _phone, _partner_id, _is_company, _company_id, variant), _number, _reason in checked:
            number, reason = decisions[key]
            if reason:
                continue
            company_id, consent_key = consent_keys.get(key, (None, None))
            reason = refusals[company_id].get(consent_key) if company_id else False
            if not reason and (number, variant) in seen:
                reason = "duplicate"
            if reason:
                decisions[key] = (number, reason)
            else:
                seen.add((number, variant))
        return decisions

    @api.model
    def _crm_tr_blacklisted(self, numbers):
        """The numbers of `numbers` on the SMS blacklist: one indexed query for a whole batch
        (phone.blacklist's search would build a record per number)."""
        if not numbers:
            return set()
        self.env["phone.blacklist"].flush_model(["number", "active"])
        rows = self.env.execute_query(
            SQL("SELECT number FROM phone_blacklist WHERE active AND number = ANY(%s)", numbers)
        )
        return {row[0] for row in rows}

    @api.model
    def _send_template(self, template, records, company=None, now=None, put_in_queue=False):
        """Returns {'sms': queued sms.sms, 'excluded': crm_tr.sms.exclusion}. put_in_queue:
        leave the messages to Odoo's SMS queue (its cron) instead of calling the provider
        within the current request (e.g. a technician's Done on a phone)."""
        commercial = template.crm_tr_message_type == "commercial"
        if commercial and not self._in_commercial_window(now):
            raise UserError(self.env._("Commercial SMS may only be sent between 09:00 and 21:00, Turkey time."))
        bodies = template._render_field("body", records.ids, compute_lang=True)
        partners = {record: self._recipient(record) for record in records}
        companies = {
            record: company or (record.company_id if "company_id" in record._fields else False) or self.env.company
            for record in records
        }
        decisions = self._crm_tr_sms_decide(
            [
                (
                    record.id,
                    partners[record].phone,
                    partners[record].id,
                    partners[record].commercial_partner_id.is_company,
                    companies[record].id,
                    bodies[record.id],
                )
                for record in records
            ],
            commercial=commercial,
        )
        exclusions, sms = [], self.env["sms.sms"]
        for record in records:
            partner, target_company = partners[record], companies[record]
            number, reason = decisions[record.id]
            if reason:
                exclusions.append(
                    {
                        "partner_id": partner.id,
                        "number": number,
                        "reason": reason,
                        "commercial": commercial,
                        "template_id": template.id,
                        "res_model": record._name,
                        "res_id": record.id,
                        "company_id": target_company.id,
                    }
                )
                continue
            body = bodies[record.id]
            values = {
                "crm_tr_company_id": target_company.id,
                "crm_tr_commercial": commercial,
                "crm_tr_recipient_type": "TACIR" if partner.commercial_partner_id.is_company else "BIREYSEL",
            }
            if hasattr(record, "_message_sms"):
                message = record.with_context(crm_tr_sms_values=values)._message_sms(
                    body, partner_ids=partner.ids, sms_pid_to_number={partner.id: number}, put_in_queue=put_in_queue
                )
                sms |= self.env["sms.sms"].sudo().search([("mail_message_id", "=", message.id)])
            else:
                sms |= (
                    self.env["sms.sms"]
                    .sudo()
                    .create({"partner_id": partner.id, "number": number, "body": body, **values})
                )
        excluded = self.env["crm_tr.sms.exclusion"].sudo().create(exclusions)
        return {"sms": sms, "excluded": excluded}
