from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class CrmTrLoyaltyTier(models.Model):
    """A level of a loyalty program (Bronze, Silver, Gold) reached by the last twelve
    months' points or revenue; the tier's multiplier applies to the points earned."""

    _name = "crm_tr.loyalty.tier"
    _description = "Loyalty Tier"
    _order = "program_id, threshold, id"

    name = fields.Char(required=True, translate=True)
    program_id = fields.Many2one("loyalty.program", string="Program", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="program_id.company_id", store=True)
    threshold = fields.Float(
        string="From", required=True, help="Points or revenue of the last 12 months needed to reach this tier."
    )
    multiplier = fields.Float(required=True, default=1.0, digits=(16, 2))
    color = fields.Integer()
    card_count = fields.Integer(compute="_compute_card_count", string="Customers")

    _threshold_unique = models.Constraint(
        "UNIQUE (program_id, threshold)", "Two tiers of a program cannot start at the same figure."
    )

    @api.constrains("threshold", "multiplier")
    def _check_figures(self):
        for tier in self:
            if tier.threshold < 0 or tier.multiplier <= 0:
                raise ValidationError(
                    self.env._(
                        "The tier “%s” needs a threshold of zero or more and a multiplier above zero.", tier.name
                    )
                )

    def _compute_card_count(self):
        counts = dict(
            self.env["loyalty.card"]
            .sudo()
            ._read_group([("crm_tr_tier_id", "in", self.ids)], ["crm_tr_tier_id"], ["__count"])
        )
        for tier in self:
            tier.card_count = counts.get(tier, 0)

    # ------------------------------------------------------------------
    # Nightly recomputation
    # ------------------------------------------------------------------

    @api.model
    def _crm_tr_figures(self, program, today):
        """{partner id: points or revenue of the last 12 months} for the program's company."""
        since = today - relativedelta(months=12)
        if program.crm_tr_tier_basis == "revenue":
            rows = self.env.execute_query(
                SQL(
                    """SELECT commercial_partner_id, SUM(amount_untaxed_signed) FROM account_move
                        WHERE company_id = %s AND state = 'posted' AND move_type IN ('out_invoice', 'out_refund')
                          AND invoice_date > %s AND invoice_date <= %s
                     GROUP BY commercial_partner_id""",
                    program.company_id.id,
                    since,
                    today,
                )
            )
        else:
            rows = self.env.execute_query(
                SQL(
                    """SELECT partner_id, SUM(points) FROM crm_tr_loyalty_accrual
                        WHERE program_id = %s AND state = 'done' AND kind IN ('accrual', 'reversal')
                          AND date > %s AND date <= %s
                     GROUP BY partner_id""",
                    program.id,
                    since,
                    today,
                )
            )
        return {partner_id: figure or 0.0 for partner_id, figure in rows}

    @api.model
    def _crm_tr_recompute(self, programs=None, today=None):
        """Put every card of the programs in the tier its last 12 months reach; returns the
        number of cards that changed tier."""
        today = today or fields.Date.context_today(self)
        programs = programs or self.env["loyalty.program"].sudo().search([("crm_tr_tier_ids", "!=", False)])
        changed = 0
        for program in programs:
            self.env.flush_all()
            tiers = program.crm_tr_tier_ids.sorted("threshold", reverse=True)
            figures = self._crm_tr_figures(program, today)
            cards = self.env["loyalty.card"].sudo().search([("program_id", "=", program.id)])
            by_tier = {}
            for card in cards:
                figure = figures.get(card.partner_id.id, 0.0)
                tier = next((t for t in tiers if figure >= t.threshold), tiers.browse())
                if tier != card.crm_tr_tier_id:
                    by_tier.setdefault(tier, self.env["loyalty.card"])
                    by_tier[tier] |= card
            for tier, tier_cards in by_tier.items():
                tier_cards.write({"crm_tr_tier_id": tier.id})
                for card in tier_cards:
                    # Written by a cron for every reader: in the customer's or the company's
                    # language (the tier's name too), not the cron's.
                    lang = card.partner_id.lang or card.company_id.partner_id.lang or self.env.lang
                    env = self.with_context(lang=lang).env
                    card.message_post(
                        body=env._("Tier is now %s.", tier.with_env(env).name) if tier else env._("No tier reached.")
                    )
                changed += len(tier_cards)
        return changed

    @api.model
    def _cron_crm_tr_tiers(self):
        programs = self.env["loyalty.program"].sudo().search([("crm_tr_tier_ids", "!=", False)])
        self.env["ir.cron"]._commit_progress(remaining=len(programs))
        for program in programs:
            self._crm_tr_recompute(program)
            self.env["ir.cron"]._commit_progress(1)
