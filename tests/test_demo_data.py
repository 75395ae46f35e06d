"""The demo data that later screens rely on: two Turkish companies, customers with valid
mobile numbers, serial-tracked products, technicians, vehicles and a year of invoices."""

from datetime import date

import phonenumbers
from dateutil.relativedelta import relativedelta

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.istanbul = cls.env.ref("crm_tr_sms.company_tr_istanbul", raise_if_not_found=False)
        cls.ankara = cls.env.ref("crm_tr_sms.company_tr_ankara", raise_if_not_found=False)

    def setUp(self):
        super().setUp()
        if not self.istanbul:
            self.skipTest("the database was installed without demo data")

    def test_two_turkish_companies(self):
        companies = self.istanbul | self.ankara
        self.assertEqual([company.country_id.code for company in companies], ["TR", "TR"])
        self.assertEqual(self.istanbul.state_id.name, "İstanbul")
        self.assertEqual(self.ankara.state_id.name, "Ankara")
        self.assertEqual(companies.currency_id.name, "TRY")
        self.assertTrue(all(companies.mapped("chart_template")), "both companies have a chart of accounts")

    def test_customers_with_turkish_mobiles_and_provinces(self):
        data = self.env["ir.model.data"].search(
            [("module", "=", "crm_tr_sms"), ("model", "=", "res.partner"), ("name", "=like", "partner\\_tr\\_%")]
        )
        partners = self.env["res.partner"].browse(data.mapped("res_id"))
        customers = partners.filtered(lambda p: not p.parent_id)
        self.assertEqual(len(customers), 30)
        self.assertEqual(len(customers.filtered("is_company")), 15)
        for partner in partners:
            number = phonenumbers.parse(partner.phone, "TR")
            self.assertEqual(phonenumbers.number_type(number), phonenumbers.PhoneNumberType.MOBILE, partner.name)
            self.assertEqual(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[:4], "+905")
        self.assertFalse(customers.filtered(lambda p: not p.state_id or p.country_id.code != "TR"))

    def test_serial_tracked_products_and_serial_numbers(self):
        tracked = self.env["product.product"].search([("tracking", "=", "serial"), ("default_code", "!=", False)])
        self.assertGreaterEqual(len(tracked), 5)
        lots = self.env["stock.lot"].search([("product_id", "in", tracked.ids)])
        self.assertEqual(set(lots.company_id.ids), {self.istanbul.id, self.ankara.id})

    def test_technicians_with_hourly_cost_and_vehicles(self):
        employees = self.env["hr.employee"].search([("company_id", "in", (self.istanbul | self.ankara).ids)])
        technicians = employees.filtered(lambda e: e.job_title == "Servis Teknisyeni")
        self.assertEqual(len(technicians), 4)
        self.assertFalse(employees.filtered(lambda e: e.hourly_cost <= 0))
        vehicles = self.env["fleet.vehicle"].search([("company_id", "in", (self.istanbul | self.ankara).ids)])
        self.assertEqual(len(vehicles), 7, "3 sales cars and a van per technician")
        vans = vehicles.filtered("crm_tr_location_id")
        self.assertEqual(len(vans), 4, "each technician's van carries its parts stock")

    def test_twelve_months_of_posted_invoices_and_credit_notes(self):
        first_month = date.today().replace(day=1) - relativedelta(months=11)
        for company in self.istanbul | self.ankara:
            invoices = self.env["account.move"].search(
                [("company_id", "=", company.id), ("move_type", "=", "out_invoice"), ("state", "=", "posted")]
            )
            months = {d.replace(day=1) for d in invoices.mapped("invoice_date")}
            # Every one of the last twelve months; the re-buy demo's regular buyers go further back.
            self.assertLessEqual({first_month + relativedelta(months=m) for m in range(12)}, months, company.name)
            self.assertLessEqual(max(months), date.today().replace(day=1), f"{company.name}: nothing in the future")
            refunds = self.env["account.move"].search(
                [("company_id", "=", company.id), ("move_type", "=", "out_refund"), ("state", "=", "posted")]
            )
            full = refunds.filtered(lambda r: r.reversed_entry_id.payment_state == "reversed")
            self.assertTrue(full, f"{company.name}: full credit notes")
            self.assertTrue(refunds - full, f"{company.name}: partial credit notes")

    def test_consents_visits_cases_and_loyalty(self):
        companies = (self.istanbul | self.ankara).ids
        for model, minimum in (
            ("crm_tr.iys.consent", 30),
            ("crm_tr.visit", 40),
            ("crm_tr.service.case", 10),
            ("crm_tr.loyalty.earn.rule", 2),
            ("crm_tr.loyalty.boost", 2),
            ("crm_tr.loyalty.raffle", 1),
            ("crm_tr.loyalty.accrual", 50),
        ):
            count = self.env[model].search_count([("company_id", "in", companies)])
            self.assertGreaterEqual(count, minimum, model)

    def test_visit_weeks(self):
        """Both companies' reps have last week done (real times, km and frozen cost), this
        week and next planned, and the clashes the demo tried were refused and noted."""
        Visit = self.env["crm_tr.visit"]
        for company in self.istanbul | self.ankara:
            visits = Visit.search([("company_id", "=", company.id), ("visit_type", "=", "sales")])
            done = visits.filtered(lambda v: v.state == "done")
            self.assertGreaterEqual(len(done), 4, company.name)
            self.assertTrue(all(v.labour_ids and v.travel_cost > 0 and v.total_cost > 0 for v in done), company.name)
            self.assertTrue(visits.filtered(lambda v: v.state == "planned"), company.name)
            self.assertTrue(all(v.event_id for v in visits if v.state != "cancelled"), "each visit is a calendar event")
        refused = self.env["mail.message"].search([("model", "=", "crm_tr.visit"), ("body", "ilike", "Demo: ")])
        self.assertEqual(len(refused), 2, "the car booked twice, a Saturday without overtime")

    def test_referral_chain(self):
        hotel = self.env.ref("crm_tr_sms.partner_tr_company_01")
        tree = self.env["res.partner"].search(hotel.action_crm_tr_view_referrals()["domain"])
        self.assertEqual(hotel.crm_tr_referral_count, 2)
        self.assertEqual(len(tree), 4, "the hotel, the two it brought and the one they brought")

    def test_loyalty_demo_balances(self):
        """The demo invoices earned their points, tiers are set, and nothing drifts."""
        program = self.env.ref("crm_tr_loyalty.loyalty_program_tr_istanbul")
        cards = self.env["loyalty.card"].search([("program_id", "=", program.id)])
        self.assertTrue(cards.filtered(lambda c: c.points > 0))
        self.assertFalse(cards.filtered(lambda c: c.points < 0), "a balance never goes below zero")
        self.assertTrue(all(cards.mapped("crm_tr_tier_id")), "every card has its tier")
        cards_drift, entries_drift = self.env["crm_tr.loyalty.accrual"]._crm_tr_drifts()
        self.assertEqual((cards_drift, entries_drift), ([], []))
