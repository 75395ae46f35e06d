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

    @api.depends("crm_tr_technician", "user_id.group_ids")
    def _compute_crm_tr_is_technician(self):
        # The group given directly: a service administrator is not a technician by that alone.
        group = self.env.ref("crm_tr_service.group_service_technician", raise_if_not_found=False)
        for employee in self:
            employee.crm_tr_is_technician = employee.crm_tr_technician or bool(
                group and group in employee.user_id.group_ids
            )
