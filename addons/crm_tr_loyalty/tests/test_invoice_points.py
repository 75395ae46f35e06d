from psycopg2 import IntegrityError

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestInvoicePoints(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hvac = cls.env["product.category"].create({"name": "Klima"})
        cls.split = cls.env["product.category"].create({"name": "Split", "parent_id": cls.hvac.id})
        cls.klima = cls._create_product(name="Split Klima 12000", lst_price=28500.0, categ_id=cls.split.id)
        cls.bakim = cls._create_product(name="Periyodik Bakım", lst_price=1800.0)
        cls.other = cls._create_product(name="Kablo", lst_price=100.0)
        cls.program = (
            cls.env["loyalty.program"]
            .sudo()
            .create(
                {
                    "name": "Puan",
                    "program_type": "loyalty",
                    "company_id": cls.env.company.id,
                }
            )
        )
        Rule = cls.env["crm_tr.loyalty.earn.rule"].sudo()
        Rule.create(
            [
                {
                    "name": "Klima: 100 TL başına 1 puan",
                    "program_id": cls.program.id,
                    "company_id": cls.env.company.id,
                    "scope": "category",
                    "categ_id": cls.hvac.id,
                    "mode": "per_amount",
                    "points": 0.01,
                },
                {
                    "name": "Bakım: adet başına 20 puan",
                    "program_id": cls.program.id,
                    "company_id": cls.env.company.id,
                    "scope": "product",
                    "product_id": cls.bakim.id,
                    "mode": "per_unit",
                    "points": 20,
                },
            ]
        )

    def _invoice(self, lines, move_type="out_invoice", post=True, **kwargs):
        return self._create_invoice(
            move_type=move_type,
            partner_id=self.partner_a.id,
            invoice_line_ids=[
                Command.create({"product_id": product.id, "quantity": qty, "price_unit": price, "tax_ids": []})
                for product, qty, price in lines
            ],
            post=post,
            **kwargs,
        )

    def _card(self):
        return (
            self.env["loyalty.card"]
            .sudo()
            .search([("program_id", "=", self.program.id), ("partner_id", "=", self.partner_a.id)])
        )

    def _ledger(self, move):
        return self.env["crm_tr.loyalty.accrual"].sudo().search([("move_id", "=", move.id)], order="id")

    def test_posting_earns_points_per_line(self):
        invoice = self._invoice([(self.klima, 2, 28500), (self.bakim, 3, 1800), (self.other, 5, 100)])
        entries = self._ledger(invoice)
        self.assertEqual(sorted(entries.mapped("points")), [60.0, 570.0], "sub-category counts; cables earn nothing")
        self.assertEqual(self._card().points, 630.0)
        history = self.env["loyalty.history"].sudo().search([("card_id", "=", self._card().id)])
        self.assertEqual(sorted(history.mapped("issued")), [60.0, 570.0])
        self.assertEqual(set(history.mapped("order_model")), {"account.move"})
        self.assertEqual(set(history.mapped("order_id")), {invoice.id})

    def test_reset_to_draft_reverses_and_reposting_earns_once(self):
        invoice = self._invoice([(self.klima, 1, 28500)])
        self.assertEqual(self._card().points, 285.0)
        invoice.button_draft()
        self.assertEqual(self._card().points, 0.0)
        entries = self._ledger(invoice)
        self.assertEqual(entries.mapped("kind"), ["accrual", "reversal"], "a reversal entry, never a deletion")
        self.assertTrue(entries[0].reversed)
        invoice.action_post()
        self.assertEqual(self._card().points, 285.0)
        self.assertEqual(len(self._ledger(invoice)), 3)
        invoice.button_draft()
        invoice.button_cancel()
        self.assertEqual(self._card().points, 0.0)
        self.assertEqual(sum(self._ledger(invoice).mapped("points")), 0.0)

    def test_one_live_entry_per_line_and_card(self):
        invoice = self._invoice([(self.bakim, 1, 1800)])
        entry = self._ledger(invoice)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            entry.copy({"history_id": False})
        self.assertEqual(self._card().points, 20.0)

    def test_credit_notes_full_and_partial(self):
        invoice = self._invoice([(self.klima, 2, 28500), (self.bakim, 1, 1800)])
        self.assertEqual(self._card().points, 590.0)
        partial = self._invoice([(self.klima, 1, 28500)], move_type="out_refund", reversed_entry_id=invoice.id)
        self.assertEqual(self._ledger(partial).mapped("points"), [-285.0])
        self.assertEqual(self._card().points, 305.0)
        invoice._reverse_moves([{"invoice_date": invoice.invoice_date}], cancel=True)
        self.assertEqual(self._card().points, -285.0, "the full credit note gives back everything the invoice earned")

    def test_rule_dates_and_company(self):
        self.env["crm_tr.loyalty.earn.rule"].sudo().search([("program_id", "=", self.program.id)]).write(
            {"date_from": "2030-01-01"}
        )
        self._invoice([(self.klima, 1, 28500)])
        self.assertFalse(self._card(), "no rule valid on the invoice date: no card, no points")
        other = self.setup_other_company(name="Trakya Klima")["company"]
        invoice = self._invoice([(self.bakim, 1, 1800)], company_id=other.id)
        self.assertFalse(self._ledger(invoice), "rules belong to their company")

    def test_reconciliation_finds_drift(self):
        self._invoice([(self.klima, 1, 28500), (self.bakim, 2, 1800)])
        Accrual = self.env["crm_tr.loyalty.accrual"].sudo()
        cards, entries = Accrual._crm_tr_drifts()
        mine = [row for row in cards if row[0] == self._card().id]
        self.assertEqual((mine, [e for e in entries if e in self._ledger_ids()]), ([], []))
        self.env.cr.execute(SQL("UPDATE loyalty_card SET points = points + 7 WHERE id = %s", self._card().id))
        self.env["loyalty.card"].invalidate_model(["points"])
        with self.enter_registry_test_mode():
            self.env.ref("crm_tr_loyalty.ir_cron_crm_tr_loyalty_reconcile").method_direct_trigger()
        cards, _entries = Accrual._crm_tr_drifts()
        self.assertIn((self._card().id, 332.0, 325.0), cards)
        self.assertIn("adds up to 325.0", self._card().message_ids[0].body)

    def _ledger_ids(self):
        return self.env["crm_tr.loyalty.accrual"].sudo().search([("card_id", "=", self._card().id)]).ids
