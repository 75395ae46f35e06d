from odoo import fields, models
from odoo.tools import SQL


class AccountInvoiceReport(models.Model):
    """Invoice analysis by the customer's province, region and territory."""

    _inherit = "account.invoice.report"

    crm_tr_state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    crm_tr_region_id = fields.Many2one("crm_tr.region", string="Region", readonly=True)
    crm_tr_territory_id = fields.Many2one("crm_tr.territory", string="Territory", readonly=True)

    _depends = {
        "res.partner": ["state_id", "crm_tr_territory_id"],
        "res.country.state": ["crm_tr_region_id"],
    }

    def _select(self) -> SQL:
        # The customer is the invoice's commercial partner; its territory is the one of the
        # invoice's company (the field is company-dependent: a jsonb keyed by company id).
        return SQL(
            """%s,
                commercial_partner.state_id AS crm_tr_state_id,
                crm_tr_state.crm_tr_region_id AS crm_tr_region_id,
                crm_tr_territory.id AS crm_tr_territory_id
            """,
            super()._select(),
        )

    def _from(self) -> SQL:
        return SQL(
            """%s
                LEFT JOIN res_country_state crm_tr_state ON crm_tr_state.id = commercial_partner.state_id
                LEFT JOIN crm_tr_territory crm_tr_territory
                    ON crm_tr_territory.id = (commercial_partner.crm_tr_territory_id ->> line.company_id::text)::integer
            """,
            super()._from(),
        )
