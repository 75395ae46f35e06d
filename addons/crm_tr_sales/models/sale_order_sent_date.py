from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # Odoo keeps no date of sending: its "send by email" path writes state 'sent' with tracking
    # disabled (sale.order.message_post with mark_so_as_sent), so neither a tracking value nor a
    # "Quotation sent" message is certain to exist. The first time an order reaches 'sent', the
    # time is kept here; the rep activity report counts quotations sent by it.
    crm_tr_date_sent = fields.Datetime(
        string="First Sent On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the quotation was first sent to the customer (by email or marked as sent).",
    )

    def write(self, vals):
        if vals.get("state") == "sent" and "crm_tr_date_sent" not in vals:
            first_sends = self.filtered(lambda order: not order.crm_tr_date_sent)
            if first_sends:
                res = super(SaleOrder, self - first_sends).write(vals) if self - first_sends else True
                return super(SaleOrder, first_sends).write(dict(vals, crm_tr_date_sent=fields.Datetime.now())) and res
        return super().write(vals)
