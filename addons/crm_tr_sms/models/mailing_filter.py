from odoo import fields, models


class MailingFilter(models.Model):
    _inherit = "mailing.filter"

    # The ready-made audiences this addon ships are data records with English names: a
    # translatable name lets a Turkish user see them in Turkish (i18n/tr.po).
    name = fields.Char(translate=True)
