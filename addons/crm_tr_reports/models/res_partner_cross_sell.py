from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_tr_cross_sell_ids = fields.Many2many(
        "crm_tr.report.cross.sell",
        string="Suggested Products",
        compute="_compute_crm_tr_cross_sell_ids",
        help="Products this customer has not bought yet, from the products bought together with "
        "what they bought (best confidence first), in the current company.",
    )

    @api.depends_context("company")
    def _compute_crm_tr_cross_sell_ids(self):
        Pair = self.env["crm_tr.report.cross.sell"]
        real = self.filtered("id")
        rows = Pair._suggestion_rows(real, self.env.company) if real else {}
        for partner in self:
            partner.crm_tr_cross_sell_ids = Pair.browse(rows.get(partner.commercial_partner_id.id, []))

    def action_crm_tr_quote_suggestions(self):
        """A quotation for the customer with one of each suggested product."""
        self.ensure_one()
        suggestions = self.crm_tr_cross_sell_ids
        if not suggestions:
            raise UserError(self.env._("There are no suggested products for this customer."))
        order = self.env["sale.order"].create(
            {
                "partner_id": self.id,
                "company_id": self.env.company.id,
                "order_line": [
                    Command.create({"product_id": pair.suggested_product_id.id, "product_uom_qty": 1.0})
                    for pair in suggestions
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
