from odoo import api, fields, models

# fleet.vehicle's fuel types, by the company's fuel price that runs them.
FUEL_PRICE_FIELDS = {
    "diesel": "crm_tr_fuel_price_diesel",
    "plug_in_hybrid_diesel": "crm_tr_fuel_price_diesel",
    "gasoline": "crm_tr_fuel_price_gasoline",
    "full_hybrid": "crm_tr_fuel_price_gasoline",
    "plug_in_hybrid_gasoline": "crm_tr_fuel_price_gasoline",
    "lpg": "crm_tr_fuel_price_lpg",
    "cng": "crm_tr_fuel_price_lpg",
    "electric": "crm_tr_fuel_price_electric",
}


class FleetVehicle(models.Model):
    _inherit = "fleet.vehicle"

    crm_tr_cost_method = fields.Selection(
        [("consumption", "Consumption and Wear"), ("fixed", "Fixed Rate")],
        string="Cost per km From",
        default="consumption",
        required=True,
        tracking=True,
    )
    crm_tr_consumption = fields.Float(
        string="Consumption (per 100 km)",
        tracking=True,
        help="Litres (kWh for an electric vehicle) per 100 km, priced at the company's fuel price.",
    )
    crm_tr_wear_per_km = fields.Monetary(
        string="Wear per km", tracking=True, help="Tyres, maintenance and depreciation per km."
    )
    crm_tr_fixed_per_km = fields.Monetary(string="Fixed Rate per km", tracking=True)
    crm_tr_cost_per_km = fields.Float(
        string="Cost per km",
        digits=(12, 4),
        compute="_compute_crm_tr_cost_per_km",
        help="What a visit pays per km: consumption × the company's fuel price + wear, or the fixed rate.",
    )

    _crm_tr_positive_rates = models.Constraint(
        "CHECK (COALESCE(crm_tr_consumption, 0) >= 0 AND COALESCE(crm_tr_wear_per_km, 0) >= 0"
        " AND COALESCE(crm_tr_fixed_per_km, 0) >= 0)",
        "A vehicle's consumption and rates per km cannot be negative.",
    )

    @api.depends("crm_tr_cost_method", "crm_tr_consumption", "crm_tr_wear_per_km", "crm_tr_fixed_per_km", "fuel_type")
    @api.depends_context("company")
    def _compute_crm_tr_cost_per_km(self):
        for vehicle in self:
            if vehicle.crm_tr_cost_method == "fixed":
                vehicle.crm_tr_cost_per_km = vehicle.crm_tr_fixed_per_km
                continue
            company = vehicle.company_id or self.env.company
            price_field = FUEL_PRICE_FIELDS.get(vehicle.fuel_type)
            price = company[price_field] if price_field else 0.0
            vehicle.crm_tr_cost_per_km = vehicle.crm_tr_consumption / 100.0 * price + vehicle.crm_tr_wear_per_km

    def write(self, vals):
        """New rates reprice the vehicle's visits that are not done yet; a done visit keeps its cost."""
        result = super().write(vals)
        if {
            "crm_tr_cost_method",
            "crm_tr_consumption",
            "crm_tr_wear_per_km",
            "crm_tr_fixed_per_km",
            "fuel_type",
        } & vals.keys():
            self.env["crm_tr.visit"].sudo().search(
                [("vehicle_id", "in", self.ids), ("state", "in", ("planned", "in_progress"))]
            )._crm_tr_price()
        return result
