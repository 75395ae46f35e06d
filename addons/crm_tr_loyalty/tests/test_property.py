"""Random sequences of post, reset, re-post, credit note, redeem and expire: the balance
always equals the ledger sum and the history sum, never goes below zero, and matches a
recomputation in plain Python from the operations alone."""

from datetime import date

from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from odoo.tests import tagged

from .common import LoyaltyCase

DAYS = [date(2024, 1, 15), date(2024, 9, 1), date(2025, 3, 10), date(2025, 12, 1)]

operations = st.one_of(
    st.tuples(st.just("new"), st.integers(1, 5), st.integers(0, len(DAYS) - 1)),
    st.tuples(st.just("reset"), st.integers(0, 5)),
    st.tuples(st.just("post"), st.integers(0, 5)),
    st.tuples(st.just("credit"), st.integers(0, 5)),
    st.tuples(st.just("redeem"), st.floats(0.05, 1.0)),
    st.tuples(st.just("expire"), st.integers(0, len(DAYS) - 1)),
)


class Reference:
    """The rules, in plain Python: entries earned, taken back (at most what is left),
    redeemed and expired oldest first."""

    def __init__(self, months):
        self.months = months
        self.balance = 0.0
        self.lots = []  # [points, day, live]
        self.used = 0.0

    def earn(self, points, day):
        lot = [points, day, True]
        self.lots.append(lot)
        self.balance += points
        return lot

    def take_back(self, lot):
        lot[2] = False  # a reversed earning and its reversal leave the oldest-first count
        self.balance -= min(lot[0], self.balance)

    def consume(self, points):
        taken = min(points, self.balance)
        self.balance -= taken
        self.used += taken

    def expire(self, today):
        cutoff = today - relativedelta(months=self.months)
        left, expired = self.used, 0.0
        for points, day, _live in sorted((lot for lot in self.lots if lot[2]), key=lambda lot: lot[1]):
            take = min(points, left)
            left -= take
            if day <= cutoff:
                expired += points - take
        self.consume(expired)


@tagged("post_install", "-at_install")
class TestLedgerProperty(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.crm_tr_expiry_months = 12

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(operations, min_size=1, max_size=9))
    # Known edges, always run: a reversed earning must not expire; a credit note after a
    # redemption takes back only what is left; a re-posted invoice earns once.
    @example([("new", 1, 0), ("reset", 0), ("new", 1, 3), ("expire", 0)])
    @example([("new", 5, 1), ("redeem", 0.9), ("credit", 0), ("new", 2, 2), ("expire", 3)])
    @example([("new", 3, 0), ("reset", 0), ("post", 0), ("post", 0), ("reset", 0), ("post", 0), ("expire", 2)])
    def test_balance_is_the_ledger(self, ops):
        partner = self.env["res.partner"].create({"name": "Rastgele Müşteri"})
        reference = Reference(months=12)
        invoices = []  # [move, lot or None, credited]
        Accrual = self.env["crm_tr.loyalty.accrual"].sudo()
        for op in ops:
            kind = op[0]
            if kind == "new":
                move = self._invoice([(self.bakim, op[1], 1800)], partner=partner, invoice_date=DAYS[op[2]])
                invoices.append([move, reference.earn(20.0 * op[1], DAYS[op[2]]), False])
            elif kind in ("reset", "post", "credit") and op[1] < len(invoices):
                record = invoices[op[1]]
                move, lot, credited = record
                if credited:
                    continue
                if kind == "reset" and move.state == "posted":
                    move.button_draft()
                    reference.take_back(lot)
                elif kind == "post" and move.state == "draft":
                    move.action_post()
                    record[1] = reference.earn(lot[0], move.invoice_date)
                elif kind == "credit" and move.state == "posted":
                    refund = move._reverse_moves([{"invoice_date": move.invoice_date}])
                    refund.action_post()
                    reference.consume(lot[0])
                    record[2] = True
            elif kind == "redeem":
                points = int(reference.balance * op[1])
                if points > 0:
                    draft = self._invoice([(self.other, 1, 1000000)], partner=partner, post=False)
                    self.env["crm_tr.loyalty.redeem.wizard"].with_context(default_move_id=draft.id).create(
                        {"points": points}
                    ).action_redeem()
                    reference.consume(points)
            elif kind == "expire":
                today = DAYS[op[1]] + relativedelta(months=13)
                card = self._card(partner)
                if card:
                    Accrual._crm_tr_expire(card, today)
                reference.expire(today)
            card = self._card(partner)
            balance = card.points if card else 0.0
            self.assertGreaterEqual(balance, 0.0)
            self.assertAlmostEqual(balance, reference.balance, places=2, msg=f"after {op}")
            if card:
                self.assertAlmostEqual(balance, self._ledger_sum(card), places=2)
                history = sum(h.issued - h.used for h in card.history_ids)
                self.assertAlmostEqual(balance, history, places=2)
