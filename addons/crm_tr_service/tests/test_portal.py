from datetime import date, timedelta

from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from odoo.addons.crm_tr_sms.tests.common import CrmTrTwoCompanyHttpCase


@tagged("post_install", "-at_install")
class TestServicePortal(CrmTrTwoCompanyHttpCase):
    """Two customers of company A, Yıldız Otel (A) and Deniz Lokanta (B), each with a portal
    user, a serial-numbered air conditioner, a case and an active contract."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.company_a
        Partner = cls.env["res.partner"]
        cls.customer_a = Partner.create({"name": "Yıldız Otel A.Ş.", "is_company": True, "lang": "en_US"})
        cls.customer_b = Partner.create({"name": "Deniz Lokanta Ltd.", "is_company": True, "lang": "en_US"})
        cls.contact_a = Partner.create({"name": "Ayşe Yıldız", "parent_id": cls.customer_a.id, "email": "ayse@x.tr"})
        cls.contact_b = Partner.create({"name": "Berk Deniz", "parent_id": cls.customer_b.id, "email": "berk@x.tr"})
        cls.portal_a = cls._crm_tr_user("portal_ayse", "base.group_portal", partner_id=cls.contact_a.id)
        cls.portal_b = cls._crm_tr_user("portal_berk", "base.group_portal", partner_id=cls.contact_b.id)

        cls.product = (
            cls.env["product.product"]
            .with_company(company)
            .create({"name": "Split Klima 18000 BTU", "is_storable": True, "tracking": "serial"})
        )
        Lot = cls.env["stock.lot"]
        warranty_end = date.today() + timedelta(days=200)
        cls.lot_a = Lot.create(
            {
                "name": "SPL-A-0001",
                "product_id": cls.product.id,
                "company_id": company.id,
                "crm_tr_partner_id": cls.customer_a.id,
                "crm_tr_warranty_end": warranty_end,
            }
        )
        cls.lot_b = Lot.create(
            {
                "name": "SPL-B-0002",
                "product_id": cls.product.id,
                "company_id": company.id,
                "crm_tr_partner_id": cls.customer_b.id,
            }
        )
        Case = cls.env["crm_tr.service.case"]
        cls.case_a = Case.create(
            {
                "subject": "Lobi kliması su damlatıyor",
                "partner_id": cls.contact_a.id,
                "lot_id": cls.lot_a.id,
                "company_id": company.id,
            }
        )
        cls.case_b = Case.create(
            {
                "subject": "Mutfak kliması çalışmıyor",
                "partner_id": cls.contact_b.id,
                "lot_id": cls.lot_b.id,
                "company_id": company.id,
            }
        )
        Contract = cls.env["crm_tr.service.contract"]
        contract_values = {
            "company_id": company.id,
            "date_start": date.today() - timedelta(days=30),
            "date_end": date.today() + timedelta(days=335),
            "entitlement_visits": 4,
            "entitlement_hours": 10.0,
        }
        cls.contract_a = Contract.create(
            dict(contract_values, partner_id=cls.customer_a.id, lot_ids=[(6, 0, cls.lot_a.ids)])
        )
        cls.contract_b = Contract.create(dict(contract_values, partner_id=cls.customer_b.id))
        (cls.contract_a | cls.contract_b).action_activate()

    def _get(self, url, **kw):
        return self.url_open(url, allow_redirects=False, **kw)

    def _assert_refused(self, response):
        """Odoo's portal answer to a document one may not see: a redirection to /my (or to
        the login page for a visitor), never the document."""
        self.assertIn(response.status_code, (302, 303), response.text[:200])
        self.assertNotIn(self.case_b.subject, response.text)
        self.assertRegex(response.headers["Location"], r"/(my|web/login)")

    # ------------------------------------------------------------------ lists

    def test_lists_show_only_the_customers_own_records(self):
        self.authenticate("portal_ayse", "portal_ayse")
        cases = self._get("/my/cases")
        self.assertEqual(cases.status_code, 200)
        self.assertIn(self.case_a.subject, cases.text)
        self.assertNotIn(self.case_b.subject, cases.text)
        contracts = self._get("/my/contracts")
        self.assertIn(self.contract_a.name, contracts.text)
        self.assertNotIn(self.contract_b.name, contracts.text)
        assets = self._get("/my/assets")
        self.assertIn(self.lot_a.name, assets.text)
        self.assertNotIn(self.lot_b.name, assets.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["crm_tr_case_count", "crm_tr_contract_count", "crm_tr_asset_count"]}
        )
        self.assertEqual(counters, {"crm_tr_case_count": 1, "crm_tr_contract_count": 1, "crm_tr_asset_count": 1})
        # Filters: the case is new, so open, not closed.
        self.assertIn(self.case_a.subject, self._get("/my/cases?filterby=open&sortby=stage").text)
        self.assertNotIn(self.case_a.subject, self._get("/my/cases?filterby=closed").text)

    def test_contract_shows_remaining_entitlements(self):
        self.authenticate("portal_ayse", "portal_ayse")
        page = self._get(f"/my/contracts/{self.contract_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.contract_a.name, page.text)
        self.assertIn(self.lot_a.name, page.text)
        self.assertRegex(page.text, r'o_crm_tr_remaining_visits"[^>]*>4<')
        self._assert_refused(self._get(f"/my/contracts/{self.contract_b.id}"))

    # ------------------------------------------------------------------ guessing

    def test_other_customers_case_is_refused(self):
        self.authenticate("portal_ayse", "portal_ayse")
        own = self._get(f"/my/cases/{self.case_a.id}")
        self.assertEqual(own.status_code, 200)
        self.assertIn(self.case_a.subject, own.text)
        self._assert_refused(self._get(f"/my/cases/{self.case_b.id}"))
        # A's own token does not open B's case, nor does a guessed one.
        token_a = self.case_a._portal_ensure_token()
        self.case_b._portal_ensure_token()
        self._assert_refused(self._get(f"/my/cases/{self.case_b.id}?access_token={token_a}"))
        self._assert_refused(self._get(f"/my/cases/{self.case_b.id}?access_token=00000000-0000-0000-0000-000000000000"))
        self._assert_refused(self._get(f"/my/cases/{self.case_b.id + 100000}"))

    def test_access_token_opens_the_case_without_login(self):
        token = self.case_a._portal_ensure_token()
        self._assert_refused(self._get(f"/my/cases/{self.case_a.id}"))
        page = self._get(f"/my/cases/{self.case_a.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.case_a.subject, page.text)
        self._assert_refused(self._get(f"/my/cases/{self.case_b.id}?access_token={token}"))

    # ------------------------------------------------------------------ creating

    def _post_case(self, **values):
        data = {"csrf_token": self.csrf_token(), "subject": "Klima ses yapıyor", "description": "Gece ses var."}
        data.update(values)
        return self.url_open("/my/cases/new", data=data, allow_redirects=False)

    def csrf_token(self):
        page = self._get("/my/cases/new")
        self.assertEqual(page.status_code, 200)
        return page.text.split('name="csrf_token" value="')[1].split('"')[0]

    def test_case_with_another_customers_serial_is_refused(self):
        self.authenticate("portal_ayse", "portal_ayse")
        Case = self.env["crm_tr.service.case"]
        before = Case.search_count([])
        form = self._get("/my/cases/new")
        self.assertIn(self.lot_a.name, form.text)
        self.assertNotIn(self.lot_b.name, form.text, "the form offers the customer's own serials only")
        response = self._post_case(lot_id=str(self.lot_b.id))
        self.assertEqual(response.status_code, 400)
        self.assertIn("This serial number is not registered to your company", response.text)
        self.assertEqual(Case.search_count([]), before, "nothing is created")
        self.assertEqual(self._post_case(lot_id="abc").status_code, 400)
        self.assertEqual(self._post_case(subject="  ").status_code, 400)
        self.assertEqual(Case.search_count([]), before)

    def test_case_with_own_serial_is_created(self):
        self.authenticate("portal_ayse", "portal_ayse")
        response = self._post_case(lot_id=str(self.lot_a.id))
        self.assertIn(response.status_code, (302, 303))
        case = self.env["crm_tr.service.case"].search([("subject", "=", "Klima ses yapıyor")])
        self.assertEqual(len(case), 1)
        self.assertEqual(
            (case.channel, case.partner_id, case.lot_id, case.product_id, case.company_id, case.state),
            ("portal", self.contact_a, self.lot_a, self.product, self.company_a, "new"),
        )
        self.assertFalse(case.user_id == self.portal_a, "the customer is never the one assigned")
        self.assertEqual(case.team_id, self.env["crm_tr.service.team"]._crm_tr_default_team(self.company_a))
        self.assertIn(self.contact_a, case.message_partner_ids)
        self.assertTrue(response.headers["Location"].endswith(f"/my/cases/{case.id}"))
        self.assertIn("Klima ses yapıyor", self._get(f"/my/cases/{case.id}").text)

    # ------------------------------------------------------------------ messages

    def test_customer_posts_a_message_on_own_case_only(self):
        self.authenticate("portal_ayse", "portal_ayse")
        token_a = self.case_a._portal_ensure_token()
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "crm_tr.service.case",
                "thread_id": self.case_a.id,
                "post_data": {"body": "Teknisyen ne zaman gelir?", "message_type": "comment"},
                "token": token_a,
            },
        )
        message = self.case_a.message_ids.filtered(lambda m: "Teknisyen ne zaman gelir?" in (m.body or ""))
        self.assertEqual(message.author_id, self.contact_a)
        # Refused by mail's access check (NotFound), which odoo.http logs as an error.
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "crm_tr.service.case",
                    "thread_id": self.case_b.id,
                    "post_data": {"body": "Sızma denemesi", "message_type": "comment"},
                    "token": token_a,
                },
            )
        self.assertFalse(self.case_b.message_ids.filtered(lambda m: "Sızma denemesi" in (m.body or "")))

    # ------------------------------------------------------------------ articles

    def test_article_search_returns_published_only(self):
        Article = self.env["crm_tr.service.article"]
        published = Article.create(
            {
                "name": "Klima filtresi temizliği",
                "keywords": "filtre",
                "body": "<p>Filtreyi yıkayın.</p>",
                "is_published": True,
            }
        )
        draft = Article.create(
            {"name": "Klima filtresi iç not", "keywords": "filtre", "body": "<p>Gizli.</p>", "is_published": False}
        )
        self.authenticate("portal_ayse", "portal_ayse")
        page = self._get("/my/articles?search=filtre")
        self.assertEqual(page.status_code, 200)
        self.assertIn(published.name, page.text)
        self.assertNotIn(draft.name, page.text)
        self.assertIn("Filtreyi yıkayın", self._get(f"/my/articles/{published.id}").text)
        hidden = self._get(f"/my/articles/{draft.id}")
        self.assertIn(hidden.status_code, (302, 303))
        self.assertNotIn("Gizli", hidden.text)
