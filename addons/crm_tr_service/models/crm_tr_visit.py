from datetime import datetime, time, timedelta

from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmTrVisit(models.Model):
    """Service visits: a visit of type Service, for a service case and a customer's unit,
    with the parts it used (they leave the vehicle's stock when it is done) and the
    customer's satisfaction rating, asked by SMS when it is done."""

    _name = "crm_tr.visit"
    _inherit = ["crm_tr.visit", "rating.mixin"]

    visit_type = fields.Selection(selection_add=[("service", "Service")], ondelete={"service": "set default"})
    case_id = fields.Many2one(
        "crm_tr.service.case",
        string="Service Case",
        check_company=True,
        index="btree_not_null",
        tracking=True,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serviced Unit",
        compute="_compute_lot_id",
        store=True,
        readonly=False,
        check_company=True,
        index="btree_not_null",
        help="The customer's serial-numbered unit the visit is for.",
    )
    crm_tr_address = fields.Char(string="Address", compute="_compute_crm_tr_address")
    crm_tr_hours = fields.Char(string="Hours", compute="_compute_crm_tr_hours")
    part_ids = fields.One2many("crm_tr.visit.part", "visit_id", string="Parts Used", copy=False)
    crm_tr_rating_sms_sent = fields.Boolean(
        string="Satisfaction SMS Sent",
        readonly=True,
        copy=False,
        help="The customer was asked by SMS to rate the visit (once per visit).",
    )
    crm_tr_rating_url = fields.Char(
        string="Rating Link",
        compute="_compute_crm_tr_rating_url",
        help="Where the customer rates the visit (Odoo's rating page), once asked.",
    )
    crm_tr_stock_move_ids = fields.One2many(
        "stock.move", "crm_tr_visit_id", string="Stock Moves", readonly=True, groups="stock.group_stock_user"
    )

    @api.depends("case_id")
    def _compute_lot_id(self):
        for visit in self:
            visit.lot_id = visit.case_id.lot_id or visit.lot_id

    @api.depends("partner_id")
    def _compute_crm_tr_address(self):
        # One line for a phone's card: street, district and province.
        for visit in self:
            lines = visit.partner_id._display_address(without_company=True).split("\n") if visit.partner_id else []
            visit.crm_tr_address = ", ".join(line.strip() for line in lines if line.strip())

    @api.depends("planned_start", "planned_end")
    @api.depends_context("tz")
    def _compute_crm_tr_hours(self):
        # "09:30 – 11:30" in the reader's time zone, for a phone's card.
        tz = timezone(self.env.context.get("tz") or self.env.user.tz or "Europe/Istanbul")
        for visit in self:
            if visit.planned_start and visit.planned_end:
                start, end = (utc.localize(value).astimezone(tz) for value in (visit.planned_start, visit.planned_end))
                visit.crm_tr_hours = f"{start:%H:%M} – {end:%H:%M}"
            else:
                visit.crm_tr_hours = False

    @api.depends("rating_ids.access_token", "rating_ids.consumed", "partner_id")
    def _compute_crm_tr_rating_url(self):
        for visit in self:
            pending = visit.sudo().rating_ids.filtered(lambda r, v=visit: r.partner_id == v.partner_id)[:1]
            # Odoo's rating page: the customer picks a face (the link preselects the happy
            # one, as Odoo's own rating requests do) and may leave a comment.
            visit.crm_tr_rating_url = (
                f"{visit.get_base_url()}/rate/{pending.access_token}/5" if pending.access_token else False
            )

    @api.onchange("case_id")
    def _onchange_case_id(self):
        case = self.case_id
        if case:
            self.visit_type = "service"
            self.partner_id = case.partner_id
            if not self.purpose or self.purpose == self.env._("Customer visit"):
                self.purpose = case.subject
            if case.technician_id and not self.employee_ids:
                self.employee_ids = case.technician_id

    # ------------------------------------------------------------------
    # Parts: cost and stock
    # ------------------------------------------------------------------

    def _crm_tr_parts_cost(self):
        self.ensure_one()
        return sum(self.part_ids.mapped("cost"))

    def _crm_tr_parts_source(self):
        """The vehicle's stock location the visit's parts leave from, or a clear refusal."""
        self.ensure_one()
        if not self.vehicle_id:
            raise UserError(
                self.env._(
                    "Visit %(visit)s used parts but has no vehicle: choose the vehicle whose stock they came from.",
                    visit=self.display_name,
                )
            )
        location = self.vehicle_id.sudo().crm_tr_location_id
        if not location:
            raise UserError(
                self.env._(
                    "Vehicle %(vehicle)s has no stock location: set its Van Stock Location before "
                    "completing visit %(visit)s with parts.",
                    vehicle=self.vehicle_id.display_name,
                    visit=self.display_name,
                )
            )
        return location

    def _crm_tr_check_parts(self):
        for visit in self:
            parts = visit.part_ids.filtered(lambda p: not p.move_id)
            if not parts:
                continue
            visit._crm_tr_parts_source()
            for part in parts:
                if part.tracking != "none" and not part.lot_id:
                    raise UserError(
                        self.env._(
                            "%(product)s is tracked: give the lot or serial number used on visit %(visit)s.",
                            product=part.product_id.display_name,
                            visit=visit.display_name,
                        )
                    )

    def _crm_tr_consume_parts(self):
        """Every part not moved yet leaves the vehicle's location for the customers' location
        through a validated stock move (move lines carry the lots of tracked products)."""
        customers = self.env.ref("stock.stock_location_customers")
        for visit in self:
            parts = visit.part_ids.filtered(lambda p: not p.move_id)
            if not parts:
                continue
            source = visit._crm_tr_parts_source()
            Move = self.env["stock.move"].sudo().with_company(visit.company_id)
            moves = Move.create(
                [
                    {
                        "product_id": part.product_id.id,
                        "product_uom": part.product_id.uom_id.id,
                        "product_uom_qty": part.quantity,
                        "location_id": source.id,
                        "location_dest_id": customers.id,
                        "partner_id": visit.partner_id.id,
                        "company_id": visit.company_id.id,
                        "origin": visit.name,
                        "crm_tr_visit_id": visit.id,
                    }
                    for part in parts
                ]
            )
            moves._action_confirm(merge=False)
            for part, move in zip(parts, moves, strict=True):
                if part.lot_id:
                    # The very unit the technician used, whatever the reservation picked.
                    move._do_unreserve()
                    move.move_line_ids.unlink()
                    self.env["stock.move.line"].sudo().create(
                        {
                            "move_id": move.id,
                            "product_id": part.product_id.id,
                            "product_uom_id": part.product_id.uom_id.id,
                            "lot_id": part.lot_id.id,
                            "quantity": part.quantity,
                            "location_id": source.id,
                            "location_dest_id": customers.id,
                            "company_id": visit.company_id.id,
                        }
                    )
                else:
                    move._action_assign()
                    move.quantity = part.quantity
            moves.picked = True
            moves._action_done()
            for part, move in zip(parts, moves, strict=True):
                part.move_id = move

    # ------------------------------------------------------------------
    # Satisfaction: an SMS with the rating link when a service visit is done
    # ------------------------------------------------------------------

    def _crm_tr_ask_rating(self):
        """Text the customer of each done service visit, once, the link to rate it."""
        visits = self.filtered(
            lambda v: v.visit_type == "service" and v.state == "done" and not v.crm_tr_rating_sms_sent and v.partner_id
        )
        if not visits:
            return None
        template = self.env.ref("crm_tr_service.sms_template_visit_rating", raise_if_not_found=False)
        if not template:
            return None
        for visit in visits:
            visit._rating_get_access_token()
        visits.invalidate_recordset(["crm_tr_rating_url"])
        visits.with_context(crm_tr_visit_quiet=True).write({"crm_tr_rating_sms_sent": True})
        # Queued: the technician's Done does not wait on the SMS provider.
        return self.env["crm_tr.sms.api"]._send_template(template.sudo(), visits, put_in_queue=True)

    def _rating_get_operator(self):
        # The employee rated is whoever went; the responsible otherwise.
        user = self.employee_ids.user_id[:1] or self.user_id
        return user.partner_id if user else self.env["res.partner"]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_done(self):
        todo = self.filtered(lambda v: v.state in ("planned", "in_progress"))
        todo._crm_tr_check_parts()
        todo.part_ids._crm_tr_take_unit_cost()
        result = super().action_done()
        done = todo.filtered(lambda v: v.state == "done")
        done._crm_tr_consume_parts()
        done._crm_tr_ask_rating()
        return result

    @api.model
    def action_crm_tr_my_day(self):
        """Today's visits (in the user's time zone) the current user goes on, in planned order
        (not those he is only responsible for)."""
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_service.crm_tr_visit_action_my_day")
        tz = timezone(self.env.user.tz or "Europe/Istanbul")
        today = fields.Datetime.now().replace(tzinfo=utc).astimezone(tz).date()
        start = tz.localize(datetime.combine(today, time.min)).astimezone(utc).replace(tzinfo=None)
        stop = tz.localize(datetime.combine(today + timedelta(days=1), time.min)).astimezone(utc).replace(tzinfo=None)
        action["domain"] = [
            ("employee_ids.user_id", "=", self.env.uid),
            ("state", "not in", ("cancelled", "to_schedule")),
            ("planned_start", "<", fields.Datetime.to_string(stop)),
            ("planned_end", ">", fields.Datetime.to_string(start)),
        ]
        return action
