from odoo import fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    crm_tr_skill_category_ids = fields.Many2many(
        "product.category",
        string="May Service",
        groups="hr.group_hr_user,sales_team.group_sale_salesman_all_leads",
        help="Product categories this employee may visit for: the visit scheduler places a visit "
        "that needs a skill only on employees who have it.",
    )
    crm_tr_state_ids = fields.Many2many(
        "res.country.state",
        string="Territory (Provinces)",
        groups="hr.group_hr_user,sales_team.group_sale_salesman_all_leads",
        help="Provinces this employee covers: the visit scheduler places a customer's visit on "
        "the employees of the customer's province (all provinces when empty).",
    )

    def write(self, vals):
        """A new hourly cost or working calendar reprices the employee's visits that are not
        done yet; a done visit keeps its cost."""
        result = super().write(vals)
        if {"hourly_cost", "resource_calendar_id"} & vals.keys():
            visits = (
                self.env["crm_tr.visit"]
                .sudo()
                .search([("employee_ids", "in", self.ids), ("state", "in", ("planned", "in_progress"))])
            )
            visits._crm_tr_price()
        return result
