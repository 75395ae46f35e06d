from odoo import api, fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    crm_tr_technician = fields.Boolean(
        string="Service Technician",
        help="Listed among the technicians and offered on service cases, "
        "besides the employees whose user is in the service technician group.",
    )
    crm_tr_is_technician = fields.Boolean(
        string="Is a Technician",
        compute="_compute_crm_tr_is_technician",
        store=True,
        index=True,
        help="Marked as a service technician, or the user works in the service technician group.",
    )
    crm_tr_rating_avg = fields.Float(
        string="Customer Rating",
        compute="_compute_crm_tr_rating",
        digits=(3, 2),
        help="The average of the customers' ratings (1 unhappy, 3 neutral, 5 happy) of the visits he went on.",
    )
    crm_tr_rating_count = fields.Integer(string="Rated Visits", compute="_compute_crm_tr_rating")

    @api.depends("crm_tr_technician", "user_id.group_ids")
    def _compute_crm_tr_is_technician(self):
        # The group given directly: a service administrator is not a technician by that alone.
        group = self.env.ref("crm_tr_service.group_service_technician", raise_if_not_found=False)
        for employee in self:
            employee.crm_tr_is_technician = employee.crm_tr_technician or bool(
                group and group in employee.user_id.group_ids
            )

    def _compute_crm_tr_rating(self):
        # Each rated visit counts once (its last rating), for every employee who went on it.
        groups = (
            self.env["crm_tr.visit"]
            .sudo()
            ._read_group(
                [("employee_ids", "in", self.ids), ("rating_last_value", ">=", 1)],
                ["employee_ids"],
                ["__count", "rating_last_value:avg"],
            )
        )
        figures = {employee.id: (count, average) for employee, count, average in groups}
        for employee in self:
            count, average = figures.get(employee._origin.id, (0, 0.0))
            employee.crm_tr_rating_count = count
            employee.crm_tr_rating_avg = average
