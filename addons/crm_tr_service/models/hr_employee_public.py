from odoo import fields, models


class HrEmployeePublic(models.Model):
    """The technician marks are public: users without HR rights (sales reps, technicians) read
    employees through hr.employee.public, and Odoo refuses any hr.employee field it lacks."""

    _inherit = "hr.employee.public"

    crm_tr_technician = fields.Boolean(string="Service Technician", readonly=True)
    crm_tr_is_technician = fields.Boolean(string="Is a Technician", readonly=True)
