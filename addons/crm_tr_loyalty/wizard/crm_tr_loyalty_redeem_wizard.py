from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount


class CrmTrLoyaltyRedeemWizard(models.TransientModel):
    """Burn a customer's points for a discount line on a draft invoice or a quotation."""

    _name = "crm_tr.loyalty.redeem.wizard"
    _description = "Redeem Loyalty Points"

    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    sale_order_id = fields.Many2one("sale.order", string="Quotation", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", compute="_compute_document", readonly=True)
    company_id = fields.Many2one("res.company", compute="_compute_document")
    card_id = fields.Many2one(
        "loyalty.card",
        string="Loyalty Card",
        domain="[('partner_id', '=', partner_id), ('program_id.program_type', '=', 'loyalty'), "
        "('program_id.crm_tr_point_value', '>', 0), ('company_id', 'in', (company_id, False))]",
    )
    balance = fields.Float(related="card_id.points", string="Balance")
    point_value = fields.Monetary(related="card_id.program_id.crm_tr_point_value", currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", compute="_compute_document")
    points = fields.Float(string="Points to Redeem", digits=(16, 2))
    amount = fields.Monetary(string="Discount", compute="_compute_amount", currency_field="currency_id")

    @api.depends("move_id", "sale_order_id")
    def _compute_document(self):
        for wizard in self:
            document = wizard.move_id or wizard.sale_order_id
            wizard.partner_id = document.partner_id.commercial_partner_id
            wizard.company_id = document.company_id
            wizard.currency_id = document.currency_id

    @api.depends("points", "point_value", "currency_id", "card_id")
    def _compute_amount(self):
        for wizard in self:
            wizard.amount = wizard.currency_id.round(wizard.points * wizard.point_value) if wizard.currency_id else 0.0

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        document = self.env["account.move"].browse(values.get("move_id")) or self.env["sale.order"].browse(
            values.get("sale_order_id")
        )
        if document and "card_id" in fields_list:
            card = (
                self.env["loyalty.card"]
                .sudo()
                .search(
                    [
                        ("partner_id", "=", document.partner_id.commercial_partner_id.id),
                        ("program_id.program_type", "=", "loyalty"),
                        ("program_id.crm_tr_point_value", ">", 0),
                        ("company_id", "in", (document.company_id.id, False)),
                    ],
                    order="points desc",
                    limit=1,
                )
            )
            values["card_id"] = card.id
        return values

    def action_redeem(self):
        self.ensure_one()
        document = self.move_id or self.sale_order_id
        document.check_access("write")
        if not document:
            raise UserError(self.env._("Open the wizard from a draft invoice or a quotation."))
        document._crm_tr_check_redeemable()
        if not self.card_id:
            raise UserError(self.env._("%s has no loyalty card with points to redeem.", self.partner_id.display_name))
        if self.points <= 0:
            raise UserError(self.env._("Redeem a positive number of points."))
        if self.card_id.partner_id != document.partner_id.commercial_partner_id:
            raise UserError(self.env._("The loyalty card belongs to another customer."))
        if self.amount <= 0:
            raise UserError(self.env._("The program of this card gives no value for points."))
        if self.currency_id.compare_amounts(self.amount, document.amount_untaxed) > 0:
            raise UserError(
                self.env._(
                    "A discount of %(amount)s is more than the untaxed total %(total)s.",
                    amount=format_amount(self.env, self.amount, self.currency_id),
                    total=format_amount(self.env, document.amount_untaxed, self.currency_id),
                )
            )
        product = self.env.ref("crm_tr_loyalty.product_crm_tr_loyalty_discount")
        # The line is read by the customer: in the customer's language, the numbers too.
        customer = self.with_context(lang=document.partner_id.lang or self.env.lang)
        name = customer.env._(
            "Loyalty points: %(points)s × %(value)s",
            points=self.card_id.with_context(lang=customer.env.lang)._format_points(self.points),
            value=format_amount(customer.env, self.point_value, self.currency_id),
        )
        if self.move_id:
            lines = self.move_id.invoice_line_ids.filtered(lambda line: line.display_type == "product")
            taxes = _common_taxes(lines)
            before = self.move_id.invoice_line_ids
            self.move_id.write(
                {
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "name": name,
                                "quantity": 1,
                                "price_unit": -self.amount,
                                "tax_ids": [Command.set(taxes.ids)],
                            }
                        )
                    ]
                }
            )
            line = self.move_id.invoice_line_ids - before
            self.env["crm_tr.loyalty.accrual"].sudo()._crm_tr_redeem(self.card_id, self.points, move_line=line)
        else:
            lines = self.sale_order_id.order_line.filtered(
                lambda line: not line.display_type and line.product_id != product
            )
            taxes = _common_taxes(lines)
            line = self.env["sale.order.line"].create(
                {
                    "order_id": self.sale_order_id.id,
                    "product_id": product.id,
                    "name": name,
                    "product_uom_qty": 1,
                    "price_unit": -self.amount,
                    "tax_ids": [Command.set(taxes.ids)],
                    "sequence": 9999,
                }
            )
            self.env["crm_tr.loyalty.accrual"].sudo()._crm_tr_redeem(self.card_id, self.points, sale_line=line)
        document.message_post(
            body=self.env._(
                "%(points)s redeemed for a discount of %(amount)s.",
                points=self.card_id._format_points(self.points),
                amount=format_amount(self.env, self.amount, self.currency_id),
            )
        )
        return {"type": "ir.actions.act_window_close"}


def _common_taxes(lines):
    """The taxes every line has in common, so the discount lowers the same tax bases."""
    common = lines[:1].tax_ids
    for line in lines[1:]:
        common &= line.tax_ids
    return common
