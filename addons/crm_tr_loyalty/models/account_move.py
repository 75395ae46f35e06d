from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError

PAID_STATES = ("paid", "in_payment", "reversed")


class AccountMove(models.Model):
    _inherit = "account.move"

    crm_tr_loyalty_points = fields.Float(
        string="Loyalty Points", compute="_compute_crm_tr_loyalty_points", help="Points earned by this invoice."
    )

    def _compute_crm_tr_loyalty_points(self):
        sums = dict(
            self.env["crm_tr.loyalty.accrual"]
            .sudo()
            ._read_group(
                [("move_id", "in", self.ids), ("kind", "in", ("accrual", "reversal")), ("state", "!=", "cancelled")],
                ["move_id"],
                ["points:sum"],
            )
        )
        for move in self:
            move.crm_tr_loyalty_points = sums.get(move, 0.0)

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted.filtered(lambda m: m.move_type in ("out_invoice", "out_refund"))._crm_tr_loyalty_accrue()
        return posted

    def button_draft(self):
        # Back to draft: the earned points go back; a redemption stays with its discount line.
        self._crm_tr_loyalty_entries(("accrual",))._crm_tr_reverse()
        return super().button_draft()

    def button_cancel(self):
        self._crm_tr_loyalty_entries(("accrual", "redemption"))._crm_tr_reverse()
        return super().button_cancel()

    def _crm_tr_loyalty_entries(self, kinds):
        return (
            self.env["crm_tr.loyalty.accrual"]
            .sudo()
            .search([("move_id", "in", self.ids), ("kind", "in", kinds), ("reversed", "=", False)])
        )

    def _invoice_paid_hook(self):
        res = super()._invoice_paid_hook()
        self._crm_tr_loyalty_release_paid()
        return res

    def _crm_tr_loyalty_release_paid(self):
        """Points pending until payment reach the cards once the invoice is paid.

        Odoo calls the paid hook for the documents that become paid; when a credit note
        settles its invoice, the credit note becomes paid but the invoice becomes
        'reversed', for which no hook is called: the invoices a paid credit note settles
        are released with it (test_pending_credit_note_with_its_invoice)."""
        refunds = self.filtered(lambda m: m.move_type == "out_refund")
        receivables = refunds.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        settled = (receivables.matched_debit_ids.debit_move_id | receivables.matched_credit_ids.credit_move_id).move_id
        paid = (self | settled.filtered(lambda m: m.move_type == "out_invoice")).filtered(
            lambda m: m.payment_state in PAID_STATES
        )
        if paid:
            entries = (
                self.env["crm_tr.loyalty.accrual"]
                .sudo()
                .search([("move_id", "in", paid.ids), ("state", "=", "pending"), ("reversed", "=", False)])
            )
            entries._crm_tr_release()

    def _crm_tr_loyalty_accrue(self):
        """Earn (invoice) or give back (credit note) points for every product line that an
        earning rule of the invoice's company covers, one ledger entry per line and card.
        Works per batch: a fixed number of queries whatever the number of invoices."""
        Accrual = self.env["crm_tr.loyalty.accrual"].sudo()
        Rule = self.env["crm_tr.loyalty.earn.rule"].sudo()
        Boost = self.env["crm_tr.loyalty.boost"].sudo()
        discount = self.env.ref("crm_tr_loyalty.product_crm_tr_loyalty_discount", raise_if_not_found=False)
        created = Accrual
        for company, moves in self.grouped("company_id").items():
            if not company.crm_tr_loyalty_invoice_points:
                continue
            rules = Rule.search([("company_id", "=", company.id), ("program_id.active", "=", True)])
            if not rules:
                continue
            boosts = Boost.search([("company_id", "=", company.id)])
            pending = company.crm_tr_loyalty_pending_until_paid
            earned = moves._crm_tr_loyalty_earned(rules, boosts, discount)
            # Read once per invoice, card and boost, not once per line: a batch has thousands of lines.
            documents = {
                move: (
                    move.commercial_partner_id.id,
                    move.invoice_date,
                    "pending" if pending and move.payment_state not in PAID_STATES else "done",
                )
                for move in moves
            }
            cards = {}
            for program, items in _group(earned, key=lambda item: item[2]).items():
                partners = self.env["res.partner"].browse(dict.fromkeys(documents[item[0]][0] for item in items))
                for partner_id, card in program._crm_tr_cards_for(partners).items():
                    tier = card.crm_tr_tier_id
                    cards[partner_id, program] = (card.id, tier.id, tier.multiplier if tier else 1.0)
            boost_multipliers = {boost: boost.multiplier for boost in boosts}
            vals_list = []
            for move, line, program, base_points, boost in earned:
                partner_id, day, state = documents[move]
                card_id, tier_id, tier_multiplier = cards[partner_id, program]
                multiplier = boost_multipliers.get(boost, 1.0) * tier_multiplier
                points = Accrual._round(base_points * multiplier)
                if not points:
                    continue
                vals_list.append(
                    {
                        "card_id": card_id,
                        "company_id": company.id,
                        "move_id": move.id,
                        "move_line_id": line.id,
                        "base_points": Accrual._round(base_points),
                        "multiplier": multiplier,
                        "boost_id": boost.id,
                        "tier_id": tier_id,
                        "points": points,
                        "kind": "accrual",
                        "state": state,
                        "date": day,
                    }
                )
            if vals_list:
                created |= Accrual._crm_tr_post(vals_list)
        return created

    def _crm_tr_loyalty_earned(self, rules, boosts, discount):
        """[(move, line, program, signed base points, boost)] of these invoices' lines."""
        earned = []
        # Which rules and boost apply depends on the product and the day only: worked out once.
        applicable, best_boost = {}, {}
        for move in self:
            sign = -1 if move.move_type == "out_refund" else 1
            day = move.invoice_date or fields.Date.context_today(move)
            points_by_line_program = defaultdict(float)
            for line in move.invoice_line_ids:
                product = line.product_id
                if line.display_type != "product" or not product or product == discount:
                    continue
                if (product, day) not in applicable:
                    applicable[product, day] = rules.filtered(lambda rule, p=product, d=day: rule._crm_tr_applies(p, d))
                for rule in applicable[product, day]:
                    points_by_line_program[line, rule.program_id] += rule._crm_tr_points(line)
            for (line, program), raw_points in points_by_line_program.items():
                key = (line.product_id, day)
                if key not in best_boost:
                    best_boost[key] = boosts._crm_tr_best(line.product_id, day)
                earned.append((move, line, program, sign * raw_points, best_boost[key]))
        return earned

    # ------------------------------------------------------------------
    # Redemption
    # ------------------------------------------------------------------

    def action_crm_tr_redeem_points(self):
        return _redeem_wizard_action(self, "default_move_id")

    def _crm_tr_check_redeemable(self):
        for move in self:
            if move.move_type != "out_invoice":
                raise UserError(self.env._("Points can only be redeemed on a customer invoice."))
            if move.state != "draft":
                raise UserError(
                    self.env._(
                        "Points can only be redeemed on a draft invoice; %s is already posted or cancelled.",
                        move.name,
                    )
                )


def _redeem_wizard_action(document, context_key):
    """The redemption wizard for a draft invoice or a quotation."""
    document.ensure_one()
    document._crm_tr_check_redeemable()
    return {
        "type": "ir.actions.act_window",
        "name": document.env._("Redeem Loyalty Points"),
        "res_model": "crm_tr.loyalty.redeem.wizard",
        "view_mode": "form",
        "target": "new",
        "context": {context_key: document.id},
    }


def _check_discount_untouched(lines, field):
    """A loyalty discount line says what was redeemed: changing it would break the ledger."""
    discount = lines.env.ref("crm_tr_loyalty.product_crm_tr_loyalty_discount", raise_if_not_found=False)
    lines = lines.filtered(lambda line: line.product_id == discount) if discount else lines.browse()
    if lines and lines.env["crm_tr.loyalty.accrual"].sudo().search_count(
        [(field, "in", lines.ids), ("kind", "=", "redemption"), ("reversed", "=", False)], limit=1
    ):
        raise UserError(
            lines.env._("A loyalty points discount line cannot be changed: remove it and redeem the points again.")
        )


def _group(items, key):
    groups = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return groups
