from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    crm_tr_service_contract_id = fields.Many2one(
        "crm_tr.service.contract",
        string="Service Contract",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )
