from odoo import api, fields, models


class CrmTrReferenceMixin(models.AbstractModel):
    """A document numbered by its company's sequence at creation ("ZYR/2026/00012"):
    visits, service cases. Set _crm_tr_sequence_code to the ir.sequence code."""

    _name = "crm_tr.reference.mixin"
    _description = "Reference Numbered by a Sequence"
    _crm_tr_sequence_code = None

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                sequence = self.env["ir.sequence"].with_company(company)
                vals["name"] = sequence.next_by_code(self._crm_tr_sequence_code) or "/"
        return super().create(vals_list)
