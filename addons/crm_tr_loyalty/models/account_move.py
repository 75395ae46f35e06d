from collections import defaultdict

from odoo import api, models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted.filtered(lambda m: m.move_type in ("out_invoice", "out_refund"))._crm_tr_loyalty_accrue()
        return posted

    def button_draft(self):
        self._crm_tr_loyalty_reverse()
        return super().button_draft()

    def button_cancel(self):
        self._crm_tr_loyalty_reverse()
        return super().button_cancel()

    def _crm_tr_loyalty_reverse(self):
        entries = (
            self.env["crm_tr.loyalty.accrual"]
            .sudo()
            .search([("move_id", "in", self.ids), ("kind", "=", "accrual"), ("reversed", "=", False)])
        )
        return entries._crm_tr_reverse()

    def _crm_tr_loyalty_accrue(self):
        """Earn (invoice) or give back (credit note) points for every product line that an
        earning rule of the invoice's company covers, one ledger entry per line and card."""
        Accrual = self.env["crm_tr.loyalty.accrual"].sudo()
        Rule = self.env["crm_tr.loyalty.earn.rule"].sudo()
        created = Accrual
        for company, moves in self.grouped("company_id").items():
            rules = Rule.search([("company_id", "=", company.id), ("program_id.active", "=", True)])
            if not rules:
                continue
            cards = {}
            vals_list = []
            for move in moves:
                sign = -1 if move.move_type == "out_refund" else 1
                points_by_line_program = defaultdict(float)
                for line in move.invoice_line_ids:
                    if line.display_type != "product" or not line.product_id:
                        continue
                    for rule in rules:
                        if rule._crm_tr_applies(line.product_id, move.invoice_date):
                            points_by_line_program[line, rule.program_id] += rule._crm_tr_points(line)
                for (line, program), raw_points in points_by_line_program.items():
                    points = Accrual._round(sign * raw_points)
                    if not points:
                        continue
                    partner = move.commercial_partner_id
                    card = cards.get((partner, program)) or program._crm_tr_card_for(partner)
                    cards[partner, program] = card
                    vals_list.append(
                        {
                            "card_id": card.id,
                            "company_id": company.id,
                            "move_id": move.id,
                            "move_line_id": line.id,
                            "points": points,
                            "kind": "accrual",
                            "date": move.invoice_date,
                        }
                    )
            if vals_list:
                entries = Accrual.create(vals_list)
                entries._crm_tr_apply()
                created |= entries
        return created

    @api.model
    def _crm_tr_demo_loyalty_backfill(self):
        """Demo only: the demo invoices were posted before this addon existed; earn their points."""
        moves = self.search(
            [("move_type", "in", ("out_invoice", "out_refund")), ("state", "=", "posted")],
            order="invoice_date, id",
        )
        done = self.env["crm_tr.loyalty.accrual"].sudo().search([]).move_id
        (moves - done)._crm_tr_loyalty_accrue()
