from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import SQL

from odoo.addons.crm_tr_service.models.crm_tr_service_article import CrmTrServiceArticle
from odoo.addons.crm_tr_sms.tests.common import CrmTrTwoCompanyCase


@tagged("post_install", "-at_install")
class TestServiceArticle(CrmTrTwoCompanyCase):
    """Knowledge base: Turkish full-text suggestions, category ranking, portal search,
    access rights and the articles used on a case.

    a1 "Klima gaz kaçağı kontrolü" (Klima, every company, published, 3 steps)
    a2 "Kombi basınç düşmesi" (Kombi, company A, not published; its body mentions "su kaçağı")
    a3 "Split klima filtre temizliği" (Klima / Split Klima, company B, published)"""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Article = cls.env["crm_tr.service.article"]
        # The demo articles would take part in every ranking.
        cls.Article.search([]).action_archive()
        Category = cls.env["crm_tr.service.article.category"]
        cls.klima = Category.create({"name": "Klima"})
        cls.split = Category.create({"name": "Split Klima", "parent_id": cls.klima.id})
        cls.kombi = Category.create({"name": "Kombi"})
        cls.boiler_categ = cls.env["product.category"].create({"name": "Kombiler"})
        cls.boiler_child_categ = cls.env["product.category"].create(
            {"name": "Yoğuşmalı Kombiler", "parent_id": cls.boiler_categ.id}
        )
        cls.a1 = cls.Article.create(
            {
                "name": "Klima gaz kaçağı kontrolü",
                "category_id": cls.klima.id,
                "keywords": "gaz, R32, manifold",
                "body": "<p>Soğutmuyorsa <b>rakorları</b> köpüklü su ile kontrol edin.</p>",
                "is_published": True,
                "step_ids": [
                    Command.create({"sequence": 1, "name": "Emme basıncını ölçün"}),
                    Command.create({"sequence": 2, "name": "Rakorları kontrol edin"}),
                    Command.create({"sequence": 3, "name": "Vakum yapıp gaz şarj edin"}),
                ],
            }
        )
        cls.a2 = cls.Article.create(
            {
                "name": "Kombi basınç düşmesi",
                "category_id": cls.kombi.id,
                "keywords": "bar, petek",
                "body": "<p>Basınç düşüyorsa tesisatta su kaçağı arayın.</p>",
                "company_id": cls.company_a.id,
                "product_categ_ids": [Command.link(cls.boiler_categ.id)],
            }
        )
        cls.a3 = cls.Article.create(
            {
                "name": "Split klima filtre temizliği",
                "category_id": cls.split.id,
                "keywords": "filtre, bakım, koku",
                "company_id": cls.company_b.id,
                "is_published": True,
            }
        )
        cls.tech_a = cls._crm_tr_user("kb_tech_a", "crm_tr_service.group_service_technician")
        cls.tech_ab = cls._crm_tr_user(
            "kb_tech_ab",
            "crm_tr_service.group_service_technician",
            companies=cls.company_a | cls.company_b,
        )
        cls.tech_b = cls._crm_tr_user("kb_tech_b", "crm_tr_service.group_service_technician", company=cls.company_b)
        cls.manager_a = cls._crm_tr_user("kb_manager_a", "crm_tr_service.group_service_manager")
        cls.rep_a = cls._crm_tr_user("kb_rep_a", "sales_team.group_sale_salesman")
        cls.portal_a = cls._crm_tr_user("kb_portal_a", "base.group_portal")
        cls.portal_b = cls._crm_tr_user("kb_portal_b", "base.group_portal", company=cls.company_b)
        cls.customer = cls.env["res.partner"].create({"name": "Deniz Apartmanı Yönetimi", "is_company": True})

    def _suggest(self, user, text, **kwargs):
        # Every company the user may work in, as the web client sends them.
        Article = self.Article.with_user(user).with_context(allowed_company_ids=user.company_ids.ids)
        return Article._crm_tr_suggest(text, **kwargs)

    # ------------------------------------------------------------------
    # Full-text search
    # ------------------------------------------------------------------

    def test_config_and_index(self):
        """The Turkish configuration is used when PostgreSQL has it; the weighted tsvector is
        a column PostgreSQL generates with it, GIN-indexed, and kept up to date on writes."""
        self.env.cr.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'turkish'")
        expected = "turkish" if self.env.cr.rowcount else "simple"
        config = self.Article._crm_tr_ts_config()
        self.assertEqual(config, expected)
        # PostgreSQL ships the Turkish snowball stemmer: this machine's server has it.
        self.assertEqual(config, "turkish")
        column = f"crm_tr_fts_{config}"
        self.env.cr.execute(
            "SELECT generation_expression FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            ["crm_tr_service_article", column],
        )
        (expression,) = self.env.cr.fetchone()
        self.assertIn(f"to_tsvector('{config}'::regconfig", expression)
        # With a few rows PostgreSQL would scan the table; forbid that to see the index match.
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(
            SQL(
                "EXPLAIN SELECT id FROM crm_tr_service_article WHERE %s @@ to_tsquery(%s::regconfig, 'kaçak')",
                SQL.identifier(column),
                config,
            )
        )
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn(f"crm_tr_service_article_{column}_idx", plan)
        self.env.cr.execute("RESET enable_seqscan")
        # An edited article is found by its new words at once.
        self.assertEqual(self._suggest(self.tech_b, "drenaj"), self.Article)
        self.a3.body = "<p>Drenaj hortumu tıkalıysa iç ünite su damlatır.</p>"
        self.assertEqual(self._suggest(self.tech_b, "drenajı"), self.a3)

    def test_turkish_stemming(self):
        """ "kaçakları" finds "kaçağı" in a title (a1) and in a body (a2, tags ignored); the
        title weighs more. Company A's technician does not see company B's article."""
        self.assertEqual(self._suggest(self.tech_a, "Müşteri gaz kaçakları olduğunu söylüyor"), self.a1 + self.a2)
        self.assertEqual(self._suggest(self.tech_a, "kaçakları"), self.a1 + self.a2)
        # The body's HTML tags are not words: "b" is not searched, "rakorları" is.
        self.assertEqual(self._suggest(self.tech_a, "rakor"), self.a1)
        # Capitals, dotted capital I included, match the lower-case keyword.
        self.assertEqual(self._suggest(self.tech_a, "MANİFOLD"), self.a1)
        self.assertEqual(self._suggest(self.tech_a, "filtreleri"), self.Article)
        self.assertEqual(self._suggest(self.tech_b, "filtreleri"), self.a3)
        self.assertEqual(self._suggest(self.tech_b, "kaçakları"), self.a1)

    def test_ranking_by_category(self):
        """Articles of the given category (subcategories included) or for the case's product
        category come first, then by rank; the limit cuts the tail."""
        text = "klima kaçak"
        self.assertEqual(self._suggest(self.tech_ab, text), self.a1 + self.a3 + self.a2)
        self.assertEqual(self._suggest(self.tech_ab, text, category=self.kombi), self.a2 + self.a1 + self.a3)
        self.assertEqual(self._suggest(self.tech_ab, text, category=self.split), self.a3 + self.a1 + self.a2)
        self.assertEqual(self._suggest(self.tech_ab, text, category=self.klima), self.a1 + self.a3 + self.a2)
        # A product of a subcategory of the article's product category.
        self.assertEqual(
            self._suggest(self.tech_ab, text, product_category=self.boiler_child_categ), self.a2 + self.a1 + self.a3
        )
        self.assertEqual(self._suggest(self.tech_ab, text, category=self.kombi, limit=2), self.a2 + self.a1)

    def test_trigram_fallback(self):
        """Without the Turkish configuration, 'simple' words and trigram similarity still
        find "kaçağı" from "kaçakları"."""
        with patch.object(CrmTrServiceArticle, "_crm_tr_ts_config", lambda self: "simple"):
            self.assertEqual(self._suggest(self.tech_a, "kaçakları").sorted("id"), (self.a1 + self.a2).sorted("id"))
            self.assertEqual(self._suggest(self.tech_a, "manifold"), self.a1)
            self.assertEqual(self._suggest(self.tech_a, "buzdolabı"), self.Article)

    def test_bad_input(self):
        with self.assertRaisesRegex(ValidationError, "positive whole number"):
            self._suggest(self.tech_a, "kaçak", limit=0)
        with self.assertRaisesRegex(ValidationError, "positive whole number"):
            self._suggest(self.tech_a, "kaçak", limit="5")
        # Nothing to search for: no query at all.
        with self.assertQueryCount(0):
            self.assertFalse(self.Article._crm_tr_suggest("  , . ! "))
        # tsquery operators in the text are not operators.
        self.assertEqual(self._suggest(self.tech_a, "kaçak & ! (|) :* 'gaz'"), self.a1 + self.a2)
        with self.assertRaises(UserError):
            self.klima.parent_id = self.split

    def test_categories(self):
        self.assertEqual(self.split.complete_name, "Klima / Split Klima")
        self.assertEqual(self.klima.article_count, 2)
        self.assertEqual(self.split.article_count, 1)
        self.assertEqual(self.a1.step_count, 3)

    # ------------------------------------------------------------------
    # Portal and access
    # ------------------------------------------------------------------

    def test_portal_search(self):
        """Published articles only, shared or of the portal user's company."""
        Article = self.Article.with_user(self.portal_a)
        self.assertEqual(Article._crm_tr_portal_search("klima kaçak"), self.a1)
        self.assertEqual(Article._crm_tr_portal_search("basınç"), self.Article)
        self.a2.is_published = True
        self.assertEqual(Article._crm_tr_portal_search("basınç"), self.a2)
        self.assertEqual(
            self.Article.with_user(self.portal_b).with_company(self.company_b)._crm_tr_portal_search("klima kaçak"),
            self.a1 + self.a3,
        )
        self.a1.action_archive()
        self.assertEqual(Article._crm_tr_portal_search("klima kaçak"), self.a2)

    def test_access_rights(self):
        """Technicians read, service administrators edit, others (sales, portal) nothing."""
        self.assertEqual(self.Article.with_user(self.tech_a).search([]), self.a1 + self.a2)
        self.assertEqual(self.a1.with_user(self.tech_a).step_ids.mapped("name")[0], "Emme basıncını ölçün")
        with self.assertRaises(AccessError):
            self.a1.with_user(self.tech_a).write({"name": "Değişti"})
        with self.assertRaises(AccessError):
            self.Article.with_user(self.tech_a).create({"name": "Yeni"})
        with self.assertRaises(AccessError):
            self.a1.step_ids[:1].with_user(self.tech_a).write({"name": "Değişti"})
        with self.assertRaises(AccessError):
            self.a3.with_user(self.tech_a).read(["name"])
        manager_article = self.Article.with_user(self.manager_a).create(
            {
                "name": "Kombi arıza kodu E01",
                "category_id": self.kombi.id,
                "step_ids": [Command.create({"name": "Reset"})],
            }
        )
        manager_article.write({"is_published": True})
        self.assertEqual(manager_article.step_count, 1)
        for user in (self.rep_a, self.portal_a):
            with self.assertRaises(AccessError):
                self.Article.with_user(user).search([])
            with self.assertRaises(AccessError):
                self.Article.with_user(user)._crm_tr_suggest("kaçak")

    # ------------------------------------------------------------------
    # From a case
    # ------------------------------------------------------------------

    def test_case_suggestions_and_link(self):
        product = self.env["product.product"].create({"name": "Kombi 24 kW", "categ_id": self.boiler_child_categ.id})
        case = self.env["crm_tr.service.case"].create(
            {
                "subject": "Kombide basınç düşüyor",
                "description": "<p>Müşteri klima tarafında da <i>gaz kaçakları</i> olduğunu söylüyor.</p>",
                "partner_id": self.customer.id,
                "product_id": product.id,
                "company_id": self.company_a.id,
            }
        )
        case_tech = case.with_user(self.tech_a)
        # a2 first (its product category), then a1 (description words); not a3 (company B).
        self.assertEqual(case_tech.crm_tr_suggested_article_ids, self.a2 + self.a1)
        self.assertEqual(case_tech.crm_tr_suggested_article_ids.ids, [self.a2.id, self.a1.id])
        # The form suggests again as the subject changes.
        with Form(case_tech) as form:
            form.description = ""
            self.assertEqual([article.id for article in form.crm_tr_suggested_article_ids], [self.a2.id])
            form.product_id = self.env["product.product"]
            self.assertEqual([article.id for article in form.crm_tr_suggested_article_ids], [self.a2.id])
            form.subject = "Klima gaz kaçağı"
            # (the form keeps the records it had and adds the new ones: order aside)
            self.assertEqual({article.id for article in form.crm_tr_suggested_article_ids}, {self.a1.id, self.a2.id})
            form.subject = "Filtre temizliği"
            self.assertEqual(len(form.crm_tr_suggested_article_ids), 0)
        self.assertEqual(case_tech.crm_tr_suggested_article_ids, self.Article)
        case.write({"subject": "Klima gaz kaçağı"})
        self.assertEqual(case_tech.crm_tr_suggested_article_ids, self.a1 + self.a2)
        case.write({"subject": "Kombide basınç düşüyor"})

        article = self.a2.with_user(self.tech_a).with_context(crm_tr_case_id=case.id)
        article.action_crm_tr_use_on_case()
        article.action_crm_tr_use_on_case()
        self.assertEqual(case_tech.crm_tr_article_ids, self.a2)
        self.a1.with_user(self.tech_a).with_context(crm_tr_case_id=case.id).action_crm_tr_use_on_case()
        self.assertEqual(case_tech.crm_tr_article_ids, self.a1 + self.a2)
        with self.assertRaisesRegex(UserError, "from a service case"):
            self.a1.with_user(self.tech_a).action_crm_tr_use_on_case()
        # Company B's technician may not touch company A's case.
        with self.assertRaises(AccessError):
            self.a1.with_user(self.tech_b).with_context(crm_tr_case_id=case.id).action_crm_tr_use_on_case()

        action = self.a1.with_user(self.tech_a).action_crm_tr_open_checklist()
        self.assertEqual((action["res_model"], action["res_id"], action["target"]), (self.a1._name, self.a1.id, "new"))
        self.assertEqual(
            action["views"][0][0], self.env.ref("crm_tr_service.crm_tr_service_article_view_form_checklist").id
        )

        # A salesperson reads the case without the knowledge base fields.
        self.assertEqual(case.with_user(self.rep_a).read(["subject"])[0]["subject"], "Kombide basınç düşüyor")
        self.assertNotIn("crm_tr_article_ids", case.with_user(self.rep_a).fields_get())
