from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_tr_service_survey_id = fields.Many2one(
        "survey.survey",
        string="Service Satisfaction Survey",
        help="Sent to the customer by e-mail and SMS when a service case is solved.",
    )
