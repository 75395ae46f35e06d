from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from .common_h2 import ReportsDataCase

ACCEPTANCE = "crm_tr.report.quotation.acceptance"
MEASURES = [
    "quotation_count:sum",
    "sent_count:sum",
    "confirmed_count:sum",
    "cancelled_count:sum",
    "amount:sum",
    "confirmed_amount:sum",
    "cancelled_amount:sum",
    "acceptance_rate:avg",
]


@tagged("post_install", "-at_install")
class TestQuotationAcceptance(ReportsDataCase):
    """Main company (USD): Anka's quotation of 2,000 sent and unanswered, 1,000 + 1,800
    Bakım confirmed, 3,000 sent then cancelled, a draft never sent; Bora's 1,000 EUR
    quotation confirmed (2 EUR per USD: 500 USD). Second company: Fırat's 900 EUR order
    confirmed (450 USD)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        eur_pricelist = cls.env["product.pricelist"].create(
            {"name": "EUR", "currency_id": cls.eur.id, "company_id": cls.company.id}
        )

        def order(partner, lines, company=None, **values):
            company = company or cls.company
            return (
                cls.env["sale.order"]
                .with_company(company)
                .create(
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "order_line": [
                            Command.create(
                                {"product_id": product.id, "product_uom_qty": qty, "price_unit": price, "tax_ids": []}
                            )
                            for product, qty, price in lines
                        ],
                        **values,
                    }
                )
            )

        cls.unanswered = order(cls.anka_contact, [(cls.product_a, 2, 1000)])
        cls.confirmed = order(cls.anka, [(cls.product_a, 1, 1000), (cls.bakim, 1, 1800)])
        cls.cancelled = order(cls.anka, [(cls.product_a, 3, 1000)])
        cls.draft = order(cls.anka, [(cls.product_a, 9, 1000)])
        cls.in_eur = order(cls.bora, [(cls.product_a, 1, 1000)], pricelist_id=eur_pricelist.id)
        cls.other = order(cls.firat, [(cls.product_a, 1, 900)], company=cls.other_company)
        (cls.unanswered | cls.cancelled).action_quotation_sent()
        (cls.confirmed | cls.in_eur).action_confirm()
        cls.other.with_company(cls.other_company).action_confirm()
        cls.cancelled.action_cancel()

    def test_counts_amounts_and_rate(self):
        self.assertEqual(self.in_eur.currency_id, self.eur)
        report = self._main(ACCEPTANCE)
        [row] = report._read_group([], [], MEASURES)
        # 4 quotations: 1 awaiting, 2 confirmed, 1 cancelled; 2,000 + 2,800 + 3,000 + 500.
        self.assertEqual(row, (4, 1, 2, 1, 8300.0, 3300.0, 3000.0, 50.0))
        self.assertEqual(
            report.search([("order_id", "=", self.draft.id)]).ids, [], "a draft never sent is no quotation"
        )
        self.assertEqual(report.search([("order_id", "=", self.unanswered.id)]).partner_id, self.anka)

    def test_two_companies(self):
        report = self._both(ACCEPTANCE)
        [row] = report._read_group([], [], MEASURES)
        self.assertEqual(row, (5, 1, 3, 1, 8750.0, 3750.0, 3000.0, 60.0))
        per_user = report._read_group([], ["company_id"], ["acceptance_rate:avg", "confirmed_amount:sum"])
        self.assertEqual(per_user, [(self.company, 50.0, 3300.0), (self.other_company, 100.0, 450.0)])

    def test_main_product_and_by_hand(self):
        """The main product is the line with the largest amount; the quoted total matches
        a hand-written sum of the orders converted at their own rate."""
        report = self._main(ACCEPTANCE)
        self.assertEqual(report.search([("order_id", "=", self.confirmed.id)]).product_id, self.bakim)
        by_product = report._read_group([], ["product_id"], ["quotation_count:sum"])
        self.assertEqual(by_product, [(self.product_a, 3), (self.bakim, 1)])
        self.env.flush_all()
        [(by_hand,)] = self.env.execute_query(
            SQL(
                "SELECT SUM(amount_untaxed / currency_rate) FROM sale_order WHERE company_id = %s AND state <> 'draft'",
                self.company.id,
            )
        )
        self.assertEqual(float(by_hand), 8300.0)
