from odoo import fields, models


class CrmTrServiceStage(models.Model):
    _inherit = "crm_tr.service.stage"

    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain="[('model', '=', 'crm_tr.service.case')]",
        help="E-mailed to the customer when a case enters this stage.",
    )
    sms_template_id = fields.Many2one(
        "sms.template",
        string="SMS Template",
        domain="[('model', '=', 'crm_tr.service.case'), ('crm_tr_message_type', '=', 'informational')]",
        help="Informational SMS sent to the customer when a case enters this stage.",
    )
