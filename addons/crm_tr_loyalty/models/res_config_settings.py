from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_tr_loyalty_invoice_points = fields.Boolean(related="company_id.crm_tr_loyalty_invoice_points", readonly=False)
    crm_tr_loyalty_pending_until_paid = fields.Boolean(
        related="company_id.crm_tr_loyalty_pending_until_paid", readonly=False
    )
