from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import SQL, float_round, mute_logger

from .common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestInvoicePoints(LoyaltyCase):
    def test_posting_earns_points_per_line(self):
        invoice = self._invoice([(self.klima, 2, 28500), (self.bakim, 3, 1800), (self.other, 5, 100)])
        entries = self._ledger(invoice)
        self.assertEqual(sorted(entries.mapped("points")), [60.0, 570.0], "sub-category counts; cables earn nothing")
        self.assertEqual(self._card().points, 630.0)
        history = self.env["loyalty.history"].sudo().search([("card_id", "=", self._card().id)])
        self.assertEqual(history.mapped("issued"), [630.0], "one history line per invoice, as Odoo writes per order")
        self.assertEqual(set(entries.history_id.ids), set(history.ids))
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
        refund = invoice._reverse_moves([{"invoice_date": invoice.invoice_date}], cancel=True)
        self.assertEqual(self._card().points, 0.0, "a balance never goes below zero")
        self.assertEqual(sum(self._ledger(refund).mapped("points")), -305.0)
        self.assertEqual(
            sum(self._ledger(refund).mapped("uncollected")), 285.0, "what could not be taken back is recorded"
        )
        self.assertEqual(self._ledger_sum(self._card()), 0.0)

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

    def test_reconciliation_reads_history_lines_with_one_side(self):
        """A history line written through the ORM with only "issued" (its "used" is NULL,
        as some flows write them) counts for what it says, not as a drift."""
        self._invoice([(self.bakim, 1, 1800)])
        card = self._card()
        self.env["loyalty.history"].sudo().create({"card_id": card.id, "description": "Hediye", "issued": 10})
        card.sudo().points += 10
        self.env.flush_all()
        query = SQL("SELECT COUNT(*) FROM loyalty_history WHERE card_id = %s AND used IS NULL", card.id)
        self.assertEqual(self.env.execute_query(query), [(1,)])
        cards, _entries = self.env["crm_tr.loyalty.accrual"].sudo()._crm_tr_drifts()
        self.assertEqual([row for row in cards if row[0] == card.id], [], "30 points on the card and in the history")

    def _ledger_ids(self):
        return self.env["crm_tr.loyalty.accrual"].sudo().search([("card_id", "=", self._card().id)]).ids

    def test_discount_line_earns_nothing(self):
        discount = self.env.ref("crm_tr_loyalty.product_crm_tr_loyalty_discount")
        self.hvac_rule = (
            self.env["crm_tr.loyalty.earn.rule"]
            .sudo()
            .create(
                {
                    "name": "Her şey",
                    "program_id": self.program.id,
                    "company_id": self.env.company.id,
                    "scope": "product",
                    "product_id": discount.id,
                    "mode": "per_amount",
                    "points": 1,
                }
            )
        )
        invoice = self._invoice([(self.klima, 1, 28500), (discount, 1, -500)])
        self.assertEqual(self._ledger(invoice).mapped("points"), [285.0])

    def test_accrual_switched_off(self):
        self.env.company.crm_tr_loyalty_invoice_points = False
        invoice = self._invoice([(self.klima, 1, 28500)])
        self.assertFalse(self._ledger(invoice))

    def test_pending_until_paid(self):
        self.env.company.crm_tr_loyalty_pending_until_paid = True
        invoice = self._invoice([(self.klima, 2, 28500), (self.bakim, 1, 1800)])
        entries = self._ledger(invoice)
        self.assertEqual(set(entries.mapped("state")), {"pending"})
        self.assertFalse(self._card().points)
        self.assertEqual(self._card().crm_tr_pending_points, 590.0)
        self.assertFalse(self.env["loyalty.history"].sudo().search([("card_id", "=", self._card().id)]))
        # A partial payment releases nothing; the rest releases everything, once.
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {"amount": 10000}
        )._create_payments()
        self.assertEqual(self._card().points, 0.0)
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {}
        )._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(self._card().points, 590.0)
        self.assertEqual(set(self._ledger(invoice).mapped("state")), {"done"})
        invoice._invoice_paid_hook()
        self.assertEqual(self._card().points, 590.0, "released once")

    def test_pending_released_by_bank_statement_reconciliation(self):
        """Paid without a payment: a bank statement line reconciled with the invoice."""
        self.env.company.crm_tr_loyalty_pending_until_paid = True
        invoice = self._invoice([(self.bakim, 3, 1800)])
        self.assertEqual(self._card().crm_tr_pending_points, 60.0)
        statement_line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.company_data["default_journal_bank"].id,
                "partner_id": self.partner_a.id,
                "payment_ref": invoice.name,
                "amount": invoice.amount_total,
            }
        )
        _liquidity, suspense, _other = statement_line._seek_for_lines()
        receivable = invoice.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        suspense.account_id = receivable.account_id
        (suspense + receivable).reconcile()
        self.assertEqual(invoice.payment_state, "paid")
        self.env.invalidate_all()  # the pending points are computed once per transaction
        self.assertEqual((self._card().points, self._card().crm_tr_pending_points), (60.0, 0.0))

    def test_pending_reset_to_draft_cancels(self):
        self.env.company.crm_tr_loyalty_pending_until_paid = True
        invoice = self._invoice([(self.bakim, 1, 1800)])
        invoice.button_draft()
        self.assertEqual(self._ledger(invoice).mapped("state"), ["cancelled"])
        self.assertEqual(self._card().points, 0.0)
        invoice.action_post()
        self.assertEqual(self._ledger(invoice).mapped("state"), ["cancelled", "pending"])

    def test_pending_credit_note_with_its_invoice(self):
        self.env.company.crm_tr_loyalty_pending_until_paid = True
        invoice = self._invoice([(self.klima, 1, 28500)])
        refund = invoice._reverse_moves([{"invoice_date": invoice.invoice_date}], cancel=True)
        # Odoo calls the paid hook for the credit note only: the invoice is "reversed".
        self.assertEqual((invoice.payment_state, refund.payment_state), ("reversed", "paid"))
        entries = self._ledger(invoice) | self._ledger(refund)
        self.assertEqual(entries.mapped("state"), ["done", "done"], "both released together")
        self.assertEqual(entries.mapped("points"), [285.0, -285.0], "the invoice's points first: nothing uncollected")
        self.assertEqual(self._card().points, 0.0)
        self.assertEqual(self._ledger_sum(self._card()), 0.0)

    def test_pending_zero_total_invoice_is_paid_at_posting(self):
        """Odoo calls the paid hook of a zero-total invoice while posting it, before its
        points are counted: they are done at once."""
        self.env.company.crm_tr_loyalty_pending_until_paid = True
        invoice = self._invoice([(self.bakim, 2, 0)])
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(self._ledger(invoice).mapped("state"), ["done"])
        self.assertEqual(self._card().points, 40.0)

    def test_boost_and_tier_multiply(self):
        self.env["crm_tr.loyalty.boost"].sudo().create(
            {
                "name": "Klima x2",
                "scope": "category",
                "categ_id": self.hvac.id,
                "multiplier": 2,
                "date_from": "2020-01-01",
                "date_to": "2035-12-31",
            }
        )
        self.env["crm_tr.loyalty.boost"].sudo().create(
            {
                "name": "Split x3",
                "scope": "product",
                "product_id": self.klima.id,
                "multiplier": 3,
                "priority": 20,
                "date_from": "2020-01-01",
                "date_to": "2035-12-31",
            }
        )
        gold = (
            self.env["crm_tr.loyalty.tier"]
            .sudo()
            .create({"name": "Altın", "program_id": self.program.id, "threshold": 0, "multiplier": 1.5})
        )
        self.program._crm_tr_card_for(self.partner_a).crm_tr_tier_id = gold
        invoice = self._invoice([(self.klima, 1, 28500), (self.bakim, 1, 1800)])
        entries = self._ledger(invoice).sorted("base_points")
        self.assertEqual(entries.mapped("base_points"), [20.0, 285.0])
        self.assertEqual(
            entries.mapped("points"), [30.0, 1282.5], "maintenance: tier 1.5; split: priority 20 boost x3, tier 1.5"
        )
        self.assertEqual(entries[1].boost_id.name, "Split x3")
        self.assertEqual(self._card().points, 1312.5)

    def test_accrual_queries_flat(self):
        """2 invoices or 8, two earning lines each, new customers (cards created), every card
        on a balance of its own (one ORM write each): the same queries."""
        partners = [self.env["res.partner"].create({"name": f"Müşteri {i}"}) for i in range(12)]
        moves = self.env["account.move"]
        for i, partner in enumerate(partners):
            moves |= self._invoice([(self.klima, 1, 28500), (self.bakim, 1 + i, 1800)], post=False, partner=partner)
        warm, few, many = moves[:2], moves[2:4], moves[4:]
        moves.write({"state": "posted"})
        self.env.flush_all()
        # Warm-up: the access rules' caches are filled on first use.
        for move in warm:
            self.env.invalidate_all()
            move._crm_tr_loyalty_accrue()
            self.env.flush_all()
        self.env.invalidate_all()
        # 23: one of them reads the customers' languages (the history is written in theirs).
        with self.assertQueryCount(23):
            few._crm_tr_loyalty_accrue()
            self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(23):
            many._crm_tr_loyalty_accrue()
            self.env.flush_all()
        self.assertEqual(len(self.env["crm_tr.loyalty.accrual"].sudo().search([("move_id", "in", moves.ids)])), 24)
        cards = self.program._crm_tr_cards_for(self.env["res.partner"].union(*partners))
        self.assertEqual([cards[partner.id].points for partner in partners], [305.0 + 20 * i for i in range(12)])

    def test_rounding_matches_odoo(self):
        """The ledger's fast rounding gives what float_round gives, halves away from zero."""
        Accrual = self.env["crm_tr.loyalty.accrual"]
        samples = [i * 0.005 for i in range(-3000, 3000)] + [683489.6645481919, 1.005, 2.675, 0.125 * 3, 1e-9]
        samples += [n * 0.01 * m for n in range(0, 2000, 7) for m in (1.25, 1.5, 1.2, 0.3)]
        for value in samples:
            self.assertEqual(Accrual._round(value), float_round(value, precision_digits=2), value)
