import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL, float_round

_logger = logging.getLogger(__name__)


class CrmTrLoyaltyAccrual(models.Model):
    """The points ledger of invoices: one signed entry per invoice line and loyalty card,
    and a reversal entry (never a deletion) when the invoice goes back to draft or is
    cancelled. The card's balance moves with every entry."""

    _name = "crm_tr.loyalty.accrual"
    _description = "Invoice Points Ledger Entry"
    _order = "id desc"
    _check_company_auto = True

    card_id = fields.Many2one("loyalty.card", string="Loyalty Card", required=True, index=True, ondelete="restrict")
    partner_id = fields.Many2one(related="card_id.partner_id", store=True, index=True, string="Customer")
    program_id = fields.Many2one(related="card_id.program_id", store=True, string="Program")
    company_id = fields.Many2one("res.company", string="Company", required=True, index=True)
    move_id = fields.Many2one("account.move", string="Invoice", required=True, index=True, ondelete="restrict")
    move_line_id = fields.Many2one("account.move.line", string="Invoice Line", index=True, ondelete="set null")
    points = fields.Float(required=True, digits=(16, 2))
    kind = fields.Selection([("accrual", "Earned"), ("reversal", "Reversal")], required=True, default="accrual")
    reversed = fields.Boolean(
        string="Reversed", default=False, index=True, help="This entry was cancelled by a reversal entry."
    )
    reversed_entry_id = fields.Many2one("crm_tr.loyalty.accrual", string="Reverses", ondelete="restrict")
    history_id = fields.Many2one("loyalty.history", string="Loyalty History", ondelete="set null")
    date = fields.Date(required=True, default=fields.Date.context_today)

    # Posting twice can never earn twice: at most one live entry per invoice line and card.
    _live_entry_unique = models.UniqueIndex("(move_line_id, card_id) WHERE kind = 'accrual' AND reversed IS NOT TRUE")

    def _crm_tr_apply(self):
        """Move the cards' balances by these new entries and write Odoo's loyalty history."""
        deltas = defaultdict(float)
        for entry in self:
            deltas[entry.card_id.id] += entry.points
        for card_id, delta in deltas.items():
            # One UPDATE per card: concurrent postings add up instead of overwriting.
            self.env.execute_query(SQL("UPDATE loyalty_card SET points = points + %s WHERE id = %s", delta, card_id))
        self.env["loyalty.card"].invalidate_model(["points"])
        histories = (
            self.env["loyalty.history"]
            .sudo()
            .create(
                [
                    {
                        "card_id": entry.card_id.id,
                        "description": entry._crm_tr_description(),
                        "issued": max(entry.points, 0.0),
                        "used": max(-entry.points, 0.0),
                        "order_model": "account.move",
                        "order_id": entry.move_id.id,
                    }
                    for entry in self
                ]
            )
        )
        for entry, history in zip(self, histories, strict=True):
            entry.history_id = history

    def _crm_tr_description(self):
        self.ensure_one()
        if self.kind == "reversal":
            return self.env._("Reversal of the points of %s", self.move_id.name)
        return self.env._("Points of %s", self.move_id.name)

    @staticmethod
    def _round(points):
        return float_round(points, precision_digits=2)

    def _crm_tr_reverse(self):
        """Reverse these live entries; returns the reversal entries."""
        live = self.filtered(lambda e: e.kind == "accrual" and not e.reversed)
        if not live:
            return self.browse()
        live.write({"reversed": True})
        # The unique index must see these as reversed before a new posting inserts its entries.
        live.flush_recordset(["reversed"])
        reversals = self.create(
            [
                {
                    "card_id": entry.card_id.id,
                    "company_id": entry.company_id.id,
                    "move_id": entry.move_id.id,
                    "move_line_id": entry.move_line_id.id,
                    "points": -entry.points,
                    "kind": "reversal",
                    "reversed_entry_id": entry.id,
                }
                for entry in live
            ]
        )
        reversals._crm_tr_apply()
        return reversals

    # ------------------------------------------------------------------
    # Reconciliation: every balance recomputed from the history, drift reported
    # ------------------------------------------------------------------

    @api.model
    def _crm_tr_drifts(self):
        """Cards whose balance differs from what their history adds up to, and ledger
        entries whose history line says another number. Computed in PostgreSQL.
        Returns (card drifts [(card id, balance, expected)], entry drifts [entry ids])."""
        self.env.flush_all()
        cards = self.env.execute_query(
            SQL(
                """SELECT card.id, card.points, COALESCE(SUM(history.issued - history.used), 0)
                     FROM loyalty_card card
                LEFT JOIN loyalty_history history ON history.card_id = card.id
                    WHERE card.id IN (SELECT DISTINCT card_id FROM crm_tr_loyalty_accrual)
                 GROUP BY card.id, card.points
                   HAVING ROUND((card.points - COALESCE(SUM(history.issued - history.used), 0))::numeric, 2) != 0"""
            )
        )
        entries = self.env.execute_query(
            SQL(
                """SELECT entry.id FROM crm_tr_loyalty_accrual entry
                LEFT JOIN loyalty_history history ON history.id = entry.history_id
                    WHERE history.id IS NULL
                       OR ROUND((history.issued - history.used - entry.points)::numeric, 2) != 0"""
            )
        )
        return cards, [row[0] for row in entries]

    @api.model
    def _cron_crm_tr_reconcile(self):
        cards, entries = self._crm_tr_drifts()
        for card_id, balance, expected in cards:
            card = self.env["loyalty.card"].browse(card_id)
            _logger.warning("Loyalty card %s: balance %s, history adds up to %s", card_id, balance, expected)
            card.message_post(
                body=self.env._(
                    "Reconciliation: the balance is %(balance)s but the points history adds up to %(expected)s.",
                    balance=balance,
                    expected=expected,
                )
            )
        if entries:
            _logger.warning("Loyalty ledger entries without a matching history line: %s", entries)
        self.env["ir.cron"]._commit_progress(len(cards) + len(entries))
        return cards, entries
