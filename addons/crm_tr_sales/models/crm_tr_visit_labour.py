from odoo import fields, models


class CrmTrVisitLabour(models.Model):
    """One employee's time on a visit and what it cost, with the hourly cost and the
    multipliers it was priced at: kept as they were once the visit is done."""

    _name = "crm_tr.visit.labour"
    _description = "Visit Labour"
    _order = "visit_id, id"

    visit_id = fields.Many2one("crm_tr.visit", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="visit_id.company_id", store=True)
    currency_id = fields.Many2one(related="visit_id.currency_id")
    employee_id = fields.Many2one("hr.employee", string="Employee", required=True, index=True)
    normal_hours = fields.Float(string="Normal Hours")
    overtime_hours = fields.Float(string="Overtime Hours")
    weekend_hours = fields.Float(string="Weekend and Holiday Hours")
    hourly_cost = fields.Monetary(string="Hourly Cost")
    overtime_multiplier = fields.Float(string="Overtime ×")
    weekend_multiplier = fields.Float(string="Weekend ×")
    cost = fields.Monetary()
