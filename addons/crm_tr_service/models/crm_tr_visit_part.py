from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CrmTrVisitPart(models.Model):
    """A part used on a visit: it leaves the vehicle's stock through a real stock move when
    the visit is done, and costs its quantity at the product's stock valuation (its cost in
    the visit's company), which is frozen with the visit."""

    _name = "crm_tr.visit.part"
    _description = "Part Used on a Visit"
    _order = "visit_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    visit_id = fields.Many2one("crm_tr.visit", string="Visit", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="visit_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="visit_id.currency_id")
    product_id = fields.Many2one(
        "product.product",
        string="Part",
        required=True,
        check_company=True,
        domain="[('type', '=', 'consu')]",
    )
    tracking = fields.Selection(related="product_id.tracking")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot / Serial Number",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    quantity = fields.Float(default=1.0, required=True, digits="Product Unit")
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    unit_cost = fields.Float(
        string="Unit Cost",
        digits="Product Price",
        readonly=True,
        help="The product's cost in the visit's company (its stock valuation), taken again when the visit is done.",
    )
    cost = fields.Monetary(compute="_compute_cost", store=True)
    move_id = fields.Many2one("stock.move", string="Stock Move", readonly=True, copy=False, index="btree_not_null")
    move_state = fields.Selection(related="move_id.state", string="Move Status")

    _positive_quantity = models.Constraint("CHECK (quantity > 0)", "A part's quantity must be positive.")

    @api.depends("quantity", "unit_cost", "visit_id.currency_id")
    def _compute_cost(self):
        for part in self:
            currency = part.visit_id.currency_id or self.env.company.currency_id
            part.cost = currency.round(part.quantity * part.unit_cost)

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.lot_id and self.lot_id.product_id != self.product_id:
            self.lot_id = False

    def _crm_tr_check_quantity(self, vals):
        """A negative or zero quantity is refused before it reaches the database (whose
        CHECK constraint would answer in its own words)."""
        if "quantity" in vals and (vals["quantity"] or 0) <= 0:
            product = self.env["product.product"].browse(vals.get("product_id")) or self.product_id[:1]
            raise ValidationError(
                self.env._(
                    "The quantity of %(product)s must be positive (%(quantity)s).",
                    product=product.display_name,
                    quantity=vals["quantity"],
                )
            )

    @api.constrains("quantity", "lot_id", "product_id")
    def _check_part(self):
        for part in self:
            if part.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "The quantity of %(product)s on visit %(visit)s must be positive.",
                        product=part.product_id.display_name,
                        visit=part.visit_id.display_name,
                    )
                )
            if part.lot_id and part.lot_id.product_id != part.product_id:
                raise ValidationError(
                    self.env._(
                        "Lot %(lot)s belongs to %(other)s, not to %(product)s.",
                        lot=part.lot_id.name,
                        other=part.lot_id.product_id.display_name,
                        product=part.product_id.display_name,
                    )
                )
            if part.tracking == "serial" and part.lot_id and part.quantity != 1:
                raise ValidationError(
                    self.env._(
                        "Serial number %(lot)s is one unit: record one %(product)s per line.",
                        lot=part.lot_id.name,
                        product=part.product_id.display_name,
                    )
                )

    def _crm_tr_check_editable(self):
        for part in self:
            if part.move_id.state == "done" or part.visit_id.state == "done":
                raise UserError(
                    self.env._(
                        "%(product)s has left stock with visit %(visit)s: it cannot be changed any more.",
                        product=part.product_id.display_name,
                        visit=part.visit_id.display_name,
                    )
                )

    def _crm_tr_take_unit_cost(self):
        """The product's cost in the visit's company, for the parts still in the van."""
        for part in self.filtered(lambda p: p.move_id.state != "done"):
            cost = part.product_id.sudo().with_company(part.visit_id.company_id).standard_price
            if part.unit_cost != cost:
                part.unit_cost = cost

    @api.model_create_multi
    def create(self, vals_list):
        visits = self.env["crm_tr.visit"].browse([vals["visit_id"] for vals in vals_list if vals.get("visit_id")])
        for visit in visits.filtered(lambda v: v.state == "done"):
            raise UserError(self.env._("Visit %(visit)s is done: no part can be added.", visit=visit.display_name))
        for vals in vals_list:
            self._crm_tr_check_quantity(vals)
        parts = super().create(vals_list)
        parts._crm_tr_take_unit_cost()
        parts.visit_id._crm_tr_price()
        return parts

    def write(self, vals):
        self._crm_tr_check_quantity(vals)
        if {"visit_id", "product_id", "lot_id", "quantity"} & vals.keys():
            self._crm_tr_check_editable()
        visits = self.visit_id
        result = super().write(vals)
        if "product_id" in vals:
            self._crm_tr_take_unit_cost()
        if {"visit_id", "product_id", "quantity", "unit_cost"} & vals.keys():
            (visits | self.visit_id)._crm_tr_price()
        return result

    def unlink(self):
        self._crm_tr_check_editable()
        visits = self.visit_id
        result = super().unlink()
        visits.exists()._crm_tr_price()
        return result
