from odoo import fields, models


class CrmTrRegion(models.Model):
    """One of Turkey's seven geographic regions (the 1941 Geography Congress division)."""

    _name = "crm_tr.region"
    _description = "Geographic Region"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="A short code of the region, for imports and reports.")
    sequence = fields.Integer(default=10)
    state_ids = fields.One2many("res.country.state", "crm_tr_region_id", string="Provinces")
    state_count = fields.Integer(string="Number of Provinces", compute="_compute_state_count")

    _code_unique = models.Constraint("UNIQUE(code)", "The code of a region must be unique.")

    def _compute_state_count(self):
        counts = dict(
            self.env["res.country.state"]._read_group(
                [("crm_tr_region_id", "in", self.ids)], ["crm_tr_region_id"], ["__count"]
            )
        )
        for region in self:
            region.state_count = counts.get(region, 0)


class ResCountryState(models.Model):
    _inherit = "res.country.state"

    crm_tr_region_id = fields.Many2one(
        "crm_tr.region",
        string="Region",
        index="btree_not_null",
        ondelete="restrict",
        help="The geographic region of the province (Turkish provinces only).",
    )
