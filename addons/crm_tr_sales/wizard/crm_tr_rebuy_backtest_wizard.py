from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date


class CrmTrRebuyBacktestWizard(models.TransientModel):
    """How good the re-buy forecast would have been: predict from the invoices before a
    cutoff date and count the predictions whose next purchase fell within their window."""

    _name = "crm_tr.rebuy.backtest.wizard"
    _description = "Re-buy Forecast Backtest"

    company_id = fields.Many2one("res.company", string="Company", required=True, default=lambda self: self.env.company)
    cutoff_date = fields.Date(
        string="Cutoff Date",
        required=True,
        default=lambda self: fields.Date.context_today(self) - timedelta(days=90),
        help="Predict from the invoices dated before this day.",
    )
    horizon_days = fields.Integer(
        string="Horizon (days)",
        required=True,
        default=90,
        help="Check the predictions due within this many days after the cutoff.",
    )
    done = fields.Boolean(readonly=True)
    predicted_count = fields.Integer(string="Predictions", readonly=True)
    evaluated_count = fields.Integer(
        string="Due in the Horizon",
        readonly=True,
        help="Predictions whose predicted date fell before the horizon's end.",
    )
    beyond_count = fields.Integer(string="Due After the Horizon", readonly=True)
    hit_count = fields.Integer(string="Within the Window", readonly=True)
    early_count = fields.Integer(string="Early", readonly=True, help="Bought before the window.")
    late_count = fields.Integer(string="Late", readonly=True, help="Bought after the window.")
    missing_count = fields.Integer(
        string="No Purchase", readonly=True, help="Not bought by the horizon's end (plus the window)."
    )
    hit_rate = fields.Float(string="Hit Rate (%)", digits=(16, 1), readonly=True)
    median_error_days = fields.Float(
        string="Median Error (days)",
        digits=(16, 1),
        readonly=True,
        help="Median of the days between the predicted date and the actual purchase.",
    )

    @api.constrains("horizon_days", "cutoff_date")
    def _check_crm_tr_backtest(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            if wizard.horizon_days <= 0:
                raise ValidationError(self.env._("The backtest's horizon must be a positive number of days."))
            if wizard.cutoff_date >= today:
                raise ValidationError(
                    self.env._("The cutoff date must be in the past: the purchases after it are compared.")
                )
            if wizard.cutoff_date + timedelta(days=wizard.horizon_days) > today:
                raise ValidationError(
                    self.env._(
                        "The horizon ends on %(end)s, after today: the purchases it would compare with are not "
                        "known yet. Choose an earlier cutoff date or a shorter horizon.",
                        end=format_date(self.env, wizard.cutoff_date + timedelta(days=wizard.horizon_days)),
                    )
                )

    def action_run(self):
        self.ensure_one()
        if self.company_id not in self.env.user.company_ids:
            raise UserError(self.env._("You cannot backtest the forecast of a company you do not work for."))
        result = (
            self.env["crm_tr.rebuy.prediction"]
            .sudo()
            ._crm_tr_backtest(self.company_id, self.cutoff_date, self.horizon_days)
        )
        self.write(
            {
                "done": True,
                "predicted_count": result["predicted"],
                "evaluated_count": result["evaluated"],
                "beyond_count": result["beyond_horizon"],
                "hit_count": result["hit"],
                "early_count": result["early"],
                "late_count": result["late"],
                "missing_count": result["missing"],
                "hit_rate": result["hit_rate"],
                "median_error_days": result["median_error"] or 0.0,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }
