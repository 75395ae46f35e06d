import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class CrmTrLoyaltyBoost(models.Model):
    """Multiplies the points a product earns: a campaign with a start and an end, or an
    overstock boost that applies by itself while a product sits in stock."""

    _name = "crm_tr.loyalty.boost"
    _description = "Loyalty Points Boost"
    _inherit = ["crm_tr.company.thread", "mail.activity.mixin"]
    _order = "priority desc, date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True, default=lambda self: self.env.company
    )
    trigger = fields.Selection(
        [("campaign", "Campaign"), ("overstock", "Overstock")],
        required=True,
        default="campaign",
        tracking=True,
        help="Campaign: applies between its dates. Overstock: applies, between its dates if any, "
        "to the products that are above their stock threshold or have not sold for a while.",
    )
    scope = fields.Selection(
        [("product", "Product"), ("category", "Product Category")], required=True, default="product"
    )
    product_id = fields.Many2one("product.product", string="Product", check_company=True)
    categ_id = fields.Many2one("product.category", string="Product Category")
    multiplier = fields.Float(required=True, default=2.0, digits=(16, 2), tracking=True)
    priority = fields.Integer(
        default=10,
        tracking=True,
        help="When several boosts cover the same product on the same day, the one with the highest priority "
        "applies (boosts do not add up). Overlapping boosts must have different priorities.",
    )
    date_from = fields.Date(string="Start", tracking=True)
    date_to = fields.Date(string="End", tracking=True)
    stock_threshold = fields.Float(
        string="On Hand Above", help="Overstock: the boost applies while the quantity on hand is above this."
    )
    unsold_days = fields.Integer(
        string="Unsold For (days)",
        help="Overstock: the boost also applies when the product has not been invoiced for this many days.",
    )
    overstock_product_ids = fields.Many2many(
        "product.product",
        "crm_tr_loyalty_boost_overstock_rel",
        "boost_id",
        "product_id",
        string="Products Overstocked Now",
        readonly=True,
        copy=False,
    )
    overstock_checked_at = fields.Datetime(string="Stock Checked At", readonly=True, copy=False)
    sms_body = fields.Text(
        string="SMS Text",
        translate=True,
        help="Commercial SMS to the customers who bought this product or category.",
    )
    sms_auto_launch = fields.Boolean(
        string="Send SMS When Overstock Starts",
        help="When the stock check finds products overstocked that were not before, queue the SMS campaign.",
    )
    mailing_ids = fields.One2many("mailing.mailing", "crm_tr_loyalty_boost_id", string="SMS Campaigns")
    mailing_count = fields.Integer(compute="_compute_mailing_count")
    status = fields.Selection(
        [("scheduled", "Scheduled"), ("running", "Running"), ("ended", "Ended")], compute="_compute_status"
    )

    @api.depends("mailing_ids")
    def _compute_mailing_count(self):
        for boost in self:
            boost.mailing_count = len(boost.mailing_ids)

    @api.depends("date_from", "date_to")
    def _compute_status(self):
        today = fields.Date.context_today(self)
        for boost in self:
            if boost.date_from and boost.date_from > today:
                boost.status = "scheduled"
            elif boost.date_to and boost.date_to < today:
                boost.status = "ended"
            else:
                boost.status = "running"

    # ------------------------------------------------------------------
    # Constraints: clear errors for bad input
    # ------------------------------------------------------------------

    @api.constrains("scope", "product_id", "categ_id")
    def _check_scope(self):
        for boost in self:
            if not (boost.product_id if boost.scope == "product" else boost.categ_id):
                raise ValidationError(
                    self.env._("The boost “%s” needs the product or category it applies to.", boost.name)
                )

    @api.constrains("multiplier")
    def _check_multiplier(self):
        for boost in self:
            if boost.multiplier <= 0:
                raise ValidationError(self.env._("The boost “%s” needs a multiplier above zero.", boost.name))

    @api.constrains("trigger", "date_from", "date_to", "stock_threshold", "unsold_days")
    def _check_dates(self):
        for boost in self:
            if boost.trigger == "campaign" and not (boost.date_from and boost.date_to):
                raise ValidationError(self.env._("The boost campaign “%s” needs a start and an end date.", boost.name))
            if boost.date_from and boost.date_to and boost.date_from > boost.date_to:
                raise ValidationError(self.env._("The boost “%s” ends before it starts.", boost.name))
            if boost.trigger == "overstock" and boost.stock_threshold <= 0 and boost.unsold_days <= 0:
                raise ValidationError(
                    self.env._(
                        "The overstock boost “%s” needs a stock threshold or a number of unsold days.", boost.name
                    )
                )
            if boost.stock_threshold < 0 or boost.unsold_days < 0:
                raise ValidationError(self.env._("The boost “%s” cannot have negative limits.", boost.name))

    @api.constrains("active", "company_id", "scope", "product_id", "categ_id", "date_from", "date_to", "priority")
    def _check_overlap(self):
        for boost in self.filtered("active"):
            others = self.search(
                [
                    ("id", "!=", boost.id),
                    ("company_id", "=", boost.company_id.id),
                    ("priority", "=", boost.priority),
                ]
            )
            for other in others:
                if boost._crm_tr_dates_overlap(other) and boost._crm_tr_scopes_overlap(other):
                    raise ValidationError(
                        self.env._(
                            "The boosts “%(boost)s” and “%(other)s” can cover the same product on the same day with "
                            "the same priority (%(priority)s). Give one of them a higher priority to state which one "
                            "applies.",
                            boost=boost.name,
                            other=other.name,
                            priority=boost.priority,
                        )
                    )

    def _crm_tr_dates_overlap(self, other):
        start = max(
            self.date_from or fields.Date.to_date("1900-01-01"), other.date_from or fields.Date.to_date("1900-01-01")
        )
        end = min(self.date_to or fields.Date.to_date("9999-12-31"), other.date_to or fields.Date.to_date("9999-12-31"))
        return start <= end

    def _crm_tr_scopes_overlap(self, other):
        def path(boost):
            if boost.scope == "product":
                return (boost.product_id.categ_id.parent_path or "") + f"p{boost.product_id.id}/"
            return boost.categ_id.parent_path or ""

        mine, theirs = path(self), path(other)
        return mine.startswith(theirs) or theirs.startswith(mine)

    # ------------------------------------------------------------------
    # Which boost applies
    # ------------------------------------------------------------------

    def _crm_tr_covers(self, product, day):
        self.ensure_one()
        if (self.date_from and day < self.date_from) or (self.date_to and day > self.date_to):
            return False
        if self.trigger == "overstock" and product not in self.overstock_product_ids:
            return False
        if self.scope == "product":
            return product == self.product_id
        return bool(product.categ_id) and (product.categ_id.parent_path or "").startswith(self.categ_id.parent_path)

    def _crm_tr_best(self, product, day):
        """The boost that applies to the product on that day: the highest priority wins."""
        for boost in self:  # ordered by priority desc
            if boost._crm_tr_covers(product, day):
                return boost
        return self.browse()

    # ------------------------------------------------------------------
    # Overstock
    # ------------------------------------------------------------------

    def _crm_tr_scope_products(self):
        self.ensure_one()
        if self.scope == "product":
            return self.product_id
        return self.env["product.product"].search(
            [("categ_id", "child_of", self.categ_id.id), ("is_storable", "=", True)]
        )

    def _crm_tr_overstocked(self, today=None):
        """Products of the scope above the threshold on hand, or not invoiced for the set days."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        products = self._crm_tr_scope_products().with_company(self.company_id)
        products.invalidate_recordset(["qty_available"])
        found = self.env["product.product"]
        if self.stock_threshold > 0:
            found |= products.filtered(lambda p: p.qty_available > self.stock_threshold)
        if self.unsold_days > 0 and products:
            since = today - timedelta(days=self.unsold_days)
            sold = self.env.execute_query(
                SQL(
                    """SELECT DISTINCT line.product_id FROM account_move_line line
                         JOIN account_move move ON move.id = line.move_id
                        WHERE move.move_type = 'out_invoice' AND move.state = 'posted'
                          AND move.company_id = %s AND line.product_id IN %s AND move.invoice_date > %s""",
                    self.company_id.id,
                    tuple(products.ids),
                    since,
                )
            )
            sold_ids = {row[0] for row in sold}
            found |= products.filtered(lambda p: p.id not in sold_ids)
        return found

    def _crm_tr_check_overstock(self, today=None):
        for boost in self.filtered(lambda b: b.trigger == "overstock"):
            before = boost.overstock_product_ids
            now = boost._crm_tr_overstocked(today)
            boost.write(
                {"overstock_product_ids": [fields.Command.set(now.ids)], "overstock_checked_at": fields.Datetime.now()}
            )
            started, ended = now - before, before - now
            if started:
                boost.message_post(
                    body=self.env._("Overstock boost now applies to: %s", ", ".join(started.mapped("display_name")))
                )
                if boost.sms_auto_launch and boost.sms_body:
                    boost._crm_tr_launch_campaign(started)
            if ended:
                boost.message_post(
                    body=self.env._("Overstock boost no longer applies to: %s", ", ".join(ended.mapped("display_name")))
                )

    @api.model
    def _cron_crm_tr_overstock(self):
        boosts = self.search([("trigger", "=", "overstock")])
        for boost in boosts:
            boost._crm_tr_check_overstock()
            self.env["ir.cron"]._commit_progress(1)

    def action_check_overstock(self):
        self._crm_tr_check_overstock()
        return True

    # ------------------------------------------------------------------
    # SMS campaign to the customers who bought the product or category
    # ------------------------------------------------------------------

    def _crm_tr_buyers(self, products=None):
        self.ensure_one()
        if self.scope == "category":
            categories = self.env["product.category"].search([("id", "child_of", self.categ_id.id)])
            condition = SQL("template.categ_id IN %s", tuple(categories.ids))
        else:
            condition = SQL("product.id IN %s", tuple((products or self.product_id).ids))
        rows = self.env.execute_query(
            SQL(
                """SELECT DISTINCT move.commercial_partner_id FROM account_move_line line
                     JOIN account_move move ON move.id = line.move_id
                     JOIN product_product product ON product.id = line.product_id
                     JOIN product_template template ON template.id = product.product_tmpl_id
                    WHERE move.move_type = 'out_invoice' AND move.state = 'posted' AND move.company_id = %s
                      AND %s""",
                self.company_id.id,
                condition,
            )
        )
        return self.env["res.partner"].browse(row[0] for row in rows)

    def _crm_tr_launch_campaign(self, products=None):
        """Queue a commercial SMS campaign (crm_tr_sms engine: consent, opt-out, 09:00–21:00)."""
        self.ensure_one()
        if not self.sms_body:
            raise UserError(self.env._("Write the SMS text of the boost “%s” first.", self.name))
        buyers = self._crm_tr_buyers(products)
        mailing = (
            self.env["mailing.mailing"]
            .sudo()
            .create(
                {
                    "mailing_type": "sms",
                    "sms_subject": self.name,
                    "mailing_model_id": self.env["ir.model"]._get("res.partner").id,
                    "mailing_domain": repr([("id", "in", buyers.ids)]),
                    "body_plaintext": self.sms_body,
                    "crm_tr_message_type": "commercial",
                    "crm_tr_company_id": self.company_id.id,
                    "crm_tr_loyalty_boost_id": self.id,
                }
            )
        )
        mailing.action_put_in_queue()
        self.message_post(
            body=self.env._(
                "SMS campaign “%(campaign)s” queued for %(count)s customers who bought these products.",
                campaign=mailing.display_name,
                count=len(buyers),
            )
        )
        return mailing

    def action_launch_campaign(self):
        self.ensure_one()
        mailing = self._crm_tr_launch_campaign(self.overstock_product_ids if self.trigger == "overstock" else None)
        return {
            "type": "ir.actions.act_window",
            "res_model": "mailing.mailing",
            "res_id": mailing.id,
            "view_mode": "form",
        }

    def action_view_mailings(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("SMS Campaigns"),
            "res_model": "mailing.mailing",
            "domain": [("crm_tr_loyalty_boost_id", "=", self.id)],
            "view_mode": "list,form",
            "context": {"default_mailing_type": "sms"},
        }
