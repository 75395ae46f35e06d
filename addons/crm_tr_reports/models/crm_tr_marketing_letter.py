import ast

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

from odoo.addons.crm_tr_sales.models.customer_stat import CLASSES


class CrmTrMarketingLetter(models.Model):
    """A direct-marketing letter (mail merge): one text rendered for every customer of a
    segment, printed as one PDF (a page per customer, on the company's letterhead) or
    e-mailed to each customer as a PDF attachment, and logged on each customer."""

    _name = "crm_tr.marketing.letter"
    _description = "Marketing Letter"
    _inherit = ["mail.thread", "mail.render.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    subject = fields.Char(
        required=True,
        translate=True,
        help="E-mail subject; placeholders such as {{ object.name }} are replaced per customer.",
    )
    body = fields.Html(
        render_engine="qweb",
        render_options={"post_process": True},
        sanitize="email_outgoing",
        translate=True,
        help="The letter's text; dynamic placeholders (the customer's name, city...) are replaced per customer.",
    )
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")], default="draft", required=True, readonly=True, tracking=True
    )
    partner_domain = fields.Char(
        string="Customer Filter", default="[]", help="Which contacts receive the letter, besides class and province."
    )
    customer_class = fields.Selection(CLASSES, string="Customer Class")
    state_ids = fields.Many2many("res.country.state", string="Provinces")
    recipient_ids = fields.One2many("crm_tr.marketing.letter.recipient", "letter_id", string="Recipients")
    recipient_count = fields.Integer(string="Total Recipients", compute="_compute_counts")
    printed_count = fields.Integer(string="Printed", compute="_compute_counts")
    emailed_count = fields.Integer(string="E-mailed", compute="_compute_counts")
    skipped_count = fields.Integer(string="Skipped", compute="_compute_counts")
    segment_count = fields.Integer(string="Customers in Segment", compute="_compute_segment_count")

    def _compute_render_model(self):
        self.render_model = "res.partner"

    @api.depends("recipient_ids.state")
    def _compute_counts(self):
        counts = {
            (letter, state): count
            for letter, state, count in self.env["crm_tr.marketing.letter.recipient"]._read_group(
                [("letter_id", "in", self.ids)], ["letter_id", "state"], ["__count"]
            )
        }
        for letter in self:
            letter.printed_count = counts.get((letter, "printed"), 0)
            letter.emailed_count = counts.get((letter, "sent"), 0)
            letter.skipped_count = counts.get((letter, "skipped"), 0)
            letter.recipient_count = letter.printed_count + letter.emailed_count + letter.skipped_count

    @api.depends("partner_domain", "customer_class", "state_ids", "company_id")
    def _compute_segment_count(self):
        for letter in self:
            letter.segment_count = len(letter._segment_partners())

    def _segment_domain(self):
        self.ensure_one()
        try:
            domain = Domain(ast.literal_eval(self.partner_domain or "[]"))
        except (ValueError, SyntaxError) as error:
            raise UserError(self.env._("The customer filter of the letter %s is not valid.", self.name)) from error
        domain &= Domain("company_id", "in", [False, self.company_id.id]) & Domain("type", "!=", "private")
        if self.customer_class:
            domain &= Domain("crm_tr_customer_class", "=", self.customer_class)
        if self.state_ids:
            domain &= Domain("state_id", "in", self.state_ids.ids)
        return domain

    @api.readonly
    def _segment_partners(self):
        """The customers of the segment, in the letter's company (the customer class is the
        one computed for that company)."""
        self.ensure_one()
        Partner = self.env["res.partner"].with_company(self.company_id)
        return Partner.search(self._segment_domain(), order="name, id")

    @api.readonly
    def action_view_segment(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customers of %s", self.name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("id", "in", self._segment_partners().ids)],
        }

    @api.readonly
    def action_view_recipients(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_tr_reports.crm_tr_marketing_letter_recipient_action"
        )
        action["domain"] = [("letter_id", "=", self.id)]
        return action

    def _check_segment(self, partners):
        if not partners:
            raise UserError(self.env._("The letter %s has no customer in its segment.", self.name))
        if not self.body:
            raise UserError(self.env._("The letter %s has no text.", self.name))

    def _render_bodies(self, partners):
        """{partner id: the letter's text rendered for that customer, in the customer's
        language}."""
        return self._render_field("body", partners.ids, res_ids_lang=self._partner_langs(partners))

    def _partner_langs(self, partners):
        # The customer's language, or the company's: given here rather than as a
        # "{{ object.lang }}" placeholder, which only template editors may write.
        default = self.company_id.partner_id.lang or self.env.lang
        return {partner.id: partner.lang or default for partner in partners}

    def action_print(self):
        """One PDF for the whole segment, a page per customer; each customer's chatter
        records that the letter was printed."""
        self.ensure_one()
        partners = self._segment_partners()
        self._check_segment(partners)
        bodies = self._render_bodies(partners)
        recipients = self.env["crm_tr.marketing.letter.recipient"].create(
            [
                {"letter_id": self.id, "partner_id": partner.id, "state": "printed", "body": bodies[partner.id]}
                for partner in partners
            ]
        )
        recipients._log_on_partners()
        self.state = "done"
        return self.env.ref("crm_tr_reports.action_report_crm_tr_marketing_letter").report_action(recipients)

    def action_send_email(self):
        """Queue an e-mail to each customer of the segment with their letter as a PDF.
        Customers without an e-mail address, on the e-mail blacklist or without consent to
        commercial e-mail are skipped and listed with the reason."""
        self.ensure_one()
        partners = self._segment_partners()
        self._check_segment(partners)
        reasons = self._email_refusals(partners)
        bodies = self._render_bodies(partners)
        subjects = self._render_field("subject", partners.ids, res_ids_lang=self._partner_langs(partners))
        recipients = self.env["crm_tr.marketing.letter.recipient"].create(
            [
                {
                    "letter_id": self.id,
                    "partner_id": partner.id,
                    "state": "skipped" if reasons.get(partner.id) else "sent",
                    "skip_reason": reasons.get(partner.id),
                    "email": partner.email,
                    "body": bodies[partner.id],
                    "subject": subjects[partner.id],
                }
                for partner in partners
            ]
        )
        to_send = recipients.filtered(lambda recipient: recipient.state == "sent")
        to_send._queue_emails()
        to_send._log_on_partners()
        self.state = "done"
        skipped = recipients - to_send
        message = self.env._(
            "%(sent)s e-mail(s) queued, %(skipped)s customer(s) skipped.", sent=len(to_send), skipped=len(skipped)
        )
        params = {"title": self.name, "message": message, "type": "warning" if skipped else "success"}
        if skipped:
            # The skipped customers, listed with their reason.
            params["next"] = self.action_view_recipients() | {
                "domain": [("letter_id", "=", self.id), ("state", "=", "skipped")]
            }
        return {"type": "ir.actions.client", "tag": "display_notification", "params": params}

    @api.readonly
    def _email_refusals(self, partners):
        """{partner id: reason} of the customers who may not receive this commercial e-mail.

        crm_tr_sms's consent rule, for the e-mail channel (İYS EPOSTA) of the letter's
        company: the latest consent recorded for the contact or its address decides; a
        refusal (RET) excludes anyone, and without any record an individual is excluded and a
        merchant (a company) is not. Before that: no e-mail address, and Odoo's e-mail
        blacklist (mail.blacklist, where unsubscribes from mailings land)."""
        self.ensure_one()
        emails = {partner.id: (partner.email_normalized or "") for partner in partners}
        blacklisted = set(
            self.env["mail.blacklist"]
            .sudo()
            .search([("email", "in", [email for email in emails.values() if email])])
            .mapped("email")
        )
        self.env["crm_tr.iys.consent"].flush_model(["partner_id", "recipient", "status", "channel", "active"])
        rows = self.env.execute_query(
            SQL(
                """SELECT DISTINCT ON (partner.id) partner.id, consent.status
                     FROM res_partner partner
                     JOIN crm_tr_iys_consent consent
                       ON consent.active AND consent.company_id = %(company)s AND consent.channel = 'EPOSTA'
                      AND (consent.partner_id = partner.id
                           OR lower(consent.recipient) = lower(partner.email_normalized))
                    WHERE partner.id = ANY(%(partners)s)
                 ORDER BY partner.id, consent.consent_date DESC, consent.id DESC""",
                company=self.company_id.id,
                partners=partners.ids,
            )
        )
        latest = dict(rows)
        reasons = {}
        for partner in partners:
            email = emails[partner.id]
            if not email:
                reasons[partner.id] = "no_email"
            elif email in blacklisted:
                reasons[partner.id] = "blacklisted"
            elif latest.get(partner.id) == "RET":
                reasons[partner.id] = "ret"
            elif partner.id not in latest and not partner.commercial_partner_id.is_company:
                reasons[partner.id] = "no_consent"
        return reasons
