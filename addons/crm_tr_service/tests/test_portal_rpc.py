from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from odoo.addons.crm_tr_sms.tests.common import CrmTrTwoCompanyHttpCase

ACCESS_ERROR = "odoo.exceptions.AccessError"


@tagged("post_install", "-at_install")
class TestServicePortalRpc(CrmTrTwoCompanyHttpCase):
    """A portal customer calling Odoo's generic RPC (/web/dataset/call_kw) on the service
    models: their own company's records only, the fields the portal shows only, no writes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.company_a
        Partner = cls.env["res.partner"]
        cls.customer_a = Partner.create({"name": "Yıldız Otel A.Ş.", "is_company": True})
        cls.customer_b = Partner.create({"name": "Deniz Lokanta Ltd.", "is_company": True})
        cls.contact_a = Partner.create({"name": "Ayşe Yıldız", "parent_id": cls.customer_a.id, "email": "ayse@x.tr"})
        cls.contact_b = Partner.create({"name": "Berk Deniz", "parent_id": cls.customer_b.id, "email": "berk@x.tr"})
        cls.portal_a = cls._crm_tr_user("rpc_ayse", "base.group_portal", partner_id=cls.contact_a.id)
        cls.technician = cls._crm_tr_user("rpc_tech", "crm_tr_service.group_service_technician")
        product = (
            cls.env["product.product"]
            .with_company(company)
            .create({"name": "Split Klima 18000 BTU", "is_storable": True, "tracking": "serial"})
        )
        Lot = cls.env["stock.lot"]
        cls.lot_a = Lot.create(
            {
                "name": "RPC-A-0001",
                "product_id": product.id,
                "company_id": company.id,
                "crm_tr_partner_id": cls.customer_a.id,
            }
        )
        cls.lot_b = Lot.create(
            {
                "name": "RPC-B-0002",
                "product_id": product.id,
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
                "user_id": cls.technician.id,
                "priority": "2",
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
        values = {
            "company_id": company.id,
            "date_start": "2026-01-01",
            "date_end": "2026-12-31",
            "entitlement_visits": 4,
        }
        cls.contract_a = Contract.create(dict(values, partner_id=cls.customer_a.id))
        cls.contract_b = Contract.create(dict(values, partner_id=cls.customer_b.id))
        (cls.contract_a | cls.contract_b).action_activate()

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}.{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _assert_refused(self, model, method, *args, **kwargs):
        with self.assertRaises(JsonRpcException) as refused, mute_logger("odoo.http"):
            self._call(model, method, *args, **kwargs)
        self.assertEqual(str(refused.exception), ACCESS_ERROR)

    def test_search_read_finds_only_the_customers_own_records(self):
        self.authenticate("rpc_ayse", "rpc_ayse")
        both = [("id", "in", (self.case_a | self.case_b).ids)]
        rows = self._call("crm_tr.service.case", "search_read", both, fields=["name", "subject", "state"])
        self.assertEqual([row["id"] for row in rows], self.case_a.ids)
        self.assertEqual(rows[0]["subject"], "Lobi kliması su damlatıyor")
        self.assertEqual(
            self._call("crm_tr.service.case", "search_read", [("id", "=", self.case_b.id)], fields=["name"]), []
        )
        contracts = [("id", "in", (self.contract_a | self.contract_b).ids)]
        self.assertEqual(self._call("crm_tr.service.contract", "search", contracts), self.contract_a.ids)
        lots = [("id", "in", (self.lot_a | self.lot_b).ids)]
        self.assertEqual(self._call("stock.lot", "search", lots), self.lot_a.ids)
        # Read by id: another customer's case is refused outright.
        self._assert_refused("crm_tr.service.case", "read", self.case_b.ids, ["subject"])

    def test_internal_fields_of_own_records_are_refused(self):
        self.authenticate("rpc_ayse", "rpc_ayse")
        for model, record, field in (
            ("crm_tr.service.case", self.case_a, "user_id"),
            ("crm_tr.service.case", self.case_a, "technician_id"),
            ("crm_tr.service.case", self.case_a, "team_id"),
            ("crm_tr.service.case", self.case_a, "sla_deadline"),
            ("crm_tr.service.case", self.case_a, "crm_tr_visit_cost"),
            ("crm_tr.service.case", self.case_a, "crm_tr_survey_url"),
            ("crm_tr.service.contract", self.contract_a, "margin"),
            ("crm_tr.service.contract", self.contract_a, "visit_cost"),
            ("stock.lot", self.lot_a, "avg_cost"),
        ):
            with self.subTest(model=model, field=field):
                self._assert_refused(model, "read", record.ids, [field])
        # Searching on an internal field is refused as well: it would reveal it.
        self._assert_refused("crm_tr.service.case", "search", [("user_id", "=", self.technician.id)])
        # Asking for every field is refused too (Odoo reads them all or none).
        self._assert_refused("crm_tr.service.case", "read", self.case_a.ids)
        # What the portal page shows is readable.
        (row,) = self._call(
            "crm_tr.service.case", "read", self.case_a.ids, ["name", "subject", "state", "lot_id", "date_open"]
        )
        self.assertEqual(
            (row["subject"], row["state"], row["lot_id"][0]), ("Lobi kliması su damlatıyor", "new", self.lot_a.id)
        )

    def test_customer_writes_nothing_through_rpc(self):
        self.authenticate("rpc_ayse", "rpc_ayse")
        self._assert_refused("crm_tr.service.case", "write", self.case_a.ids, {"subject": "Değiştirildi"})
        self._assert_refused("crm_tr.service.case", "write", self.case_a.ids, {"user_id": False})
        self._assert_refused("crm_tr.service.case", "unlink", self.case_a.ids)
        self._assert_refused(
            "crm_tr.service.case", "create", [{"subject": "RPC", "partner_id": self.contact_a.id, "priority": "3"}]
        )
        self._assert_refused("crm_tr.service.contract", "write", self.contract_a.ids, {"entitlement_visits": 99})
        self._assert_refused("stock.lot", "write", self.lot_a.ids, {"crm_tr_partner_id": self.customer_b.id})
        self.assertEqual((self.case_a.subject, self.case_a.user_id), ("Lobi kliması su damlatıyor", self.technician))
        self.assertEqual(self.env["crm_tr.service.case"].search_count([("subject", "=", "RPC")]), 0)
        self.assertEqual(self.contract_a.entitlement_visits, 4)

    def test_portal_pages_still_show_the_case(self):
        self.authenticate("rpc_ayse", "rpc_ayse")
        page = self.url_open(f"/my/cases/{self.case_a.id}", allow_redirects=False)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Lobi kliması su damlatıyor", page.text)
        listing = self.url_open("/my/cases", allow_redirects=False)
        self.assertIn(self.case_a.name, listing.text)
        self.assertNotIn(self.case_b.name, listing.text)
