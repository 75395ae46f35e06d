from datetime import datetime, timedelta

import pytz

from odoo import api, models
from odoo.exceptions import UserError

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
    def _send_template(self, template, records, company=None, now=None):
        """Returns {'sms': queued sms.sms, 'excluded': crm_tr.sms.exclusion}."""
        commercial = template.crm_tr_message_type == "commercial"
        if commercial and not self._in_commercial_window(now):
            raise UserError(self.env._("Commercial SMS may only be sent between 09:00 and 21:00, Turkey time."))
        bodies = template._render_field("body", records.ids, compute_lang=True)
        partners = {record: self._recipient(record) for record in records}
        companies = {
            record: company or (record.company_id if "company_id" in record._fields else False) or self.env.company
            for record in records
        }
        refused = {}
        if commercial:
            for target_company in set(companies.values()):
                group = self.env["res.partner"].union(*(partners[r] for r in records if companies[r] == target_company))
                refused[target_company] = group._crm_tr_sms_commercial_exclusions(target_company)
        numbers = {partner: sms_eligibility(partner.phone) for partner in set(partners.values())}
        blacklisted = set(
            self.env["phone.blacklist"]
            .sudo()
            .search([("number", "in", [number for number, _reason in numbers.values() if number])])
            .mapped("number")
        )
        exclusions, seen, sms = [], set(), self.env["sms.sms"]
        for record in records:
            partner, target_company = partners[record], companies[record]
            number, reason = numbers[partner]
            if not reason and number in blacklisted:
                reason = "blacklisted"
            if not reason and commercial:
                reason = refused[target_company].get(partner)
            body = bodies[record.id]
            if not reason and (number, body) in seen:
                reason = "duplicate"
            if reason:
                exclusions.append(
                    {
                        "partner_id": partner.id,
                        "number": number or partner.phone,
                        "reason": reason,
                        "commercial": commercial,
                        "template_id": template.id,
                        "res_model": record._name,
                        "res_id": record.id,
                        "company_id": target_company.id,
                    }
                )
                continue
            seen.add((number, body))
            values = {
                "crm_tr_company_id": target_company.id,
                "crm_tr_commercial": commercial,
                "crm_tr_recipient_type": "TACIR" if partner.commercial_partner_id.is_company else "BIREYSEL",
            }
            if hasattr(record, "_message_sms"):
                message = record.with_context(crm_tr_sms_values=values)._message_sms(
                    body, partner_ids=partner.ids, sms_pid_to_number={partner.id: number}
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
