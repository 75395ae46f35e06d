"""What a portal customer may read of the records the portal rules give them.

Portal users have read access to their own company's cases, contracts and serial numbers
(security/ir.model.access.csv, security/crm_tr_service_portal_rules.xml), so Odoo's generic
RPC (/web/dataset/call_kw) would also hand them every field of those records. The fields
below are the company's internal working data (assignment, SLA, escalation, costs, margins,
stock valuation, survey internals): they are restricted to internal users with `groups=`,
the Odoo way, so a portal user reading one gets an AccessError. The SLA status (on time, at
risk, overdue) stays readable: it tells the customer where their own request stands; so does the priority, which also
orders cases by default (a field a user may not read cannot order their search). The portal pages render the
records as superuser and show only what their templates choose; a portal user writes nothing
(no write access; new cases go through the portal form's controller)."""

from odoo import fields, models

INTERNAL = "base.group_user"


class CrmTrServiceCase(models.Model):
    _inherit = "crm_tr.service.case"

    # Assignment and internal classification.
    user_id = fields.Many2one(groups=INTERNAL)
    technician_id = fields.Many2one(groups=INTERNAL)
    team_id = fields.Many2one(groups=INTERNAL)
    category_id = fields.Many2one(groups=INTERNAL)
    channel = fields.Selection(groups=INTERNAL)
    case_type = fields.Selection(groups=INTERNAL)
    email_from = fields.Char(groups=INTERNAL)
    color = fields.Integer(groups=INTERNAL)
    # Service level internals.
    sla_id = fields.Many2one(groups=INTERNAL)
    sla_response_deadline = fields.Datetime(groups=INTERNAL)
    sla_deadline = fields.Datetime(groups=INTERNAL)
    sla_at_risk_date = fields.Datetime(groups=INTERNAL)
    escalation_level = fields.Selection(groups=INTERNAL)
    first_response_date = fields.Datetime(groups=INTERNAL)
    first_contact_resolution = fields.Boolean(groups=INTERNAL)
    crm_tr_worked = fields.Boolean(groups=INTERNAL)
    # Visits and their costs.
    visit_ids = fields.One2many(groups=INTERNAL)
    crm_tr_visit_count = fields.Integer(groups=INTERNAL)
    crm_tr_visit_cost = fields.Monetary(groups=INTERNAL)
    crm_tr_visit_currency_id = fields.Many2one(groups=INTERNAL)
    # The technician's phone screen.
    crm_tr_phone = fields.Char(groups=INTERNAL)
    crm_tr_address = fields.Char(groups=INTERNAL)
    crm_tr_map_url = fields.Char(groups=INTERNAL)
    # Satisfaction survey internals (the customer answers through the survey's own pages).
    crm_tr_survey_input_ids = fields.One2many(groups=INTERNAL)
    crm_tr_survey_url = fields.Char(groups=INTERNAL)
    crm_tr_satisfaction = fields.Integer(groups=INTERNAL)


class CrmTrServiceContract(models.Model):
    _inherit = "crm_tr.service.contract"

    user_id = fields.Many2one(groups=INTERNAL)
    margin = fields.Monetary(groups=INTERNAL)
    visit_cost = fields.Monetary(groups=INTERNAL)
    visit_count = fields.Integer(groups=INTERNAL)
    visit_ids = fields.One2many(groups=INTERNAL)
    reminder_days = fields.Integer(groups=INTERNAL)
    reminder_sent = fields.Boolean(groups=INTERNAL)
    color = fields.Integer(groups=INTERNAL)


class StockLot(models.Model):
    _inherit = "stock.lot"

    # Stock valuation and where the unit's stock moved: the company's own figures.
    avg_cost = fields.Monetary(groups=INTERNAL)
    total_value = fields.Monetary(groups=INTERNAL)
    quant_ids = fields.One2many(groups=INTERNAL)
    location_id = fields.Many2one(groups=INTERNAL)
    note = fields.Html(groups=INTERNAL)
    lot_properties = fields.Properties(groups=INTERNAL)
    crm_tr_visit_ids = fields.One2many(groups=INTERNAL)
