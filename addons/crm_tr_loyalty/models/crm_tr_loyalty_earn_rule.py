from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmTrLoyaltyEarnRule(models.Model):
    """How many points a posted customer invoice line earns, for one product scope."""

    _name = "crm_tr.loyalty.earn.rule"
    _description = "Invoice Loyalty Earning Rule"
    _inherit = ["crm_tr.company.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    program_id = fields.Many2one(
        "loyalty.program",
        string="Loyalty Program",
        required=True,
        ondelete="cascade",
        check_company=True,
        domain="[('program_type', '=', 'loyalty')]",
    )
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True, default=lambda self: self.env.company
    )
    scope = fields.Selection(
        [("product", "Product"), ("category", "Product Category"), ("tag", "Product Tag")],
        required=True,
        default="product",
    )
    product_id = fields.Many2one("product.product", string="Product", check_company=True)
    categ_id = fields.Many2one("product.category", string="Product Category")
    tag_id = fields.Many2one("product.tag", string="Product Tag")
    mode = fields.Selection(
        [("per_unit", "Points per unit"), ("per_amount", "Points per currency unit (untaxed)")],
        required=True,
        default="per_amount",
    )
    points = fields.Float(required=True, default=1.0, tracking=True)
    date_from = fields.Date(string="Valid From", tracking=True)
    date_to = fields.Date(string="Valid Until", tracking=True)

    @api.constrains("scope", "product_id", "categ_id", "tag_id")
    def _check_scope(self):
        for rule in self:
            target = {"product": rule.product_id, "category": rule.categ_id, "tag": rule.tag_id}[rule.scope]
            if not target:
                raise ValidationError(
                    self.env._("The earning rule “%s” needs the product, category or tag it applies to.", rule.name)
                )

    @api.constrains("points")
    def _check_points(self):
        for rule in self:
            if rule.points <= 0:
                raise ValidationError(
                    self.env._("The earning rule “%s” must give a positive number of points.", rule.name)
                )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for rule in self:
            if rule.date_from and rule.date_to and rule.date_from > rule.date_to:
                raise ValidationError(self.env._("The earning rule “%s” ends before it starts.", rule.name))

    def _crm_tr_applies(self, product, day):
        self.ensure_one()
        if not self.active or (self.date_from and day and day < self.date_from):
            return False
        if self.date_to and day and day > self.date_to:
            return False
        if self.scope == "product":
            return product == self.product_id
        if self.scope == "category":
            # The category or any of its sub-categories.
            return bool(product.categ_id) and (product.categ_id.parent_path or "").startswith(
                self.categ_id.parent_path or "/"
            )
        return self.tag_id in product.product_tag_ids | product.product_tmpl_id.product_tag_ids

    def _crm_tr_points(self, line):
        """Points of one invoice line, positive: per unit, or per currency unit of the
        untaxed amount in the company's currency."""
        self.ensure_one()
        if self.mode == "per_unit":
            return abs(line.quantity) * self.points
        return abs(line.balance) * self.points
