from odoo import api, fields, models
from odoo.tools import html2plaintext


class CrmTrServiceCase(models.Model):
    """Knowledge base on a case: suggested articles and the articles used."""

    _inherit = "crm_tr.service.case"

    crm_tr_suggested_article_ids = fields.Many2many(
        "crm_tr.service.article",
        compute="_compute_crm_tr_suggested_article_ids",
        string="Suggested Articles",
        groups="crm_tr_service.group_service_technician",
    )
    crm_tr_article_ids = fields.Many2many(
        "crm_tr.service.article",
        "crm_tr_service_case_article_rel",
        "case_id",
        "article_id",
        string="Articles Used",
        groups="crm_tr_service.group_service_technician",
    )

    @api.depends("subject", "description", "product_id.categ_id")
    def _compute_crm_tr_suggested_article_ids(self):
        Article = self.env["crm_tr.service.article"]
        for case in self:
            text = " ".join(filter(None, [case.subject, html2plaintext(case.description or "")]))
            case.crm_tr_suggested_article_ids = Article._crm_tr_suggest(
                text, product_category=case.product_id.categ_id or None
            )
