from odoo import fields, models
from odoo.tools import format_date

SKIP_REASONS = [
    ("no_email", "No e-mail address"),
    ("blacklisted", "E-mail blacklisted"),
    ("ret", "Refused commercial e-mail (RET)"),
    ("no_consent", "No İYS e-mail consent (ONAY)"),
]


class CrmTrMarketingLetterRecipient(models.Model):
    """One customer's copy of a marketing letter: printed, e-mailed or skipped (and why),
    with the text as it was rendered for them."""

    _name = "crm_tr.marketing.letter.recipient"
    _description = "Marketing Letter Recipient"
    _order = "id"
    _check_company_auto = True

    letter_id = fields.Many2one(
        "crm_tr.marketing.letter", string="Letter", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="letter_id.company_id", store=True, index=True, string="Company")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    state = fields.Selection(
        [("printed", "Printed"), ("sent", "E-mailed"), ("skipped", "Skipped")], required=True, readonly=True
    )
    skip_reason = fields.Selection(SKIP_REASONS, readonly=True)
    email = fields.Char(string="E-mail", readonly=True)
    subject = fields.Char(readonly=True)
    body = fields.Html(readonly=True, sanitize=False)
    mail_id = fields.Many2one(
        "mail.mail", string="E-mail Message", readonly=True, index="btree_not_null", ondelete="set null"
    )
    create_date = fields.Datetime(string="Date", readonly=True)

    def _pdf_filename(self):
        self.ensure_one()
        return f"{self.letter_id.name} - {self.partner_id.name}.pdf"

    def _queue_emails(self):
        """A queued mail.mail per customer with the letter as a PDF attachment (the mail
        queue cron sends them)."""
        report = self.env.ref("crm_tr_reports.action_report_crm_tr_marketing_letter").sudo()
        mail_values = []
        for recipient in self:
            pdf, _type = report._render_qweb_pdf(report.report_name, recipient.ids)
            attachment = self.env["ir.attachment"].create(
                {
                    "name": recipient._pdf_filename(),
                    "raw": pdf,
                    "mimetype": "application/pdf",
                    "res_model": "res.partner",
                    "res_id": recipient.partner_id.id,
                }
            )
            mail_values.append(
                {
                    "subject": recipient.subject,
                    "body_html": recipient.body,
                    "email_from": recipient.company_id.email_formatted or self.env.user.email_formatted,
                    "recipient_ids": [(4, recipient.partner_id.id)],
                    "attachment_ids": [(4, attachment.id)],
                    "model": "res.partner",
                    "res_id": recipient.partner_id.id,
                    "auto_delete": False,
                    "is_notification": False,
                }
            )
        mails = self.env["mail.mail"].sudo().create(mail_values)
        for recipient, mail in zip(self, mails, strict=True):
            recipient.mail_id = mail

    def _log_on_partners(self):
        """'Letter X printed/e-mailed on date' in each customer's chatter, in the customer's
        language."""
        for recipient in self:
            partner = recipient.partner_id
            lang = partner.lang or recipient.company_id.partner_id.lang or self.env.lang
            env = self.with_context(lang=lang).env
            date = format_date(env, recipient.create_date or fields.Datetime.now(), lang_code=lang)
            if recipient.state == "sent":
                body = env._("Letter “%(letter)s” e-mailed on %(date)s.", letter=recipient.letter_id.name, date=date)
            else:
                body = env._("Letter “%(letter)s” printed on %(date)s.", letter=recipient.letter_id.name, date=date)
            partner.message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_note")
