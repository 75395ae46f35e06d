from odoo import fields, models


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    crm_tr_loyalty_boost_id = fields.Many2one("crm_tr.loyalty.boost", string="Loyalty Boost", index="btree_not_null")
