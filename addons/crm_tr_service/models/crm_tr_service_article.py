import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.modules.db import has_trigram
from odoo.tools import SQL
from odoo.tools.sql import column_exists

# Words of a case taken into a search, at most: a long description must not make a huge query.
MAX_TERMS = 64
# Below this word similarity a trigram match (no Turkish stemmer) is noise;
# "kaçakları" against "kaçağı" scores 0.4.
TRIGRAM_THRESHOLD = 0.4


class CrmTrServiceArticle(models.Model):
    """A knowledge base article: how to diagnose or fix something, with a checklist.

    Searched with PostgreSQL full-text search over title, keywords and body through a
    generated tsvector column and its GIN index (see init()), with the Turkish snowball stemmer when the server has it
    ("kaçakları" finds "kaçağı"), else the 'simple' configuration plus trigram similarity."""

    _name = "crm_tr.service.article"
    _description = "Knowledge Base Article"
    _inherit = ["crm_tr.company.thread", "mail.activity.mixin"]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    sequence = fields.Integer(default=10)
    category_id = fields.Many2one(
        "crm_tr.service.article.category", string="Category", index=True, tracking=True, ondelete="restrict"
    )
    keywords = fields.Char(help="Words a technician would search with, separated by commas or spaces.")
    body = fields.Html(string="Content")
    step_ids = fields.One2many("crm_tr.service.article.step", "article_id", string="Checklist", copy=True)
    step_count = fields.Integer(compute="_compute_step_count", string="Steps")
    product_categ_ids = fields.Many2many(
        "product.category",
        "crm_tr_service_article_product_categ_rel",
        "article_id",
        "categ_id",
        string="Product Categories",
        help="Cases about products of these categories (or their subcategories) are offered this article first.",
    )
    is_published = fields.Boolean(
        string="Published on Portal", tracking=True, copy=False, help="Customers can read it on their portal."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", string="Company", index=True, help="Leave empty to share the article with every company."
    )
    color = fields.Integer()

    @api.depends("step_ids")
    def _compute_step_count(self):
        counts = dict(
            self.env["crm_tr.service.article.step"]._read_group(
                [("article_id", "in", self.ids)], ["article_id"], ["__count"]
            )
        )
        for article in self:
            article.step_count = counts.get(article._origin, 0) if article._origin else len(article.step_ids)

    # ------------------------------------------------------------------
    # Full-text search
    # ------------------------------------------------------------------

    @api.model
    def _crm_tr_ts_config(self):
        """The text search configuration: PostgreSQL's Turkish stemmer when installed."""
        self.env.cr.execute(SQL("SELECT 1 FROM pg_ts_config WHERE cfgname = 'turkish'"))
        return "turkish" if self.env.cr.rowcount else "simple"

    @api.model
    def _crm_tr_text_sql(self, alias):
        """Title, keywords and body (tags removed) as one text."""
        return SQL(
            "coalesce(%s, '') || ' ' || coalesce(%s, '') || ' '"
            " || regexp_replace(coalesce(%s, ''), '<[^>]*>', ' ', 'g')",
            SQL.identifier(alias, "name"),
            SQL.identifier(alias, "keywords"),
            SQL.identifier(alias, "body"),
        )

    @api.model
    def _crm_tr_document_sql(self, alias, config):
        """The weighted tsvector of an article: title and keywords weigh more than the body.
        init() stores it in a generated column; searches read that column when it exists
        for the configuration (else they compute this expression, unindexed)."""
        regconfig = SQL("%s::regconfig", config)
        return SQL(
            "setweight(to_tsvector(%(cfg)s, coalesce(%(name)s, '')), 'A')"
            " || setweight(to_tsvector(%(cfg)s, coalesce(%(keywords)s, '')), 'B')"
            " || setweight(to_tsvector(%(cfg)s, regexp_replace(coalesce(%(body)s, ''), '<[^>]*>', ' ', 'g')), 'D')",
            cfg=regconfig,
            name=SQL.identifier(alias, "name"),
            keywords=SQL.identifier(alias, "keywords"),
            body=SQL.identifier(alias, "body"),
        )

    @api.model
    def _crm_tr_vector_column(self, config):
        return f"crm_tr_fts_{config}"

    def init(self):
        # The weighted tsvector lives in a column PostgreSQL generates and keeps up to date on
        # every write (nothing for the ORM to maintain), with a GIN index. Measured on 20,000
        # articles with long bodies: ranking from this column takes 11-20 ms where an
        # expression index alone took 260-600 ms, as ts_rank rebuilt every matching row's
        # tsvector (README, Knowledge base).
        config = self._crm_tr_ts_config()
        column = self._crm_tr_vector_column(config)
        if not column_exists(self.env.cr, self._table, column):
            self.env.cr.execute(
                SQL(
                    "ALTER TABLE %s ADD COLUMN %s tsvector GENERATED ALWAYS AS (%s) STORED",
                    SQL.identifier(self._table),
                    SQL.identifier(column),
                    self._crm_tr_document_sql(self._table, config),
                )
            )
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s USING gin (%s)",
                SQL.identifier(f"{self._table}_{column}_idx"),
                SQL.identifier(self._table),
                SQL.identifier(column),
            )
        )

    @api.model
    def _crm_tr_terms(self, text):
        """The distinct words of a text, in order, at most MAX_TERMS.

        PostgreSQL lower-cases them as it does the articles: Python's lower() would turn
        "İ" into "i" and a combining dot, which is not a word character."""
        terms, seen = [], set()
        for word in re.findall(r"\w+", text or ""):
            if len(word) > 1 and word.casefold() not in seen:
                seen.add(word.casefold())
                terms.append(word)
        return terms[:MAX_TERMS]

    @api.model
    def _crm_tr_suggest(self, text, category=None, product_category=None, limit=5, domain=None):
        """The articles best matching the words of `text`, at most `limit`.

        Articles of `category` (or its subcategories), or for `product_category` (or one of
        its parents), come first; then by ts_rank (title and keywords weigh more than the
        body). Any word may match (OR): a case's description is not a query a person typed.
        Record rules apply (company, archived articles are left out)."""
        if not isinstance(limit, int) or limit <= 0:
            raise ValidationError(self.env._("The number of suggested articles must be a positive whole number."))
        terms = self._crm_tr_terms(text)
        if not terms:
            return self.browse()
        self.check_access("read")
        config = self._crm_tr_ts_config()
        query = self._search(Domain(domain or Domain.TRUE))
        alias = query.table
        column = self._crm_tr_vector_column(config)
        if column_exists(self.env.cr, self._table, column):
            document = SQL.identifier(alias, column)
        else:
            document = self._crm_tr_document_sql(alias, config)
        # Words only (\w+) joined by "|": nothing in them is tsquery syntax.
        tsquery = SQL("to_tsquery(%s::regconfig, %s)", config, " | ".join(terms))
        rank = SQL("ts_rank(%s, %s)", document, tsquery)
        match = SQL("%s @@ %s", document, tsquery)
        if config == "simple" and has_trigram(self.env.cr):
            # No stemmer: a word also matches the article's words it resembles
            # ("kaçakları" ~ "kaçak"). No index helps this scan over the articles.
            text_sql = self._crm_tr_text_sql(alias)
            similarity = SQL("(SELECT max(word_similarity(term, %s)) FROM unnest(%s::text[]) term)", text_sql, terms)
            match = SQL("(%s OR %s >= %s)", match, similarity, TRIGRAM_THRESHOLD)
            rank = SQL("(%s + coalesce(%s, 0))", rank, similarity)
        query.add_where(match)
        first = []
        if category:
            category_ids = self.env["crm_tr.service.article.category"].search([("id", "child_of", category.ids)]).ids
            first.append(SQL("%s = ANY(%s)", SQL.identifier(alias, "category_id"), category_ids))
        if product_category:
            # The product's category and its parents: an article for "Klima" serves a split unit.
            categ_ids = [int(c) for c in product_category.sudo().parent_path.split("/") if c]
            first.append(
                SQL(
                    "EXISTS (SELECT 1 FROM crm_tr_service_article_product_categ_rel rel"
                    " WHERE rel.article_id = %s AND rel.categ_id = ANY(%s))",
                    SQL.identifier(alias, "id"),
                    categ_ids,
                )
            )
        order = [SQL("%s DESC, %s DESC, %s", SQL("(%s)", SQL(" OR ").join(first)), rank, SQL.identifier(alias, "id"))]
        if not first:
            order = [SQL("%s DESC, %s", rank, SQL.identifier(alias, "id"))]
        query.order = order[0]
        query.limit = limit
        # The raw conditions read the texts, the category and the product categories.
        self.flush_model(["name", "keywords", "body", "category_id", "product_categ_ids"])
        return self.browse(id_ for (id_,) in self.env.execute_query(query.select()))

    @api.model
    def _crm_tr_portal_search(self, terms, limit=20):
        """Published articles matching `terms`, for the customer portal, best first.

        Portal users have no access to articles: the portal page calls this, which reads as
        superuser the published articles shared with every company or of the current one."""
        domain = Domain("is_published", "=", True) & Domain("company_id", "in", [False, self.env.company.id])
        return self.sudo()._crm_tr_suggest(terms, limit=limit, domain=domain)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_crm_tr_use_on_case(self):
        """Link the article to the case it is suggested on (context key crm_tr_case_id)."""
        case_id = self.env.context.get("crm_tr_case_id")
        if not case_id:
            raise UserError(self.env._("Open this article from a service case to mark it as used."))
        case = self.env["crm_tr.service.case"].browse(case_id).exists()
        if not case:
            raise UserError(self.env._("The service case no longer exists."))
        new = self - case.crm_tr_article_ids
        if new:
            case.write({"crm_tr_article_ids": [fields.Command.link(article.id) for article in new]})
        return True

    def action_crm_tr_open_checklist(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("crm_tr_service.crm_tr_service_article_view_form_checklist").id, "form")],
            "target": "new",
        }
