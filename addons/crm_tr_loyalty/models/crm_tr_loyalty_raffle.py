import math
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from ..tools import draw


class CrmTrLoyaltyRaffle(models.Model):
    """A raffle among customers: tickets from the points or the invoices of a period, a
    draw with a recorded seed that anyone can re-run, winners told by SMS."""

    _name = "crm_tr.loyalty.raffle"
    _description = "Loyalty Raffle"
    _inherit = ["crm_tr.company.thread", "mail.activity.mixin"]
    _order = "date_to desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True, default=lambda self: self.env.company
    )
    program_id = fields.Many2one(
        "loyalty.program",
        string="Loyalty Program",
        check_company=True,
        domain="[('program_type', '=', 'loyalty')]",
        help="Points basis: the points earned in this program during the period.",
    )
    date_from = fields.Date(string="Period Start", required=True, tracking=True)
    date_to = fields.Date(string="Period End", required=True, tracking=True)
    partner_domain = fields.Char(string="Eligible Customers", default="[]", help="Which customers take part.")
    ticket_basis = fields.Selection(
        [("points", "Points earned"), ("invoice", "Posted invoices")],
        string="Tickets From",
        required=True,
        default="invoice",
        tracking=True,
    )
    points_per_ticket = fields.Float(default=100.0, help="Points basis: one ticket for this many points.")
    winner_count = fields.Integer(string="Number of Winners", default=1, required=True, tracking=True)
    sms_template_id = fields.Many2one(
        "sms.template",
        string="Winner SMS",
        domain="[('model', '=', 'crm_tr.loyalty.raffle.winner')]",
        default=lambda self: self.env.ref("crm_tr_loyalty.sms_template_raffle_winner", raise_if_not_found=False),
    )
    state = fields.Selection(
        [("draft", "Draft"), ("ready", "Tickets Counted"), ("drawn", "Drawn"), ("notified", "Winners Notified")],
        default="draft",
        required=True,
        tracking=True,
    )
    seed = fields.Char(
        readonly=True, copy=False, tracking=True, help="Recorded at the draw; re-running it gives the same winners."
    )
    drawn_at = fields.Datetime(readonly=True, copy=False)
    ticket_ids = fields.One2many("crm_tr.loyalty.raffle.ticket", "raffle_id", string="Tickets", readonly=True)
    winner_ids = fields.One2many("crm_tr.loyalty.raffle.winner", "raffle_id", string="Winners", readonly=True)
    ticket_total = fields.Integer(compute="_compute_ticket_total", string="Tickets in Draw")

    @api.depends("ticket_ids.tickets")
    def _compute_ticket_total(self):
        for raffle in self:
            raffle.ticket_total = sum(raffle.ticket_ids.mapped("tickets"))

    @api.constrains("date_from", "date_to", "winner_count", "points_per_ticket", "ticket_basis", "program_id")
    def _check_settings(self):
        for raffle in self:
            if raffle.date_from > raffle.date_to:
                raise ValidationError(self.env._("The raffle “%s” ends before it starts.", raffle.name))
            if raffle.winner_count < 1:
                raise ValidationError(self.env._("The raffle “%s” needs at least one winner.", raffle.name))
            if raffle.ticket_basis == "points" and (raffle.points_per_ticket <= 0 or not raffle.program_id):
                raise ValidationError(
                    self.env._(
                        "The raffle “%s” gives tickets for points: set the program and the points per ticket.",
                        raffle.name,
                    )
                )

    def _crm_tr_eligible(self):
        self.ensure_one()
        try:
            domain = safe_eval(self.partner_domain or "[]")
        except Exception as error:
            raise UserError(
                self.env._(
                    "The eligible customers filter of “%(raffle)s” is not valid: %(error)s",
                    raffle=self.name,
                    error=error,
                )
            ) from error
        return self.env["res.partner"].search(domain)

    def _crm_tr_counts(self):
        """{commercial partner id: tickets} for the period."""
        self.ensure_one()
        self.env.flush_all()
        if self.ticket_basis == "invoice":
            rows = self.env.execute_query(
                SQL(
                    """SELECT commercial_partner_id, COUNT(*) FROM account_move
                        WHERE move_type = 'out_invoice' AND state = 'posted' AND company_id = %s
                          AND invoice_date BETWEEN %s AND %s
                     GROUP BY commercial_partner_id""",
                    self.company_id.id,
                    self.date_from,
                    self.date_to,
                )
            )
            return dict(rows)
        rows = self.env.execute_query(
            SQL(
                """SELECT partner_id, SUM(points) FROM crm_tr_loyalty_accrual
                    WHERE program_id = %s AND state = 'done' AND kind IN ('accrual', 'reversal')
                      AND date BETWEEN %s AND %s
                 GROUP BY partner_id""",
                self.program_id.id,
                self.date_from,
                self.date_to,
            )
        )
        return {partner_id: math.floor(points / self.points_per_ticket + 1e-9) for partner_id, points in rows}

    def action_count_tickets(self):
        for raffle in self:
            if raffle.state not in ("draft", "ready"):
                raise UserError(self.env._("The tickets of “%s” are fixed: it has been drawn.", raffle.name))
            eligible = set(raffle._crm_tr_eligible().commercial_partner_id.ids)
            counts = raffle._crm_tr_counts()
            lines = [
                {"partner_id": partner_id, "tickets": counts[partner_id]}
                for partner_id in sorted(counts)
                if partner_id in eligible and counts[partner_id] > 0
            ]
            raffle.ticket_ids.unlink()
            raffle.write({"ticket_ids": [fields.Command.create(vals) for vals in lines], "state": "ready"})
            raffle.message_post(
                body=self.env._(
                    "Tickets counted: %(customers)s customers, %(tickets)s tickets.",
                    customers=len(lines),
                    tickets=raffle.ticket_total,
                )
            )
        return True

    def _crm_tr_ticket_list(self):
        return [(ticket.partner_id.id, ticket.tickets) for ticket in self.ticket_ids.sorted(lambda t: t.partner_id.id)]

    def action_draw(self, seed=None):
        self.ensure_one()
        if self.state != "ready":
            raise UserError(self.env._("Count the tickets of “%s” before the draw.", self.name))
        if not self.ticket_ids:
            raise UserError(self.env._("No customer has a ticket in “%s”.", self.name))
        seed = seed or secrets.token_hex(16)
        winners = draw(seed, self._crm_tr_ticket_list(), self.winner_count)
        self.write(
            {
                "seed": seed,
                "drawn_at": fields.Datetime.now(),
                "state": "drawn",
                "winner_ids": [
                    fields.Command.create({"rank": rank, "partner_id": partner_id, "ticket_number": number})
                    for rank, partner_id, number in winners
                ],
            }
        )
        self.message_post(
            body=self.env._(
                "Drawn with seed %(seed)s among %(tickets)s tickets. Winners: %(winners)s",
                seed=seed,
                tickets=self.ticket_total,
                winners=", ".join(
                    f"{w.rank}. {w.partner_id.display_name} (#{w.ticket_number})" for w in self.winner_ids
                ),
            )
        )
        return True

    def action_verify(self):
        """Re-run the draw from the recorded tickets and seed."""
        self.ensure_one()
        if not self.seed:
            raise UserError(self.env._("“%s” has not been drawn yet.", self.name))
        again = draw(self.seed, self._crm_tr_ticket_list(), self.winner_count)
        recorded = [(w.rank, w.partner_id.id, w.ticket_number) for w in self.winner_ids.sorted("rank")]
        if again != recorded:
            raise UserError(self.env._("Re-running the draw of “%s” gives other winners.", self.name))
        self.message_post(body=self.env._("Draw re-run with seed %s: the same winners.", self.seed))
        return True

    def action_notify_winners(self):
        self.ensure_one()
        if self.state != "drawn":
            raise UserError(self.env._("Draw “%s” before telling the winners.", self.name))
        if not self.sms_template_id:
            raise UserError(self.env._("Choose the winner SMS of “%s”.", self.name))
        result = self.env["crm_tr.sms.api"]._send_template(
            self.sms_template_id, self.winner_ids, company=self.company_id
        )
        self.state = "notified"
        self.message_post(
            body=self.env._(
                "Winners notified by SMS: %(sent)s sent, %(excluded)s could not be reached.",
                sent=len(result["sms"]),
                excluded=len(result["excluded"]),
            )
        )
        return True

    def action_reset(self):
        for raffle in self:
            if raffle.state != "ready":
                raise UserError(
                    self.env._("Only a raffle whose tickets were counted and not drawn can go back to draft.")
                )
            raffle.ticket_ids.unlink()
            raffle.state = "draft"
