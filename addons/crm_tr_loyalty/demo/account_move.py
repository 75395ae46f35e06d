from odoo import api, models


class AccountMove(models.Model):
    _inherit = "account.move"

    @api.model
    def _crm_tr_demo_loyalty_backfill(self):
        """Demo only (demo/crm_tr_loyalty_demo.xml): the demo invoices were posted before
        this addon existed; earn their points, invoice after invoice in date order."""
        moves = self.search(
            [("move_type", "in", ("out_invoice", "out_refund")), ("state", "=", "posted")],
            order="invoice_date, id",
        )
        done = self.env["crm_tr.loyalty.accrual"].sudo().search([]).move_id
        for move in moves - done:
            move._crm_tr_loyalty_accrue()
