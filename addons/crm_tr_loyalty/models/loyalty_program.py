from odoo import api, fields, models
from odoo.exceptions import ValidationError


class LoyaltyProgram(models.Model):
    _inherit = "loyalty.program"

    crm_tr_point_value = fields.Monetary(
        string="Value per Point",
        currency_field="currency_id",
        default=0.5,
        help="Discount given for one point redeemed on an invoice or sales order.",
    )
    crm_tr_expiry_months = fields.Integer(
        string="Points Expire After (months)",
        help="Points not used this many months after they were earned expire; 0 never.",
    )
    crm_tr_expiry_notice_days = fields.Integer(
        string="Notice Before Expiry (days)", default=15, help="Customers are told this many days before points expire."
    )
    crm_tr_expiry_sms_template_id = fields.Many2one(
        "sms.template", string="Expiry SMS", domain="[('model', '=', 'loyalty.card')]"
    )
    crm_tr_expiry_mail_template_id = fields.Many2one(
        "mail.template", string="Expiry E-mail", domain="[('model', '=', 'loyalty.card')]"
    )
    crm_tr_tier_basis = fields.Selection(
        [("points", "Points of the last 12 months"), ("revenue", "Revenue of the last 12 months")],
        string="Tiers By",
        default="points",
    )
    crm_tr_tier_ids = fields.One2many("crm_tr.loyalty.tier", "program_id", string="Tiers")

    @api.constrains("crm_tr_point_value", "crm_tr_expiry_months", "crm_tr_expiry_notice_days")
    def _check_crm_tr_figures(self):
        for program in self:
            if (
                program.crm_tr_point_value < 0
                or program.crm_tr_expiry_months < 0
                or program.crm_tr_expiry_notice_days < 0
            ):
                raise ValidationError(
                    self.env._("The value per point, the expiry months and the notice days cannot be negative.")
                )

    def _crm_tr_card_for(self, partner):
        """The customer's card in this program, created at its first points."""
        self.ensure_one()
        return self._crm_tr_cards_for(partner)[partner.id]

    def _crm_tr_cards_for(self, partners):
        """{partner id: card} in this program, one search and one create for all."""
        self.ensure_one()
        Card = self.env["loyalty.card"].sudo().with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
        cards = {
            card.partner_id.id: card
            for card in Card.search([("program_id", "=", self.id), ("partner_id", "in", partners.ids)], order="id desc")
        }
        missing = [partner_id for partner_id in dict.fromkeys(partners.ids) if partner_id not in cards]
        if missing:
            for card in Card.create([{"program_id": self.id, "partner_id": pid, "points": 0} for pid in missing]):
                cards[card.partner_id.id] = card
        return cards
