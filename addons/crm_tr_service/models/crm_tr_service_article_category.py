from odoo import api, fields, models


class CrmTrServiceArticleCategory(models.Model):
    """A shelf of the knowledge base: Klima / Split Klima, Kombi..."""

    _name = "crm_tr.service.article.category"
    _description = "Knowledge Base Category"
    _parent_name = "parent_id"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name, id"
    # A parent that is its own descendant is refused by Odoo's parent store ("Recursion Detected").

    name = fields.Char(required=True)
    complete_name = fields.Char(compute="_compute_complete_name", recursive=True, store=True)
    parent_id = fields.Many2one(
        "crm_tr.service.article.category", string="Parent Category", index=True, ondelete="cascade"
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("crm_tr.service.article.category", "parent_id", string="Subcategories")
    article_count = fields.Integer(compute="_compute_article_count", string="Articles")

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for category in self:
            if category.parent_id:
                category.complete_name = f"{category.parent_id.complete_name} / {category.name}"
            else:
                category.complete_name = category.name

    def _compute_article_count(self):
        counts = dict(
            self.env["crm_tr.service.article"]._read_group(
                [("category_id", "child_of", self.ids)], ["category_id"], ["__count"]
            )
        )
        for category in self:
            category.article_count = sum(
                count for cat, count in counts.items() if category.id in map(int, cat.parent_path.split("/")[:-1])
            )
