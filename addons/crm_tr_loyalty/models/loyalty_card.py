from collections import defaultdict

from odoo import api, fields, models
from odoo.tools.misc import formatLang

# precommit.data key under which the tracking messages of a batch of cards are gathered.
_BATCH_LOGS = "crm_tr_loyalty.card_tracking_logs"


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    crm_tr_tier_id = fields.Many2one("crm_tr.loyalty.tier", string="Tier", readonly=True, index="btree_not_null")
    crm_tr_pending_points = fields.Float(
        string="Pending Points", compute="_compute_crm_tr_ledger", help="Earned on invoices not paid yet."
    )
    crm_tr_next_expiry_date = fields.Date(string="Next Expiry", compute="_compute_crm_tr_ledger")
    crm_tr_next_expiry_points = fields.Float(string="Points Expiring", compute="_compute_crm_tr_ledger")
    crm_tr_expiry_notice_date = fields.Date(
        string="Expiry Notice Sent For", readonly=True, copy=False, help="The expiry date the customer was told about."
    )
    crm_tr_accrual_ids = fields.One2many("crm_tr.loyalty.accrual", "card_id", string="Points Ledger")

    crm_tr_next_expiry_display = fields.Char(
        string="Points Expiring (text)", compute="_compute_crm_tr_next_expiry_display"
    )

    def _format_points(self, points):
        """Points written the reader's way (Turkish: 6.409,85 Puan); Odoo's own writes
        "6409.85 Puan" in every language."""
        self.ensure_one()
        if self.program_id.currency_id and self.point_name == self.program_id.currency_id.symbol:
            return super()._format_points(points)
        digits = 0 if float(points).is_integer() else 2
        return f"{formatLang(self.env, points, digits=digits)} {self.point_name or ''}".strip()

    @api.depends("points", "point_name")
    @api.depends_context("lang")
    def _compute_points_display(self):
        # The same card reads 6.409,85 for a Turkish reader and 6,409.85 for an English one.
        return super()._compute_points_display()

    @api.depends_context("lang")
    def _compute_crm_tr_next_expiry_display(self):
        for card in self:
            card.crm_tr_next_expiry_display = card._format_points(card.crm_tr_next_expiry_points)

    def _compute_crm_tr_ledger(self):
        Accrual = self.env["crm_tr.loyalty.accrual"].sudo()
        pending = dict(
            Accrual._read_group(
                [("card_id", "in", self.ids), ("state", "=", "pending"), ("reversed", "=", False)],
                ["card_id"],
                ["points:sum"],
            )
        )
        expiries = Accrual._crm_tr_next_expiries(self)
        for card in self:
            card.crm_tr_pending_points = pending.get(card, 0.0)
            day, points = expiries.get(card.id, (False, 0.0))
            card.crm_tr_next_expiry_date = day
            card.crm_tr_next_expiry_points = points

    def _message_track(self, fields_iter, initial_values_dict):
        """Odoo's tracking, with the messages of many cards written at once.

        mail.thread logs the tracking message of every record on its own (one mail.message
        create each); posting a batch of invoices moves the balances of hundreds of cards
        in one transaction, and those creates were most of the accrual's cost
        (bench_loyalty_accrual.py; docs/PERFORMANCE.md). The tracking itself is Odoo's
        (same changes, subtype, body, author, tracking values); only the plain logs
        (no subtype) are gathered here and created in one batch per author and body."""
        if len(self) < 2:
            return super()._message_track(fields_iter, initial_values_dict)
        data = self.env.cr.precommit.data
        data[_BATCH_LOGS] = logs = []
        try:
            tracking = super()._message_track(fields_iter, initial_values_dict)
        finally:
            data.pop(_BATCH_LOGS, None)
        groups = defaultdict(list)
        for card, body, author_id, tracking_value_ids in logs:
            groups[body, author_id].append((card, tracking_value_ids))
        tracking_vals = []
        for (body, author_id), members in groups.items():
            cards = self.browse([card.id for card, _values in members])
            messages = cards._message_log_batch(dict.fromkeys(cards.ids, body), author_id=author_id)
            for (_card, tracking_value_ids), message in zip(members, messages, strict=True):
                tracking_vals += [dict(values, mail_message_id=message.id) for _c, _i, values in tracking_value_ids]
        if tracking_vals:
            self.env["mail.tracking.value"].sudo().create(tracking_vals)
        return tracking

    def _message_log(self, *, body="", author_id=None, tracking_value_ids=False, **kwargs):
        logs = self.env.cr.precommit.data.get(_BATCH_LOGS)
        if logs is None or kwargs or not tracking_value_ids:
            return super()._message_log(body=body, author_id=author_id, tracking_value_ids=tracking_value_ids, **kwargs)
        # Called by _message_track above: written with the other cards' messages.
        logs.append((self, body, author_id, tracking_value_ids))
        return self.env["mail.message"]

    def action_crm_tr_view_ledger(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_loyalty.crm_tr_loyalty_accrual_action")
        action["domain"] = [("card_id", "=", self.id)]
        return action
