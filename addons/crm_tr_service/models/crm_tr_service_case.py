from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmTrServiceCase(models.Model):
    """A customer's service request about a product, usually a serial-numbered unit."""

    _name = "crm_tr.service.case"
    _description = "Service Case"
    _inherit = ["crm_tr.reference.mixin", "crm_tr.company.thread", "mail.activity.mixin", "crm_tr.visit.rollup"]
    _order = "priority desc, date_open desc, id desc"
    _check_company_auto = True
    _crm_tr_sequence_code = "crm_tr.service.case"
    _crm_tr_visit_field = "case_id"

    subject = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True, check_company=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True, string="Customer Company"
    )
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True, default=lambda self: self.env.company
    )
    product_id = fields.Many2one("product.product", string="Product", check_company=True)
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        check_company=True,
        domain="[('product_id', '=?', product_id)]",
        tracking=True,
    )
    technician_id = fields.Many2one(
        "hr.employee",
        string="Technician",
        check_company=True,
        tracking=True,
        domain="[('crm_tr_is_technician', '=', True)]",
    )
    user_id = fields.Many2one("res.users", string="Responsible", default=lambda self: self.env.user, tracking=True)
    priority = fields.Selection([("0", "Normal"), ("1", "High"), ("2", "Urgent")], default="0", index=True)
    state = fields.Selection(
        [
            ("new", "New"),
            ("in_progress", "In Progress"),
            ("waiting", "Waiting for Customer"),
            ("done", "Solved"),
            ("cancelled", "Cancelled"),
        ],
        default="new",
        required=True,
        tracking=True,
        group_expand=True,
    )
    date_open = fields.Datetime(string="Opened On", default=fields.Datetime.now, required=True)
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False)
    description = fields.Html()
    color = fields.Integer()
    visit_ids = fields.One2many("crm_tr.visit", "case_id", string="Visit Records")

    @api.onchange("lot_id")
    def _onchange_lot_id(self):
        if self.lot_id:
            self.product_id = self.lot_id.product_id

    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        for case in self:
            if case.lot_id and case.product_id and case.lot_id.product_id != case.product_id:
                raise ValidationError(
                    self.env._(
                        "Serial number %(lot)s belongs to %(product)s, not to the case's product.",
                        lot=case.lot_id.name,
                        product=case.lot_id.product_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state") in ("done", "cancelled") and not vals.get("date_closed"):
                vals["date_closed"] = fields.Datetime.now()
        return super().create(vals_list)

    def write(self, vals):
        if "state" in vals:
            vals["date_closed"] = fields.Datetime.now() if vals["state"] in ("done", "cancelled") else False
        return super().write(vals)

    def action_crm_tr_view_visits(self):
        action = super().action_crm_tr_view_visits()
        action["context"].update(
            {
                "default_visit_type": "service",
                "default_partner_id": self.partner_id.id,
                "default_lot_id": self.lot_id.id,
                "default_purpose": self.subject,
                "default_employee_ids": self.technician_id.ids,
            }
        )
        return action

    def action_start(self):
        self.write({"state": "in_progress"})

    def action_solve(self):
        self.write({"state": "done"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_reopen(self):
        self.write({"state": "new"})
