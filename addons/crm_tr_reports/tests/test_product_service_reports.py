from datetime import date, datetime

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestProductServiceReports(AccountTestInvoicingCommon):
    """A hand-made dataset in two companies, the second one in EUR (1 USD = 2 EUR):
    invoices and a credit note of an air conditioner, serial numbers at customers, service
    cases with SLA deadlines, done service visits priced at the technicians' hourly cost,
    and service contracts with their invoices. Every figure below is worked out by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.usd = cls.company_a.currency_id
        cls.eur = cls.setup_other_currency("EUR")
        cls.company_b = cls.setup_other_company(name="Karadeniz Klima Ltd. Şti.", currency_id=cls.eur.id)["company"]
        cls.both = cls.company_a | cls.company_b
        cls.env.user.company_ids |= cls.company_b
        # The invoicing test user also runs the service department.
        cls.env.user.group_ids |= (
            cls.env.ref("crm_tr_service.group_service_manager")
            | cls.env.ref("hr.group_hr_user")
            | cls.env.ref("stock.group_stock_user")
        )
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.both.ids))
        cls.calendar = cls.env["resource.calendar"].create({"name": "UTC 40 hours", "tz": "UTC", "company_id": False})
        cls._setup_products()
        cls._setup_cases()
        cls._setup_contracts()
        cls.accountant = new_test_user(
            cls.env,
            login="h3_accountant",
            groups="account.group_account_readonly",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )
        cls.salesman = new_test_user(
            cls.env,
            login="h3_salesman",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )

    # ------------------------------------------------------------------ dataset

    @classmethod
    def _invoice(
        cls, company, partner, quantity, price, *, invoice_date, move_type="out_invoice", product=None, **extra
    ):
        return cls._create_invoice(
            move_type=move_type,
            company_id=company.id,
            partner_id=partner.id,
            invoice_date=invoice_date,
            invoice_line_ids=[
                Command.create(
                    {
                        "product_id": (product or cls.product_klima).id,
                        "quantity": quantity,
                        "price_unit": price,
                        "tax_ids": [],
                    }
                )
            ],
            post=True,
            **extra,
        )

    @classmethod
    def _setup_products(cls):
        cls.owner = cls.env["res.partner"].create({"name": "Ege Otelcilik A.Ş.", "is_company": True})
        Product = cls.env["product.product"]
        cls.product_klima = Product.create(
            {
                "name": "Split Klima 12000 BTU",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": cls.product_category.id,
            }
        )
        cls.product_klima.with_company(cls.company_a).standard_price = 800.0
        cls.product_klima.with_company(cls.company_b).standard_price = 600.0
        # Company A: 3 sold at 1000 (cost 800) in January, 1 credited in February.
        cls._invoice(cls.company_a, cls.owner, 3, 1000, invoice_date="2026-01-15")
        cls._invoice(cls.company_a, cls.owner, 1, 1000, invoice_date="2026-02-10", move_type="out_refund")
        # Company B: 5 sold at 900 EUR (cost 600 EUR) in February.
        cls._invoice(cls.company_b, cls.owner, 5, 900, invoice_date="2026-02-20")
        Lot = cls.env["stock.lot"]
        lot_values = {"product_id": cls.product_klima.id, "company_id": cls.company_a.id}
        cls.lot_1 = Lot.create(dict(lot_values, name="KLM-1", crm_tr_partner_id=cls.owner.id))
        cls.lot_2 = Lot.create(dict(lot_values, name="KLM-2", crm_tr_partner_id=cls.owner.id))
        Lot.create(dict(lot_values, name="KLM-3"))  # in the warehouse: not installed
        Lot.create(dict(lot_values, name="KLM-B1", company_id=cls.company_b.id, crm_tr_partner_id=cls.owner.id))
        # Unit 1 fails on 10 Jan, 20 Feb (41 days later), 25 Feb (5) and 7 Mar (10); unit 2 on
        # 1 Feb, and once more in a case that was cancelled (not a failure).
        Case = cls.env["crm_tr.service.case"]
        failures = [(cls.lot_1, day) for day in ((1, 10), (2, 20), (2, 25), (3, 7))] + [(cls.lot_2, (2, 1))]
        Case.create(
            [
                {
                    "subject": "Soğutmuyor",
                    "partner_id": cls.owner.id,
                    "company_id": cls.company_a.id,
                    "product_id": cls.product_klima.id,
                    "lot_id": lot.id,
                    "date_open": datetime(2026, month, day, 9, 0),
                }
                for lot, (month, day) in failures
            ]
        )
        cancelled = Case.create(
            {
                "subject": "Yanlış kayıt",
                "partner_id": cls.owner.id,
                "company_id": cls.company_a.id,
                "product_id": cls.product_klima.id,
                "lot_id": cls.lot_2.id,
                "date_open": datetime(2026, 3, 1, 9, 0),
            }
        )
        cancelled.state = "cancelled"

    @classmethod
    def _employee(cls, name, company, hourly_cost):
        return cls.env["hr.employee"].create(
            {
                "name": name,
                "company_id": company.id,
                "hourly_cost": hourly_cost,
                "resource_calendar_id": cls.calendar.id,
                "tz": "UTC",
                "crm_tr_technician": True,
            }
        )

    @classmethod
    def _visit(cls, company, partner, day, hours, *, employees, expense=0.0, case=None, contract=None, rating=0):
        start, end = hours
        visit = cls.env["crm_tr.visit"].create(
            {
                "visit_type": "service",
                "partner_id": partner.id,
                "company_id": company.id,
                "case_id": case and case.id,
                "user_id": False,
                "employee_ids": [Command.set(employees.ids)],
                "planned_start": datetime(2026, 3, day, start, 0) if not contract else datetime(2026, 4, day, start, 0),
                "planned_end": datetime(2026, 3, day, end, 0) if not contract else datetime(2026, 4, day, end, 0),
                "expense_amount": expense,
                "crm_tr_contract_id": contract and contract.id,
            }
        )
        visit.action_done()
        if rating:
            visit.rating_apply(rating, token=visit._rating_get_access_token())
        return visit

    @classmethod
    def _setup_cases(cls):
        cls.customer = cls.env["res.partner"].create({"name": "Marmara Lojistik Ltd. Şti.", "is_company": True})
        cls.customer_b = cls.env["res.partner"].create({"name": "Trabzon Otel A.Ş.", "is_company": True})
        cls.kemal = cls._employee("Kemal Usta", cls.company_a, 100.0)
        cls.murat = cls._employee("Murat Çelik", cls.company_a, 50.0)
        cls.ahmet = cls._employee("Ahmet Yılmaz", cls.company_b, 0.0)
        Case = cls.env["crm_tr.service.case"]

        def case(name, opened, company=None, partner=None):
            return Case.create(
                {
                    "subject": name,
                    "partner_id": (partner or cls.customer).id,
                    "company_id": (company or cls.company_a).id,
                    "date_open": opened,
                }
            )

        cls.case_1 = case("Uzaktan çözüldü", datetime(2026, 3, 2, 8, 0))
        cls.case_2 = case("İki ziyaret", datetime(2026, 3, 3, 8, 0))
        cls.case_3 = case("Açık ve gecikmiş", datetime(2026, 3, 1, 8, 0))
        cls.case_5 = case("Tek ziyaret", datetime(2026, 3, 5, 7, 0))
        cls.case_b = case("Karadeniz", datetime(2026, 3, 2, 8, 0), cls.company_b, cls.customer_b)
        # Tue 3 Mar 09-11 Kemal (200 labour + 50 expenses); Wed 4 Mar 09-10 Kemal and Murat
        # (100 + 50 labour, 30 expenses); Wed 4 Mar 14-16 Murat (100); Thu 5 Mar 09-12 Kemal (300).
        cls.visit_1 = cls._visit(
            cls.company_a, cls.customer, 3, (9, 11), employees=cls.kemal, expense=50.0, case=cls.case_2, rating=4
        )
        cls.visit_2 = cls._visit(
            cls.company_a,
            cls.customer,
            4,
            (9, 10),
            employees=cls.kemal | cls.murat,
            expense=30.0,
            case=cls.case_2,
            rating=2,
        )
        cls.visit_3 = cls._visit(
            cls.company_a, cls.customer, 4, (14, 16), employees=cls.murat, expense=0.0, case=cls.case_3
        )
        cls.visit_5 = cls._visit(
            cls.company_a, cls.customer, 5, (9, 12), employees=cls.kemal, expense=0.0, case=cls.case_5
        )
        cls.visit_b = cls._visit(
            cls.company_b, cls.customer_b, 2, (9, 10), employees=cls.ahmet, expense=200.0, case=cls.case_b
        )

        def solve(case, first_response, closed, **extra):
            case.write({"state": "done", "resolution_note": "<p>Çözüldü</p>"})
            case.write({"first_response_date": first_response, "date_closed": closed, **extra})

        solve(
            cls.case_1,
            datetime(2026, 3, 2, 10, 0),
            datetime(2026, 3, 2, 14, 0),
            first_contact_resolution=True,
            sla_response_deadline=datetime(2026, 3, 2, 12, 0),
            sla_deadline=datetime(2026, 3, 2, 16, 0),
            crm_tr_satisfaction=5,
        )
        solve(
            cls.case_2,
            datetime(2026, 3, 3, 13, 0),
            datetime(2026, 3, 4, 8, 0),
            first_contact_resolution=False,
            sla_response_deadline=datetime(2026, 3, 3, 12, 0),
            sla_deadline=datetime(2026, 3, 5, 8, 0),
            crm_tr_satisfaction=3,
        )
        cls.case_3.write(
            {"sla_response_deadline": datetime(2026, 3, 1, 12, 0), "sla_deadline": datetime(2026, 3, 2, 8, 0)}
        )
        solve(cls.case_5, datetime(2026, 3, 5, 8, 0), datetime(2026, 3, 5, 13, 0), first_contact_resolution=False)
        solve(cls.case_b, datetime(2026, 3, 2, 9, 0), datetime(2026, 3, 2, 18, 0))

    @classmethod
    def _setup_contracts(cls):
        cls.contract_customer = cls.env["res.partner"].create({"name": "Anadolu Hastanesi A.Ş.", "is_company": True})
        Contract = cls.env["crm_tr.service.contract"]
        cls.contract = Contract.create(
            {
                "partner_id": cls.contract_customer.id,
                "company_id": cls.company_a.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "fee": 1200.0,
                "entitlement_visits": 3,
                "entitlement_hours": 10.0,
                "state": "active",
            }
        )
        cls.contract_b = Contract.create(
            {
                "partner_id": cls.contract_customer.id,
                "company_id": cls.company_b.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "fee": 1000.0,
                "state": "active",
            }
        )
        fee = cls.product_a
        cls._invoice(
            cls.company_a,
            cls.contract_customer,
            1,
            1200,
            invoice_date="2026-01-05",
            product=fee,
            crm_tr_service_contract_id=cls.contract.id,
        )
        cls._invoice(
            cls.company_a,
            cls.contract_customer,
            1,
            200,
            invoice_date="2026-02-05",
            move_type="out_refund",
            product=fee,
            crm_tr_service_contract_id=cls.contract.id,
        )
        cls._invoice(
            cls.company_b,
            cls.contract_customer,
            1,
            1000,
            invoice_date="2026-01-05",
            product=fee,
            crm_tr_service_contract_id=cls.contract_b.id,
        )
        nobody = cls.env["hr.employee"]
        # Two done visits under the contract: 2 h with 80 of expenses, 3 h with 120.
        cls._visit(
            cls.company_a, cls.contract_customer, 7, (9, 11), employees=nobody, expense=80.0, contract=cls.contract
        )
        cls._visit(
            cls.company_a, cls.contract_customer, 8, (9, 12), employees=nobody, expense=120.0, contract=cls.contract
        )

    # ------------------------------------------------------------------ helpers

    def _report(self, model, companies):
        return self.env[model].with_context(allowed_company_ids=companies.ids)

    def _totals(self, model, companies, domain, aggregates, groupby=()):
        rows = self._report(model, companies)._read_group(domain, list(groupby), aggregates)
        return rows if groupby else rows[0]

    def _to_usd(self, amount):
        return self.eur._convert(amount, self.usd, self.company_a, fields.Date.today())

    # ------------------------------------------------------------------ product analysis

    def test_product_sales_cases_and_installed_base(self):
        domain = [("product_id", "=", self.product_klima.id)]
        measures = [
            "quantity:sum",
            "revenue:sum",
            "cost:sum",
            "margin:sum",
            "margin_percent:avg",
            "case_count:sum",
            "installed_count:sum",
            "failure_rate_sold:avg",
            "failure_rate_installed:avg",
            "failure_gap_count:sum",
        ]
        totals = self._totals("crm_tr.report.product", self.company_a, domain, measures)
        self.assertEqual(totals, (2.0, 2000.0, 1600.0, 400.0, 20.0, 5, 2, 2.5, 2.5, 3))
        mtbf = self._totals("crm_tr.report.product", self.company_a, domain, ["mtbf_days:avg"])[0]
        self.assertAlmostEqual(mtbf, 56 / 3, places=6)

    def test_product_ratios_stay_right_when_grouped(self):
        domain = [("product_id", "=", self.product_klima.id), ("failure_gap_count", ">", 0)]
        by_month = self._totals(
            "crm_tr.report.product",
            self.company_a,
            domain,
            ["failure_gap_days:sum", "failure_gap_count:sum", "mtbf_days:avg"],
            ["date:month"],
        )
        self.assertEqual([row[1:] for row in by_month], [(46.0, 2, 23.0), (10.0, 1, 10.0)])
        # The whole period: 56 days over 3 repeat failures, not the mean of 23 and 10.
        total = self._totals("crm_tr.report.product", self.company_a, domain, ["mtbf_days:avg"])[0]
        self.assertAlmostEqual(total, 18.666667, places=5)

    def test_product_two_companies_in_current_company_currency(self):
        domain = [("product_id", "=", self.product_klima.id)]
        totals = self._totals(
            "crm_tr.report.product",
            self.both,
            domain,
            ["quantity:sum", "revenue:sum", "cost:sum", "installed_count:sum", "failure_rate_sold:avg"],
        )
        # Company B's 4500 EUR of revenue and 3000 EUR of cost at 2 EUR a dollar.
        self.assertEqual(totals[:4], (7.0, 4250.0, 3100.0, 3))
        self.assertAlmostEqual(totals[4], 5 / 7, places=6)
        # The same from the journal items, independently: balance and frozen cost per company.
        lines = self.env["account.move.line"]._read_group(
            [
                ("product_id", "=", self.product_klima.id),
                ("parent_state", "=", "posted"),
                ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                ("display_type", "=", "product"),
            ],
            ["company_id"],
            ["balance:sum", "crm_tr_cost:sum"],
        )
        revenue = cost = 0.0
        for company, balance, frozen in lines:
            rate = 1.0 if company == self.company_a else self._to_usd(1.0)
            revenue += -balance * rate
            cost += frozen * rate
        self.assertAlmostEqual(totals[1], revenue, places=6)
        self.assertAlmostEqual(totals[2], cost, places=6)

    # ------------------------------------------------------------------ case analysis

    def test_case_analysis_figures(self):
        domain = [("partner_id", "=", self.customer.id)]
        totals = self._totals(
            "crm_tr.report.service.case",
            self.company_a,
            domain,
            [
                "__count",
                "resolution_hours:avg",
                "resolution_compliance:avg",
                "satisfaction:avg",
                "visit_count:sum",
                "cost:sum",
            ],
        )
        self.assertEqual(totals, (4, 12.0, 200 / 3, 4.0, 4, 830.0))
        response, compliance, fcr, repair = self._totals(
            "crm_tr.report.service.case",
            self.company_a,
            domain,
            ["response_hours:avg", "response_compliance:avg", "fcr_rate:avg", "repair_cost:avg"],
        )
        self.assertAlmostEqual(response, 8 / 3, places=6)
        self.assertAlmostEqual(compliance, 100 / 3, places=6)
        self.assertAlmostEqual(fcr, 100 / 3, places=6)
        self.assertAlmostEqual(repair, 830 / 3, places=6)
        rows = self._report("crm_tr.report.service.case", self.company_a).search(domain)
        flags = {
            row.case_id: (
                row.response_sla_met,
                row.response_sla_breached,
                row.resolution_sla_met,
                row.resolution_sla_breached,
            )
            for row in rows
        }
        self.assertEqual(flags[self.case_1], (True, False, True, False))
        self.assertEqual(flags[self.case_2], (False, True, True, False))
        self.assertEqual(flags[self.case_3], (False, True, False, True))
        self.assertEqual(flags[self.case_5], (False, False, False, False))

    def test_case_cost_agrees_with_visits_and_converts(self):
        # The visits' own total cost, read through the ORM, is the case's cost.
        visits = self.env["crm_tr.visit"].search([("case_id", "in", (self.case_2 | self.case_3).ids)])
        self.assertEqual(sum(visits.mapped("total_cost")), 530.0)
        report = self._report("crm_tr.report.service.case", self.both)
        self.assertEqual(report.search([("case_id", "=", self.case_2.id)]).cost, 430.0)
        # Company B's 200 EUR visit in dollars when company A is the current company...
        self.assertEqual(report.search([("case_id", "=", self.case_b.id)]).cost, 100.0)
        # ...and in euros when company B is (the rows read above are dropped from the cache).
        self.env.invalidate_all()
        report_b = self.env["crm_tr.report.service.case"].with_context(allowed_company_ids=self.company_b.ids)
        row = report_b.search([("case_id", "=", self.case_b.id)])
        self.assertEqual((row.cost, row.currency_id), (200.0, self.eur))

    # ------------------------------------------------------------------ technician performance

    def test_technician_performance(self):
        rows = self._totals(
            "crm_tr.report.technician",
            self.company_a,
            [],
            [
                "__count",
                "working_days:sum",
                "jobs_per_day:avg",
                "duration_hours:avg",
                "first_time_fix:avg",
                "satisfaction:avg",
                "cost:sum",
            ],
            ["employee_id"],
        )
        figures = {row[0]: row[1:] for row in rows}
        self.assertEqual(figures[self.kemal], (3, 3, 1.0, 2.0, 50.0, 3.0, 665.0))
        self.assertEqual(figures[self.murat], (2, 1, 2.0, 1.5, False, 2.0, 165.0))
        # Together: 5 jobs on 4 technician-days; the cost adds up to the visits' total cost.
        total = self._totals(
            "crm_tr.report.technician",
            self.company_a,
            [("company_id", "=", self.company_a.id)],
            ["__count", "working_days:sum", "jobs_per_day:avg", "cost:sum"],
        )
        self.assertEqual(total, (5, 4, 1.25, 830.0))
        visits = self.env["crm_tr.visit"].search(
            [
                ("company_id", "=", self.company_a.id),
                ("employee_ids", "!=", False),
                ("state", "=", "done"),
                ("visit_type", "=", "service"),
            ]
        )
        self.assertEqual(sum(visits.mapped("total_cost")), 830.0)

    # ------------------------------------------------------------------ contract profitability

    def test_contract_report_agrees_with_the_contract(self):
        contract = self.contract
        row = self._report("crm_tr.report.service.contract", self.company_a).search([("contract_id", "=", contract.id)])
        figures = (
            row.invoiced_amount,
            row.cost,
            row.profit,
            row.consumed_visits,
            row.remaining_visits,
            row.consumed_hours,
            row.remaining_hours,
        )
        self.assertEqual(figures, (1000.0, 200.0, 800.0, 2, 1, 5.0, 5.0))
        self.assertEqual(
            figures,
            (
                contract.invoiced_amount,
                contract.visit_cost,
                contract.margin,
                contract.consumed_visits,
                contract.remaining_visits,
                contract.consumed_hours,
                contract.remaining_hours,
            ),
        )

    def test_contract_report_in_current_company_currency(self):
        domain = [("partner_id", "=", self.contract_customer.id)]
        self.assertEqual(
            self._totals("crm_tr.report.service.contract", self.both, domain, ["invoiced_amount:sum", "profit:sum"]),
            (1500.0, 1300.0),
        )
        only_b = self._report("crm_tr.report.service.contract", self.company_b).search(domain)
        self.assertEqual(only_b.contract_id, self.contract_b)
        self.assertEqual(only_b.invoiced_amount, self.contract_b.invoiced_amount)
        self.assertEqual(only_b.invoiced_amount, 1000.0)

    # ------------------------------------------------------------------ access

    def test_accountant_reads_own_company_only(self):
        for model in (
            "crm_tr.report.product",
            "crm_tr.report.service.case",
            "crm_tr.report.technician",
            "crm_tr.report.service.contract",
        ):
            rows = self.env[model].with_user(self.accountant).with_context(allowed_company_ids=self.company_a.ids)
            rows = rows.search([])
            self.assertEqual(rows.company_id, self.company_a, model)

    def test_salesman_cannot_read_service_reports(self):
        for model in ("crm_tr.report.service.case", "crm_tr.report.technician", "crm_tr.report.service.contract"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.salesman).with_context(allowed_company_ids=self.company_a.ids).search([])
