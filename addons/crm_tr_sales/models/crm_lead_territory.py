from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    crm_tr_territory_id = fields.Many2one(
        "crm_tr.territory",
        string="Territory",
        compute="_compute_crm_tr_territory_id",
        store=True,
        index="btree_not_null",
        help="The sales territory of the lead's company that covers its province (or its customer's).",
    )
    crm_tr_region_id = fields.Many2one(
        related="state_id.crm_tr_region_id", store=True, string="Region", index="btree_not_null"
    )

    def _crm_tr_province(self):
        self.ensure_one()
        return self.state_id or self.partner_id.commercial_partner_id.state_id

    @api.depends("state_id", "company_id", "partner_id.commercial_partner_id.state_id")
    def _compute_crm_tr_territory_id(self):
        provinces = self.state_id | self.partner_id.commercial_partner_id.state_id
        by_province = self.env["crm_tr.territory"]._crm_tr_by_province(self.company_id, provinces)
        for lead in self:
            lead.crm_tr_territory_id = by_province.get((lead.company_id.id, lead._crm_tr_province().id), False)

    @api.model_create_multi
    def create(self, vals_list):
        self._crm_tr_route_by_province(vals_list)
        return super().create(vals_list)

    @api.model
    def _crm_tr_takes_defaults(self, vals, default_teams):
        """Whether the lead's salesperson and team are unset or only Odoo's defaults for the
        creating user (`default_teams`: a cache of his default teams, filled on first use)."""
        env, context = self.env, self.env.context
        user_id = vals.get("user_id", context.get("default_user_id", env.uid))
        if user_id and (user_id != env.uid or "default_user_id" in context):
            return False
        if context.get("default_team_id"):
            return False
        team_id = vals.get("team_id")
        if not team_id:
            return True
        if not user_id:
            return False
        if not default_teams:
            Team = env["crm.team"]
            default_teams.append(
                Team._get_default_team_id(domain=[("use_leads", "=", True)])
                | Team._get_default_team_id(domain=[("use_opportunities", "=", True)])
            )
        return team_id in default_teams[0].ids

    @api.model
    def _crm_tr_route_by_province(self, vals_list):
        """A new lead without a salesperson and team of its own, or with only the defaults Odoo
        fills in (the user entering it and his team), goes to the team and representative of the
        territory of its province in its company.

        Not routed: a salesperson or team chosen by the one who creates it (another user, or a
        team or salesperson given by the screen it is created from: a team's pipeline, a column of
        a pipeline grouped by salesperson), and leads entered by a representative who sees only
        his own documents (he keeps what he enters: Odoo would not let him see it otherwise)."""
        env = self.env
        if not (env.su or env.user.has_group("sales_team.group_sale_salesman_all_leads")):
            return
        default_teams = []
        todo = [vals for vals in vals_list if self._crm_tr_takes_defaults(vals, default_teams)]
        if not todo:
            return
        Partner = env["res.partner"].sudo()
        State = env["res.country.state"]
        partners = Partner.browse({vals["partner_id"] for vals in todo if vals.get("partner_id")})
        provinces, companies = [], []
        for vals in todo:
            partner = partners.browse(vals.get("partner_id"))
            state = State.browse(vals.get("state_id")) or partner.state_id or partner.commercial_partner_id.state_id
            provinces.append(state)
            companies.append(env["res.company"].browse(vals.get("company_id") or env.company.id))
        by_province = env["crm_tr.territory"]._crm_tr_by_province(
            env["res.company"].union(*companies), State.union(*provinces)
        )
        for vals, state, company in zip(todo, provinces, companies, strict=True):
            territory = by_province.get((company.id, state.id))
            if not territory or not (territory.user_id or territory.team_id):
                continue
            vals["company_id"] = company.id
            if territory.user_id:
                vals["user_id"] = territory.user_id.id
            if territory.team_id:
                vals["team_id"] = territory.team_id.id
            else:
                # Odoo picks the team of the new salesperson.
                vals.pop("team_id", None)
