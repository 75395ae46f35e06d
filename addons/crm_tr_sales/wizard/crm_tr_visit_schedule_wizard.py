from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmTrVisitScheduleWizard(models.TransientModel):
    """Run the visit scheduler over visits waiting to be scheduled and show what it did:
    the visits it placed, and those it left out with the reason."""

    _name = "crm_tr.visit.schedule.wizard"
    _description = "Schedule Visits"
    # hr.mixin: a team leader without HR rights may choose the employees (Odoo 19 asks read
    # access to a many2many's comodel to set it).
    _inherit = ["hr.mixin"]
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    date_from = fields.Date(
        string="From", required=True, default=lambda self: fields.Date.context_today(self) + timedelta(days=1)
    )
    days = fields.Integer(string="Days", required=True, default=5, help="How many days, from the first, to fill.")
    employee_ids = fields.Many2many(
        "hr.employee",
        string="Employees",
        check_company=True,
        domain="[('company_id', '=', company_id)]",
        compute="_compute_employee_ids",
        store=True,
        readonly=False,
        help="Who may be placed on the visits (all the company's employees who have working hours by default).",
    )
    visit_ids = fields.Many2many(
        "crm_tr.visit",
        string="Visits",
        check_company=True,
        domain="[('company_id', '=', company_id), ('state', '=', 'to_schedule')]",
        compute="_compute_visit_ids",
        store=True,
        readonly=False,
    )
    state = fields.Selection([("draft", "To Run"), ("done", "Done")], default="draft", required=True)
    placed_visit_ids = fields.Many2many(
        "crm_tr.visit", "crm_tr_visit_schedule_wizard_placed_rel", string="Placed", readonly=True
    )
    left_out_visit_ids = fields.Many2many(
        "crm_tr.visit", "crm_tr_visit_schedule_wizard_left_out_rel", string="Left Out", readonly=True
    )
    placed_count = fields.Integer(compute="_compute_counts")
    left_out_count = fields.Integer(compute="_compute_counts")

    @api.depends("company_id")
    def _compute_employee_ids(self):
        for wizard in self:
            wizard.employee_ids = self.env["crm_tr.visit.scheduler"]._crm_tr_default_employees(wizard.company_id)

    @api.depends("company_id")
    def _compute_visit_ids(self):
        for wizard in self:
            if wizard.visit_ids and wizard.visit_ids.company_id == wizard.company_id:
                continue  # chosen in the list of visits
            wizard.visit_ids = self.env["crm_tr.visit"].search(
                [("state", "=", "to_schedule"), ("company_id", "=", wizard.company_id.id)]
            )

    @api.depends("placed_visit_ids", "left_out_visit_ids")
    def _compute_counts(self):
        for wizard in self:
            wizard.placed_count = len(wizard.placed_visit_ids)
            wizard.left_out_count = len(wizard.left_out_visit_ids)

    def action_schedule(self):
        self.ensure_one()
        if self.days < 1:
            raise UserError(self.env._("Schedule at least one day."))
        visits = self.visit_ids.filtered(lambda v: v.state == "to_schedule")
        if not visits:
            raise UserError(self.env._("There is no visit waiting to be scheduled."))
        if not self.employee_ids:
            raise UserError(self.env._("Choose the employees the visits may be placed on."))
        # The visits' checks run for whoever schedules; the team leader may plan any visit
        # of his company, the scheduler reads every employee's calendar and bookings.
        placed, left_out = self.env["crm_tr.visit.scheduler"]._crm_tr_schedule(
            visits, self.employee_ids, self.date_from, self.days
        )
        self.write(
            {
                "state": "done",
                "placed_visit_ids": [fields.Command.set(placed.ids)],
                "left_out_visit_ids": [fields.Command.set(left_out.ids)],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Visits Scheduled"),
        }

    def action_open_placed(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_sales.crm_tr_visit_action_planning")
        action["domain"] = [("id", "in", self.placed_visit_ids.ids)]
        action["context"] = {"initial_date": fields.Date.to_string(self.date_from)}
        return action
