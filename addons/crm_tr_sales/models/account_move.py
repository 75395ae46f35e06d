from odoo import fields, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists, index_exists

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

    def init(self):
        result = super().init()
        # The analyses (crm_tr_sales, crm_tr_reports) sum the product lines of customer
        # invoices by customer, product, salesperson or month: with every column they read
        # in a partial index, PostgreSQL answers from the index (53 MB for 1,000,000 lines)
        # without reading the lines' rows (353 MB), faster than account.invoice.report
        # (tests/bench/bench_reports.py, docs/PERFORMANCE.md). One more index to update when
        # an invoice line is written, on its product lines only.
        if not index_exists(self.env.cr, "account_move_line_crm_tr_product_idx"):
            self.env.cr.execute(
                SQL(
                    """
                    CREATE INDEX account_move_line_crm_tr_product_idx ON account_move_line (move_id)
                    INCLUDE (company_id, product_id, balance, quantity, crm_tr_cost)
                    WHERE display_type = 'product'
                    """
                )
            )
        return result


class AccountMove(models.Model):
    _inherit = "account.move"

    crm_tr_revenue = fields.Monetary(
        string="Product Revenue",
        currency_field="company_currency_id",
        readonly=True,
        copy=False,
        help="The untaxed amount of the product lines (cash rounding lines left out), in the company's currency, "
        "negative on a credit note, stored when the invoice was posted. The analyses add it up per invoice "
        "instead of per line.",
    )
    crm_tr_cost = fields.Monetary(
        string="Cost of Sale",
        currency_field="company_currency_id",
        readonly=True,
        copy=False,
        help="The cost of sale of the product lines, frozen when the invoice was posted (company currency, "
        "negative on a credit note). The analyses add it up per invoice instead of per line.",
    )

    def _auto_init(self):
        # New columns are filled from the lines in one statement rather than invoice by
        # invoice through the ORM (a company with 1,000,000 invoice lines upgrades in seconds).
        cr = self.env.cr
        fill = not column_exists(cr, "account_move", "crm_tr_revenue") or not column_exists(
            cr, "account_move", "crm_tr_cost"
        )
        result = super()._auto_init()
        if fill and column_exists(cr, "account_move_line", "crm_tr_cost"):
            self._crm_tr_fill_totals_from_lines()
        return result

    def _crm_tr_fill_totals_from_lines(self):
        """Set every customer invoice's product revenue and cost of sale to the sums of its
        product lines' (one statement); invoices without product lines keep none."""
        self.env.cr.execute(
            SQL(
                """
                UPDATE account_move move
                   SET crm_tr_revenue = lines.revenue, crm_tr_cost = lines.cost
                  FROM (SELECT move_id, -SUM(balance) AS revenue, SUM(crm_tr_cost) AS cost
                          FROM account_move_line
                         WHERE display_type = 'product'
                      GROUP BY move_id) lines
                 WHERE lines.move_id = move.id AND move.move_type IN %s
                """,
                SALE_MOVE_TYPES,
            )
        )

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
            product_lines = move.invoice_line_ids.filtered(lambda line: line.display_type == "product")
            # a line whose product was removed before posting again has no cost any more
            product_lines.filtered(lambda line: not line.product_id and line.crm_tr_cost).crm_tr_cost = False
            move.crm_tr_revenue = -sum(product_lines.mapped("balance")) if product_lines else False
            move.crm_tr_cost = sum(product_lines.mapped("crm_tr_cost")) if product_lines else False
