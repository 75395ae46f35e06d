from odoo import fields, models


class CrmTrLoyaltyRaffleTicket(models.Model):
    _name = "crm_tr.loyalty.raffle.ticket"
    _description = "Raffle Tickets of a Customer"
    _order = "raffle_id, partner_id"

    raffle_id = fields.Many2one("crm_tr.loyalty.raffle", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="raffle_id.company_id", store=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    tickets = fields.Integer(required=True)
