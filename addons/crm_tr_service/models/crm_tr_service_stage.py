from odoo import fields, models

# What a stage means for the rest of the suite: a case's `state` is its stage's category.
STAGE_CATEGORIES = [
    ("new", "New"),
    ("in_progress", "In Progress"),
    ("waiting", "Waiting for Customer"),
    ("done", "Solved"),
    ("cancelled", "Cancelled"),
]
CLOSED_CATEGORIES = ("done", "cancelled")


class CrmTrServiceStage(models.Model):
    """A step of a service team's case pipeline, like crm.stage for leads."""

    _name = "crm_tr.service.stage"
    _description = "Service Case Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in Kanban")
    category = fields.Selection(
        STAGE_CATEGORIES,
        required=True,
        default="in_progress",
        help="What the stage means: the case's status follows it (a solved or cancelled stage closes the case).",
    )
    team_ids = fields.Many2many(
        "crm_tr.service.team",
        string="Teams",
        help="The teams using this stage; empty: every team.",
    )

    def _crm_tr_for_team(self, team):
        """The stages a case of `team` (or of no team) goes through, in order."""
        domain = [("team_ids", "=", False)]
        if team:
            domain = ["|", ("team_ids", "=", False), ("team_ids", "in", team.ids)]
        return self.search(domain)
