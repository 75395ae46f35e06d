from odoo import fields, models


class CrmTrTerritoryAssignWizard(models.TransientModel):
    _name = "crm_tr.territory.assign.wizard"
    _description = "Assign Customers to Territories"

    territory_ids = fields.Many2many("crm_tr.territory", string="Territories", required=True)
    overwrite = fields.Boolean(
        string="Replace Salesperson and Team",
        help="Give every customer of the territories its salesperson and sales team, even those who "
        "already have one. Otherwise only customers without a salesperson (or team) get the territory's.",
    )

    def action_assign(self):
        self.ensure_one()
        customers = self.territory_ids._crm_tr_assign_customers(overwrite=self.overwrite)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s customers assigned.", count=len(customers)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
