import logging
import math
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

_logger = logging.getLogger(__name__)

# Columns written by the ledger's one-statement inserts: (name, SQL type, default).
ACCRUAL_COLUMNS = [
    ("card_id", "int4", None),
    ("partner_id", "int4", None),
    ("program_id", "int4", None),
    ("company_id", "int4", None),
    ("move_id", "int4", None),
    ("move_line_id", "int4", None),
    ("sale_order_id", "int4", None),
    ("sale_line_id", "int4", None),
    ("points", "numeric", 0.0),
    ("base_points", "numeric", None),
    ("multiplier", "numeric", 1.0),
    ("boost_id", "int4", None),
    ("tier_id", "int4", None),
    ("uncollected", "numeric", None),
    ("kind", "varchar", "accrual"),
    ("state", "varchar", "done"),
    ("reversed", "bool", False),
    ("reversed_entry_id", "int4", None),
    ("history_id", "int4", None),
    ("date", "date", None),
]
HISTORY_COLUMNS = [
    ("card_id", "int4", None),
    ("description", "text", ""),
    ("issued", "float8", 0.0),
    ("used", "float8", 0.0),
    ("order_model", "varchar", None),
    ("order_id", "int4", None),
]


# What a loyalty history line adds to the balance; a line created through the ORM with only
# "issued" (or only "used") has NULL in the other column.
HISTORY_LINE = SQL("COALESCE(history.issued, 0) - COALESCE(history.used, 0)")


def _sql_value(value, sqltype):
    """False means NULL for references, texts and dates (as the ORM writes them)."""
    if sqltype in ("int4", "varchar", "text", "date"):
        return value or None
    return value


class CrmTrLoyaltyAccrual(models.Model):
    """The points ledger: one signed entry per invoice line and loyalty card, a reversal
    entry (never a deletion) when the invoice goes back to draft or is cancelled, the
    redemptions and the expiries. A card's balance is the sum of its done entries, and
    every done entry has its line in Odoo's loyalty history."""

    _name = "crm_tr.loyalty.accrual"
    _description = "Points Ledger Entry"
    _order = "id desc"
    _check_company_auto = True

    card_id = fields.Many2one("loyalty.card", string="Loyalty Card", required=True, index=True, ondelete="restrict")
    # Written far more than searched by these two: no index of their own (card_id has one).
    partner_id = fields.Many2one(related="card_id.partner_id", store=True, string="Customer")
    program_id = fields.Many2one(related="card_id.program_id", store=True, string="Program")
    company_id = fields.Many2one("res.company", string="Company", required=True)
    move_id = fields.Many2one("account.move", string="Invoice", index=True, ondelete="restrict")
    move_line_id = fields.Many2one("account.move.line", string="Invoice Line", index=True, ondelete="set null")
    sale_order_id = fields.Many2one("sale.order", string="Sales Order", index="btree_not_null", ondelete="restrict")
    sale_line_id = fields.Many2one("sale.order.line", string="Sales Order Line", ondelete="set null")
    points = fields.Float(required=True, digits=(16, 2))
    base_points = fields.Float(
        string="Base Points", digits=(16, 2), help="Points by the earning rules, before boost and tier multipliers."
    )
    multiplier = fields.Float(default=1.0, digits=(16, 4), help="Boost multiplier times tier multiplier.")
    boost_id = fields.Many2one("crm_tr.loyalty.boost", string="Boost", ondelete="set null")
    tier_id = fields.Many2one("crm_tr.loyalty.tier", string="Tier", ondelete="set null")
    uncollected = fields.Float(
        digits=(16, 2),
        help="Points that should have been taken back but had already been spent: a balance never goes below zero.",
    )
    kind = fields.Selection(
        [("accrual", "Earned"), ("reversal", "Reversal"), ("redemption", "Redeemed"), ("expiry", "Expired")],
        required=True,
        default="accrual",
    )
    state = fields.Selection(
        [("pending", "Pending Payment"), ("done", "Done"), ("cancelled", "Cancelled")],
        required=True,
        default="done",
        help="Pending: earned on an invoice that is not paid yet (company setting); "
        "the points reach the card when the invoice is paid.",
    )
    reversed = fields.Boolean(string="Reversed", default=False, help="This entry was cancelled by a reversal entry.")
    reversed_entry_id = fields.Many2one("crm_tr.loyalty.accrual", string="Reverses", ondelete="restrict")
    history_id = fields.Many2one("loyalty.history", string="Loyalty History", ondelete="set null")
    date = fields.Date(required=True, default=fields.Date.context_today)

    # Posting twice can never earn twice: at most one live entry per invoice line and card.
    _live_entry_unique = models.UniqueIndex("(move_line_id, card_id) WHERE kind = 'accrual' AND reversed IS NOT TRUE")
    # Few entries wait for a payment: index only those.
    _pending_index = models.Index("(move_id) WHERE state = 'pending'")
    _points_signed = models.Constraint(
        "CHECK (kind NOT IN ('redemption', 'expiry') OR points <= 0)",
        "Redemptions and expiries can only take points away.",
    )

    @staticmethod
    def _round(points):
        """Points to the hundredth, half away from zero (as float_round, called thousands of
        times per batch)."""
        scaled = abs(points) * 100.0
        rounded = math.floor(scaled + 0.5 + scaled * 2**-50) / 100.0
        return -rounded if points < 0 else rounded

    # ------------------------------------------------------------------
    # Posting entries: the one place where balances move
    # ------------------------------------------------------------------

    @api.model
    def _crm_tr_lock_balances(self, card_ids):
        """Lock the cards' rows (in id order, so concurrent postings never deadlock) and
        return their balances as committed: two redemptions at the same moment queue here."""
        if not card_ids:
            return {}
        self.env["loyalty.card"].flush_model(["points"])
        rows = self.env.execute_query(
            SQL(
                "SELECT id, points FROM loyalty_card WHERE id IN %s ORDER BY id FOR NO KEY UPDATE",
                tuple(sorted(card_ids)),
            )
        )
        # What write() sees as the balance before (tracking, communications) must be the locked one.
        self.env["loyalty.card"].browse(card_ids).invalidate_recordset(["points"])
        return dict(rows)

    @api.model
    def _crm_tr_post(self, vals_list):
        """Create ledger entries and move the balances of the done ones.

        A redemption that would overdraw raises; a reversal, credit note or expiry takes
        back at most what is left and records the rest as uncollected, so a balance never
        goes below zero."""
        done = [vals for vals in vals_list if vals.get("state", "done") == "done"]
        before = self._crm_tr_lock_balances({vals["card_id"] for vals in done})
        balances = dict(before)
        deltas = defaultdict(float)
        for vals in done:
            points = self._round(vals["points"])
            available = self._round(max(balances[vals["card_id"]], 0.0))
            if points < 0 and -points > available:
                if vals.get("kind") == "redemption":
                    card = self.env["loyalty.card"].browse(vals["card_id"])
                    raise UserError(
                        self.env._(
                            "%(partner)s has %(balance)s points on %(card)s; %(points)s points cannot be redeemed.",
                            partner=card.partner_id.display_name,
                            balance=available,
                            card=card.display_name,
                            points=-points,
                        )
                    )
                vals["uncollected"] = self._round(-points - available)
                points = -available
            vals["points"] = points
            balances[vals["card_id"]] = self._round(balances[vals["card_id"]] + points)
            deltas[vals["card_id"]] += points
        if done:
            # History lines first, so every entry is inserted with its history line.
            self._crm_tr_write_histories(done)
            self._crm_tr_move_balances(before, deltas)
        cards = self.env["loyalty.card"].browse({vals["card_id"] for vals in vals_list})
        owners = {card.id: {"partner_id": card.partner_id.id, "program_id": card.program_id.id} for card in cards}
        today = fields.Date.context_today(self)
        for vals in vals_list:
            vals.update(owners[vals["card_id"]])
            vals.setdefault("date", today)
        ids = self._crm_tr_insert("crm_tr_loyalty_accrual", ACCRUAL_COLUMNS, vals_list)
        self.env["loyalty.card"].invalidate_model(["history_ids", "crm_tr_accrual_ids"])
        return self.browse(ids)

    @api.model
    def _crm_tr_insert(self, table, columns, vals_list):
        """Insert rows in one statement (the ledger's hot path: posting thousands of invoices)."""
        if not vals_list:
            return []
        now = self.env.cr.now()
        uid = self.env.uid
        # One array per column, unnested by PostgreSQL: far less to parse than a row of
        # literals per entry. The casts come from the fixed column lists above.
        arrays = SQL(", ").join(
            SQL(f"%s::{sqltype}[]", [_sql_value(vals.get(name, default), sqltype) for vals in vals_list])
            for name, sqltype, default in columns
        )
        names = SQL(", ").join(SQL.identifier(name) for name, _type, _default in columns)
        # Rows go in, and ids come back, in the order of vals_list.
        result = self.env.execute_query(
            SQL(
                "INSERT INTO %s (%s, create_uid, create_date, write_uid, write_date) "
                "SELECT %s, %s, %s, %s, %s FROM unnest(%s) WITH ORDINALITY AS v(%s, ord) ORDER BY ord RETURNING id",
                SQL.identifier(table),
                names,
                names,
                uid,
                now,
                uid,
                now,
                arrays,
                names,
            )
        )
        return [row[0] for row in result]

    @api.model
    def _crm_tr_move_balances(self, before, deltas):
        """Add the points {card id: points} to the locked cards' balances {card id: points}
        through `loyalty.card.write`, so Odoo tracks the change in the card's chatter and
        sends the program's "points reached" communications, as sale_loyalty moves its
        cards. One write per new balance (cards that end on the same balance share it), all
        cards in one prefetch. The ledger and history rows stay one SQL statement each
        (_crm_tr_insert, the hot path of posting thousands of invoices): the cards are at
        most one write each per batch (bench_loyalty_accrual.py measures them)."""
        cards = self.env["loyalty.card"].sudo().browse(deltas)
        by_balance = defaultdict(list)
        for card_id, delta in deltas.items():
            if self._round(delta):
                by_balance[before[card_id] + delta].append(card_id)
        for balance, card_ids in by_balance.items():
            cards.browse(card_ids).with_prefetch(cards._prefetch_ids).write({"points": balance})

    @api.model
    def _crm_tr_write_histories(self, vals_list):
        """One line of Odoo's loyalty history per card, document and kind of entry (as Odoo
        writes one per order), its id set on every entry it sums up."""
        groups = defaultdict(list)
        for vals in vals_list:
            key = (
                vals["card_id"],
                vals.get("move_id") or False,
                vals.get("sale_order_id") or False,
                vals.get("kind", "accrual"),
            )
            groups[key].append(vals)
        history_vals = []
        # The history is the customer's (card, portal): written in the customer's language,
        # read for all cards at once.
        cards = self.env["loyalty.card"].browse({card_id for card_id, *_rest in groups})
        langs = {card.id: card.partner_id.lang or card.company_id.partner_id.lang for card in cards}
        for (card_id, move_id, order_id, kind), members in groups.items():
            total = self._round(sum(vals["points"] for vals in members))
            history_vals.append(
                self._crm_tr_history_vals(
                    {"card_id": card_id, "move_id": move_id, "sale_order_id": order_id, "kind": kind, "points": total},
                    lang=langs.get(card_id),
                )
            )
        history_ids = self._crm_tr_insert("loyalty_history", HISTORY_COLUMNS, history_vals)
        for members, history_id in zip(groups.values(), history_ids, strict=True):
            for vals in members:
                vals["history_id"] = history_id
        self.env["loyalty.card"].invalidate_model(["history_ids"])

    @api.model
    def _crm_tr_history_vals(self, vals, lang=None):
        order = self.env["sale.order"].browse(vals.get("sale_order_id") or ())
        move = self.env["account.move"].browse(vals.get("move_id") or ())
        document = (order or move).name or ""
        kind = vals.get("kind", "accrual")
        env = self.with_context(lang=lang).env if lang and lang != self.env.lang else self.env
        if kind == "reversal":
            description = env._("Reversal of the points of %s", document)
        elif kind == "redemption":
            description = env._("Points redeemed on %s", document)
        elif kind == "expiry":
            description = env._("Points expired")
        else:
            description = env._("Points of %s", document)
        return {
            "card_id": vals["card_id"],
            "description": description,
            "issued": max(vals["points"], 0.0),
            "used": max(-vals["points"], 0.0),
            "order_model": "sale.order" if order else "account.move" if move else False,
            "order_id": (order or move).id,
        }

    def _crm_tr_apply(self, before):
        """Existing entries (released from pending) reach the history and the locked cards,
        whose balances were `before` ({card id: points})."""
        if not self:
            return
        vals_list = [
            {
                "card_id": entry.card_id.id,
                "points": entry.points,
                "kind": entry.kind,
                "move_id": entry.move_id.id,
                "sale_order_id": entry.sale_order_id.id,
            }
            for entry in self
        ]
        self._crm_tr_write_histories(vals_list)
        deltas = defaultdict(float)
        for entry, vals in zip(self, vals_list, strict=True):
            entry.history_id = vals["history_id"]
            deltas[vals["card_id"]] += vals["points"]
        self._crm_tr_move_balances(before, deltas)

    def _crm_tr_reverse(self):
        """Reverse these live entries; returns the reversal entries. A pending entry never
        reached the card: it is cancelled instead."""
        live = self.filtered(lambda e: e.kind in ("accrual", "redemption") and not e.reversed)
        if not live:
            return self.browse()
        pending = live.filtered(lambda e: e.state == "pending")
        pending.write({"state": "cancelled", "reversed": True})
        done = live - pending
        done.write({"reversed": True})
        # The unique index must see these as reversed before a new posting inserts its entries.
        live.flush_recordset(["reversed", "state"])
        return self._crm_tr_post(
            [
                {
                    "card_id": entry.card_id.id,
                    "company_id": entry.company_id.id,
                    "move_id": entry.move_id.id,
                    "move_line_id": entry.move_line_id.id,
                    "sale_order_id": entry.sale_order_id.id,
                    "sale_line_id": entry.sale_line_id.id,
                    "points": -entry.points,
                    "kind": "reversal",
                    "reversed_entry_id": entry.id,
                }
                for entry in done
            ]
        )

    def _crm_tr_release(self):
        """Pending entries of paid invoices reach the cards."""
        pending = self.filtered(lambda e: e.state == "pending" and not e.reversed)
        if not pending:
            return pending
        before = self._crm_tr_lock_balances(set(pending.card_id.ids))
        balances = dict(before)
        for entry in pending.sorted(lambda e: (e.points < 0, e.id)):
            available = max(balances[entry.card_id.id], 0.0)
            if entry.points < 0 and -entry.points > available:
                entry.write({"uncollected": self._round(-entry.points - available), "points": -available})
            balances[entry.card_id.id] = self._round(balances[entry.card_id.id] + entry.points)
        pending.write({"state": "done"})
        pending._crm_tr_apply(before)
        return pending

    # ------------------------------------------------------------------
    # Redemption
    # ------------------------------------------------------------------

    @api.model
    def _crm_tr_redeem(self, card, points, *, move_line=None, sale_line=None):
        """Burn points of the card for a discount line. Locks the card: two redemptions at
        the same moment queue, and the second sees what the first left."""
        points = self._round(points)
        if points <= 0:
            raise UserError(self.env._("Redeem a positive number of points."))
        document = move_line.move_id if move_line else sale_line.order_id
        return self._crm_tr_post(
            [
                {
                    "card_id": card.id,
                    "company_id": document.company_id.id,
                    "move_id": move_line.move_id.id if move_line else False,
                    "move_line_id": move_line.id if move_line else False,
                    "sale_order_id": sale_line.order_id.id if sale_line else False,
                    "sale_line_id": sale_line.id if sale_line else False,
                    "points": -points,
                    "kind": "redemption",
                }
            ]
        )

    # ------------------------------------------------------------------
    # Expiry: oldest points first
    # ------------------------------------------------------------------

    @api.model
    def _crm_tr_fifo(self, card_ids):
        """{card id: [(date earned, points still unused)]}, oldest first.

        Points are used oldest first: every redemption, credit note and expiry eats the
        oldest points left. An earning that was reversed and its reversal cancel out."""
        if not card_ids:
            return {}
        self.flush_model()
        earned = self.env.execute_query(
            SQL(
                """SELECT card_id, date, SUM(points) FROM crm_tr_loyalty_accrual
                    WHERE card_id IN %s AND state = 'done' AND kind = 'accrual' AND points > 0
                      AND reversed IS NOT TRUE
                 GROUP BY card_id, date ORDER BY card_id, date""",
                tuple(card_ids),
            )
        )
        used = dict(
            self.env.execute_query(
                SQL(
                    """SELECT card_id, -SUM(points) FROM crm_tr_loyalty_accrual
                        WHERE card_id IN %s AND state = 'done' AND points < 0 AND kind != 'reversal'
                          AND reversed IS NOT TRUE
                     GROUP BY card_id""",
                    tuple(card_ids),
                )
            )
        )
        lots = defaultdict(list)
        for card_id, day, points in earned:
            take = min(points, used.get(card_id, 0.0))
            used[card_id] = used.get(card_id, 0.0) - take
            if self._round(points - take) > 0:
                lots[card_id].append((day, self._round(points - take)))
        return lots

    @api.model
    def _crm_tr_next_expiries(self, cards):
        """{card id: (date, points)} of the cards' next points to expire, (False, 0) when
        none; one pair of queries for all the cards."""
        expiring = [card for card in cards if card.id and card.program_id.crm_tr_expiry_months]
        lots = self._crm_tr_fifo([card.id for card in expiring])
        result = {card.id: (False, 0.0) for card in cards}
        for card in expiring:
            if lots.get(card.id):
                first = lots[card.id][0][0]
                result[card.id] = (
                    first + relativedelta(months=card.program_id.crm_tr_expiry_months),
                    sum(points for day, points in lots[card.id] if day == first),
                )
        return result

    @api.model
    def _crm_tr_expire(self, cards, today):
        """Expiry entries for the points of these cards earned at least N months ago and not used."""
        lots = self._crm_tr_fifo(cards.ids)
        vals_list = []
        for card in cards:
            cutoff = today - relativedelta(months=card.program_id.crm_tr_expiry_months)
            points = self._round(sum(p for day, p in lots.get(card.id, ()) if day <= cutoff))
            if points > 0:
                vals_list.append(
                    {
                        "card_id": card.id,
                        "company_id": (card.company_id or self.env.company).id,
                        "points": -points,
                        "kind": "expiry",
                        "date": today,
                    }
                )
        return self._crm_tr_post(vals_list) if vals_list else self.browse()

    @api.model
    def _cron_crm_tr_expire(self, today=None, batch_size=500):
        """Expire old points, batch by batch, committing and reporting progress."""
        today = today or fields.Date.context_today(self)
        Card = self.env["loyalty.card"].sudo()
        card_ids = Card.search([("program_id.crm_tr_expiry_months", ">", 0), ("points", ">", 0)], order="id").ids
        expired = self.browse()
        for start in range(0, len(card_ids), batch_size):
            batch = Card.browse(card_ids[start : start + batch_size])
            expired |= self._crm_tr_expire(batch, today)
            if not self.env["ir.cron"]._commit_progress(len(batch), remaining=len(card_ids) - start - len(batch)):
                break
        return expired

    @api.model
    def _cron_crm_tr_expiry_notice(self):
        notified = self._crm_tr_expiry_notice()
        self.env["ir.cron"]._commit_progress(len(notified))
        return notified

    @api.model
    def _crm_tr_expiry_notice(self, today=None):
        """Tell customers, by SMS and e-mail, about the points that expire within the
        program's notice days; once per expiry date."""
        today = today or fields.Date.context_today(self)
        Card = self.env["loyalty.card"].sudo()
        cards = Card.search([("program_id.crm_tr_expiry_months", ">", 0), ("points", ">", 0)], order="id")
        to_notify = Card
        expiries = self._crm_tr_next_expiries(cards)
        for card in cards:
            day, points = expiries[card.id]
            notice = card.program_id.crm_tr_expiry_notice_days
            if (
                day
                and points > 0
                and today < day <= today + relativedelta(days=notice)
                and card.crm_tr_expiry_notice_date != day
            ):
                card.crm_tr_expiry_notice_date = day
                to_notify |= card
        for program, program_cards in to_notify.grouped("program_id").items():
            if program.crm_tr_expiry_sms_template_id:
                self.env["crm_tr.sms.api"]._send_template(
                    program.crm_tr_expiry_sms_template_id, program_cards, company=program.company_id or None
                )
            if program.crm_tr_expiry_mail_template_id:
                for card in program_cards.filtered(lambda c: c.partner_id.email):
                    program.crm_tr_expiry_mail_template_id.send_mail(card.id)
            for card in program_cards:
                # Written by a cron for every reader: in the customer's (or the company's)
                # language, numbers and dates written that language's way.
                lang = card.partner_id.lang or card.company_id.partner_id.lang or self.env.lang
                card_lang = card.with_context(lang=lang)
                card.message_post(
                    body=card_lang.env._(
                        "Expiry notice sent: %(points)s expire on %(date)s.",
                        points=card_lang._format_points(card.crm_tr_next_expiry_points),
                        date=format_date(card_lang.env, card.crm_tr_expiry_notice_date),
                    )
                )
        return to_notify

    # ------------------------------------------------------------------
    # Reconciliation: every balance recomputed from the ledger and the history
    # ------------------------------------------------------------------

    @api.model
    def _crm_tr_drifts(self):
        """Cards whose balance differs from what their history adds up to, and done ledger
        entries without a history line or whose history line says another sum. Computed in PostgreSQL.
        Returns (card drifts [(card id, balance, expected)], entry drifts [entry ids])."""
        self.env.flush_all()
        cards = self.env.execute_query(
            SQL(
                """SELECT card.id, card.points, COALESCE(SUM(%(line)s), 0)
                     FROM loyalty_card card
                LEFT JOIN loyalty_history history ON history.card_id = card.id
                    WHERE card.id IN (SELECT DISTINCT card_id FROM crm_tr_loyalty_accrual)
                 GROUP BY card.id, card.points
                   HAVING ROUND((card.points - COALESCE(SUM(%(line)s), 0))::numeric, 2) != 0""",
                line=HISTORY_LINE,
            )
        )
        entries = self.env.execute_query(
            SQL(
                """SELECT entry.id FROM crm_tr_loyalty_accrual entry
                    WHERE entry.state = 'done'
                      AND (entry.history_id IS NULL OR entry.history_id IN (
                            SELECT history.id FROM loyalty_history history
                              JOIN crm_tr_loyalty_accrual summed ON summed.history_id = history.id
                          GROUP BY history.id, history.issued, history.used
                            HAVING ROUND((%(line)s - SUM(summed.points))::numeric, 2) != 0))""",
                line=HISTORY_LINE,
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
