from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmTrSalesVisit(models.Model):
    """A sales representative's visit to a customer, with the time and the vehicle it took."""

    _name = "crm_tr.sales.visit"
    _description = "Sales Visit"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True, check_company=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True, string="Customer Company"
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", default=lambda self: self.env.user, index=True, tracking=True
    )
    employee_id = fields.Many2one(
        "hr.employee",
        string="Employee",
        check_company=True,
        compute="_compute_employee_id",
        store=True,
        readonly=False,
        help="The employee whose hourly cost prices the visit.",
    )
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_start = fields.Datetime(string="Start", required=True, default=fields.Datetime.now, tracking=True)
    duration = fields.Float(string="Duration (hours)", default=1.0)
    vehicle_id = fields.Many2one("fleet.vehicle", string="Vehicle", check_company=True)
    distance_km = fields.Float(string="Distance (km)")
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="planned",
        required=True,
        tracking=True,
    )
    labour_cost = fields.Monetary(
        compute="_compute_labour_cost", store=True, help="Duration multiplied by the employee's hourly cost."
    )
    note = fields.Html(string="Notes")

    def _creation_message(self):
        # Written once for every reader: in the company's language, not the creator's.
        lang = self.company_id.partner_id.lang or self.env.lang
        return super(CrmTrSalesVisit, self.with_context(lang=lang))._creation_message()

    @api.depends("user_id", "company_id")
    def _compute_employee_id(self):
        # A user has at most one employee per company; search it whatever companies are active.
        employees = (
            self.env["hr.employee"]
            .sudo()
            .search([("user_id", "in", self.user_id.ids), ("company_id", "in", self.company_id.ids)])
        )
        by_user_company = {(e.user_id, e.company_id): e for e in employees}
        for visit in self:
            if visit.user_id:
                visit.employee_id = by_user_company.get((visit.user_id, visit.company_id), False)

    @api.depends("duration", "employee_id.hourly_cost")
    def _compute_labour_cost(self):
        for visit in self:
            visit.labour_cost = visit.duration * visit.employee_id.hourly_cost

    @api.constrains("duration", "distance_km")
    def _check_positive(self):
        for visit in self:
            if visit.duration < 0 or visit.distance_km < 0:
                raise ValidationError(self.env._("A visit's duration and distance cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = self.env["ir.sequence"].with_company(company).next_by_code("crm_tr.sales.visit") or "/"
        return super().create(vals_list)

    def action_done(self):
        self.write({"state": "done"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_reset(self):
        self.write({"state": "planned"})
