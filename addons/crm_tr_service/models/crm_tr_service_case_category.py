from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmTrServiceCaseCategory(models.Model):
    """What a case is about (Cooling > Gas leak), a tree SLA policies are set on."""

    _name = "crm_tr.service.case.category"
    _description = "Service Case Category"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(compute="_compute_complete_name", recursive=True, store=True)
    parent_id = fields.Many2one(
        "crm_tr.service.case.category", string="Parent Category", index=True, ondelete="cascade"
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("crm_tr.service.case.category", "parent_id", string="Subcategories")
    active = fields.Boolean(default=True)

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for category in self:
            if category.parent_id:
                category.complete_name = f"{category.parent_id.complete_name} / {category.name}"
            else:
                category.complete_name = category.name

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A category cannot be its own parent."))
