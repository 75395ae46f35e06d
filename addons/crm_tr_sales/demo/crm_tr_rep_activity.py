from odoo import api, models
from odoo.api import SUPERUSER_ID


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _crm_tr_demo_rep_revenue(self, company_id, user_id):
        """The demo invoices of a company were written by OdooBot: make them the sales rep's,
        so the rep activity report shows his revenue (one batch write)."""
        moves = self.env["account.move"].search(
            [
                ("company_id", "=", company_id),
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("invoice_user_id", "in", (SUPERUSER_ID, False)),
            ]
        )
        moves.with_context(tracking_disable=True).write({"invoice_user_id": user_id})
