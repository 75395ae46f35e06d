from odoo.tests import tagged

from .common_h2 import ReportsDataCase

PIPELINE = "crm_tr.report.pipeline"


@tagged("post_install", "-at_install")
class TestPipeline(ReportsDataCase):
    """Open opportunities of the main company: 1,000 at 10%, 2,000 at 30%, 4,000 at 85%
    (won, archived and plain leads stay out); of the EUR company: 3,000 EUR at 50%
    (1,500 USD)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lead = cls.env["crm.lead"]

        def opportunity(name, revenue, probability, company=None, **values):
            company = company or cls.company
            return Lead.with_company(company).create(
                {
                    "name": name,
                    "type": "opportunity",
                    "partner_id": cls.anka.id,
                    "expected_revenue": revenue,
                    "probability": probability,
                    "company_id": company.id,
                    **values,
                }
            )

        cls.low = opportunity("Düşük", 1000, 10)
        opportunity("Orta", 2000, 30)
        opportunity("Yüksek", 4000, 85)
        opportunity("Kazanıldı", 9000, 50).action_set_won()
        opportunity("Arşiv", 9000, 50).action_archive()
        opportunity("Aday", 9000, 50, type="lead")
        opportunity("Trakya", 3000, 50, company=cls.other_company, team_id=False)

    def test_bands(self):
        report = self._both(PIPELINE)
        rows = report._read_group(
            [], ["probability_band"], ["opportunity_count:sum", "expected_revenue:sum", "weighted_revenue:sum"]
        )
        self.assertEqual(
            rows,
            [
                ("0_20", 1, 1000.0, 100.0),
                ("20_40", 1, 2000.0, 600.0),
                ("40_60", 1, 1500.0, 750.0),
                ("80_100", 1, 4000.0, 3400.0),
            ],
        )
        main = self._main(PIPELINE)
        [total] = main._read_group([], [], ["expected_revenue:sum", "weighted_revenue:sum"])
        self.assertEqual(total, (7000.0, 4100.0))
        # Weighted revenue is crm's own prorated revenue, converted.
        leads = self.env["crm.lead"].search(
            [("company_id", "=", self.company.id), ("type", "=", "opportunity"), ("won_status", "=", "pending")]
        )
        self.assertEqual(sum(leads.mapped("prorated_revenue")), 4100.0)

    def test_a_won_opportunity_leaves_the_pipeline(self):
        self.low.action_set_won()
        main = self._main(PIPELINE)
        self.assertEqual(main.search_count([]), 2)
        self.assertEqual(main.search([("lead_id", "=", self.low.id)]).ids, [])
