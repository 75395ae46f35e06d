from odoo import api, fields, models


class CrmTrVisitBooking(models.Model):
    """One person, vehicle or piece of equipment taken by a visit over its planned time.
    PostgreSQL refuses two overlapping blocking bookings of the same resource (an exclusion
    constraint over time ranges, btree_gist), so that two users saving at the same moment
    cannot both book it; touching ranges (10:00-11:00 and 11:00-12:00) do not overlap.
    Written by crm_tr.visit only."""

    _name = "crm_tr.visit.booking"
    _description = "Visit Booking"
    _order = "start, id"

    visit_id = fields.Many2one("crm_tr.visit", required=True, index=True, ondelete="cascade")
    resource = fields.Char(required=True, help="model,id of the booked record")
    start = fields.Datetime(required=True)
    stop = fields.Datetime(required=True)
    blocking = fields.Boolean(default=True, help="A cancelled visit's bookings no longer block anyone.")
    company_id = fields.Many2one("res.company", required=True, index=True)

    # Written as PostgreSQL prints it back (pg_get_constraintdef), so that an upgrade finds
    # it unchanged and does not rebuild it.
    _no_double_booking = models.Constraint(
        "EXCLUDE USING gist (resource WITH =, tsrange(start, stop, '[)'::text) WITH &&) WHERE (blocking)",
        "A person, vehicle or piece of equipment is already booked on another visit at that time.",
    )
    _stop_after_start = models.Constraint("CHECK ((stop > start))", "A booking must end after it starts.")

    def _auto_init(self):
        # btree_gist lets the exclusion constraint compare the resource with "=" in a GiST
        # index; it ships with PostgreSQL and is trusted (a database owner may create it).
        self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        return super()._auto_init()

    @api.model
    def _crm_tr_record(self, resource):
        model, res_id = resource.split(",")
        return self.env[model].browse(int(res_id))
