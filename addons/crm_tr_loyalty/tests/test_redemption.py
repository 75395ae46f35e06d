import threading
import time

from odoo import Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import DummyRLock, Registry
from odoo.service.model import retrying
from odoo.sql_db import db_connect
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestRedemption(LoyaltyCase):
    def _redeem(self, document, points, card=None):
        key = "default_move_id" if document._name == "account.move" else "default_sale_order_id"
        wizard = self.env["crm_tr.loyalty.redeem.wizard"].with_context(**{key: document.id}).create({"points": points})
        if card:
            wizard.card_id = card
        return wizard.action_redeem()

    def setUp(self):
        super().setUp()
        self.env.user.group_ids |= self.env.ref("sales_team.group_sale_manager")
        self._invoice([(self.klima, 4, 28500)])  # 1,140 points
        self.card = self._card()

    def test_redeem_on_draft_invoice(self):
        draft = self._invoice([(self.klima, 1, 28500), (self.other, 2, 100)], post=False)
        self._redeem(draft, 400)
        self.assertEqual(self.card.points, 740.0)
        line = draft.invoice_line_ids.filtered(
            lambda line: line.product_id == self.env.ref("crm_tr_loyalty.product_crm_tr_loyalty_discount")
        )
        self.assertEqual(line.price_unit, -200.0, "400 points × 0.50 TL")
        self.assertEqual(draft.amount_untaxed, 28500 + 200 - 200)
        entry = self.env["crm_tr.loyalty.accrual"].sudo().search([("move_line_id", "=", line.id)])
        self.assertEqual((entry.kind, entry.points), ("redemption", -400.0))
        history = entry.history_id
        self.assertEqual((history.used, history.order_model, history.order_id), (400.0, "account.move", draft.id))
        draft.action_post()
        self.assertEqual(self.card.points, 740.0 + 285.0, "the invoice earns on its products, not on the discount")

    def test_removing_discount_line_or_cancelling_gives_points_back(self):
        draft = self._invoice([(self.klima, 1, 28500)], post=False)
        self._redeem(draft, 100)
        line = draft.invoice_line_ids.filtered(lambda line: line.price_unit < 0)
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            line.price_unit = -5000
        draft.write({"invoice_line_ids": [Command.delete(line.id)]})
        self.assertEqual(self.card.points, 1140.0)
        self._redeem(draft, 300)
        draft.button_cancel()
        self.assertEqual(self.card.points, 1140.0)
        self.assertEqual(self._ledger_sum(self.card), 1140.0)

    def test_redeem_on_quotation(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner_a.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.klima.id, "product_uom_qty": 1, "price_unit": 28500, "tax_ids": []}
                    )
                ],
            }
        )
        self._redeem(order, 1000)
        self.assertEqual(self.card.points, 140.0)
        self.assertEqual(order.amount_untaxed, 28000.0)
        order.action_confirm()
        with self.assertRaises(UserError):
            self._redeem(order, 10)
        order._action_cancel()
        self.assertEqual(self.card.points, 1140.0)

    def test_bad_input(self):
        posted = self._invoice([(self.klima, 1, 28500)])
        with self.assertRaisesRegex(UserError, "draft invoice"):
            self._redeem(posted, 10)
        with self.assertRaisesRegex(UserError, "draft invoice"):
            posted.action_crm_tr_redeem_points()
        draft = self._invoice([(self.klima, 1, 28500)], post=False)
        with self.assertRaisesRegex(UserError, "positive"):
            self._redeem(draft, -5)
        with self.assertRaisesRegex(UserError, "cannot be redeemed"):
            self._redeem(draft, 1425.01)
        small = self._invoice([(self.other, 1, 100)], post=False)
        with self.assertRaisesRegex(UserError, "more than the untaxed total"):
            self._redeem(small, 1000)
        self.assertEqual(self.card.points, 1425.0, "nothing burnt by refused redemptions")

    def test_credit_note_after_redemption_never_below_zero(self):
        invoice = self._invoice([(self.klima, 1, 28500)])  # +285 -> 1,425
        draft = self._invoice([(self.klima, 1, 28500)], post=False)
        self._redeem(draft, 1400)
        self.assertEqual(self.card.points, 25.0)
        invoice._reverse_moves([{"invoice_date": invoice.invoice_date}], cancel=True)
        self.assertEqual(self.card.points, 0.0)
        self.assertEqual(self._ledger_sum(self.card), 0.0)


@tagged("post_install", "-at_install")
class TestConcurrentRedemption(LoyaltyCase):
    """Two transactions redeem 60 of 100 points at the same moment: one wins, the other is
    refused, the balance is 40. Runs on real, committed connections, in threads."""

    # Seconds the test waits for its threads once it is over, before it fails without
    # deleting the committed records they may still be using.
    THREAD_TIMEOUT = 60

    def setUp(self):
        super().setUp()
        # Odoo's runner (odoo -d DB --test-tags ...) runs the tests while holding the
        # registry lock (service/server.py: `with Registry._lock: preload_registries(...)`),
        # and a thread that builds an Environment looks the registry up under that lock: it
        # would wait until the tests are over. The registry is loaded; the threads only read
        # it (Odoo's own tests that use threads do the same, e.g. auth_ldap's).
        self.patch(Registry, "_lock", DummyRLock())

    def _committed_setup(self, dbname):
        # Committed on a connection of its own: both concurrent transactions must see it.
        with db_connect(dbname).cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            company = env.company
            partner = env["res.partner"].create({"name": "Eşzamanlı Müşteri"})
            program = env["loyalty.program"].create(
                {"name": "Eşzamanlı Puan", "program_type": "loyalty", "company_id": company.id, "crm_tr_point_value": 1}
            )
            card = env["loyalty.card"].create({"program_id": program.id, "partner_id": partner.id, "points": 100})
            product = env["product.product"].create({"name": "Eşzamanlı Ürün", "list_price": 1000})
            line = {"product_id": product.id, "product_uom_qty": 1, "price_unit": 1000}
            orders = env["sale.order"].create(
                [{"partner_id": partner.id, "company_id": company.id, "order_line": [Command.create(line)]}] * 2
            )
            cr.commit()  # pylint: disable=invalid-commit
            return {
                "partner": partner.id,
                "program": program.id,
                "card": card.id,
                "orders": orders.ids,
                "product": product.id,
            }

    def _committed_cleanup(self, dbname, ids):
        with db_connect(dbname).cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            entries = env["crm_tr.loyalty.accrual"].search([("card_id", "=", ids["card"])])
            histories = entries.history_id
            entries.unlink()
            histories.unlink()
            orders = env["sale.order"].browse(ids["orders"])
            orders._action_cancel()
            orders.unlink()
            env["loyalty.card"].browse(ids["card"]).unlink()
            program = env["loyalty.program"].browse(ids["program"])
            program.active = False
            program.unlink()
            env["product.product"].browse(ids["product"]).unlink()
            env["res.partner"].browse(ids["partner"]).unlink()
            cr.commit()  # pylint: disable=invalid-commit
        Registry(dbname).clear_cache()

    def _join(self, threads, ids):
        """Wait for the threads; fail, leaving the committed records in place, if one is
        still running (deleting them under it would only turn into a foreign-key error)."""
        deadline = time.monotonic() + self.THREAD_TIMEOUT
        for thread in threads:
            thread.join(max(deadline - time.monotonic(), 0))
        alive = [thread.name for thread in threads if thread.is_alive()]
        if alive:
            raise AssertionError(
                f"{', '.join(alive)} still running {self.THREAD_TIMEOUT} s after the test: its committed "
                f"records are left in the database, not deleted under it ({ids})"
            )

    def test_two_concurrent_redemptions_cannot_overdraw(self):
        dbname = self.env.cr.dbname
        ids = self._committed_setup(dbname)
        first_locked, release_first = threading.Event(), threading.Event()
        outcome = {}

        def redeem(order_id, name, hold):
            # As a web request does: Odoo's `retrying` re-runs the transaction after a
            # serialization failure, and the retry sees the committed balance.
            try:
                with db_connect(dbname).cursor() as cr:
                    env = api.Environment(cr, api.SUPERUSER_ID, {})

                    def attempt():
                        wizard = (
                            env["crm_tr.loyalty.redeem.wizard"]
                            .with_context(default_sale_order_id=order_id)
                            .create({"points": 60, "card_id": ids["card"]})
                        )
                        wizard.action_redeem()
                        if hold:
                            first_locked.set()
                            release_first.wait(20)

                    retrying(attempt, env)
                    outcome[name] = "redeemed"
            except UserError as error:
                outcome[name] = str(error)
            except Exception as error:  # reported by the assertions below
                outcome[name] = f"{type(error).__name__}: {error}"
            finally:
                first_locked.set()

        threads = [
            threading.Thread(target=redeem, args=(ids["orders"][0], "first", True), name="first redemption"),
            threading.Thread(target=redeem, args=(ids["orders"][1], "second", False), name="second redemption"),
        ]
        try:
            threads[0].start()
            self.assertTrue(first_locked.wait(20), "the first redemption reaches its lock")
            self.assertNotIn("first", outcome, "the first redemption holds its transaction open")
            # The second one's serialization failure (then retried) is expected: no error in the log.
            with mute_logger("odoo.sql_db"):
                threads[1].start()
                threads[1].join(1.0)
                self.assertTrue(threads[1].is_alive(), "the second redemption waits for the first one's lock")
                release_first.set()
                for thread in threads:
                    thread.join(20)
            self.assertEqual(outcome.get("first"), "redeemed")
            self.assertIn("cannot be redeemed", outcome.get("second", ""))
            with db_connect(dbname).cursor() as cr:
                cr.execute(SQL("SELECT points FROM loyalty_card WHERE id = %s", ids["card"]))
                self.assertEqual(cr.fetchone()[0], 40.0)
                cr.execute(SQL("SELECT COUNT(*) FROM crm_tr_loyalty_accrual WHERE card_id = %s", ids["card"]))
                self.assertEqual(cr.fetchone()[0], 1)
        finally:
            release_first.set()
            self._join([thread for thread in threads if thread.ident], ids)
            self._committed_cleanup(dbname, ids)
