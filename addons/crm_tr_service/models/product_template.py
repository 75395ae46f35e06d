from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    crm_tr_warranty_months = fields.Integer(
        string="Warranty (Months)",
        default=0,
        help="Warranty length of a unit of this product, counted from its delivery to the customer. 0: no warranty.",
    )

    @api.constrains("crm_tr_warranty_months")
    def _check_crm_tr_warranty_months(self):
        for template in self:
            if template.crm_tr_warranty_months < 0:
                raise ValidationError(
                    self.env._(
                        "The warranty of %(product)s cannot be negative (%(months)s months).",
                        product=template.display_name,
                        months=template.crm_tr_warranty_months,
                    )
                )
