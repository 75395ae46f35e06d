from psycopg2.errors import UniqueViolation

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.crm_tr_sms.tests.common import CrmTrTwoCompanyCase


@tagged("post_install", "-at_install")
class TestWinLoss(CrmTrTwoCompanyCase):
    """Closed opportunities of company A (three) and B (one), with quotations of two products."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        both = cls.company_a | cls.company_b
        cls.rep = cls._crm_tr_user("wl_rep", "sales_team.group_sale_salesman")
        cls.other_rep = cls._crm_tr_user("wl_rep2", "sales_team.group_sale_salesman")
        cls.rep_b = cls._crm_tr_user("wl_rep_b", "sales_team.group_sale_salesman", company=cls.company_b)
        cls.leader = cls._crm_tr_user("wl_leader", "sales_team.group_sale_salesman_all_leads")
        cls.manager = cls._crm_tr_user("wl_manager", "sales_team.group_sale_manager", companies=both)
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=both.ids))

        cls.hvac = cls.env["product.category"].create({"name": "Klima"})
        cls.split = cls.env["product.product"].create({"name": "Split Klima", "categ_id": cls.hvac.id})
        cls.install = cls.env["product.product"].create({"name": "Montaj", "type": "service"})
        cls.customer = cls.env["res.partner"].create(
            {"name": "Yıldız Otelcilik A.Ş.", "state_id": cls.env.ref("base.state_tr_34").id}
        )
        cls.too_expensive = cls.env.ref("crm.lost_reason_1")
        cls.no_stock = cls.env.ref("crm.lost_reason_3")
        Competitor = cls.env["crm_tr.competitor"]
        cls.anadolu = Competitor.create({"name": "Anadolu İklimlendirme"})
        cls.trakya_only = Competitor.create({"name": "Edirne Isı", "company_id": cls.company_b.id})

        Lead = cls.env["crm.lead"]

        def lead(name, user, revenue, company=cls.company_a):
            return Lead.create(
                {
                    "name": name,
                    "type": "opportunity",
                    "partner_id": cls.customer.id,
                    "user_id": user.id,
                    "company_id": company.id,
                    "expected_revenue": revenue,
                }
            )

        cls.won = lead("Otel klimaları", cls.rep, 1000)
        cls.lost = lead("Ofis VRF", cls.rep, 500)
        cls.lost_other = lead("Okul kombileri", cls.other_rep, 700)
        cls.pending = lead("Açık fırsat", cls.rep, 9999)
        cls.won_b = lead("Trakya otel", cls.rep_b, 400, company=cls.company_b)

        def order(opportunity, lines, company=cls.company_a):
            return cls.env["sale.order"].create(
                {
                    "partner_id": cls.customer.id,
                    "company_id": company.id,
                    "opportunity_id": opportunity.id,
                    "order_line": [
                        Command.create({"product_id": p.id, "product_uom_qty": 1, "price_unit": price, "tax_ids": []})
                        for p, price in lines
                    ],
                }
            )

        # Two quotations of the won opportunity, split quoted twice: 300 + 100; montaj 200.
        order(cls.won, [(cls.split, 300), (cls.install, 200)])
        order(cls.won, [(cls.split, 100)])
        order(cls.won, [(cls.install, 999)]).action_cancel()  # cancelled: not quoted
        order(cls.lost_other, [(cls.split, 50)])
        order(cls.pending, [(cls.split, 7777)])  # still open: not in the analysis

        (cls.won | cls.won_b).action_set_won()
        cls.lost.action_set_lost(lost_reason_id=cls.no_stock.id, crm_tr_competitor_id=cls.anadolu.id)
        cls.lost_other.action_set_lost(lost_reason_id=cls.too_expensive.id)
        # A lost lead (not an opportunity) is not a closed opportunity.
        Lead.create({"name": "Soğuk lead", "type": "lead", "company_id": cls.company_a.id}).action_set_lost()

        cls.Report = cls.env["crm_tr.win.loss.report"]
        cls.measures = [
            "opportunity_count:sum",
            "won_count:sum",
            "lost_count:sum",
            "win_rate:avg",
            "expected_revenue:sum",
            "quoted_amount:sum",
            "lead_id:count_distinct",
        ]

    def _as(self, model, user):
        """`model` as `user`, in all his companies."""
        return model.with_user(user).with_context(allowed_company_ids=user.company_ids.ids)

    def _totals(self, report=None, domain=(), groupby=()):
        report = report if report is not None else self.Report
        ours = [("lead_id", "in", (self.won | self.lost | self.lost_other | self.pending | self.won_b).ids)]
        return report._read_group(ours + list(domain), list(groupby), self.measures)

    def test_totals_count_each_opportunity_once(self):
        [totals] = self._totals()
        # 4 closed opportunities, 2 won and 2 lost; revenue 1000 + 500 + 700 + 400;
        # quoted 300 + 200 + 100 (won) + 50 (lost), the cancelled quotation left out.
        self.assertEqual(totals, (4, 2, 2, 50.0, 2600.0, 650.0, 4))

    def test_two_products_not_counted_twice(self):
        rows = self.Report.search([("lead_id", "=", self.won.id)])
        self.assertEqual(rows.product_id, self.split | self.install)
        self.assertEqual(sum(rows.mapped("opportunity_count")), 1)
        self.assertEqual(sum(rows.mapped("expected_revenue")), 1000.0)
        self.assertEqual(sorted(rows.mapped("quoted_amount")), [200.0, 400.0])
        by_product = {
            product: (quoted, opportunities)
            for product, quoted, opportunities in self._report_by(
                "product_id", ["quoted_amount:sum", "lead_id:count_distinct"]
            )
        }
        self.assertEqual(by_product[self.split], (450.0, 2))
        self.assertEqual(by_product[self.install], (200.0, 1))
        # The two opportunities without quotation have one row without product.
        self.assertEqual(by_product[self.env["product.product"]], (0.0, 2))
        by_category = dict(self._report_by("product_categ_id", ["quoted_amount:sum"]))
        self.assertEqual(by_category[self.hvac], 450.0)

    def _report_by(self, groupby, aggregates):
        ours = [("lead_id", "in", (self.won | self.lost | self.lost_other | self.won_b).ids)]
        return self.Report._read_group(ours, [groupby], aggregates)

    def test_dimensions(self):
        by_outcome = {
            o: (n, rev) for o, n, rev in self._report_by("outcome", ["opportunity_count:sum", "expected_revenue:sum"])
        }
        self.assertEqual(by_outcome, {"won": (2, 1400.0), "lost": (2, 1200.0)})
        by_reason = dict(self._report_by("lost_reason_id", ["lost_count:sum"]))
        self.assertEqual(by_reason[self.no_stock], 1)
        self.assertEqual(by_reason[self.too_expensive], 1)
        by_competitor = dict(self._report_by("competitor_id", ["lost_revenue:sum"]))
        self.assertEqual(by_competitor[self.anadolu], 500.0)
        by_rep = {
            u: (won, lost, rate)
            for u, won, lost, rate in self._report_by("user_id", ["won_count:sum", "lost_count:sum", "win_rate:avg"])
        }
        self.assertEqual(by_rep[self.rep], (1, 1, 50.0))
        self.assertEqual(by_rep[self.other_rep], (0, 1, 0.0))
        self.assertEqual(by_rep[self.rep_b], (1, 0, 100.0))
        by_company = dict(self._report_by("company_id", ["opportunity_count:sum"]))
        self.assertEqual(by_company, {self.company_a: 3, self.company_b: 1})
        # Province from the customer (the leads have none of their own).
        by_state = dict(self._report_by("state_id", ["opportunity_count:sum"]))
        self.assertEqual(by_state, {self.env.ref("base.state_tr_34"): 4})
        self.assertTrue(all(self.Report.search([("lead_id", "=", self.lost.id)]).mapped("date_closed")))

    def test_access_per_role(self):
        # A rep: his own closed opportunities of his company.
        [own] = self._totals(self._as(self.Report, self.rep))
        self.assertEqual(own[:3], (2, 1, 1))
        [other] = self._totals(self._as(self.Report, self.other_rep))
        self.assertEqual(other[:3], (1, 0, 1))
        # Company B's rep sees company B only.
        [in_b] = self._totals(self._as(self.Report, self.rep_b))
        self.assertEqual(in_b[:3], (1, 1, 0))
        # A team leader of company A: all of A, nothing of B.
        [leader] = self._totals(self._as(self.Report, self.leader))
        self.assertEqual(leader[:3], (3, 1, 2))
        # A manager of both companies: everything.
        manager_report = self._as(self.Report, self.manager).with_context(
            allowed_company_ids=(self.company_a | self.company_b).ids
        )
        [everything] = self._totals(manager_report)
        self.assertEqual(everything[:3], (4, 2, 2))
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_model"):
            self._as(self.Report, self.employee_a).search([])

    def test_region_of_the_province(self):
        if "crm_tr_region_id" not in self.env["res.country.state"]._fields:
            self.skipTest("res.country.state.crm_tr_region_id (crm_tr.region) is not installed")
        marmara = self.env["crm_tr.region"].create({"name": "Marmara Bölgesi"})
        self.env.ref("base.state_tr_34").crm_tr_region_id = marmara
        by_region = dict(self._report_by("region_id", ["opportunity_count:sum"]))
        self.assertEqual(by_region, {marmara: 4})

    def test_lost_wizard_records_reason_and_competitor(self):
        lead = self.env["crm.lead"].create(
            {"name": "Klinik", "type": "opportunity", "user_id": self.rep.id, "company_id": self.company_a.id}
        )
        wizard = self._as(self.env["crm.lead.lost"], self.rep).create(
            {
                "lead_ids": [Command.set(lead.ids)],
                "lost_reason_id": self.too_expensive.id,
                "crm_tr_competitor_id": self.anadolu.id,
            }
        )
        wizard.action_lost_reason_apply()
        self.assertEqual(
            (lead.won_status, lead.lost_reason_id, lead.crm_tr_competitor_id),
            ("lost", self.too_expensive, self.anadolu),
        )
        row = self.Report.search([("lead_id", "=", lead.id)])
        self.assertEqual(
            (row.outcome, row.competitor_id, row.lost_reason_id), ("lost", self.anadolu, self.too_expensive)
        )
        # The competitor stays optional, as Odoo's reason does.
        other = lead.copy({"name": "Klinik 2"})
        self.env["crm.lead.lost"].create({"lead_ids": [Command.set(other.ids)]}).action_lost_reason_apply()
        self.assertEqual((other.won_status, other.crm_tr_competitor_id.id), ("lost", False))
        # Restored, it is lost to no one.
        lead.action_restore()
        self.assertFalse(lead.crm_tr_competitor_id)
        self.assertFalse(self.Report.search([("lead_id", "=", lead.id)]))

    def test_competitor_of_another_company_is_refused(self):
        lead = self.env["crm.lead"].create(
            {"name": "Fabrika", "type": "opportunity", "user_id": self.rep.id, "company_id": self.company_a.id}
        )
        with self.assertRaisesRegex(ValidationError, "Edirne Isı belongs to Trakya Klima"), self.env.cr.savepoint():
            lead.action_set_lost(crm_tr_competitor_id=self.trakya_only.id)
        lead.invalidate_recordset()
        self.assertEqual((lead.active, lead.crm_tr_competitor_id.id), (True, False), "nothing changed")

    def test_competitor_access(self):
        Competitor = self.env["crm_tr.competitor"]
        self.assertEqual(self._as(Competitor, self.rep).search([("id", "=", self.anadolu.id)]), self.anadolu)
        self.assertFalse(self._as(Competitor, self.rep).search([("id", "=", self.trakya_only.id)]))
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_model"):
            self._as(Competitor, self.rep).create({"name": "Yeni Rakip"})
        new = self._as(Competitor, self.manager).create({"name": "Yeni Rakip"})
        self.assertEqual(new.lost_count, 0)
        self.assertEqual(self.anadolu.lost_count, 1)
        with (
            self.assertRaises(UniqueViolation),  # shown as the index's message through RPC
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            Competitor.create({"name": "anadolu iklimlendirme"})
            self.env.flush_all()
