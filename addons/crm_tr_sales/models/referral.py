from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Invoices that count as a referred customer's purchases (net of credit notes).
SALE_MOVE_TYPES = ("out_invoice", "out_refund")


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_tr_referred_by_id = fields.Many2one(
        "res.partner",
        string="Referred By",
        index="btree_not_null",
        tracking=True,
        help="The customer who brought this one (a real link, unlike the free-text 'Referred By' of leads).",
    )
    crm_tr_referral_ids = fields.One2many("res.partner", "crm_tr_referred_by_id", string="Referred Customers")
    crm_tr_referral_count = fields.Integer(string="Referrals", compute="_compute_crm_tr_referral_kpis")
    crm_tr_referral_won_count = fields.Integer(
        string="Referrals Won",
        compute="_compute_crm_tr_referral_kpis",
        help="Customers it referred who bought: at least one posted customer invoice in this company.",
    )
    crm_tr_referral_revenue = fields.Monetary(
        string="Referral Revenue",
        compute="_compute_crm_tr_referral_kpis",
        currency_field="crm_tr_referral_currency_id",
        help="Untaxed revenue of the customers it referred (posted invoices less credit notes, in the "
        "current company's currency).",
    )
    crm_tr_referral_currency_id = fields.Many2one("res.currency", compute="_compute_crm_tr_referral_kpis")

    @api.constrains("crm_tr_referred_by_id")
    def _check_crm_tr_referral(self):
        for partner in self:
            if partner.crm_tr_referred_by_id == partner:
                raise ValidationError(self.env._("%(partner)s cannot refer itself.", partner=partner.display_name))
        if self._has_cycle("crm_tr_referred_by_id"):
            raise ValidationError(
                self.env._(
                    "A referral cannot go round in a circle: %(partners)s would refer one another.",
                    partners=", ".join(self.mapped("display_name")),
                )
            )

    @api.depends_context("company")
    def _compute_crm_tr_referral_kpis(self):
        """Direct referrals, per referrer: how many, how many bought, and their revenue in the
        current company — two grouped queries whatever the number of partners."""
        company = self.env.company
        referred = (
            self.env["res.partner"]
            .with_context(active_test=False)
            ._read_group(
                [("crm_tr_referred_by_id", "in", self._origin.ids)], ["crm_tr_referred_by_id"], ["id:array_agg"]
            )
        )
        by_referrer = {referrer.id: ids for referrer, ids in referred}
        revenue = {}
        all_ids = [pid for ids in by_referrer.values() for pid in ids]
        if all_ids:
            groups = (
                self.env["account.move"]
                .sudo()
                ._read_group(
                    [
                        ("commercial_partner_id", "in", all_ids),
                        ("move_type", "in", SALE_MOVE_TYPES),
                        ("state", "=", "posted"),
                        ("company_id", "=", company.id),
                    ],
                    ["commercial_partner_id"],
                    ["amount_untaxed_signed:sum"],
                )
            )
            revenue = {partner.id: amount for partner, amount in groups}
        for partner in self:
            ids = by_referrer.get(partner._origin.id, [])
            partner.crm_tr_referral_count = len(ids)
            partner.crm_tr_referral_won_count = sum(1 for pid in ids if revenue.get(pid, 0.0) > 0)
            partner.crm_tr_referral_revenue = sum(revenue.get(pid, 0.0) for pid in ids)
            partner.crm_tr_referral_currency_id = company.currency_id

    def action_crm_tr_view_referrals(self):
        """The customers this one referred, and theirs, as a tree."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_sales.res_partner_action_crm_tr_referrals")
        tree, level = self, self
        while level:
            level = level.crm_tr_referral_ids - tree
            tree |= level
        action["domain"] = [("id", "in", tree.ids)]
        action["context"] = {"default_crm_tr_referred_by_id": self.id}
        return action


class CrmLead(models.Model):
    _inherit = "crm.lead"

    crm_tr_referred_by_id = fields.Many2one(
        "res.partner",
        string="Referred By Customer",
        index="btree_not_null",
        tracking=True,
        help="The customer who brought this lead; the customer made from it keeps the link.",
    )

    def _prepare_customer_values(self, partner_name, is_company=False, parent_id=False):
        values = super()._prepare_customer_values(partner_name, is_company=is_company, parent_id=parent_id)
        if self.crm_tr_referred_by_id and not parent_id:
            # The referral belongs to the customer company (or the person without one).
            values["crm_tr_referred_by_id"] = self.crm_tr_referred_by_id.id
        return values

    def _handle_partner_assignment(self, force_partner_id=False, create_missing=True, with_parent=None):
        result = super()._handle_partner_assignment(
            force_partner_id=force_partner_id, create_missing=create_missing, with_parent=with_parent
        )
        for lead in self.filtered("crm_tr_referred_by_id"):
            customer = lead.partner_id.commercial_partner_id
            if customer and not customer.crm_tr_referred_by_id and customer != lead.crm_tr_referred_by_id:
                customer.crm_tr_referred_by_id = lead.crm_tr_referred_by_id
        return result
