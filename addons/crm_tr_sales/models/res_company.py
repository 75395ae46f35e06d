from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # Turkish labour law (İş Kanunu md. 41, 47): overtime at 150%, work on the weekly rest
    # day or a public holiday at 200%.
    crm_tr_overtime_multiplier = fields.Float(string="Overtime Multiplier", default=1.5)
    crm_tr_weekend_multiplier = fields.Float(string="Weekend and Holiday Multiplier", default=2.0)
    crm_tr_fuel_price_diesel = fields.Monetary(string="Diesel Price (per litre)")
    crm_tr_fuel_price_gasoline = fields.Monetary(string="Gasoline Price (per litre)")
    crm_tr_fuel_price_lpg = fields.Monetary(string="LPG Price (per litre)")
    crm_tr_fuel_price_electric = fields.Monetary(string="Electricity Price (per kWh)")

    _crm_tr_visit_multipliers = models.Constraint(
        "CHECK (COALESCE(crm_tr_overtime_multiplier, 1) >= 1 AND COALESCE(crm_tr_weekend_multiplier, 1) >= 1)",
        "Overtime and weekend multipliers cannot be below 1.",
    )

    def write(self, vals):
        """New multipliers or fuel prices reprice the company's visits that are not done yet."""
        result = super().write(vals)
        if any(key.startswith(("crm_tr_fuel_price_", "crm_tr_overtime_", "crm_tr_weekend_")) for key in vals):
            self.env["crm_tr.visit"].sudo().search(
                [("company_id", "in", self.ids), ("state", "in", ("planned", "in_progress"))]
            )._crm_tr_price()
        return result


CLASSIFICATION_WEIGHTS = (
    "crm_tr_weight_revenue",
    "crm_tr_weight_profit",
    "crm_tr_weight_frequency",
    "crm_tr_weight_recency",
    "crm_tr_weight_acceptance",
    "crm_tr_weight_referral",
    "crm_tr_weight_pipeline",
    "crm_tr_weight_cost_to_serve",
)


class ResCompanyClassification(models.Model):
    """How a company classifies its customers (customer 360): the weight of each criterion
    in the score, the score an A and a B need, the pareto cut-offs and, per class, after how
    many days without an interaction a customer counts as neglected."""

    _inherit = "res.company"

    crm_tr_weight_revenue = fields.Integer(string="Weight: Revenue", default=35)
    crm_tr_weight_profit = fields.Integer(string="Weight: Net Profit", default=25)
    crm_tr_weight_frequency = fields.Integer(string="Weight: Purchase Frequency", default=15)
    crm_tr_weight_recency = fields.Integer(string="Weight: Recent Purchase", default=10)
    crm_tr_weight_acceptance = fields.Integer(string="Weight: Quotation Acceptance", default=5)
    crm_tr_weight_referral = fields.Integer(string="Weight: Referrals", default=5)
    crm_tr_weight_pipeline = fields.Integer(string="Weight: Pipeline", default=5)
    crm_tr_weight_cost_to_serve = fields.Integer(string="Weight: Low Cost to Serve", default=0)
    crm_tr_class_a_min = fields.Float(string="Class A From Score", default=70.0)
    crm_tr_class_b_min = fields.Float(string="Class B From Score", default=40.0)
    crm_tr_pareto_a = fields.Float(string="Pareto A: Share of Revenue (%)", default=80.0)
    crm_tr_pareto_b = fields.Float(string="Pareto B: Cumulative Share (%)", default=95.0)
    crm_tr_neglect_days_a = fields.Integer(string="Neglected After (Days), Class A", default=30)
    crm_tr_neglect_days_b = fields.Integer(string="Neglected After (Days), Class B", default=60)
    crm_tr_neglect_days_c = fields.Integer(string="Neglected After (Days), Class C", default=120)

    @api.constrains(
        *CLASSIFICATION_WEIGHTS,
        "crm_tr_class_a_min",
        "crm_tr_class_b_min",
        "crm_tr_pareto_a",
        "crm_tr_pareto_b",
        "crm_tr_neglect_days_a",
        "crm_tr_neglect_days_b",
        "crm_tr_neglect_days_c",
    )
    def _crm_tr_check_classification(self):
        for company in self:
            weights = [company[field] for field in CLASSIFICATION_WEIGHTS]
            if any(weight < 0 for weight in weights):
                raise ValidationError(self.env._("Classification weights cannot be negative."))
            if not sum(weights):
                raise ValidationError(
                    self.env._("The classification weights add up to zero: give at least one criterion a weight.")
                )
            if not 0 <= company.crm_tr_class_b_min < company.crm_tr_class_a_min <= 100:
                raise ValidationError(
                    self.env._(
                        "Class scores must run 0 ≤ class B < class A ≤ 100 (now B %(b)s, A %(a)s).",
                        b=company.crm_tr_class_b_min,
                        a=company.crm_tr_class_a_min,
                    )
                )
            if not 0 < company.crm_tr_pareto_a < company.crm_tr_pareto_b <= 100:
                raise ValidationError(self.env._("Pareto shares must run 0 < A < B ≤ 100 %."))
            days = (company.crm_tr_neglect_days_a, company.crm_tr_neglect_days_b, company.crm_tr_neglect_days_c)
            if any(day <= 0 for day in days):
                raise ValidationError(self.env._("Neglect thresholds must be a positive number of days."))
