import logging

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.crm_tr_sms.tests.common import CrmTrTwoCompanyCase

_logger = logging.getLogger(__name__)

REGION_SIZES = {"MAR": 11, "EGE": 8, "AKD": 8, "ICA": 13, "KAR": 18, "DOG": 14, "GDA": 9}


def _state(env, code):
    return env.ref(f"base.state_tr_{code}")


def _region(env, code):
    return env["crm_tr.region"].search([("code", "=", code)])


@tagged("post_install", "-at_install")
class TestTerritory(CrmTrTwoCompanyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.manager_a = cls._crm_tr_user("terr_manager_a", "sales_team.group_sale_manager")
        cls.leader_a = cls._crm_tr_user("terr_leader_a", "sales_team.group_sale_salesman_all_leads")
        cls.rep_a = cls._crm_tr_user("terr_rep_a", "sales_team.group_sale_salesman")
        cls.rep_ege_a = cls._crm_tr_user("terr_rep_ege_a", "sales_team.group_sale_salesman")
        cls.leader_b = cls._crm_tr_user(
            "terr_leader_b", "sales_team.group_sale_salesman_all_leads", company=cls.company_b
        )
        cls.rep_b = cls._crm_tr_user("terr_rep_b", "sales_team.group_sale_salesman", company=cls.company_b)
        Team = env["crm.team"]
        cls.team_a = Team.create({"name": "Marmara Ekibi", "company_id": cls.company_a.id})
        cls.team_ege_a = Team.create({"name": "Ege Ekibi", "company_id": cls.company_a.id})
        cls.team_leaders_a = Team.create(
            {"name": "Yönetim", "company_id": cls.company_a.id, "member_ids": [Command.set(cls.leader_a.ids)]}
        )
        cls.team_b = Team.create({"name": "Trakya Ekibi", "company_id": cls.company_b.id})
        cls.istanbul, cls.izmir, cls.manisa = _state(env, "34"), _state(env, "35"), _state(env, "45")
        cls.ankara, cls.yalova = _state(env, "06"), _state(env, "77")
        Territory = env["crm_tr.territory"]
        cls.marmara_a = Territory.create(
            {
                "name": "Marmara A",
                "company_id": cls.company_a.id,
                "team_id": cls.team_a.id,
                "user_id": cls.rep_a.id,
                "region_ids": [Command.set(_region(env, "MAR").ids)],
            }
        )
        cls.ege_a = Territory.create(
            {
                "name": "İzmir ve Manisa A",
                "company_id": cls.company_a.id,
                "team_id": cls.team_ege_a.id,
                "user_id": cls.rep_ege_a.id,
                "state_ids": [Command.set((cls.izmir | cls.manisa).ids)],
            }
        )
        cls.ege_b = Territory.create(
            {
                "name": "Ege B",
                "company_id": cls.company_b.id,
                "team_id": cls.team_b.id,
                "user_id": cls.rep_b.id,
                "region_ids": [Command.set(_region(env, "EGE").ids)],
            }
        )

    def _territory_in(self, partner, company):
        return partner.with_company(company).crm_tr_territory_id

    # Data -----------------------------------------------------------------------------------
    def test_regions_and_provinces(self):
        """81 provinces, 7 regions, each province in exactly one region, the official sizes."""
        provinces = self.env["res.country.state"].search([("country_id.code", "=", "TR")])
        self.assertEqual(len(provinces), 81)
        self.assertFalse(provinces.filtered(lambda s: not s.crm_tr_region_id))
        regions = self.env["crm_tr.region"].search([])
        self.assertEqual(len(regions), 7)
        self.assertEqual({r.code: len(r.state_ids) for r in regions}, REGION_SIZES)
        self.assertEqual(sum(regions.mapped("state_count")), 81)
        spot = {
            "11": "MAR", "54": "MAR", "41": "MAR", "77": "MAR", "81": "KAR", "67": "KAR", "14": "KAR",
            "43": "EGE", "03": "EGE", "64": "EGE", "32": "AKD", "15": "AKD", "46": "AKD", "80": "AKD",
            "44": "DOG", "23": "DOG", "02": "GDA", "79": "GDA", "40": "ICA", "68": "ICA", "70": "ICA",
        }  # fmt: skip
        self.assertEqual({code: _state(self.env, code).crm_tr_region_id.code for code in spot}, spot)

    # Territories ----------------------------------------------------------------------------
    def test_covered_provinces(self):
        self.assertEqual(len(self.marmara_a.covered_state_ids), 11)
        self.assertIn(self.yalova, self.marmara_a.covered_state_ids)
        self.assertEqual(self.ege_a.covered_state_ids, self.izmir | self.manisa)
        self.ege_a.region_ids = _region(self.env, "DOG")
        self.assertEqual(len(self.ege_a.covered_state_ids), 16)

    def test_overlap_refused(self):
        """A province in two active territories of one company is refused, naming both; nothing
        is saved. Another company, or an archived territory, may have it."""
        Territory = self.env["crm_tr.territory"]
        count = Territory.search_count([])
        with (
            self.assertRaisesRegex(ValidationError, "İzmir is already in the territory İzmir ve Manisa A"),
            self.env.cr.savepoint(),
        ):
            Territory.create(
                {"name": "Ege A", "company_id": self.company_a.id, "region_ids": _region(self.env, "EGE").ids}
            )
        self.assertEqual(Territory.search_count([]), count)
        with (
            self.assertRaisesRegex(ValidationError, "İstanbul is already in the territory Marmara A"),
            self.env.cr.savepoint(),
        ):
            self.ege_a.state_ids = [Command.link(self.istanbul.id)]
        self.ege_a.invalidate_recordset()
        self.assertEqual(self.ege_a.state_ids, self.izmir | self.manisa)
        # Two new territories of one batch overlapping each other.
        with self.assertRaisesRegex(ValidationError, "Ankara is already in the territory"), self.env.cr.savepoint():
            Territory.create(
                [
                    {"name": "Orta 1", "company_id": self.company_a.id, "state_ids": self.ankara.ids},
                    {"name": "Orta 2", "company_id": self.company_a.id, "state_ids": self.ankara.ids},
                ]
            )
        # Archived: allowed, and reactivating it is refused.
        old = Territory.create(
            {"name": "Eski İzmir", "company_id": self.company_a.id, "state_ids": self.izmir.ids, "active": False}
        )
        with self.assertRaisesRegex(ValidationError, "İzmir is already in the territory"), self.env.cr.savepoint():
            old.active = True
        # A rep of another company is refused too.
        with self.assertRaisesRegex(ValidationError, "may not work in"), self.env.cr.savepoint():
            old.user_id = self.rep_b

    # Customers ------------------------------------------------------------------------------
    def test_partner_gets_territory_from_province(self):
        """Per company: İzmir is İzmir ve Manisa A in company A and Ege B in company B."""
        Partner = self.env["res.partner"].with_company(self.company_a)
        customer = Partner.create({"name": "Ege Tekstil", "is_company": True, "state_id": self.izmir.id})
        contact = Partner.create({"name": "Ali Veli", "parent_id": customer.id, "state_id": self.izmir.id})
        own_user_partner = self.rep_a.partner_id
        self.assertEqual(self._territory_in(customer, self.company_a), self.ege_a)
        self.assertEqual(self._territory_in(customer, self.company_b), self.ege_b)
        # In the current company, a new customer gets the territory's rep and team.
        self.assertEqual(customer.user_id, self.rep_ege_a)
        self.assertEqual(customer.with_company(self.company_a).crm_tr_team_id, self.team_ege_a)
        self.assertFalse(customer.with_company(self.company_b).crm_tr_team_id)
        self.assertFalse(self._territory_in(contact, self.company_a), "a contact person has no territory")
        customer.state_id = self.istanbul
        self.assertEqual(self._territory_in(customer, self.company_a), self.marmara_a)
        self.assertFalse(self._territory_in(customer, self.company_b))
        self.assertEqual(customer.user_id, self.rep_ege_a, "a salesperson already set is kept")
        customer.state_id = self.ankara
        self.assertFalse(self._territory_in(customer, self.company_a))
        own_user_partner.state_id = self.istanbul
        self.assertFalse(self._territory_in(own_user_partner, self.company_a), "our users are not customers")

    def test_assign_customers(self):
        """The wizard: customers of the provinces get the territory, and its rep and team where
        empty (or always with overwrite); customers that left its provinces lose it."""
        Partner = self.env["res.partner"]  # the main company: nothing set for company A yet but the territory
        ist1 = Partner.create({"name": "Boğaziçi Hastanesi", "is_company": True, "state_id": self.istanbul.id})
        ist2 = Partner.create({"name": "Ayşe Yılmaz", "state_id": self.yalova.id, "user_id": self.leader_a.id})
        ist_b_only = Partner.create(
            {"name": "Trakya Süt", "is_company": True, "state_id": self.istanbul.id, "company_id": self.company_b.id}
        )
        ank = Partner.create({"name": "Başak Gıda", "is_company": True, "state_id": self.ankara.id})
        self.assertEqual(self._territory_in(ist1, self.company_a), self.marmara_a)
        self.assertFalse(ist1.user_id)
        self.assertFalse(self._territory_in(ist_b_only, self.company_a))

        wizard = (
            self.env["crm_tr.territory.assign.wizard"]
            .with_user(self.manager_a)
            .create({"territory_ids": [Command.set(self.marmara_a.ids)]})
        )
        wizard.action_assign()
        self.assertEqual((ist1 | ist2).user_id, self.rep_a | self.leader_a)
        self.assertEqual(ist1.user_id, self.rep_a)
        self.assertEqual(ist2.user_id, self.leader_a, "kept without overwrite")
        self.assertEqual((ist1 | ist2).with_company(self.company_a).crm_tr_team_id, self.team_a)
        self.assertFalse(ist_b_only.user_id)
        self.assertFalse(ank.user_id)

        wizard.overwrite = True
        wizard.action_assign()
        self.assertEqual(ist2.user_id, self.rep_a)

        # İstanbul leaves the territory's provinces (written under the ORM): the next run clears it.
        self.env.cr.execute(SQL("UPDATE res_partner SET state_id = %s WHERE id = %s", self.ankara.id, ist1.id))
        ist1.invalidate_recordset()
        self.marmara_a._crm_tr_assign_customers()
        self.assertFalse(self._territory_in(ist1, self.company_a))
        self.assertEqual(self.marmara_a.customer_count, len(self.marmara_a.action_view_customers()["domain"][0][2]))
        self.assertIn(ist2.id, self.marmara_a.action_view_customers()["domain"][0][2])
        self.assertNotIn(ist1.id, self.marmara_a.action_view_customers()["domain"][0][2])

    def _assign_queries(self, territory, count):
        """Queries to assign `count` new customers of Erzurum (created beforehand)."""
        erzurum = _state(self.env, "25")
        partners = self.env["res.partner"].create(
            [{"name": f"Erzurum {i}", "state_id": erzurum.id} for i in range(count)]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        territory._crm_tr_assign_customers()
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        self.assertEqual(partners.with_company(territory.company_id).crm_tr_territory_id, territory)
        self.assertEqual(partners.user_id, territory.user_id)
        self.assertEqual(partners.with_company(territory.company_id).crm_tr_team_id, territory.team_id)
        return queries

    def test_assign_query_count_is_flat(self):
        """Assigning 100 new customers costs the same queries as assigning 10 (Eastern
        Anatolia: no other customers there)."""
        east = self.env["crm_tr.territory"].create(
            {
                "name": "Doğu B",
                "company_id": self.company_b.id,
                "team_id": self.team_b.id,
                "user_id": self.rep_b.id,
                "region_ids": _region(self.env, "DOG").ids,
            }
        )
        self.assertFalse(self.env["res.partner"].search_count([("state_id", "=", _state(self.env, "25").id)]))
        self._assign_queries(east, 5)  # warm the caches (ir.default, registry) once
        queries_10 = self._assign_queries(east, 10)
        queries_100 = self._assign_queries(east, 100)
        _logger.info("Assigning customers: %s queries for 10, %s for 100", queries_10, queries_100)
        self.assertEqual(queries_10, queries_100)
        erzurum = _state(self.env, "25")
        self.env["res.partner"].create([{"name": f"Erzurum {i}", "state_id": erzurum.id} for i in range(100)])
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(queries_10):
            east._crm_tr_assign_customers()
            self.env.flush_all()

    # Leads ----------------------------------------------------------------------------------
    def test_lead_routing(self):
        Lead = self.env["crm.lead"]
        as_leader = Lead.with_user(self.leader_a)
        # No salesperson or team given: the leader's own defaults are replaced by the territory's.
        lead = as_leader.create({"name": "Klima teklifi", "state_id": self.izmir.id})
        self.assertEqual((lead.user_id, lead.team_id), (self.rep_ege_a, self.team_ege_a))
        self.assertEqual(lead.company_id, self.company_a)
        self.assertEqual(lead.crm_tr_territory_id, self.ege_a)
        self.assertEqual(lead.crm_tr_region_id.code, "EGE")
        # The defaults a form sends (the user and his team) count as no choice.
        lead = as_leader.create(
            {
                "name": "Form",
                "state_id": self.istanbul.id,
                "user_id": self.leader_a.id,
                "team_id": self.team_leaders_a.id,
            }
        )
        self.assertEqual((lead.user_id, lead.team_id), (self.rep_a, self.team_a))
        # The province of the customer when the lead has none of its own.
        customer = self.env["res.partner"].create(
            {"name": "Manisa Bağ", "is_company": True, "state_id": self.manisa.id}
        )
        lead = as_leader.create({"name": "Müşteriden", "partner_id": customer.id})
        self.assertEqual(lead.user_id, self.rep_ege_a)
        # Mail gateway: no salesperson at all.
        lead = as_leader.with_context(default_user_id=False).create({"name": "E-posta", "state_id": self.izmir.id})
        self.assertEqual(lead.user_id, self.rep_ege_a)
        # Chosen: another salesperson, a team from the screen, a column of the pipeline.
        lead = as_leader.create({"name": "Seçili", "state_id": self.izmir.id, "user_id": self.rep_a.id})
        self.assertEqual(lead.user_id, self.rep_a)
        lead = as_leader.with_context(default_team_id=self.team_a.id).create(
            {"name": "Ekip", "state_id": self.izmir.id}
        )
        self.assertEqual((lead.user_id, lead.team_id), (self.leader_a, self.team_a))
        self.assertEqual(lead.crm_tr_territory_id, self.ege_a, "the territory is still the province's")
        lead = as_leader.create({"name": "Ekip 2", "state_id": self.izmir.id, "team_id": self.team_a.id})
        self.assertEqual(lead.team_id, self.team_a)
        # Without a territory for the province: Odoo's defaults.
        lead = as_leader.create({"name": "Ankara", "state_id": self.ankara.id})
        self.assertEqual(lead.user_id, self.leader_a)
        self.assertFalse(lead.crm_tr_territory_id)
        self.assertEqual(lead.crm_tr_region_id.code, "ICA")
        # A rep who sees only his own leads keeps the lead he enters.
        lead = Lead.with_user(self.rep_a).create({"name": "Kendi", "state_id": self.izmir.id})
        self.assertEqual(lead.user_id, self.rep_a)

    def test_lead_routing_other_company(self):
        Lead = self.env["crm.lead"].with_user(self.leader_b)
        lead = Lead.create({"name": "İzmir B", "state_id": self.izmir.id})
        self.assertEqual((lead.user_id, lead.team_id, lead.company_id), (self.rep_b, self.team_b, self.company_b))
        self.assertEqual(lead.crm_tr_territory_id, self.ege_b)
        lead = Lead.create({"name": "İstanbul B", "state_id": self.istanbul.id})
        self.assertEqual(lead.user_id, self.leader_b, "company A's territory does not route company B's lead")
        self.assertFalse(lead.crm_tr_territory_id)

    def test_lead_territory_follows_territories(self):
        lead = self.env["crm.lead"].create(
            {"name": "Ankara", "state_id": self.ankara.id, "company_id": self.company_a.id, "user_id": False}
        )
        self.assertFalse(lead.crm_tr_territory_id)
        centre = self.env["crm_tr.territory"].create(
            {"name": "Orta A", "company_id": self.company_a.id, "state_ids": self.ankara.ids}
        )
        self.assertEqual(lead.crm_tr_territory_id, centre)
        centre.active = False
        self.assertFalse(lead.crm_tr_territory_id)
        groups = self.env["crm.lead"]._read_group([("id", "=", lead.id)], ["crm_tr_region_id"], ["__count"])
        self.assertEqual([(region.code, count) for region, count in groups], [("ICA", 1)])

    # Access ---------------------------------------------------------------------------------
    def test_access(self):
        Territory = self.env["crm_tr.territory"]
        self.assertEqual(Territory.with_user(self.rep_a).search([]), self.marmara_a | self.ege_a)
        self.assertEqual(Territory.with_user(self.rep_b).search([]), self.ege_b, "company B sees its own only")
        with self.assertRaises(AccessError):
            self.marmara_a.with_user(self.rep_a).name = "Benim"
        with self.assertRaises(AccessError):
            Territory.with_user(self.leader_a).create({"name": "X", "company_id": self.company_a.id})
        with self.assertRaises(AccessError):
            self.ege_b.with_user(self.manager_a).read(["name"])
        self.marmara_a.with_user(self.manager_a).name = "Marmara"
        self.assertEqual(self.marmara_a.name, "Marmara")
        Region = self.env["crm_tr.region"]
        self.assertEqual(len(Region.with_user(self.employee_a).search([])), 7)
        with self.assertRaises(AccessError):
            Region.with_user(self.rep_a).search([], limit=1).name = "X"
        with self.assertRaises(AccessError):
            self.env["crm_tr.territory.assign.wizard"].with_user(self.leader_a).create(
                {"territory_ids": [Command.set(self.marmara_a.ids)]}
            )


@tagged("post_install", "-at_install")
class TestTerritoryInvoiceReport(AccountTestInvoicingCommon):
    """Revenue by region, province and territory in Odoo's invoice analysis."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company_data["company"]
        cls.company_b = cls.setup_other_company(name="Karadeniz Klima Ltd. Şti.")["company"]
        env = cls.env
        Territory = env["crm_tr.territory"].sudo()
        cls.marmara = Territory.create(
            {"name": "Marmara", "company_id": cls.company_a.id, "region_ids": _region(env, "MAR").ids}
        )
        cls.ege = Territory.create(
            {"name": "Ege", "company_id": cls.company_a.id, "region_ids": _region(env, "EGE").ids}
        )
        cls.ege_b = Territory.create(
            {"name": "Ege B", "company_id": cls.company_b.id, "region_ids": _region(env, "EGE").ids}
        )
        Partner = env["res.partner"]
        cls.ist = Partner.create({"name": "Yıldız Otelcilik", "is_company": True, "state_id": _state(env, "34").id})
        cls.ist_contact = Partner.create({"name": "Ayşe", "parent_id": cls.ist.id})
        cls.izm = Partner.create({"name": "Ege Tekstil", "is_company": True, "state_id": _state(env, "35").id})
        cls.ank = Partner.create({"name": "Başak Gıda", "is_company": True, "state_id": _state(env, "06").id})
        cls.product = env["product.product"].create({"name": "Split klima", "list_price": 1000})

    def _invoice(self, partner, amount, move_type="out_invoice", company=None):
        return self._create_invoice(
            move_type=move_type,
            company_id=(company or self.company_a).id,
            partner_id=partner.id,
            invoice_line_ids=[
                Command.create({"product_id": self.product.id, "quantity": 1, "price_unit": amount, "tax_ids": []})
            ],
            post=True,
        )

    def _revenue(self, groupby, company):
        Report = self.env["account.invoice.report"].with_company(company)
        domain = [
            ("company_id", "=", company.id),
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("state", "=", "posted"),
        ]
        return {
            (group.display_name if group else False): total
            for group, total in Report._read_group(domain, [groupby], ["price_subtotal:sum"])
        }

    def test_revenue_by_region_province_territory(self):
        self._invoice(self.ist, 1000)
        self._invoice(self.ist_contact, 500)  # the contact's company is the customer
        self._invoice(self.izm, 2000)
        self._invoice(self.izm, 300, move_type="out_refund")
        self._invoice(self.ank, 700)
        self._invoice(self.izm, 4000, company=self.company_b)
        self._create_invoice(
            partner_id=self.izm.id,
            invoice_line_ids=[Command.create({"product_id": self.product.id, "price_unit": 9999, "tax_ids": []})],
            post=False,
        )  # a draft: not counted
        self.assertEqual(
            self._revenue("crm_tr_region_id", self.company_a),
            {"Marmara": 1500.0, "Aegean": 1700.0, "Central Anatolia": 700.0},
        )
        self.assertEqual(
            self._revenue("crm_tr_state_id", self.company_a),
            {"İstanbul (TR)": 1500.0, "İzmir (TR)": 1700.0, "Ankara (TR)": 700.0},
        )
        self.assertEqual(
            self._revenue("crm_tr_territory_id", self.company_a), {"Marmara": 1500.0, "Ege": 1700.0, False: 700.0}
        )
        # Company B: its own invoice and its own territory of the same customer.
        self.assertEqual(self._revenue("crm_tr_territory_id", self.company_b), {"Ege B": 4000.0})
        # The customer moves: the analysis follows (pending writes are flushed first).
        self.izm.state_id = _state(self.env, "34")
        self.assertEqual(self._revenue("crm_tr_territory_id", self.company_a), {"Marmara": 3200.0, False: 700.0})
