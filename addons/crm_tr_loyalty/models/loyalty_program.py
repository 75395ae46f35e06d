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


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    crm_tr_tier_id = fields.Many2one("crm_tr.loyalty.tier", string="Tier", readonly=True, index="btree_not_null")
    crm_tr_pending_points = fields.Float(
        string="Pending Points", compute="_compute_crm_tr_ledger", help="Earned on invoices not paid yet."
    )
    crm_tr_next_expiry_date = fields.Date(string="Next Expiry", compute="_compute_crm_tr_ledger")
    crm_tr_next_expiry_points = fields.Float(string="Points Expiring", compute="_compute_crm_tr_ledger")
    crm_tr_expiry_notice_date = fields.Date(
        string="Expiry Notice Sent For", readonly=True, copy=False, help="The expiry date the customer was told about."
    )
    crm_tr_accrual_ids = fields.One2many("crm_tr.loyalty.accrual", "card_id", string="Points Ledger")

    def _compute_crm_tr_ledger(self):
        Accrual = self.env["crm_tr.loyalty.accrual"].sudo()
        pending = dict(
            Accrual._read_group(
                [("card_id", "in", self.ids), ("state", "=", "pending"), ("reversed", "=", False)],
                ["card_id"],
                ["points:sum"],
            )
        )
        expiries = Accrual._crm_tr_next_expiries(self)
        for card in self:
            card.crm_tr_pending_points = pending.get(card, 0.0)
            day, points = expiries.get(card.id, (False, 0.0))
            card.crm_tr_next_expiry_date = day
            card.crm_tr_next_expiry_points = points

    def action_crm_tr_view_ledger(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_loyalty.crm_tr_loyalty_accrual_action")
        action["domain"] = [("card_id", "=", self.id)]
        return action
