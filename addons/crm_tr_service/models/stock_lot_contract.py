from odoo import fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    crm_tr_contract_id = fields.Many2one(
        "crm_tr.service.contract",
        string="Service Contract",
        compute="_compute_crm_tr_contract_id",
        help="The active service contract covering this serial number.",
    )

    def _compute_crm_tr_contract_id(self):
        contracts = (
            self.env["crm_tr.service.contract"]
            .sudo()
            .search([("state", "=", "active"), ("lot_ids", "in", self.ids)], order="date_end desc, id desc")
        )
        for lot in self:
            lot.crm_tr_contract_id = contracts.filtered(lambda c, lot=lot: lot._origin in c.lot_ids)[:1]

    def action_crm_tr_view_contract(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_service.crm_tr_service_contract_action")
        action["domain"] = [("lot_ids", "in", self.ids)]
        action["context"] = {"default_lot_ids": self.ids}
        if self.crm_tr_contract_id:
            action.update({"res_id": self.crm_tr_contract_id.id, "view_mode": "form", "views": [(False, "form")]})
        return action
