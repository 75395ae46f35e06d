from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain


class CrmTrTerritory(models.Model):
    """A sales territory: provinces (given one by one or as whole regions) with the sales team
    and the representative of a company who look after the customers and leads there."""

    _name = "crm_tr.territory"
    _description = "Sales Territory"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, tracking=True
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        check_company=True,
        tracking=True,
        help="The team of the customers and new leads of this territory.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        check_company=True,
        domain="[('share', '=', False)]",
        tracking=True,
        help="The sales representative who looks after the customers and new leads of this territory.",
    )
    region_ids = fields.Many2many(
        "crm_tr.region",
        string="Regions",
        help="Whole regions: all their provinces belong to the territory.",
    )
    state_ids = fields.Many2many(
        "res.country.state",
        "crm_tr_territory_state_rel",
        "territory_id",
        "state_id",
        string="Provinces",
        domain="[('country_id.code', '=', 'TR')]",
        help="Provinces of the territory besides those of its regions.",
    )
    covered_state_ids = fields.Many2many(
        "res.country.state",
        "crm_tr_territory_covered_state_rel",
        "territory_id",
        "state_id",
        string="All Provinces",
        compute="_compute_covered_state_ids",
        store=True,
        help="The provinces of its regions and the provinces given one by one.",
    )
    description = fields.Html()
    customer_count = fields.Integer(string="Customers", compute="_compute_customer_count")

    @api.depends("state_ids", "region_ids", "region_ids.state_ids")
    def _compute_covered_state_ids(self):
        for territory in self:
            territory.covered_state_ids = territory._crm_tr_provinces()

    def _crm_tr_provinces(self):
        """The provinces given on the record (regions and provinces), whether stored yet or not."""
        self.ensure_one()
        return self.state_ids | self.region_ids.state_ids

    @api.constrains("state_ids", "region_ids", "active", "company_id")
    def _check_one_territory_per_province(self):
        """A province belongs to one active territory per company: otherwise its customers and
        leads would have two owners (and be counted twice by territory)."""
        Territory = self.sudo().with_context(active_test=True)
        for territory in self.filtered("active"):
            provinces = territory._crm_tr_provinces()
            if not provinces:
                continue
            others = Territory.search(
                [
                    ("id", "not in", self.ids),
                    ("company_id", "=", territory.company_id.id),
                    ("covered_state_ids", "in", provinces.ids),
                ]
            )
            # Records of this same batch are not stored yet: compare them in memory.
            others |= (self - territory).filtered(
                lambda other, territory=territory: other.active and other.company_id == territory.company_id
            )
            for other in others:
                common = provinces & other._crm_tr_provinces()
                if common:
                    raise ValidationError(
                        self.env._(
                            "%(province)s is already in the territory %(other)s of %(company)s: a province can "
                            "belong to only one active territory of a company. Remove it from one of them "
                            "(or archive one) and try again.",
                            province=common[0].name,
                            other=other.name,
                            company=territory.company_id.name,
                        )
                    )

    @api.constrains("user_id", "company_id")
    def _check_user_company(self):
        for territory in self.filtered("user_id"):
            if territory.company_id not in territory.user_id.company_ids:
                raise ValidationError(
                    self.env._(
                        "%(user)s may not work in %(company)s, so cannot be responsible for the territory "
                        "%(territory)s.",
                        user=territory.user_id.name,
                        company=territory.company_id.name,
                        territory=territory.name,
                    )
                )

    @api.depends_context("company")
    def _compute_customer_count(self):
        counts = {}
        by_company = defaultdict(self.browse)
        for territory in self:
            by_company[territory.company_id] |= territory
        for company, territories in by_company.items():
            Partner = self.env["res.partner"].with_company(company)
            counts.update(
                {
                    territory.id: count
                    for territory, count in Partner._read_group(
                        [("crm_tr_territory_id", "in", territories._origin.ids)], ["crm_tr_territory_id"], ["__count"]
                    )
                }
            )
        for territory in self:
            territory.customer_count = counts.get(territory._origin.id, 0)

    @api.model_create_multi
    def create(self, vals_list):
        territories = super().create(vals_list)
        territories._crm_tr_recompute_leads()
        return territories

    def write(self, vals):
        before = (
            self._crm_tr_lead_domain() if {"state_ids", "region_ids", "active", "company_id"} & vals.keys() else None
        )
        result = super().write(vals)
        if before is not None:
            self._crm_tr_recompute_leads(before)
        return result

    def unlink(self):
        # The customers' territory is a per-company value: clear it rather than leave a dangling id.
        for territory in self:
            customers = (
                self.env["res.partner"]
                .sudo()
                .with_company(territory.company_id)
                .with_context(active_test=False)
                .search([("crm_tr_territory_id", "=", territory.id)])
            )
            customers.write({"crm_tr_territory_id": False})
        return super().unlink()

    def _crm_tr_lead_domain(self):
        return Domain.OR(
            [
                Domain("company_id", "=", territory.company_id.id)
                & Domain("state_id", "in", territory.covered_state_ids.ids)
                for territory in self
            ]
            + [Domain("crm_tr_territory_id", "in", self.ids)]
        )

    def _crm_tr_recompute_leads(self, before=None):
        """Leads and opportunities in the provinces a territory gains or loses take their new
        territory for reporting (their team and salesperson stay as they are)."""
        domain = self._crm_tr_lead_domain()
        if before is not None:
            domain |= before
        leads = self.env["crm.lead"].sudo().with_context(active_test=False).search(domain)
        if leads:
            self.env.add_to_compute(self.env["crm.lead"]._fields["crm_tr_territory_id"], leads)

    @api.model
    def _crm_tr_by_province(self, companies, states):
        """{(company id, province id): territory} of the active territories of `companies`
        covering `states`, in one query."""
        if not companies or not states:
            return {}
        territories = (
            self.sudo()
            .with_context(active_test=True)
            .search([("company_id", "in", companies.ids), ("covered_state_ids", "in", states.ids)])
        )
        result = {}
        for territory in territories:
            for state in territory.covered_state_ids & states:
                result[territory.company_id.id, state.id] = territory.with_env(self.env)
        return result

    def _crm_tr_customer_domain(self):
        """The customers of a territory: those of its provinces, shared or of its company."""
        self.ensure_one()
        return self.env["res.partner"]._crm_tr_customer_domain() & Domain.AND(
            [
                Domain("company_id", "in", [False, self.company_id.id]),
                Domain("state_id", "in", self.covered_state_ids.ids),
            ]
        )

    def action_assign_customers(self):
        """Open the assignment wizard for these territories."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Assign Customers"),
            "res_model": "crm_tr.territory.assign.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_territory_ids": self.ids},
        }

    def _crm_tr_assign_customers(self, overwrite=False):
        """Give the customers of each territory's provinces the territory (in the territory's
        company), and its salesperson and sales team where they have none (or always, with
        `overwrite`). Customers no longer in the territory's provinces lose it.

        A few set-wise writes per territory, whatever the number of customers."""
        # No tracking message per customer (one query set each): the territory's chatter says it once.
        Partner = self.env["res.partner"].sudo().with_context(active_test=False, tracking_disable=True)
        assigned = Partner.browse()
        for territory in self.filtered("active"):
            PartnerC = Partner.with_company(territory.company_id)
            customers = PartnerC.search(territory._crm_tr_customer_domain())
            leaving = PartnerC.search([("crm_tr_territory_id", "=", territory.id), ("id", "not in", customers.ids)])
            if leaving:
                leaving.write({"crm_tr_territory_id": False})
            # One write per set of fields to change (at most four): the ORM then flushes each
            # group in one UPDATE, whatever the number of customers.
            groups = defaultdict(list)
            for customer in customers:
                key = (
                    customer.crm_tr_territory_id != territory,
                    bool(territory.user_id)
                    and (overwrite or not customer.user_id)
                    and customer.user_id != territory.user_id,
                    bool(territory.team_id)
                    and (overwrite or not customer.crm_tr_team_id)
                    and customer.crm_tr_team_id != territory.team_id,
                )
                groups[key].append(customer.id)
            for (set_territory, set_user, set_team), ids in groups.items():
                vals = {}
                if set_territory:
                    vals["crm_tr_territory_id"] = territory.id
                if set_user:
                    vals["user_id"] = territory.user_id.id
                if set_team:
                    vals["crm_tr_team_id"] = territory.team_id.id
                if vals:
                    PartnerC.browse(ids).write(vals)
            assigned |= customers
            territory.message_post(
                body=self.env._(
                    "Customers assigned: %(count)s (salesperson and sales team %(how)s).",
                    count=len(customers),
                    how=self.env._("replaced") if overwrite else self.env._("set where empty"),
                )
            )
        return assigned

    def action_view_customers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("base.action_partner_form")
        # The territory of a customer depends on the company: search in the territory's.
        customers = (
            self.env["res.partner"].with_company(self.company_id).search([("crm_tr_territory_id", "=", self.id)])
        )
        action["domain"] = [("id", "in", customers.ids)]
        action["context"] = {}
        return action
