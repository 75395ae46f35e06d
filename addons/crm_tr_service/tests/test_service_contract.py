from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.crm_tr_sms.tests.common import CrmTrTwoCompanyCase

from .common import WED, ServiceVisitMixin, ist


@tagged("post_install", "-at_install")
class TestServiceContract(ServiceVisitMixin, CrmTrTwoCompanyCase):
    """Yıldız Otelcilik's 2026 contract with Ege Klima: its split unit SPL-0001, two visits
    and three hours of service, 1.000,00 a month."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["account.chart.template"].try_loading("generic_coa", company=cls.company_a, install_demo=False)
        cls.customer.email = "bakim@yildizotel.com.tr"
        cls.split = cls.env["product.product"].create(
            {"name": "Split Klima 18000", "type": "consu", "is_storable": True, "tracking": "serial"}
        )
        cls.unit = cls.env["stock.lot"].create(
            {"name": "SPL-0001", "product_id": cls.split.id, "company_id": cls.company_a.id}
        )
        cls.other_customer = cls.env["res.partner"].create({"name": "Deniz Lokantası", "is_company": True})
        cls.Contract = cls.env["crm_tr.service.contract"]
        with freeze_time("2026-12-01"):
            cls.contract = cls._contract()
            cls.contract.action_activate()

    @classmethod
    def _contract(cls, **vals):
        return cls.env["crm_tr.service.contract"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company_a.id,
                "user_id": cls.service_manager.id,
                "lot_ids": [Command.set(cls.unit.ids)],
                "product_ids": [Command.set(cls.split.ids)],
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "fee": 1000.0,
                "billing": "monthly",
                "entitlement_visits": 2,
                "entitlement_hours": 3.0,
            }
            | vals
        )

    def _service_visit(self, start, end=None, **vals):
        return self._visit(
            vehicle_id=False, planned_start=ist(WED, start), planned_end=ist(WED, end or start + 1), **vals
        )

    def _figures(self, contract):
        contract.invalidate_recordset()
        return (contract.consumed_visits, contract.consumed_hours, contract.remaining_visits, contract.remaining_hours)

    # ------------------------------------------------------------------
    # Consumption
    # ------------------------------------------------------------------

    def test_done_visits_consume_the_entitlement_exactly(self):
        worked = self._service_visit(10, 11, lot_id=self.unit.id)
        self.assertEqual(worked.crm_tr_contract_id, self.contract, "the unit's active contract by default")
        planned_only = self._service_visit(13, 14)
        self.assertEqual(
            planned_only.crm_tr_contract_id, self.contract, "no unit named: the customer's only active contract"
        )
        cancelled = self._service_visit(15, 16)
        cancelled.action_cancel()
        sales = self._service_visit(16, 17, visit_type="sales")
        self.assertFalse(sales.crm_tr_contract_id, "a sales visit uses no contract")
        self.assertEqual(self._figures(self.contract), (0, 0.0, 2, 3.0))

        # Worked 10:00-12:00 (two hours, though planned for one).
        self._work(worked)
        worked.action_done()
        self.assertEqual(worked.crm_tr_contract_hours, 2.0)
        self.assertEqual(self._figures(self.contract), (1, 2.0, 1, 1.0))
        # Done without a recorded start: its planned hour counts.
        planned_only.action_done()
        self.assertEqual(self._figures(self.contract), (2, 3.0, 0, 0.0))
        self.assertEqual(self.contract.visit_count, 3, "the cancelled one is linked, not consumed")

        # A third visit is beyond the entitlement: refused, nothing changes.
        third = self._service_visit(11, 12, employees=self.murat)
        with self.assertRaisesRegex(UserError, "beyond contract"):
            third.action_done()
        self.assertEqual(third.state, "planned")
        self.assertEqual(self._figures(self.contract), (2, 3.0, 0, 0.0))

    def test_hours_beyond_the_entitlement_are_refused(self):
        long_visit = self._service_visit(13, 17)  # four hours out of three
        with self.assertRaisesRegex(UserError, "beyond contract"):
            long_visit.action_done()
        self.assertEqual(long_visit.state, "planned")
        self.assertEqual(self._figures(self.contract), (0, 0.0, 2, 3.0))

    def test_service_manager_allows_a_visit_beyond_the_entitlement_and_it_is_logged(self):
        self.contract.entitlement_visits = 1
        self._service_visit(9, 10).action_done()
        extra = self._service_visit(11, 12)
        # A technician may not allow it himself.
        with self.assertRaisesRegex(UserError, "Only a service manager"):
            extra.with_user(self.technician).write({"crm_tr_entitlement_override": True})
        extra.invalidate_recordset()
        self.assertFalse(extra.crm_tr_entitlement_override)
        with self.assertRaises(UserError):
            extra.with_user(self.technician).action_done()
        self.assertEqual(extra.state, "planned")

        extra.with_user(self.service_manager).write({"crm_tr_entitlement_override": True})
        self.assertEqual(extra.crm_tr_override_user_id, self.service_manager)
        extra.with_user(self.technician).action_done()
        self.assertEqual(extra.state, "done")
        self.assertEqual(self._figures(self.contract), (2, 2.0, 0, 1.0))
        logs = self.contract.message_ids.filtered(lambda m: "went beyond the entitlement" in (m.body or ""))
        self.assertEqual(len(logs), 1)
        self.assertIn(extra.name, logs.body)
        self.assertIn(self.service_manager.name, logs.body)
        self.assertEqual(logs.author_id, self.technician.partner_id)

    def test_expired_cancelled_or_draft_contract_cannot_be_consumed(self):
        for state in ("expired", "cancelled", "draft"):
            with self.subTest(state=state):
                contract = self._contract()
                contract.state = state
                visit = self._service_visit(10, 11, crm_tr_contract_id=contract.id)
                self.assertEqual(visit.crm_tr_contract_id, contract)
                with self.assertRaisesRegex(UserError, f"Contract {contract.name} is"):
                    visit.action_done()
                self.assertEqual(visit.state, "planned")
                self.assertEqual(self._figures(contract), (0, 0.0, 2, 3.0))
                self.assertFalse(visit.crm_tr_rating_sms_sent)
                visit.unlink()

    def test_expiry_cron_expires_at_the_end_date(self):
        cron = self.env.ref("crm_tr_service.ir_cron_crm_tr_service_contract_daily")
        with freeze_time("2026-12-31"), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertEqual(self.contract.state, "active", "still valid on its last day")
        with freeze_time("2027-01-01"), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.contract.invalidate_recordset()
        self.assertEqual(self.contract.state, "expired")
        visit = self._service_visit(10, 11, crm_tr_contract_id=self.contract.id)
        with self.assertRaisesRegex(UserError, "Expired"):
            visit.action_done()

    def test_a_visit_of_another_customer_cannot_use_the_contract(self):
        with self.assertRaisesRegex(ValidationError, "another customer"):
            self._service_visit(10, 11, partner_id=self.other_customer.id, crm_tr_contract_id=self.contract.id)

    # ------------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------------

    def test_end_before_start_and_negative_entitlement_change_nothing(self):
        count = self.Contract.search_count([])
        with self.assertRaisesRegex(ValidationError, "cannot end"):
            self._contract(date_start="2026-06-01", date_end="2026-05-31")
        for field, value in (("entitlement_visits", -1), ("entitlement_hours", -0.5), ("fee", -10)):
            with self.assertRaisesRegex(ValidationError, "cannot be negative"):
                self._contract(**{field: value})
        self.assertEqual(self.Contract.search_count([]), count)

        with self.assertRaisesRegex(ValidationError, "cannot end"):
            self.contract.write({"date_end": "2025-12-31"})
        with self.assertRaisesRegex(ValidationError, "cannot end"):
            self.contract.write({"date_start": "2027-01-01"})
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.contract.write({"entitlement_visits": -2, "fee": 5})
        self.contract.invalidate_recordset()
        self.assertEqual(
            (self.contract.date_start, self.contract.date_end, self.contract.entitlement_visits, self.contract.fee),
            (date(2026, 1, 1), date(2026, 12, 31), 2, 1000.0),
        )

    def test_serial_of_another_customer_is_refused(self):
        if "crm_tr_partner_id" not in self.env["stock.lot"]._fields:
            self.skipTest("stock.lot records no owner in this database")
        self.unit.crm_tr_partner_id = self.other_customer
        with self.assertRaisesRegex(ValidationError, "belongs to"):
            self._contract()

    # ------------------------------------------------------------------
    # Invoicing
    # ------------------------------------------------------------------

    def _invoices(self, contract):
        return self.env["account.move"].search([("crm_tr_service_contract_id", "=", contract.id)], order="invoice_date")

    def test_periodic_invoicing_cron_invoices_each_period_once(self):
        cron = self.env.ref("crm_tr_service.ir_cron_crm_tr_service_contract_daily")
        with freeze_time("2026-11-20"):
            contract = self._contract(date_start="2026-09-15", date_end="2027-09-14")
            contract.action_activate()
        self.assertEqual(contract.next_invoice_date, date(2026, 9, 15))
        with freeze_time("2026-11-20"), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        invoices = self._invoices(contract)
        self.assertEqual(len(invoices), 3, "September, October and November periods")
        self.assertEqual(invoices.mapped("invoice_date"), [date(2026, 9, 15), date(2026, 10, 15), date(2026, 11, 15)])
        self.assertEqual(invoices.mapped("amount_untaxed"), [1000.0, 1000.0, 1000.0])
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        self.assertEqual(set(invoices.mapped("move_type")), {"out_invoice"})
        self.assertEqual(invoices.partner_id, self.customer)
        self.assertEqual(invoices.company_id, self.company_a)
        self.assertEqual(
            invoices.invoice_line_ids.product_id, self.env.ref("crm_tr_service.product_service_contract_fee")
        )
        self.assertIn(contract.name, invoices[-1].invoice_line_ids.name)
        contract.invalidate_recordset()
        self.assertEqual(contract.next_invoice_date, date(2026, 12, 15))
        # The same day again: nothing new.
        with freeze_time("2026-11-20"), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertEqual(len(self._invoices(contract)), 3)
        # A month later: the December period.
        with freeze_time("2026-12-15"), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertEqual(len(self._invoices(contract)), 4)
        self.assertEqual(self._invoices(contract)[-1].invoice_date, date(2026, 12, 15))
        contract.invalidate_recordset()
        self.assertEqual((contract.invoice_count, contract.invoiced_amount), (4, 4000.0))

    def test_one_off_billing_button_invoices_the_whole_fee_once(self):
        with freeze_time("2026-03-10"):
            contract = self._contract(billing="once", fee=12500.0, date_start="2026-03-01", date_end="2027-02-28")
            contract.action_activate()
            contract.action_create_invoices()
            invoice = self._invoices(contract)
            self.assertEqual(len(invoice), 1)
            self.assertEqual((invoice.amount_untaxed, invoice.invoice_date), (12500.0, date(2026, 3, 1)))
            self.assertFalse(contract.next_invoice_date)
            with self.assertRaisesRegex(UserError, "Nothing to invoice"):
                contract.action_create_invoices()
        self.assertEqual(len(self._invoices(contract)), 1)

    # ------------------------------------------------------------------
    # Reminders
    # ------------------------------------------------------------------

    def test_reminder_cron_sends_one_activity_mail_and_sms_once(self):
        cron = self.env.ref("crm_tr_service.ir_cron_crm_tr_service_contract_daily")
        self.assertEqual(self.contract.reminder_days, 30)

        def rows():
            self.env.invalidate_all()
            activities = self.env["mail.activity"].search(
                [("res_model", "=", self.contract._name), ("res_id", "=", self.contract.id)]
            )
            # The customer's mails (the responsible was told of his assignment by Odoo itself).
            mails = (
                self.env["mail.mail"]
                .sudo()
                .search([("model", "=", self.contract._name), ("res_id", "=", self.contract.id)])
                .filtered(lambda m: self.customer in m.recipient_ids)
            )
            sms = self.env["sms.sms"].sudo().search([("partner_id", "=", self.customer.id)])
            return activities, mails, sms

        with freeze_time("2026-11-30"), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertEqual([len(r) for r in rows()], [0, 0, 0], "31 days before the end: not yet")
        with freeze_time("2026-12-01"), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        activities, mails, sms = rows()
        self.assertEqual([len(r) for r in (activities, mails, sms)], [1, 1, 1])
        self.assertEqual(activities.user_id, self.service_manager)
        self.assertIn(self.contract.name, activities.summary)
        self.assertIn(self.customer, mails.recipient_ids)
        self.assertIn(self.contract.name, mails.subject)
        self.assertIn(self.contract.name, sms.body)
        self.assertEqual(sms.number, "+905321112233")
        self.assertFalse(sms.crm_tr_commercial, "informational: no İYS consent needed")
        self.assertTrue(self.contract.reminder_sent)
        with freeze_time("2026-12-02"), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertEqual([len(r) for r in rows()], [1, 1, 1], "once only")

    # ------------------------------------------------------------------
    # Renewal
    # ------------------------------------------------------------------

    def test_renewal_continues_the_contract_for_the_same_length(self):
        action = self.contract.action_renew()
        renewal = self.Contract.browse(action["res_id"])
        self.assertEqual(renewal.state, "draft")
        self.assertEqual((renewal.date_start, renewal.date_end), (date(2027, 1, 1), date(2027, 12, 31)))
        self.assertEqual(renewal.renewed_from_id, self.contract)
        self.assertEqual(
            (renewal.partner_id, renewal.lot_ids, renewal.product_ids, renewal.fee, renewal.billing),
            (self.customer, self.unit, self.split, 1000.0, "monthly"),
        )
        self.assertEqual((renewal.entitlement_visits, renewal.entitlement_hours), (2, 3.0))
        self.assertNotEqual(renewal.name, self.contract.name)
        self.assertFalse(renewal.invoice_count)
        with self.assertRaisesRegex(UserError, "already renewed"):
            self.contract.action_renew()

        with freeze_time("2026-02-20"):
            quarter = self._contract(date_start="2026-02-15", date_end="2026-05-14")
            quarter.action_activate()
        renewal = self.Contract.browse(quarter.action_renew()["res_id"])
        self.assertEqual((renewal.date_start, renewal.date_end), (date(2026, 5, 15), date(2026, 8, 14)))
        with self.assertRaisesRegex(UserError, "Only an active or expired"):
            renewal.action_renew()

    # ------------------------------------------------------------------
    # Profitability
    # ------------------------------------------------------------------

    def test_profitability_is_the_posted_fee_less_the_cost_of_done_visits(self):
        with freeze_time("2026-12-01"):
            contract = self._contract(
                billing="once", fee=5000.0, entitlement_visits=0, entitlement_hours=0, date_end="2027-06-30"
            )
            contract.action_activate()
            contract.action_create_invoices()
        # A draft invoice of the contract is not counted.
        self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "company_id": self.company_a.id,
                "crm_tr_service_contract_id": contract.id,
                "invoice_line_ids": [Command.create({"name": "Ek", "quantity": 1, "price_unit": 999.0})],
            }
        )
        # Kemal 10:00-12:00 at 300,00 an hour, 30 km at 4,75, two filters (370,00) and a compressor (4.250,00).
        visit = self._visit(crm_tr_contract_id=contract.id)
        self._parts(visit)
        self._work(visit)
        visit.action_done()
        self.assertEqual(
            (visit.labour_cost, visit.travel_cost, visit.parts_cost, visit.total_cost), (600.0, 142.5, 4620.0, 5362.5)
        )
        # One hour at 300,00, no vehicle.
        short = self._service_visit(14, 15, crm_tr_contract_id=contract.id)
        short.action_done()
        self.assertEqual(short.total_cost, 300.0)
        # Not done: no cost under the contract.
        self._service_visit(16, 17, crm_tr_contract_id=contract.id)
        contract.invalidate_recordset()
        self.assertEqual((contract.invoiced_amount, contract.visit_cost, contract.margin), (5000.0, 5662.5, -662.5))
        self.assertEqual((contract.consumed_visits, contract.consumed_hours), (2, 3.0))

    # ------------------------------------------------------------------
    # Smart buttons, rights, companies
    # ------------------------------------------------------------------

    def test_smart_buttons_of_the_customer_and_the_serial(self):
        self.assertEqual(self.unit.crm_tr_contract_id, self.contract)
        self.assertEqual(self.customer.crm_tr_contract_count, 1)
        action = self.unit.action_crm_tr_view_contract()
        self.assertEqual(action["res_id"], self.contract.id)
        self.contract.action_cancel()
        self.unit.invalidate_recordset()
        self.assertFalse(self.unit.crm_tr_contract_id, "only an active contract covers the unit")
        domain = self.customer.action_crm_tr_view_contracts()["domain"]
        self.assertEqual(self.Contract.search(domain), self.contract)

    def test_technician_reads_manager_edits_companies_apart(self):
        contract_b = self.Contract.create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company_b.id,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
            }
        )
        as_technician = self.Contract.with_user(self.technician)
        self.assertEqual(as_technician.search([("partner_id", "=", self.customer.id)]), self.contract)
        self.assertEqual(as_technician.browse(self.contract.id).remaining_visits, 2)
        with self.assertRaises(AccessError):
            as_technician.browse(self.contract.id).write({"fee": 1.0})
        with self.assertRaises(AccessError):
            as_technician.create({"partner_id": self.customer.id, "date_end": "2026-12-31"})
        as_manager = self.Contract.with_user(self.service_manager)
        as_manager.browse(self.contract.id).write({"fee": 1100.0})
        self.assertEqual(self.contract.fee, 1100.0)
        self.assertNotIn(contract_b, as_manager.search([]))
