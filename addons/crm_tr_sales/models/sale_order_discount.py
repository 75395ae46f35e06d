import math

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, formatLang

MANAGER_GROUP = "sales_team.group_sale_manager"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    crm_tr_cost_to_serve_share = fields.Float(
        string="Cost-to-Serve Share (%)",
        compute="_compute_crm_tr_cost_to_serve_share",
        digits=(5, 2),
        help="What serving this customer costs, in % of its revenue (Customer 360 of the order's company). A "
        "customer without a 360 row counts 0%; one with costs but no revenue yet, the company's average.",
    )
    crm_tr_net_margin = fields.Monetary(
        string="Net Margin",
        compute="_compute_crm_tr_discount_guidance",
        help="Untaxed amount less the cost of the products (Cost on the lines) less the customer's cost-to-serve "
        "share of the untaxed amount.",
    )
    crm_tr_net_margin_percent = fields.Float(
        string="Net Margin (%)", compute="_compute_crm_tr_discount_guidance", digits=(5, 2)
    )
    crm_tr_discount_exceeded = fields.Boolean(
        string="Discount Above Maximum",
        compute="_compute_crm_tr_discount_guidance",
        help="A line's discount is above its maximum and no sales manager approved it.",
    )
    crm_tr_discount_mode = fields.Selection(related="company_id.crm_tr_discount_mode", string="Discount Mode")
    crm_tr_discount_min_margin = fields.Float(
        related="company_id.crm_tr_discount_min_margin", string="Minimum Net Margin (%)"
    )
    crm_tr_discount_warning = fields.Text(string="Discount Warning", compute="_compute_crm_tr_discount_guidance")
    crm_tr_discount_approved_uid = fields.Many2one(
        "res.users", string="Discount Exception Approved By", readonly=True, copy=False
    )
    crm_tr_discount_approved_date = fields.Datetime(string="Discount Exception Approved On", readonly=True, copy=False)

    @api.depends("partner_id", "company_id")
    def _compute_crm_tr_cost_to_serve_share(self):
        """Two reads whatever the number of orders: the customers' 360 rows, and the company
        averages for customers who cost something but bought nothing yet."""
        partners = self.partner_id.commercial_partner_id
        Stat = self.env["crm_tr.customer.stat"].sudo().with_context(active_test=False)
        stats = Stat.search_fetch(
            [("partner_id", "in", partners.ids), ("company_id", "in", self.company_id.ids)],
            ["partner_id", "company_id", "revenue", "cost_to_serve"],
        )
        rows = {(stat.partner_id.id, stat.company_id.id): stat for stat in stats}
        averages = {}
        if any(stat.revenue <= 0 for stat in stats):
            groups = Stat._read_group(
                [("company_id", "in", self.company_id.ids), ("revenue", ">", 0)],
                ["company_id"],
                ["cost_to_serve:sum", "revenue:sum"],
            )
            averages = {company.id: cost / revenue for company, cost, revenue in groups if revenue}
        for order in self:
            stat = rows.get((order.partner_id.commercial_partner_id.id, order.company_id.id))
            if not stat:
                share = 0.0
            elif stat.revenue > 0:
                share = stat.cost_to_serve / stat.revenue
            else:
                share = averages.get(order.company_id.id, 0.0)
            order.crm_tr_cost_to_serve_share = share * 100

    @api.depends(
        "crm_tr_cost_to_serve_share",
        "company_id.crm_tr_discount_min_margin",
        "crm_tr_discount_approved_uid",
        "order_line.price_subtotal",
        "order_line.purchase_price",
        "order_line.product_uom_qty",
        "order_line.discount",
        "order_line.crm_tr_discount_approved",
    )
    def _compute_crm_tr_discount_guidance(self):
        for order in self:
            lines = order.order_line._crm_tr_priced()
            revenue = sum(lines.mapped("price_subtotal"))
            cost = sum(line.purchase_price * line.product_uom_qty for line in lines)
            net = revenue - cost - order.crm_tr_cost_to_serve_share / 100 * revenue
            order.crm_tr_net_margin = net
            order.crm_tr_net_margin_percent = net / revenue * 100 if revenue else 0.0
            above = lines.filtered("crm_tr_discount_exceeded")
            order.crm_tr_discount_exceeded = bool(above)
            order.crm_tr_discount_warning = order._crm_tr_discount_message(above) if above else False

    def _crm_tr_discount_message(self, lines):
        self.ensure_one()
        env = self.env
        details = "\n".join(
            env._(
                "- %(line)s: %(discount)s%% (at most %(maximum)s%%)",
                line=line.name.splitlines()[0] if line.name else line.product_id.display_name,
                discount=formatLang(env, line.discount, digits=2),
                maximum=formatLang(env, line.crm_tr_max_discount, digits=2),
            )
            for line in lines
        )
        return env._(
            "These discounts take the order below a net margin of %(margin)s%% after the customer's cost to serve "
            "(%(share)s%% of revenue):\n%(details)s",
            margin=formatLang(env, self.company_id.crm_tr_discount_min_margin, digits=2),
            share=formatLang(env, self.crm_tr_cost_to_serve_share, digits=2),
            details=details,
        )

    def _crm_tr_check_discounts(self):
        """Block mode: refuse to send or confirm an order with an unapproved discount above its maximum."""
        for order in self:
            if order.company_id.crm_tr_discount_mode == "block" and order.crm_tr_discount_exceeded:
                raise UserError(
                    self.env._(
                        "%(order)s: %(warning)s\nLower them, or ask a sales manager to approve a discount exception.",
                        order=order.name,
                        warning=order.crm_tr_discount_warning,
                    )
                )

    def _confirmation_error_message(self):
        error = super()._confirmation_error_message()
        if not error and self.company_id.crm_tr_discount_mode == "block" and self.crm_tr_discount_exceeded:
            return self.env._(
                "%(order)s: %(warning)s\nLower them, or ask a sales manager to approve a discount exception.",
                order=self.name,
                warning=self.crm_tr_discount_warning,
            )
        return error

    def action_quotation_send(self):
        self.filtered(lambda order: order.state in ("draft", "sent"))._crm_tr_check_discounts()
        return super().action_quotation_send()

    def action_quotation_sent(self):
        self._crm_tr_check_discounts()
        return super().action_quotation_sent()

    def action_crm_tr_approve_discount(self):
        """A sales manager accepts the lines' discounts above their maximum, as they are now."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a sales manager can approve a discount exception."))
        for order in self:
            above = order.order_line._crm_tr_priced().filtered("crm_tr_discount_exceeded")
            if not above:
                raise UserError(self.env._("%(order)s has no discount above its maximum to approve.", order=order.name))
            message = order._crm_tr_discount_message(above)
            for line in above:
                line.crm_tr_discount_approved = line.discount
            order.write(
                {
                    "crm_tr_discount_approved_uid": self.env.user.id,
                    "crm_tr_discount_approved_date": fields.Datetime.now(),
                }
            )
            order.message_post(
                body=Markup("<p>%s</p><p>%s</p>")
                % (
                    self.env._("Discount exception approved by %(user)s.", user=self.env.user.name),
                    Markup("<br/>").join(message.splitlines()),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _crm_tr_void_discount_approval(self, lines):
        """A discount raised above the approved one: the exception no longer holds."""
        for order in self.filtered("crm_tr_discount_approved_uid"):
            raised = lines.filtered(lambda line, order=order: line.order_id == order)
            order.order_line.crm_tr_discount_approved = 0.0
            order.write({"crm_tr_discount_approved_uid": False, "crm_tr_discount_approved_date": False})
            order.message_post(
                body=self.env._(
                    "Discount exception voided: the discount of %(lines)s was raised above the approved one.",
                    lines=", ".join(line.name.splitlines()[0] if line.name else "" for line in raised),
                ),
                subtype_xmlid="mail.mt_note",
            )


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    crm_tr_max_discount = fields.Float(
        string="Max Discount (%)",
        compute="_compute_crm_tr_max_discount",
        digits="Discount",
        help="The highest discount of this line that keeps the order's net margin, after the customer's "
        "cost-to-serve share, at the company's minimum, the other lines as they are.",
    )
    crm_tr_discount_exceeded = fields.Boolean(string="Above Max Discount", compute="_compute_crm_tr_max_discount")
    crm_tr_discount_approved = fields.Float(
        string="Approved Discount (%)",
        digits="Discount",
        readonly=True,
        copy=False,
        help="The discount a sales manager approved above the maximum.",
    )

    def _crm_tr_priced(self):
        return self.filtered(lambda line: not line.display_type and not line.is_downpayment)

    @api.depends(
        "order_id.crm_tr_cost_to_serve_share",
        "order_id.company_id.crm_tr_discount_min_margin",
        "order_id.order_line.price_subtotal",
        "order_id.order_line.purchase_price",
        "order_id.order_line.product_uom_qty",
        "discount",
        "price_unit",
        "crm_tr_discount_approved",
    )
    def _compute_crm_tr_max_discount(self):
        """The line's maximum discount, in closed form.

        With R the order's untaxed revenue (its lines' subtotals), C the cost of its products
        (sale_margin's Cost × quantity, unchanged by a discount), s the customer's
        cost-to-serve share and m the minimum net margin (fractions), the order keeps its
        margin when
            R − C − s·R ≥ m·R   ⇔   k·R ≥ C   with k = 1 − s − m.
        Line i at discount x brings L·(1 − x), L its subtotal without discount, the other
        lines bring O = R − subtotal_i:
            k·(O + L·(1 − x)) ≥ C   ⇔   x ≤ 1 − (C/k − O)/L = (L + O − C/k)/L.
        Clamped to 0–100 % and rounded down to the discount's precision, so that the maximum
        shown keeps the margin. k ≤ 0 (the share and the minimum eat the whole revenue):
        no discount. L = 0 (a free line): any discount."""
        precision = self.env["decimal.precision"].precision_get("Discount")
        step = 10**precision
        for line in self:
            order = line.order_id
            minimum = order.company_id.crm_tr_discount_min_margin / 100
            if not minimum or line.display_type or line.is_downpayment:
                line.crm_tr_max_discount = 100.0
                line.crm_tr_discount_exceeded = False
                continue
            lines = order.order_line._crm_tr_priced()
            cost = sum(other.purchase_price * other.product_uom_qty for other in lines)
            others = sum(other.price_subtotal for other in lines if other != line)
            undiscounted = line._crm_tr_undiscounted_subtotal()
            k = 1 - order.crm_tr_cost_to_serve_share / 100 - minimum
            if undiscounted <= 0:
                maximum = 100.0
            elif k <= 0:
                maximum = 0.0
            else:
                maximum = (undiscounted + others - cost / k) / undiscounted * 100
                maximum = min(max(maximum, 0.0), 100.0)
                # Round down without letting float noise (12.5 as 12.4999…) cost a step.
                maximum = math.floor(round(maximum * step, 6)) / step
            line.crm_tr_max_discount = maximum
            line.crm_tr_discount_exceeded = (
                float_compare(line.discount, maximum, precision_digits=precision) > 0
                and float_compare(line.discount, line.crm_tr_discount_approved, precision_digits=precision) > 0
            )

    def _crm_tr_undiscounted_subtotal(self):
        """The line's untaxed subtotal at no discount (taxes included in prices taken out)."""
        self.ensure_one()
        if self.discount < 100:
            return self.price_subtotal / (1 - self.discount / 100)
        return self.price_unit * self.product_uom_qty

    def write(self, vals):
        raised = self.browse()
        if "discount" in vals:
            precision = self.env["decimal.precision"].precision_get("Discount")
            # A line's maximum does not depend on its own discount: read before the write.
            raised = self.filtered(
                lambda line: (
                    line.order_id.crm_tr_discount_approved_uid
                    and float_compare(
                        vals["discount"] or 0.0,
                        max(line.crm_tr_discount_approved, line.crm_tr_max_discount),
                        precision_digits=precision,
                    )
                    > 0
                )
            )
        result = super().write(vals)
        if raised:
            raised.order_id._crm_tr_void_discount_approval(raised)
        return result
