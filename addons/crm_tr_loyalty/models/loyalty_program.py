from odoo import models


class LoyaltyProgram(models.Model):
    _inherit = "loyalty.program"

    def _crm_tr_card_for(self, partner):
        """The customer's card in this program, created at its first points."""
        self.ensure_one()
        Card = self.env["loyalty.card"].sudo()
        card = Card.search([("program_id", "=", self.id), ("partner_id", "=", partner.id)], limit=1)
        return card or Card.create({"program_id": self.id, "partner_id": partner.id, "points": 0})
