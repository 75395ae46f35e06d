"""Re-buy forecast: exact medians, windows and confidences on a hand-built invoice history,
the quotation and activity actions, the backtest, access per role."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

TODAY = date(2026, 2, 5)


@tagged("post_install", "-at_install")
class TestRebuy(AccountTestInvoicingCommon):
    """Posted invoices need a chart of accounts: the companies are account's test companies
    (as in test_referral), the users those of the sales roles."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company_data["company"]
        cls.company_b = cls.setup_other_company(name="Trakya Klima Ltd. Şti.")["company"]
        cls.eur = cls.setup_other_currency("EUR")
        cls.rep_a = cls._user("rebuy_rep_a", "sales_team.group_sale_salesman")
        cls.rep_a2 = cls._user("rebuy_rep_a2", "sales_team.group_sale_salesman")
        cls.leader_a = cls._user("rebuy_leader_a", "sales_team.group_sale_salesman_all_leads")
        cls.manager = cls._user(
            "rebuy_manager", "sales_team.group_sale_manager", companies=cls.company_a | cls.company_b
        )
        cls.rep_b = cls._user("rebuy_rep_b", "sales_team.group_sale_salesman", company=cls.company_b)
        Partner = cls.env["res.partner"]
        cls.otel = Partner.create({"name": "Marmara Otel A.Ş.", "is_company": True, "user_id": cls.rep_a.id})
        cls.ayse = Partner.create({"name": "Ayşe Yılmaz", "parent_id": cls.otel.id})
        cls.okul = Partner.create({"name": "Ege Koleji", "is_company": True, "user_id": cls.rep_a2.id})
        cls.filter = cls._create_product(name="Klima Filtre Seti", lst_price=450.0)
        cls.gas = cls._create_product(name="Gaz Dolumu R32", lst_price=1400.0)
        cls.remote = cls._create_product(name="Uzaktan Kumanda", lst_price=650.0)
        cls.maintenance = cls._create_product(name="Periyodik Bakım", lst_price=1800.0)
        cls.dozen = cls.env.ref("uom.product_uom_dozen")
        # Filters, company A: gaps 30, 32, 45 (an outlier), 29 days; a sixth order fully
        # refunded; one unit of the 2.11 order returned; the 17.12 invoice in euros; the last
        # order (2 dozen) of an unusual size; the contact person's order counts for the hotel.
        cls._invoice(cls.otel, cls.filter, 4, "2025-09-01")
        cls._invoice(cls.ayse, cls.filter, 4, "2025-10-01")
        november = cls._invoice(cls.otel, cls.filter, 5, "2025-11-02")
        cls._invoice(cls.otel, cls.filter, 1, "2025-11-10", move_type="out_refund", reversed_entry_id=november.id)
        refunded = cls._invoice(cls.otel, cls.filter, 6, "2025-11-20")
        refunded._reverse_moves([{"invoice_date": date(2025, 11, 25)}], cancel=True)
        cls._invoice(cls.otel, cls.filter, 4, "2025-12-17", currency_id=cls.eur.id)
        cls._invoice(cls.otel, cls.filter, 2, "2026-01-15", uom=cls.dozen)
        # Gas refills, company A: gaps 50, 70, 60, 65 days.
        for day, quantity in [("2025-06-01", 1), ("2025-07-21", 2), ("2025-09-29", 2), ("2025-11-28", 3)]:
            cls._invoice(cls.otel, cls.gas, quantity, day)
        cls._invoice(cls.otel, cls.gas, 3, "2026-02-01")
        # Two purchases only: no prediction.
        cls._invoice(cls.okul, cls.filter, 10, "2025-10-01")
        cls._invoice(cls.okul, cls.filter, 10, "2025-12-01")
        # The hotel in company B: filters on 1.10, 1.11, 1.12 (gaps 31, 30).
        for day in ("2025-10-01", "2025-11-01", "2025-12-01"):
            cls._invoice(cls.otel, cls.filter, 8, day, company=cls.company_b)
        cls.Prediction = cls.env["crm_tr.rebuy.prediction"].sudo()

    @classmethod
    def _user(cls, login, groups, company=None, companies=None):
        company = company or cls.company_a
        return new_test_user(
            cls.env,
            login=login,
            groups=f"base.group_user,{groups}",
            company_id=company.id,
            company_ids=[Command.set((companies or company).ids)],
        )

    @classmethod
    def _invoice(cls, partner, product, quantity, day, *, move_type="out_invoice", company=None, uom=None, **values):
        company = company or cls.company_a
        line = {"product_id": product.id, "quantity": quantity, "price_unit": product.lst_price, "tax_ids": []}
        if uom:
            line["product_uom_id"] = uom.id
        return cls._create_invoice(
            move_type=move_type,
            company_id=company.id,
            partner_id=partner.id,
            invoice_date=day,
            invoice_line_ids=[Command.create(line)],
            post=True,
            **values,
        )

    def _rebuild(self, today=TODAY):
        self.Prediction._crm_tr_rebuild(self.company_a, today=today)
        self.Prediction._crm_tr_rebuild(self.company_b, today=today)

    def _prediction(self, product, company=None):
        return self.Prediction.search(
            [
                ("partner_id", "=", self.otel.id),
                ("product_id", "=", product.id),
                ("company_id", "=", (company or self.company_a).id),
            ]
        )

    def _figures(self, prediction):
        return {
            "purchase_count": prediction.purchase_count,
            "first": prediction.first_purchase_date,
            "last": prediction.last_purchase_date,
            "interval": prediction.interval_days,
            "mad": prediction.interval_mad_days,
            "quantity": prediction.quantity,
            "predicted": prediction.predicted_date,
            "window": prediction.window_days,
            "from": prediction.predicted_date_from,
            "to": prediction.predicted_date_to,
            "confidence": prediction.confidence,
            "status": prediction.status,
            "user": prediction.user_id,
        }

    # ------------------------------------------------------------------
    # The figures
    # ------------------------------------------------------------------

    def test_medians_windows_and_confidence(self):
        self._rebuild()
        # Gaps 30, 32, 45, 29: median 31 (the 45 does not move it), deviations 1, 1, 14, 2:
        # MAD 1.5; window max(3, ceil(1.4826 × 1.5) = 3); confidence 100 × 4/6 × (1 − 1.5/31)
        # = 63.4; quantities 4, 4, 4 (5 − 1 returned), 4, 24 (2 dozen): median 4.
        self.assertEqual(
            self._figures(self._prediction(self.filter)),
            {
                "purchase_count": 5,
                "first": date(2025, 9, 1),
                "last": date(2026, 1, 15),
                "interval": 31.0,
                "mad": 1.5,
                "quantity": 4.0,
                "predicted": date(2026, 2, 15),
                "window": 3,
                "from": date(2026, 2, 12),
                "to": date(2026, 2, 18),
                "confidence": 63,
                "status": "due_soon",
                "user": self.rep_a,
            },
        )
        # Gaps 50, 70, 60, 65: median 62.5 (rounded up to 63 days), deviations 12.5, 7.5,
        # 2.5, 2.5: MAD 5, window ceil(7.41) = 8; confidence 100 × 4/6 × (1 − 5/62.5) = 61.3.
        self.assertEqual(
            self._figures(self._prediction(self.gas)),
            {
                "purchase_count": 5,
                "first": date(2025, 6, 1),
                "last": date(2026, 2, 1),
                "interval": 62.5,
                "mad": 5.0,
                "quantity": 2.0,
                "predicted": date(2026, 4, 5),
                "window": 8,
                "from": date(2026, 3, 28),
                "to": date(2026, 4, 13),
                "confidence": 61,
                "status": "later",
                "user": self.rep_a,
            },
        )
        # Company B's own history: gaps 31, 30: median 30.5 → 31 days, MAD 0.5, window 3,
        # confidence 100 × 2/4 × (1 − 0.5/30.5) = 49.2; overdue on 5.2.2026.
        self.assertEqual(
            self._figures(self._prediction(self.filter, self.company_b)),
            {
                "purchase_count": 3,
                "first": date(2025, 10, 1),
                "last": date(2025, 12, 1),
                "interval": 30.5,
                "mad": 0.5,
                "quantity": 8.0,
                "predicted": date(2026, 1, 1),
                "window": 3,
                "from": date(2025, 12, 29),
                "to": date(2026, 1, 4),
                "confidence": 49,
                "status": "overdue",
                "user": self.rep_a,
            },
        )
        self.assertFalse(
            self.Prediction.search([("partner_id", "in", (self.okul | self.ayse).ids)]),
            "two purchases are not enough; the contact's purchases count for the hotel",
        )
        self.assertEqual(self.Prediction.search_count([("company_id", "in", (self.company_a | self.company_b).ids)]), 3)

    def test_quantities_in_the_product_unit_net_of_credit_notes(self):
        """The days and quantities the medians are taken over."""
        self.env.flush_all()
        rows = self.env.execute_query(
            self.Prediction._crm_tr_purchase_days_query(self.company_a, partner_ids=self.otel.ids)
        )
        filter_days = sorted(
            (day, float(quantity)) for _c, _p, product, day, quantity in rows if product == self.filter.id
        )
        self.assertEqual(
            filter_days,
            [
                (date(2025, 9, 1), 4.0),
                (date(2025, 10, 1), 4.0),
                (date(2025, 11, 2), 4.0),
                (date(2025, 12, 17), 4.0),
                (date(2026, 1, 15), 24.0),
            ],
        )

    @freeze_time(TODAY)
    def test_status_follows_the_due_soon_days(self):
        self._rebuild()
        prediction = self._prediction(self.filter)
        self.company_a.crm_tr_rebuy_due_days = 5  # 15.2 is 10 days away
        self.assertEqual(prediction.status, "later")
        with self.assertRaisesRegex(ValidationError, "cannot be negative"), self.env.cr.savepoint():
            self.company_a.crm_tr_rebuy_due_days = -1
        self.assertEqual(self.company_a.crm_tr_rebuy_due_days, 5)
        self._rebuild(today=date(2026, 2, 16))
        self.assertEqual(prediction.status, "overdue")

    def test_rebuild_replaces_a_company_rows_and_one_customer(self):
        self._rebuild()
        prediction = self._prediction(self.filter)
        other_company = self._prediction(self.filter, self.company_b)
        # A new purchase on 10.2: the next rebuild moves the prediction, same row.
        self._invoice(self.otel, self.filter, 4, "2026-02-10")
        self.Prediction._crm_tr_rebuild(self.company_a, partners=self.ayse, today=TODAY)
        self.assertEqual((prediction.exists(), prediction.purchase_count), (prediction, 6))
        self.assertEqual(prediction.last_purchase_date, date(2026, 2, 10))
        # The hotel's filters are refunded in full: the prediction goes, company B's stays.
        refunds = self.env["account.move"].search(
            [
                ("partner_id", "in", (self.otel | self.ayse).ids),
                ("company_id", "=", self.company_a.id),
                ("move_type", "=", "out_invoice"),
                ("reversal_move_ids", "=", False),
                ("invoice_line_ids.product_id", "=", self.filter.id),
            ]
        )
        refunds._reverse_moves([{"invoice_date": TODAY}] * len(refunds), cancel=True)
        self.Prediction._crm_tr_rebuild(self.company_a, today=TODAY)
        self.assertFalse(prediction.exists())
        self.assertTrue(other_company.exists())
        self.assertTrue(self._prediction(self.gas))

    def test_rebuild_query_count_is_flat(self):
        customers = self.env["res.partner"].create([{"name": f"Müşteri {i}", "is_company": True} for i in range(50)])
        vals_list = [
            {
                "move_type": "out_invoice",
                "company_id": self.company_a.id,
                "partner_id": customer.id,
                "invoice_date": day,
                "invoice_line_ids": [
                    Command.create({"product_id": self.remote.id, "quantity": 1, "price_unit": 650.0, "tax_ids": []})
                ],
            }
            for customer in customers
            for day in ("2025-10-01", "2025-11-01", "2025-12-01")
        ]
        self.env["account.move"].create(vals_list).action_post()
        self.env.flush_all()
        self.env.invalidate_all()
        few = customers[:5]
        # The company's 'due soon' days, the customers' companies, the statement.
        with self.assertQueryCount(3):
            self.Prediction._crm_tr_rebuild(self.company_a, partners=few, today=TODAY)
        self.assertEqual(self.Prediction.search_count([("partner_id", "in", customers.ids)]), 5)
        self.env.invalidate_all()
        with self.assertQueryCount(3):
            self.Prediction._crm_tr_rebuild(self.company_a, partners=customers, today=TODAY)
        self.env.invalidate_all()
        with self.assertQueryCount(2):
            self.Prediction._crm_tr_rebuild(self.company_a, today=TODAY)
        self.assertEqual(self.Prediction.search_count([("partner_id", "in", customers.ids)]), 50)

    def test_cron_rebuilds_every_company(self):
        with freeze_time(TODAY), self.enter_registry_test_mode():
            self.env.ref("crm_tr_sales.ir_cron_crm_tr_rebuild_rebuy").method_direct_trigger()
        self.assertEqual(self._prediction(self.filter).predicted_date, date(2026, 2, 15))
        self.assertEqual(self._prediction(self.filter, self.company_b).predicted_date, date(2026, 1, 1))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def test_quotation_with_the_usual_quantities(self):
        self._rebuild()
        predictions = (self._prediction(self.filter) | self._prediction(self.gas)).with_user(self.rep_a)
        action = predictions.action_crm_tr_create_quotation()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "sale.order")
        self.assertEqual(
            (order.partner_id, order.user_id, order.company_id, order.state),
            (self.otel, self.rep_a, self.company_a, "draft"),
        )
        self.assertEqual(
            sorted((line.product_id.name, line.product_uom_qty, line.product_uom_id.name) for line in order.order_line),
            [("Gaz Dolumu R32", 2.0, "Units"), ("Klima Filtre Seti", 4.0, "Units")],
        )
        # Two companies: one quotation per company and customer, each in its company.
        both = self._prediction(self.filter) | self._prediction(self.filter, self.company_b)
        action = (
            both.with_user(self.manager)
            .with_context(allowed_company_ids=(self.company_a | self.company_b).ids)
            .action_crm_tr_create_quotation()
        )
        orders = self.env["sale.order"].search(action["domain"])
        self.assertEqual(
            {order.company_id: order.order_line.product_uom_qty for order in orders},
            {self.company_a: 4.0, self.company_b: 8.0},
        )
        with self.assertRaisesRegex(UserError, "Select the predictions"):
            self.Prediction.browse().action_crm_tr_create_quotation()

    @freeze_time(TODAY)
    def test_activity_for_the_rep_idempotent(self):
        self._rebuild()
        filters = self._prediction(self.filter).with_user(self.rep_a)
        overdue = self._prediction(self.filter, self.company_b)
        filters.action_crm_tr_schedule_activity()
        Activity = self.env["mail.activity"]
        activities = Activity.search([("res_model", "=", "res.partner"), ("res_id", "=", self.otel.id)])
        self.assertEqual(len(activities), 1)
        self.assertEqual(
            (activities.user_id, activities.date_deadline, activities.crm_tr_rebuy_product_id, activities.summary),
            (self.rep_a, date(2026, 2, 15), self.filter, "Re-buy: Klima Filtre Seti"),
        )
        self.assertIn("every 31 days", str(activities.note))
        # Again, and with the other company's prediction of the same product: nothing new.
        result = (filters | overdue).with_user(self.manager).action_crm_tr_schedule_activity()
        self.assertIn("0 activities scheduled, 2 already open", result["params"]["message"])
        self.assertEqual(Activity.search_count([("res_model", "=", "res.partner"), ("res_id", "=", self.otel.id)]), 1)
        # Once done, a new one may be scheduled; an overdue prediction's is due today.
        activities.action_feedback(feedback="Aradım, sipariş verecek.")
        overdue.action_crm_tr_schedule_activity()
        new = Activity.search([("res_model", "=", "res.partner"), ("res_id", "=", self.otel.id)])
        self.assertEqual((len(new), new.date_deadline), (1, TODAY))

    # ------------------------------------------------------------------
    # Backtest
    # ------------------------------------------------------------------

    def test_backtest(self):
        """At the cutoff 1.12.2025: filters predicted on 3.12 ± 3 (gaps 30, 32), bought 17.12:
        late; gas predicted on 27.1 ± 15 (gaps 50, 70, 60: MAD 10), bought 1.2: a hit;
        maintenance predicted on 28.12 ± 3, bought 10.12: early; remote controls predicted on
        2.11 ± 3 (already overdue), never bought again: missing."""
        fabrika = self.env["res.partner"].create({"name": "Trakya Fabrika", "is_company": True})
        for day in ("2025-07-01", "2025-08-30", "2025-10-29", "2025-12-10"):
            self._invoice(fabrika, self.maintenance, 1, day)
        for day in ("2025-08-01", "2025-09-01", "2025-10-02"):
            self._invoice(fabrika, self.remote, 1, day)
        result = self.Prediction._crm_tr_backtest(self.company_a, date(2025, 12, 1), 60)
        self.assertEqual(
            result,
            {
                "predicted": 4,
                "evaluated": 4,
                "beyond_horizon": 0,
                "hit": 1,
                "early": 1,
                "late": 1,
                "missing": 1,
                "hit_rate": 25.0,
                "median_error": 14.0,
            },
        )
        # A 30-day horizon (to 31.12): the gas prediction is beyond it.
        result = self.Prediction._crm_tr_backtest(self.company_a, date(2025, 12, 1), 30)
        self.assertEqual(
            (result["evaluated"], result["beyond_horizon"], result["hit"], result["early"], result["late"]),
            (3, 1, 0, 1, 1),
        )
        with self.assertRaisesRegex(UserError, "positive number of days"):
            self.Prediction._crm_tr_backtest(self.company_a, date(2025, 12, 1), -30)

    @freeze_time(TODAY)
    def test_backtest_wizard(self):
        Wizard = self.env["crm_tr.rebuy.backtest.wizard"].with_user(self.manager)
        wizard_form = Form(Wizard)
        wizard_form.cutoff_date = date(2025, 12, 1)
        wizard_form.horizon_days = 60
        wizard = wizard_form.save()
        wizard.action_run()
        self.assertEqual(
            (wizard.predicted_count, wizard.evaluated_count, wizard.hit_count, wizard.late_count, wizard.hit_rate),
            (2, 2, 1, 1, 50.0),
        )
        with self.assertRaisesRegex(ValidationError, "positive number of days"):
            Wizard.create({"cutoff_date": date(2025, 12, 1), "horizon_days": -7})
        with self.assertRaisesRegex(ValidationError, "must be in the past"):
            Wizard.create({"cutoff_date": TODAY, "horizon_days": 30})
        with self.assertRaisesRegex(ValidationError, "after today"):
            Wizard.create({"cutoff_date": date(2026, 1, 1), "horizon_days": 60})
        with self.assertRaises(AccessError):
            self.env["crm_tr.rebuy.backtest.wizard"].with_user(self.leader_a).create({"horizon_days": 30})

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------

    def test_access_per_role_and_company(self):
        self._rebuild()
        okul_pred = self.Prediction.create(
            {
                "company_id": self.company_a.id,
                "partner_id": self.okul.id,
                "product_id": self.gas.id,
                "user_id": self.rep_a2.id,
            }
        )

        def visible(user, companies=None):
            Prediction = self.env["crm_tr.rebuy.prediction"].with_user(user)
            if companies:
                Prediction = Prediction.with_context(allowed_company_ids=companies.ids)
            return Prediction.search([])

        hotel_a = self._prediction(self.filter) | self._prediction(self.gas)
        hotel_b = self._prediction(self.filter, self.company_b)
        self.assertEqual(visible(self.rep_a), hotel_a, "a rep sees his own customers, in his company")
        self.assertEqual(visible(self.rep_a2), okul_pred)
        self.assertEqual(visible(self.leader_a), hotel_a | okul_pred, "a team leader sees all of his company")
        self.assertEqual(visible(self.rep_b), self.Prediction.browse(), "not his customer")
        self.assertEqual(visible(self.manager, self.company_a | self.company_b), hotel_a | okul_pred | hotel_b)
        with self.assertRaises(AccessError):
            hotel_a[0].with_user(self.rep_a).write({"quantity": 99})
        with self.assertRaises(AccessError):
            okul_pred.with_user(self.rep_a).read(["quantity"])
        # The customer's smart button counts what the user may see in the current company.
        self.assertEqual(self.otel.with_user(self.rep_a).crm_tr_rebuy_count, 2)
        self.assertEqual(self.ayse.with_user(self.rep_a).crm_tr_rebuy_count, 2, "the contact shows its company's")
        action = self.ayse.with_user(self.rep_a).action_crm_tr_view_rebuy()
        self.assertEqual(action["domain"], [("partner_id", "=", self.otel.id)])

    def test_views_of_the_forecast(self):
        """Every view of the menu's action loads for a rep (fields he may read, buttons of
        methods that exist), and the partner's button for him."""
        action = self.env.ref("crm_tr_sales.crm_tr_rebuy_prediction_action")
        Prediction = self.env["crm_tr.rebuy.prediction"].with_user(self.rep_a)
        views = Prediction.get_views(
            [(False, view_type) for view_type in action.view_mode.split(",")] + [(False, "search")]
        )
        self.assertEqual(set(views["views"]), {"list", "form", "calendar", "pivot", "graph", "search"})
        self.assertIn("action_crm_tr_create_quotation", views["views"]["list"]["arch"])
        self.assertNotIn("Backtest", views["views"]["list"]["arch"], "the backtest is for sales administrators")
        partner_form = self.env["res.partner"].with_user(self.rep_a).get_views([(False, "form")])
        self.assertIn("action_crm_tr_view_rebuy", partner_form["views"]["form"]["arch"])
        self._rebuild()
        self.assertEqual(self._prediction(self.filter).display_name, "Marmara Otel A.Ş. – Klima Filtre Seti")

    def test_demo_re_buy_is_due_on_the_install_day(self):
        plaza = self.env.ref("crm_tr_sales.partner_tr_rebuy_plaza", raise_if_not_found=False)
        if not plaza:
            self.skipTest("the database was installed without demo data")
        istanbul = self.env.ref("crm_tr_sms.company_tr_istanbul")
        last = (
            self.env["account.move"]
            .sudo()
            .search(
                [("commercial_partner_id", "=", plaza.id), ("move_type", "=", "out_invoice")],
                order="invoice_date desc",
                limit=1,
            )
        )
        # The demo's last filter order was 26 days before the install day.
        install_day = last.invoice_date + timedelta(days=26)
        self.Prediction._crm_tr_rebuild(istanbul, partners=plaza, today=install_day)
        filters = self.Prediction.search(
            [("partner_id", "=", plaza.id), ("product_id", "=", self.env.ref("crm_tr_sales.product_tr_filter_set").id)]
        )
        self.assertEqual(
            (filters.status, filters.predicted_date - install_day, filters.quantity, filters.user_id.login),
            ("due_soon", timedelta(days=4), 6.0, "selim"),
        )
        maintenance = self.Prediction.search(
            [("partner_id", "=", plaza.id), ("product_id", "=", self.env.ref("crm_tr_sales.product_tr_maintenance").id)]
        )
        self.assertEqual(maintenance.status, "overdue")
