from odoo import fields, models


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
