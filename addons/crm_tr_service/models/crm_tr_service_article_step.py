from odoo import fields, models


class CrmTrServiceArticleStep(models.Model):
    """One step of an article's checklist, in the order the technician follows them."""

    _name = "crm_tr.service.article.step"
    _description = "Knowledge Base Checklist Step"
    _order = "article_id, sequence, id"

    article_id = fields.Many2one(
        "crm_tr.service.article", string="Article", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Step", required=True)
    description = fields.Text()
