from odoo import fields, models


class CrmTrCompetitor(models.Model):
    """A company an opportunity can be lost to; the win/loss analysis groups by it."""

    _name = "crm_tr.competitor"
    _description = "Competitor"
    _inherit = ["crm_tr.company.thread"]
    _order = "name"

    name = fields.Char(required=True, tracking=True, translate=False)
    website = fields.Char(tracking=True)
    notes = fields.Html()
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        index="btree_not_null",
        tracking=True,
        help="Leave empty to share the competitor between the companies.",
    )
    lost_count = fields.Integer(string="Opportunities Lost", compute="_compute_lost_count")

    _name_company_unique = models.UniqueIndex(
        "(lower(name), COALESCE(company_id, 0))",
        "A competitor with this name already exists in this company.",
    )

    def _compute_lost_count(self):
        counts = dict(
            self.env["crm.lead"]
            .with_context(active_test=False)
            ._read_group(
                [("crm_tr_competitor_id", "in", self.ids), ("won_status", "=", "lost")],
                ["crm_tr_competitor_id"],
                ["__count"],
            )
        )
        for competitor in self:
            competitor.lost_count = counts.get(competitor, 0)

    def action_crm_tr_view_lost(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_action_pipeline")
        action.update(
            {
                "name": self.env._("Lost to %(competitor)s", competitor=self.name),
                "domain": [("crm_tr_competitor_id", "=", self.id), ("won_status", "=", "lost")],
                "context": {"active_test": False, "create": False},
                "view_mode": "list,form",
                "views": [(False, "list"), (False, "form")],
            }
        )
        return action
