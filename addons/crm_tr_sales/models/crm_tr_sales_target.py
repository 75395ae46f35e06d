from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools.misc import format_date

# What makes a target: two targets may not share all of these.
TARGET_KEY = ("company_id", "user_id", "team_id", "categ_id", "month")
# The fields of a target that a closed month freezes.
FROZEN_FIELDS = (*TARGET_KEY, "target_revenue", "target_margin")


class CrmTrSalesTarget(models.Model):
    _name = "crm_tr.sales.target"
    _description = "Sales Target"
    _inherit = ["mail.thread"]
    _order = "month desc, company_id, user_id, team_id, categ_id, id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        index="btree_not_null",
        check_company=True,
        domain="[('share', '=', False)]",
        tracking=True,
        help="The representative whose invoices count (the invoice's Salesperson). Empty: every salesperson "
        "(of the team, when a team is set).",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        help="Only invoices of this sales team count (the invoice's Sales Team). Empty: any team.",
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        index="btree_not_null",
        tracking=True,
        help="Only invoice lines of products of this category and its subcategories count. Empty: all lines.",
    )
    month = fields.Date(
        required=True,
        index=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="The first day of the month of the target.",
    )
    target_revenue = fields.Monetary(
        string="Target Revenue", tracking=True, help="Untaxed revenue to reach in the month, in company currency."
    )
    target_margin = fields.Monetary(
        string="Target Margin",
        tracking=True,
        help="Optional: revenue less the cost of sale to reach in the month, in company currency.",
    )
    actual_revenue = fields.Monetary(
        string="Actual Revenue",
        compute="_compute_actuals",
        help="Untaxed revenue of the month's posted customer invoices less credit notes (invoice date in the "
        "month), in company currency.",
    )
    actual_margin = fields.Monetary(
        string="Actual Margin",
        compute="_compute_actuals",
        help="Actual revenue less the cost of sale frozen on the invoice lines when they were posted.",
    )
    attainment = fields.Float(
        string="Attainment (%)", compute="_compute_actuals", help="Actual revenue as a percentage of the target."
    )
    margin_attainment = fields.Float(
        string="Margin Attainment (%)",
        compute="_compute_actuals",
        help="Actual margin as a percentage of the target margin.",
    )
    month_closed = fields.Boolean(
        string="Closed Month",
        compute="_compute_month_closed",
        help="The month ended on or before the company's lock date: its target can no longer be changed.",
    )

    # Safety nets under the checks of create() and write(), which name the clash in plain words.
    _crm_tr_target_unique = models.UniqueIndex(
        "(company_id, COALESCE(user_id, 0), COALESCE(team_id, 0), COALESCE(categ_id, 0), month)",
        "There is already a target for this salesperson, team, category and month.",
    )
    _crm_tr_target_positive = models.Constraint(
        "CHECK (COALESCE(target_revenue, 0) >= 0 AND COALESCE(target_margin, 0) >= 0)",
        "Targets cannot be negative.",
    )

    @api.depends("user_id", "team_id", "categ_id", "month")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for target in self:
            parts = [
                target.user_id.name or target.team_id.name or target.company_id.name,
                target.categ_id.name,
                target.month and format_date(self.env, target.month, date_format="MMMM y"),
            ]
            if target.user_id and target.team_id:
                parts.insert(1, target.team_id.name)
            target.display_name = " · ".join(part for part in parts if part)

    @api.depends("company_id", "month", "target_revenue", "target_margin", "user_id", "team_id", "categ_id")
    def _compute_actuals(self):
        """Actuals of every target at once: one query of the analysis view (which aggregates
        the invoice lines of all the targets asked for in PostgreSQL), however many targets."""
        targets = self.filtered(lambda target: isinstance(target.id, int))
        Analysis = self.env["crm_tr.sales.target.analysis"].sudo()
        # Read afresh: an invoice may have been posted since these rows were last read.
        Analysis.invalidate_model(["actual_revenue", "actual_margin"])
        rows = Analysis.search_fetch([("id", "in", targets.ids)], ["actual_revenue", "actual_margin"])
        actuals = {row.id: (row.actual_revenue, row.actual_margin) for row in rows}
        for target in self:
            revenue, margin = actuals.get(target.id, (0.0, 0.0))
            target.actual_revenue = revenue
            target.actual_margin = margin
            target.attainment = revenue / target.target_revenue * 100 if target.target_revenue else 0.0
            target.margin_attainment = margin / target.target_margin * 100 if target.target_margin else 0.0

    @api.depends("company_id", "month")
    @api.depends_context("uid")
    def _compute_month_closed(self):
        for target in self:
            target.month_closed = self._crm_tr_is_closed(target.company_id, target.month)

    @api.model
    def _crm_tr_is_closed(self, company, month):
        """A month is closed when it ended on or before the company's lock date for sales:
        the latest of its global, sales and hard lock dates (Accounting settings). Its books
        are shut, so its target is history, not a goal any more."""
        if not company or not month:
            return False
        lock = self._crm_tr_lock_date(company)
        return bool(lock) and month + relativedelta(months=1, days=-1) <= lock

    @api.model
    def _crm_tr_lock_date(self, company):
        company = company.sudo()
        locks = [company.fiscalyear_lock_date, company.sale_lock_date, company.hard_lock_date]
        return max((lock for lock in locks if lock), default=None)

    # ------------------------------------------------------------------ checks

    @api.model
    def _crm_tr_month_label(self, month):
        return format_date(self.env, month, date_format="MMMM y")

    def _crm_tr_prepare_vals(self, vals):
        """Month on its first day; refuse negative amounts before anything is written."""
        vals = dict(vals)
        if vals.get("month"):
            vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)
        for name in ("target_revenue", "target_margin"):
            if (vals.get(name) or 0.0) < 0:
                raise ValidationError(
                    self.env._(
                        "%(field)s cannot be negative.",
                        field=self._fields[name]._description_string(self.env),
                    )
                )
        return vals

    def _crm_tr_check_open(self, company, month):
        if self._crm_tr_is_closed(company, month):
            raise ValidationError(
                self.env._(
                    "%(month)s is closed in %(company)s (lock date %(lock)s): its targets cannot be created, "
                    "changed or deleted.",
                    month=self._crm_tr_month_label(month),
                    company=company.name,
                    lock=format_date(self.env, self._crm_tr_lock_date(company)),
                )
            )

    def _crm_tr_check_duplicates(self, keys):
        """`keys`: dicts of TARGET_KEY (ids, False when empty) of the targets as they will be;
        refused when two of them, or one of them and another target, share a key."""
        seen = set()
        for key in keys:
            signature = tuple(key[name] for name in TARGET_KEY)
            if signature in seen:
                self._crm_tr_raise_duplicate(key)
            seen.add(signature)
        domain = Domain.OR(Domain.AND(Domain(name, "=", key[name]) for name in TARGET_KEY) for key in keys)
        clash = self.sudo().with_context(active_test=False).search(domain & Domain("id", "not in", self.ids), limit=1)
        if clash:
            self._crm_tr_raise_duplicate(
                {name: clash[name].id if name != "month" else clash.month for name in TARGET_KEY}
            )

    def _crm_tr_raise_duplicate(self, key):
        env = self.env
        who = (
            env["res.users"].browse(key["user_id"]).name
            or env["crm.team"].browse(key["team_id"]).name
            or env._("the whole company")
        )
        category = env["product.category"].browse(key["categ_id"]).display_name or env._("all products")
        raise ValidationError(
            env._(
                "There is already a target for %(who)s, %(category)s, %(month)s in %(company)s: change that one "
                "instead.",
                who=who,
                category=category,
                month=self._crm_tr_month_label(key["month"]),
                company=env["res.company"].browse(key["company_id"]).name,
            )
        )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._crm_tr_prepare_vals(vals) for vals in vals_list]
        keys = []
        for vals in vals_list:
            key = {name: vals.get(name) or False for name in TARGET_KEY}
            key["company_id"] = key["company_id"] or self.env.company.id
            key["month"] = key["month"] or self.default_get(["month"])["month"]
            self._crm_tr_check_open(self.env["res.company"].browse(key["company_id"]), key["month"])
            keys.append(key)
        self._crm_tr_check_duplicates(keys)
        return super().create(vals_list)

    def write(self, vals):
        vals = self._crm_tr_prepare_vals(vals)
        if not any(name in vals for name in FROZEN_FIELDS):
            return super().write(vals)
        keys = []
        for target in self:
            current = {name: target[name].id if name != "month" else target.month for name in TARGET_KEY}
            new = dict(current)
            for name in TARGET_KEY:
                if name in vals:
                    new[name] = vals[name] or False
            changed = new != current or any(
                name in vals and target.currency_id.compare_amounts(vals[name] or 0.0, target[name]) != 0
                for name in ("target_revenue", "target_margin")
            )
            if changed:
                company = target.company_id
                self._crm_tr_check_open(company, target.month)
                self._crm_tr_check_open(self.env["res.company"].browse(new["company_id"]), new["month"])
            keys.append(new)
        self._crm_tr_check_duplicates(keys)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed_month(self):
        for target in self:
            self._crm_tr_check_open(target.company_id, target.month)
