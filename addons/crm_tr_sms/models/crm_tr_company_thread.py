from odoo import models


class CrmTrCompanyThread(models.AbstractModel):
    """A chatter whose system messages are written once for every reader (at install, by a
    cron or by another user): in the language of the record's company, not of whoever
    happened to create the record. For models with a company_id."""

    _name = "crm_tr.company.thread"
    _description = "Chatter in the Company's Language"
    _inherit = ["mail.thread"]

    def _crm_tr_company_lang(self):
        return self[:1].company_id.partner_id.lang or self.env.lang

    def _creation_message(self):
        return super(CrmTrCompanyThread, self.with_context(lang=self._crm_tr_company_lang()))._creation_message()
