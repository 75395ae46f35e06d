from odoo import fields, models


class CrmLeadLost(models.TransientModel):
    _inherit = "crm.lead.lost"

    crm_tr_competitor_id = fields.Many2one(
        "crm_tr.competitor",
        string="Lost To",
        help="The competitor who got the business (optional).",
    )

    def action_lost_reason_apply(self):
        # Odoo's wizard calls action_set_lost(lost_reason_id=...): the competitor is passed the
        # same way, so it is written in the same write as the reason.
        wizard = self
        if self.crm_tr_competitor_id:
            wizard = self.with_context(crm_tr_lost_competitor_id=self.crm_tr_competitor_id.id)
        return super(CrmLeadLost, wizard).action_lost_reason_apply()
