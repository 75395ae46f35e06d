from odoo import api, fields, models
from odoo.tools import SQL

STATUSES = [
    ("ready", "Ready to Send"),
    ("process", "Processing"),
    ("pending", "Sent"),
    ("sent", "Delivered"),
    ("bounce", "Bounced"),
    ("exception", "Exception"),
    ("canceled", "Cancelled"),
]


class CrmTrReportSms(models.Model):
    """SMS sent from documents: a case's stage, a contract reminder, a survey link, a text
    typed in a chatter. Odoo's sms module logs each as a notification of type SMS on its
    message; one row per SMS with the message's date, company and document, so that a
    manager counts every SMS of his companies (the managers' dashboard). Read through
    mail.message, the same count would load every message of the period in Python to
    check its document's access rights. Campaign SMS are counted by their traces
    (mass_mailing_sms), not here: a campaign makes no notification."""

    _name = "crm_tr.report.sms"
    _description = "SMS Sent from Documents"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    date = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Recipient", readonly=True)
    author_id = fields.Many2one("res.partner", string="Sent by", readonly=True)
    model_id = fields.Many2one("ir.model", string="Document Type", readonly=True)
    model = fields.Char(string="Document Model", readonly=True)
    status = fields.Selection(STATUSES, readonly=True)
    sent = fields.Boolean(
        string="Left the Company", readonly=True, help="Handed to the operator (pending delivery) or delivered."
    )

    _depends = {
        "mail.notification": ["mail_message_id", "res_partner_id", "notification_type", "notification_status"],
        "mail.message": ["date", "record_company_id", "author_id", "model"],
    }

    @property
    def _table_query(self):
        return SQL("%s %s %s", self._select(), self._from(), self._where())

    @api.model
    def _select(self):
        return SQL(
            """
            SELECT notification.id AS id,
                   message.date AS date,
                   message.record_company_id AS company_id,
                   notification.res_partner_id AS partner_id,
                   message.author_id AS author_id,
                   model.id AS model_id,
                   message.model AS model,
                   notification.notification_status AS status,
                   notification.notification_status IN ('process', 'pending', 'sent') AS sent
            """
        )

    @api.model
    def _from(self):
        return SQL(
            """
              FROM mail_notification notification
              JOIN mail_message message ON message.id = notification.mail_message_id
         LEFT JOIN ir_model model ON model.model = message.model
            """
        )

    @api.model
    def _where(self):
        return SQL("WHERE notification.notification_type = 'sms'")
