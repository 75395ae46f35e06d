from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_tr_installed_base_count = fields.Integer(
        string="Installed Base", compute="_compute_crm_tr_installed_base_count"
    )

    def _compute_crm_tr_installed_base_count(self):
        # Units belong to the customer company: a contact shows its company's units.
        commercials = self._origin.commercial_partner_id
        counts = dict(
            self.env["stock.lot"]._read_group(
                [("crm_tr_partner_id", "in", commercials.ids)], ["crm_tr_partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.crm_tr_installed_base_count = counts.get(partner._origin.commercial_partner_id, 0)

    def action_crm_tr_view_installed_base(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_service.crm_tr_service_lot_action")
        action["domain"] = [("crm_tr_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"display_complete": True}
        return action
