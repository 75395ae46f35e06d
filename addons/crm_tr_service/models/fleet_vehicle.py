from odoo import fields, models
from odoo.exceptions import UserError


class FleetVehicle(models.Model):
    _inherit = "fleet.vehicle"

    crm_tr_location_id = fields.Many2one(
        "stock.location",
        string="Van Stock Location",
        check_company=True,
        domain="[('usage', '=', 'internal'), ('company_id', 'in', (company_id, False))]",
        tracking=True,
        help="The parts carried in the vehicle: a service visit's parts leave stock from here when it is done.",
    )

    def action_crm_tr_create_location(self):
        """A "van stock" location under the stock location of the company's first warehouse."""
        for vehicle in self.filtered(lambda v: not v.crm_tr_location_id):
            company = vehicle.company_id or self.env.company
            warehouse = self.env["stock.warehouse"].sudo().search([("company_id", "=", company.id)], limit=1)
            if not warehouse:
                raise UserError(
                    self.env._(
                        "%(company)s has no warehouse: create one before giving vehicle %(vehicle)s a stock location.",
                        company=company.name,
                        vehicle=vehicle.display_name,
                    )
                )
            vehicle.crm_tr_location_id = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": vehicle.license_plate or vehicle.name,
                        "usage": "internal",
                        "location_id": warehouse.lot_stock_id.id,
                        "company_id": company.id,
                    }
                )
            )
        return True
