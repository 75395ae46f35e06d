from collections import defaultdict

from odoo import fields, models
from odoo.tools import SQL, float_round


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
