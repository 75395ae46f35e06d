from odoo import fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    crm_tr_service_case_ids = fields.One2many("crm_tr.service.case", "lot_id", string="Service Cases")
    crm_tr_service_case_count = fields.Integer(
        string="Service Case Count", compute="_compute_crm_tr_service_case_count"
    )

    def _compute_crm_tr_service_case_count(self):
        counts = dict(
            self.env["crm_tr.service.case"]._read_group([("lot_id", "in", self.ids)], ["lot_id"], ["__count"])
        )
        for lot in self:
            lot.crm_tr_service_case_count = counts.get(lot, 0)

    def action_crm_tr_service_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_service.crm_tr_service_case_action")
        action["domain"] = [("lot_id", "=", self.id)]
        action["context"] = {"default_lot_id": self.id, "default_product_id": self.product_id.id}
        return action
