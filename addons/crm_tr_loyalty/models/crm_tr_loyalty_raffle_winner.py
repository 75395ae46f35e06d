from odoo import fields, models


class CrmTrLoyaltyRaffleWinner(models.Model):
    _name = "crm_tr.loyalty.raffle.winner"
    _description = "Raffle Winner"
    _order = "raffle_id, rank"

    raffle_id = fields.Many2one("crm_tr.loyalty.raffle", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="raffle_id.company_id", store=True)
    rank = fields.Integer(required=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    ticket_number = fields.Integer(string="Winning Ticket")
