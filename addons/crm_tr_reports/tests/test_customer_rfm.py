from freezegun import freeze_time

from odoo.tests import tagged

from .common_h2 import ReportsDataCase

RFM = "crm_tr.report.customer.rfm"


@tagged("post_install", "-at_install")
@freeze_time("2026-07-01")
class TestCustomerRfm(ReportsDataCase):
    """Main company, on 2026-07-01 (recency, frequency, revenue):
    Anka 11 days, 3 invoices, 5,000 · Bora 6, 1, 2,000 · Cem 136, 2, 1,000 ·
    Deniz 61, 1, 10,000 · Ege 91, 1, 300. Five customers: ntile(5) gives each a score of
    its own; Bora, Deniz and Ege tie on one invoice and are scored 1, 2, 3 by customer id
    (their creation order)."""

    def _rows(self, report):
        return {row.partner_id: row for row in report.search([])}

    def test_recency_frequency_monetary(self):
        rows = self._rows(self._main(RFM))
        self.assertEqual(len(rows), 5, "a draft-only customer or another company's customer has no row")
        anka = rows[self.anka]
        self.assertEqual(
            (str(anka.first_invoice_date), str(anka.last_invoice_date), anka.recency_days, anka.frequency),
            ("2026-01-10", "2026-06-20", 11, 3),
        )
        self.assertEqual(anka.mean_days_between, 80.5)  # 161 days, two intervals
        self.assertEqual(anka.monetary, 5000.0)  # the credit note is deducted
        self.assertEqual(rows[self.cem].mean_days_between, 14.0)
        self.assertFalse(rows[self.bora].mean_days_between, "one invoice has no interval")
        self.assertEqual(
            {partner.name: (row.recency_days, row.frequency, row.monetary) for partner, row in rows.items()},
            {
                "Anka Otel A.Ş.": (11, 3, 5000.0),
                "Bora Lojistik": (6, 1, 2000.0),
                "Cem Market": (136, 2, 1000.0),
                "Deniz Hastanesi": (61, 1, 10000.0),
                "Ege Okulu": (91, 1, 300.0),
            },
        )

    def test_scores_and_segments(self):
        rows = self._rows(self._main(RFM))
        got = {partner.name: (row.rfm_code, row.segment) for partner, row in rows.items()}
        self.assertEqual(
            got,
            {
                "Anka Otel A.Ş.": ("454", "champions"),
                "Bora Lojistik": ("513", "promising"),
                "Cem Market": ("142", "at_risk"),
                "Deniz Hastanesi": ("325", "need_attention"),
                "Ege Okulu": ("231", "at_risk"),
            },
        )

    def test_pareto(self):
        """Ranked by revenue out of 18,300: Deniz 54.64%, Anka to 81.97% (crosses 80: still A),
        Bora to 92.90% and Cem to 98.36% (B), Ege (C)."""
        rows = self._rows(self._main(RFM))
        got = {
            partner.name: (
                row.revenue_rank,
                round(row.revenue_share, 2),
                round(row.cumulative_share, 2),
                row.pareto_class,
            )
            for partner, row in rows.items()
        }
        self.assertEqual(
            got,
            {
                "Deniz Hastanesi": (1, 54.64, 54.64, "A"),
                "Anka Otel A.Ş.": (2, 27.32, 81.97, "A"),
                "Bora Lojistik": (3, 10.93, 92.9, "B"),
                "Cem Market": (4, 5.46, 98.36, "B"),
                "Ege Okulu": (5, 1.64, 100.0, "C"),
            },
        )
        report = self._main(RFM)
        self.assertEqual(
            report._read_group([], ["pareto_class"], ["customer_count:sum", "monetary:sum"]),
            [("A", 2, 15000.0), ("B", 2, 3000.0), ("C", 1, 300.0)],
        )

    def test_second_company_scored_among_its_own_customers(self):
        """Two customers in the EUR company: ntile(5) only uses the scores 1 and 2, so both
        are Lost; their revenue counts half in USD."""
        report = self._both(RFM)
        rows = {
            row.partner_id.name: (row.rfm_code, row.segment, row.monetary, row.pareto_class)
            for row in report.search([("company_id", "=", self.other_company.id)])
        }
        self.assertEqual(
            rows,
            {"Anka Otel A.Ş.": ("112", "lost", 2250.0, "A"), "Fırat Yapı": ("221", "lost", 500.0, "B")},
        )
        self.assertEqual(len(report.search([("partner_id", "=", self.anka.id)])), 2)
