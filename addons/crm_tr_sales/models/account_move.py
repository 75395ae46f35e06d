from odoo import fields, models

# The customer documents whose lines carry revenue and cost: invoices and credit notes.
SALE_MOVE_TYPES = ("out_invoice", "out_refund")


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    crm_tr_cost = fields.Monetary(
        string="Cost of Sale",
        currency_field="company_currency_id",
        readonly=True,
        copy=False,
        help="What the goods of this invoice line cost at the time of sale, in the company's currency, "
        "signed like the revenue (negative on a credit note): the cost on the sales order line when the "
        "line was invoiced from one, otherwise the product's cost when the invoice was posted. It is "
        "frozen at posting, so a later change of the product's cost does not rewrite past margins.",
    )


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted.filtered(lambda move: move.move_type in SALE_MOVE_TYPES)._crm_tr_freeze_costs()
        return posted

    def _crm_tr_freeze_costs(self):
        """Store each product line's cost of sale (company currency) at the time it is posted.

        Per line in Python, but only for the documents being posted: the analyses then add
        these stored figures up in PostgreSQL without looking at products or orders again."""
        for move in self:
            company = move.company_id
            sign = -1 if move.move_type == "out_refund" else 1
            for line in move.invoice_line_ids.filtered(lambda line: line.display_type == "product" and line.product_id):
                product = line.product_id.with_company(company)
                line_uom = line.product_uom_id or product.uom_id
                sale_line = line.sale_line_ids[:1]
                if sale_line:
                    # sale_margin's cost: frozen on the order line, in the order's currency and unit.
                    order = sale_line.order_id
                    unit_cost = (sale_line.product_uom_id or product.uom_id)._compute_price(
                        sale_line.purchase_price, line_uom
                    )
                    unit_cost = order.currency_id._convert(
                        unit_cost, company.currency_id, company, order.date_order or move.invoice_date
                    )
                else:
                    unit_cost = product.uom_id._compute_price(product.standard_price, line_uom)
                line.crm_tr_cost = company.currency_id.round(sign * unit_cost * line.quantity)
