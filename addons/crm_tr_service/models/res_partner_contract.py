from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_tr_contract_count = fields.Integer(compute="_compute_crm_tr_contract_count", string="Service Contracts")

    def _compute_crm_tr_contract_count(self):
        # Contracts are signed with the commercial partner: its contacts show them too.
        counts = dict(
            self.env["crm_tr.service.contract"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("company_id", "in", self.env.companies.ids),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.crm_tr_contract_count = counts.get(partner._origin.commercial_partner_id, 0)

    def action_crm_tr_view_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_service.crm_tr_service_contract_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
