from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain


class CrmTrSalesTargetGenerate(models.TransientModel):
    _name = "crm_tr.sales.target.generate"
    _description = "Generate Sales Targets"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        required=True,
        check_company=True,
        help="One target for each salesperson of the team.",
    )
    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1) + relativedelta(months=1),
    )
    categ_id = fields.Many2one("product.category", string="Product Category")
    basis = fields.Selection(
        [("amount", "The same amount"), ("last_year", "Last year's same month")],
        string="Target From",
        required=True,
        default="amount",
    )
    amount = fields.Monetary(string="Target Revenue")
    increase = fields.Float(
        string="Increase (%)", help="Last year's revenue of the salesperson in the same month, plus this percentage."
    )

    def action_generate(self):
        """Fill the month: a target for each salesperson of the team who has none yet (the
        others keep theirs). Last year's revenues come from one grouped query."""
        self.ensure_one()
        if self.amount < 0:
            raise UserError(self.env._("The target cannot be negative."))
        month = self.month.replace(day=1)
        reps = self.team_id.member_ids
        if not reps:
            raise UserError(self.env._("Sales team %(team)s has no salespeople.", team=self.team_id.name))
        Target = self.env["crm_tr.sales.target"]
        existing = Target.search(
            [
                ("company_id", "=", self.company_id.id),
                ("month", "=", month),
                ("user_id", "in", reps.ids),
                ("team_id", "=", False),
                ("categ_id", "=", self.categ_id.id),
            ]
        )
        reps -= existing.user_id
        if self.basis == "last_year":
            revenue = self._last_year_revenue(reps, month)
            amounts = {
                rep.id: self.currency_id.round(revenue.get(rep.id, 0.0) * (1 + self.increase / 100)) for rep in reps
            }
        else:
            amounts = dict.fromkeys(reps.ids, self.amount)
        targets = Target.create(
            [
                {
                    "company_id": self.company_id.id,
                    "user_id": rep.id,
                    "categ_id": self.categ_id.id,
                    "month": month,
                    "target_revenue": max(amounts[rep.id], 0.0),
                }
                for rep in reps
            ]
        )
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_sales.crm_tr_sales_target_action")
        action["domain"] = [("id", "in", (targets | existing).ids)]
        action["context"] = {}
        return action

    @api.model
    def _last_year_revenue(self, reps, month):
        start = month - relativedelta(years=1)
        domain = Domain(
            [
                ("company_id", "=", self.company_id.id),
                ("parent_state", "=", "posted"),
                ("display_type", "=", "product"),
                ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                ("move_id.invoice_user_id", "in", reps.ids),
                ("invoice_date", ">=", start),
                ("invoice_date", "<", start + relativedelta(months=1)),
            ]
        )
        if self.categ_id:
            domain &= Domain("product_id.categ_id", "child_of", self.categ_id.id)
        groups = self.env["account.move.line"].sudo()._read_group(domain, ["move_id.invoice_user_id"], ["balance:sum"])
        return {user.id: -balance for user, balance in groups}
