from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_tr_loyalty_invoice_points = fields.Boolean(
        string="Earn Points on Invoices",
        default=True,
        help="Posting a customer invoice earns points by the invoice earning rules.",
    )
    crm_tr_loyalty_pending_until_paid = fields.Boolean(
        string="Points Pending Until Paid",
        help="Points earned on an invoice reach the customer's card only when the invoice is paid.",
    )
