from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Domain


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_tr_territory_id = fields.Many2one(
        "crm_tr.territory",
        string="Territory",
        company_dependent=True,
        help="The sales territory of this customer in the current company: set from its province "
        "(when the province changes, and by the territory's 'Assign Customers').",
    )
    crm_tr_team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        company_dependent=True,
        help="The sales team that looks after this customer in the current company (set from its territory "
        "when empty).",
    )
    crm_tr_region_id = fields.Many2one(
        related="state_id.crm_tr_region_id", store=True, string="Region", index="btree_not_null"
    )

    @api.model
    def _crm_tr_customer_domain(self):
        """Partners that territories are for: commercial partners (companies, and people without
        a company) that are neither our internal users nor one of our companies."""
        own_partners = self.env["res.company"].sudo().with_context(active_test=False).search([]).partner_id
        return Domain.AND(
            [
                Domain("parent_id", "=", False),
                Domain("partner_share", "=", True),
                Domain("id", "not in", own_partners.ids),
            ]
        )

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if any(vals.get("state_id") for vals in vals_list):
            partners._crm_tr_assign_territory()
        return partners

    def write(self, vals):
        result = super().write(vals)
        if {"state_id", "parent_id", "company_id"} & vals.keys():
            self._crm_tr_assign_territory()
        return result

    def _crm_tr_assign_territory(self):
        """Give these customers the territory of their province in every company that has
        territories (the field is per company), and, in the current company, the territory's
        salesperson and team when they have none. Grouped writes: a handful of queries for any
        number of partners."""
        partners = self.sudo().filtered_domain(self._crm_tr_customer_domain())
        if not partners:
            return
        Territory = self.env["crm_tr.territory"].sudo()
        companies = Territory.search([]).company_id
        if not companies:
            return
        by_province = Territory._crm_tr_by_province(companies, partners.state_id)
        for company in companies:
            in_company = partners.with_company(company).filtered(
                lambda p, company=company: not p.company_id or p.company_id == company
            )
            groups = defaultdict(in_company.browse)
            for partner in in_company:
                territory = by_province.get((company.id, partner.state_id.id)) or Territory.browse()
                if partner.crm_tr_territory_id != territory:
                    groups[territory] |= partner
            for territory, todo in groups.items():
                todo.write({"crm_tr_territory_id": territory.id})
                if company == self.env.company and territory:
                    # A new customer of the territory gets its people when it has none yet.
                    if territory.user_id:
                        todo.filtered(lambda p: not p.user_id).write({"user_id": territory.user_id.id})
                    if territory.team_id:
                        todo.filtered(lambda p: not p.crm_tr_team_id).write({"crm_tr_team_id": territory.team_id.id})
