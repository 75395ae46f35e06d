from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from odoo.addons.crm_tr_sales.models.customer_stat import CLASSES

from .sms_template_short_link import SHORTEN_LINKS_KEY

INTERVALS = [("monthly", "Monthly"), ("quarterly", "Quarterly"), ("yearly", "Yearly")]
INTERVAL_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}


class CrmTrServiceSurveyCampaign(models.Model):
    """A survey sent at regular intervals to a segment of customers (e.g. A-class customers
    every quarter): one invitation per customer per period."""

    _name = "crm_tr.service.survey.campaign"
    _description = "Periodic Survey Campaign"
    _inherit = ["mail.thread"]
    _order = "next_date, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    survey_id = fields.Many2one("survey.survey", string="Survey", required=True, tracking=True)
    customer_class = fields.Selection(
        CLASSES, string="Customer Class", tracking=True, help="Only the customers of this class in the company."
    )
    product_category_id = fields.Many2one(
        "product.category",
        string="Owned Product Category",
        tracking=True,
        help="Only the customers owning a serial number of a product of this category (installed base).",
    )
    interval = fields.Selection(INTERVALS, required=True, default="quarterly", tracking=True)
    next_date = fields.Date(string="Next Sending", required=True, default=fields.Date.context_today, tracking=True)
    invitation_ids = fields.One2many("survey.user_input", "crm_tr_campaign_id", string="Invitations")
    sent_count = fields.Integer(string="Sent", compute="_compute_counts")
    answered_count = fields.Integer(string="Answered", compute="_compute_counts")
    response_rate = fields.Float(string="Response Rate (%)", compute="_compute_counts", digits=(16, 1))

    @api.constrains("customer_class", "product_category_id")
    def _check_segment(self):
        for campaign in self:
            if not campaign.customer_class and not campaign.product_category_id:
                raise ValidationError(
                    self.env._(
                        "Campaign %s needs a segment: a customer class, an owned product category or both.",
                        campaign.name,
                    )
                )

    def _compute_counts(self):
        rows = (
            self.env["survey.user_input"]
            .sudo()
            ._read_group([("crm_tr_campaign_id", "in", self.ids)], ["crm_tr_campaign_id", "state"], ["__count"])
        )
        sent, answered = {}, {}
        for campaign, state, count in rows:
            sent[campaign.id] = sent.get(campaign.id, 0) + count
            if state == "done":
                answered[campaign.id] = answered.get(campaign.id, 0) + count
        for campaign in self:
            campaign.sent_count = sent.get(campaign.id, 0)
            campaign.answered_count = answered.get(campaign.id, 0)
            campaign.response_rate = (
                100.0 * campaign.answered_count / campaign.sent_count if campaign.sent_count else 0.0
            )

    def _crm_tr_segment_partners(self):
        """The customers of the campaign's segment in its company."""
        self.ensure_one()
        Partner = self.env["res.partner"].with_company(self.company_id)
        domain = Domain("company_id", "in", [False, self.company_id.id])
        if self.customer_class:
            domain &= Domain("crm_tr_customer_class", "=", self.customer_class)
        if self.product_category_id:
            owners = self.env["stock.lot"]._read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("crm_tr_partner_id", "!=", False),
                    ("product_id.categ_id", "child_of", self.product_category_id.id),
                ],
                ["crm_tr_partner_id"],
            )
            domain &= Domain("id", "in", [owner.id for (owner,) in owners])
        return Partner.search(domain)

    def _crm_tr_send(self):
        """Invite the segment for the current period (next_date), skipping customers already
        invited for it, then move next_date on by the interval."""
        self.ensure_one()
        period = self.next_date
        Input = self.env["survey.user_input"].sudo()
        invited = Input.search(
            [("crm_tr_campaign_id", "=", self.id), ("crm_tr_campaign_period", "=", period)]
        ).partner_id
        partners = self._crm_tr_segment_partners() - invited
        invitations = Input
        for partner in partners:
            invitations |= self.survey_id.sudo()._create_answer(
                partner=partner, check_attempts=False, crm_tr_campaign_id=self.id, crm_tr_campaign_period=period
            )
        mail_template = self.env.ref("crm_tr_service.mail_template_survey_campaign", raise_if_not_found=False)
        if mail_template:
            for invitation in invitations.filtered("partner_id.email"):
                mail_template.sudo().send_mail(invitation.id)
        sms_template = self.env.ref("crm_tr_service.sms_template_survey_campaign", raise_if_not_found=False)
        with_phone = invitations.filtered("partner_id.phone")
        if sms_template and with_phone:
            # A short tracked link (/r/CODE) rather than the long survey URL.
            self.env["crm_tr.sms.api"]._send_template(
                sms_template.sudo().with_context(**{SHORTEN_LINKS_KEY: True}),
                with_phone,
                company=self.company_id,
                put_in_queue=True,
            )
        self.next_date = period + relativedelta(months=INTERVAL_MONTHS[self.interval])
        return invitations

    @api.model
    def _cron_crm_tr_send_campaigns(self):
        campaigns = self.search([("next_date", "<=", fields.Date.context_today(self))])
        Cron = self.env["ir.cron"]
        for index, campaign in enumerate(campaigns):
            campaign.with_company(campaign.company_id)._crm_tr_send()
            remaining_time = Cron._commit_progress(1, remaining=len(campaigns) - index - 1)
            if remaining_time is not None and remaining_time <= 0:
                break

    def action_send_now(self):
        for campaign in self:
            if campaign.next_date > fields.Date.context_today(campaign):
                raise ValidationError(self.env._("Campaign %s is due on its next sending date only.", campaign.name))
            campaign._crm_tr_send()

    def action_view_invitations(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invitations"),
            "res_model": "survey.user_input",
            "view_mode": "list,form",
            "domain": [("crm_tr_campaign_id", "=", self.id)],
        }
