from ast import literal_eval

from odoo import api, fields, models


class CrmTrServiceTeam(models.Model):
    """A group of people handling service cases, with its own e-mail alias, working
    schedule (SLA clock) and way of assigning new cases."""

    _name = "crm_tr.service.team"
    _description = "Service Team"
    _inherit = ["mail.alias.mixin", "crm_tr.company.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        check_company=True,
        tracking=True,
        help="Receives the first level of escalation of the team's cases.",
    )
    member_ids = fields.Many2many(
        "res.users",
        "crm_tr_service_team_member_rel",
        "team_id",
        "user_id",
        string="Members",
        check_company=True,
        help="The people new cases are assigned to.",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        check_company=True,
        compute="_compute_resource_calendar_id",
        store=True,
        readonly=False,
        help="SLA deadlines are counted in these working hours, the company's public holidays left out.",
    )
    assignment_method = fields.Selection(
        [("manual", "Manual (supervisor dispatches)"), ("round_robin", "Round-robin"), ("load", "By load")],
        string="Assignment",
        default="manual",
        required=True,
        help="Manual: new cases wait unassigned in the team's pool. Round-robin: the member after the last "
        "one assigned. By load: the member with the fewest open cases.",
    )
    last_assigned_user_id = fields.Many2one("res.users", string="Last Assigned", readonly=True, copy=False)
    stage_ids = fields.Many2many("crm_tr.service.stage", string="Stages", compute="_compute_stage_ids")
    open_case_count = fields.Integer(string="Open Cases", compute="_compute_open_case_count")

    @api.depends("company_id")
    def _compute_resource_calendar_id(self):
        for team in self:
            calendar = team.resource_calendar_id
            if not calendar or (calendar.company_id and calendar.company_id != team.company_id):
                team.resource_calendar_id = team.company_id.resource_calendar_id

    def _compute_stage_ids(self):
        Stage = self.env["crm_tr.service.stage"]
        for team in self:
            team.stage_ids = Stage._crm_tr_for_team(team)

    def _compute_open_case_count(self):
        counts = dict(
            self.env["crm_tr.service.case"]._read_group(
                [("team_id", "in", self.ids), ("state", "not in", ("done", "cancelled"))], ["team_id"], ["__count"]
            )
        )
        for team in self:
            team.open_case_count = counts.get(team, 0)

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get("crm_tr.service.case").id
        if self.id:
            values["alias_defaults"] = defaults = literal_eval(self.alias_defaults or "{}")
            defaults["team_id"] = self.id
            defaults["company_id"] = self.company_id.id
        return values

    def _crm_tr_working_calendar(self):
        self.ensure_one()
        calendar = self.sudo().resource_calendar_id
        if not calendar or calendar.flexible_hours or not calendar.attendance_ids:
            return self.company_id._crm_tr_working_calendar()
        return calendar

    def _crm_tr_next_assignee(self, method=None):
        """The member a case of this team goes to by `method` (default: the team's
        assignment method); an empty recordset for manual dispatch or a team without
        members."""
        self.ensure_one()
        method = method or self.assignment_method
        members = self.member_ids.filtered("active").sorted("id")
        if method == "manual" or not members:
            return self.env["res.users"]
        if method == "round_robin":
            following = members.filtered(lambda user: user.id > self.last_assigned_user_id.id)
            return following[:1] or members[:1]
        counts = dict(
            self.env["crm_tr.service.case"]
            .sudo()
            ._read_group(
                [("user_id", "in", members.ids), ("state", "not in", ("done", "cancelled"))], ["user_id"], ["__count"]
            )
        )
        # Fewest open cases; ties go to the earliest member, so the choice is stable.
        return min(members, key=lambda user: (counts.get(user, 0), user.id))

    @api.model
    def _crm_tr_default_team(self, company=None):
        company = company or self.env.company
        teams = self.search([("company_id", "=", company.id)])
        return teams.filtered(lambda team: self.env.user in team.member_ids)[:1] or teams[:1]
