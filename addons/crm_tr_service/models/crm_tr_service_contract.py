import logging

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_date

_logger = logging.getLogger(__name__)

BILLING_STEP = {
    "monthly": relativedelta(months=1),
    "quarterly": relativedelta(months=3),
    "yearly": relativedelta(years=1),
}


class CrmTrServiceContract(models.Model):
    """A customer's service contract: which units and products it covers, what it covers
    (labour, parts, travel), for how long, for which fee billed once or periodically as
    real customer invoices, and how many visits and hours of service it entitles the
    customer to. Done service visits linked to it consume the entitlement."""

    _name = "crm_tr.service.contract"
    _description = "Service Contract"
    _inherit = ["crm_tr.reference.mixin", "crm_tr.company.thread", "mail.activity.mixin"]
    _order = "date_end desc, id desc"
    _check_company_auto = True
    _crm_tr_sequence_code = "crm_tr.service.contract"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
        help="The customer company (or individual) the contract is signed with.",
    )
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    lot_ids = fields.Many2many(
        "stock.lot",
        "crm_tr_service_contract_lot_rel",
        "contract_id",
        "lot_id",
        string="Covered Serial Numbers",
        check_company=True,
    )
    product_ids = fields.Many2many(
        "product.product",
        "crm_tr_service_contract_product_rel",
        "contract_id",
        "product_id",
        string="Covered Products",
        check_company=True,
    )
    cover_labour = fields.Boolean(string="Labour Covered", default=True)
    cover_parts = fields.Boolean(string="Parts Covered")
    cover_travel = fields.Boolean(string="Travel Covered", default=True)
    date_start = fields.Date(string="Start Date", required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(string="End Date", required=True, tracking=True)
    fee = fields.Monetary(
        string="Fee",
        tracking=True,
        help="Billed once: the whole contract's fee. Billed periodically: the fee of each period, untaxed.",
    )
    billing = fields.Selection(
        [("once", "Once"), ("monthly", "Monthly"), ("quarterly", "Quarterly"), ("yearly", "Yearly")],
        string="Billing",
        required=True,
        default="once",
        tracking=True,
    )
    next_invoice_date = fields.Date(
        string="Next Invoice",
        copy=False,
        readonly=True,
        help="The start of the next period to invoice; empty once everything is invoiced.",
    )
    invoice_ids = fields.One2many(
        "account.move",
        "crm_tr_service_contract_id",
        string="Invoices",
        readonly=True,
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    invoice_count = fields.Integer(compute="_compute_profitability", string="Invoice Count")
    entitlement_visits = fields.Integer(
        string="Visits Entitled", tracking=True, help="Service visits the contract includes; 0: not limited."
    )
    entitlement_hours = fields.Float(
        string="Hours Entitled", tracking=True, help="Hours of service the contract includes; 0: not limited."
    )
    consumed_visits = fields.Integer(string="Visits Used", compute="_compute_consumed")
    consumed_hours = fields.Float(string="Hours Used", compute="_compute_consumed")
    remaining_visits = fields.Integer(string="Visits Left", compute="_compute_consumed")
    remaining_hours = fields.Float(string="Hours Left", compute="_compute_consumed")
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("expired", "Expired"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        group_expand=True,
    )
    reminder_days = fields.Integer(
        string="Remind Before (Days)",
        default=30,
        help="Days before the end date the responsible and customer are reminded.",
    )
    reminder_sent = fields.Boolean(string="Reminder Sent", readonly=True, copy=False)
    renewed_from_id = fields.Many2one(
        "crm_tr.service.contract", string="Renewal Of", readonly=True, copy=False, index="btree_not_null"
    )
    renewal_ids = fields.One2many("crm_tr.service.contract", "renewed_from_id", string="Renewals", readonly=True)
    visit_ids = fields.One2many("crm_tr.visit", "crm_tr_contract_id", string="Visits")
    visit_count = fields.Integer(compute="_compute_consumed", string="Visit Count")
    invoiced_amount = fields.Monetary(
        string="Invoiced", compute="_compute_profitability", help="Untaxed amount of the posted contract invoices."
    )
    visit_cost = fields.Monetary(
        string="Cost of Visits",
        compute="_compute_profitability",
        help="Labour, travel, parts and expenses of the done visits under the contract.",
    )
    margin = fields.Monetary(string="Profit", compute="_compute_profitability")
    color = fields.Integer()
    note = fields.Html(string="Terms")

    _check_dates = models.Constraint("CHECK(date_end >= date_start)", "A service contract cannot end before it starts.")
    _check_entitlement = models.Constraint(
        "CHECK(entitlement_visits >= 0 AND entitlement_hours >= 0 AND fee >= 0 AND reminder_days >= 0)",
        "A service contract's entitlement, fee and reminder days cannot be negative.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("visit_ids.state", "visit_ids.crm_tr_contract_hours", "entitlement_visits", "entitlement_hours")
    def _compute_consumed(self):
        Visit = self.env["crm_tr.visit"].sudo()
        done = {
            contract: (count, hours)
            for contract, count, hours in Visit._read_group(
                [("crm_tr_contract_id", "in", self.ids), ("state", "=", "done")],
                ["crm_tr_contract_id"],
                ["__count", "crm_tr_contract_hours:sum"],
            )
        }
        everything = dict(
            Visit._read_group([("crm_tr_contract_id", "in", self.ids)], ["crm_tr_contract_id"], ["__count"])
        )
        for contract in self:
            count, hours = done.get(contract._origin, (0, 0.0))
            contract.consumed_visits = count
            contract.consumed_hours = hours
            contract.remaining_visits = max(contract.entitlement_visits - count, 0)
            contract.remaining_hours = max(contract.entitlement_hours - hours, 0.0)
            contract.visit_count = everything.get(contract._origin, 0)

    def _compute_profitability(self):
        # Read as superuser: a technician sees the contract's figures without reading invoices.
        Move = self.env["account.move"].sudo()
        invoiced = {
            contract: (count, amount)
            for contract, count, amount in Move._read_group(
                [("crm_tr_service_contract_id", "in", self.ids), ("state", "=", "posted")],
                ["crm_tr_service_contract_id"],
                ["__count", "amount_untaxed_signed:sum"],
            )
        }
        counts = dict(
            Move._read_group(
                [("crm_tr_service_contract_id", "in", self.ids), ("state", "!=", "cancel")],
                ["crm_tr_service_contract_id"],
                ["__count"],
            )
        )
        costs = dict(
            self.env["crm_tr.visit"]
            .sudo()
            ._read_group(
                [("crm_tr_contract_id", "in", self.ids), ("state", "=", "done")],
                ["crm_tr_contract_id"],
                ["total_cost:sum"],
            )
        )
        for contract in self:
            contract.invoice_count = counts.get(contract._origin, 0)
            contract.invoiced_amount = invoiced.get(contract._origin, (0, 0.0))[1]
            contract.visit_cost = costs.get(contract._origin, 0.0)
            contract.margin = contract.invoiced_amount - contract.visit_cost

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for contract in self:
            contract.display_name = " – ".join(p for p in (contract.name, contract.partner_id.name) if p)

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------

    def _crm_tr_check_values(self, vals):
        """Bad figures are refused before anything is written, in the user's language."""
        for name in ("entitlement_visits", "entitlement_hours", "fee", "reminder_days"):
            if (vals.get(name) or 0) < 0:
                raise ValidationError(
                    self.env._(
                        "%(field)s of a service contract cannot be negative.",
                        field=self._fields[name]._description_string(self.env),
                    )
                )
        if not {"date_start", "date_end"} & vals.keys():
            return
        for contract in self or [self.browse()]:
            start = fields.Date.to_date(vals.get("date_start", contract.date_start))
            end = fields.Date.to_date(vals.get("date_end", contract.date_end))
            if start and end and end < start:
                raise ValidationError(
                    self.env._(
                        "Service contract %(contract)s cannot end (%(end)s) before it starts (%(start)s).",
                        contract=contract.name or vals.get("name") or "",
                        end=format_date(self.env, end),
                        start=format_date(self.env, start),
                    )
                )

    @api.constrains("lot_ids", "partner_id")
    def _check_lot_owner(self):
        for contract in self:
            for lot in contract.lot_ids:
                # crm_tr_partner_id: the customer owning the unit, when the installed base records it.
                owner = lot.crm_tr_partner_id if "crm_tr_partner_id" in lot._fields else False
                if owner and owner.commercial_partner_id != contract.partner_id.commercial_partner_id:
                    raise ValidationError(
                        self.env._(
                            "Serial number %(lot)s belongs to %(owner)s, not to %(customer)s.",
                            lot=lot.name,
                            owner=owner.commercial_partner_id.display_name,
                            customer=contract.partner_id.display_name,
                        )
                    )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self.browse()._crm_tr_check_values(vals)
            if vals.get("partner_id"):
                vals["partner_id"] = self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id.id
        return super().create(vals_list)

    def write(self, vals):
        self._crm_tr_check_values(vals)
        if vals.get("partner_id"):
            vals["partner_id"] = self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id.id
        if "date_end" in vals or "reminder_days" in vals:
            # A new end date deserves its own reminder.
            vals.setdefault("reminder_sent", False)
        return super().write(vals)

    # ------------------------------------------------------------------
    # States
    # ------------------------------------------------------------------

    def action_activate(self):
        today = fields.Date.context_today(self)
        for contract in self:
            if contract.state != "draft":
                raise UserError(
                    self.env._("Only a draft contract can be activated (%(contract)s).", contract=contract.name)
                )
            if contract.date_end < today:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s ended on %(end)s: it cannot be activated.",
                        contract=contract.name,
                        end=format_date(self.env, contract.date_end),
                    )
                )
            contract.write({"state": "active", "next_invoice_date": contract.next_invoice_date or contract.date_start})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_set_draft(self):
        if self.filtered(lambda c: c.state == "active"):
            raise UserError(self.env._("An active contract is cancelled, not set back to draft."))
        self.write({"state": "draft"})

    @api.model
    def _cron_expire(self):
        today = fields.Date.context_today(self)
        contracts = self.search([("state", "=", "active"), ("date_end", "<", today)])
        contracts.write({"state": "expired"})
        return contracts

    # ------------------------------------------------------------------
    # Invoicing
    # ------------------------------------------------------------------

    def _crm_tr_fee_product(self):
        product = self.env.ref("crm_tr_service.product_service_contract_fee", raise_if_not_found=False)
        if not product:
            raise UserError(self.env._("The product “Service contract fee” is missing: update the Service module."))
        return product

    def _crm_tr_due_periods(self, today):
        """The (start, end) periods of the contract due for invoicing on today, in order."""
        self.ensure_one()
        periods, start = [], self.next_invoice_date
        while start and start <= today and start <= self.date_end:
            if self.billing == "once":
                periods.append((start, self.date_end))
                break
            end = min(start + BILLING_STEP[self.billing] - relativedelta(days=1), self.date_end)
            periods.append((start, end))
            start = end + relativedelta(days=1)
        return periods

    def _crm_tr_invoice(self, today=None):
        """Create and post the customer invoices of the periods due: one invoice per period,
        the next period remembered on the contract so that no period is invoiced twice."""
        today = today or fields.Date.context_today(self)
        product = self._crm_tr_fee_product()
        moves = self.env["account.move"]
        for contract in self:
            if contract.state != "active":
                raise UserError(
                    self.env._("Only an active contract is invoiced (%(contract)s).", contract=contract.name)
                )
            periods = contract._crm_tr_due_periods(today)
            if not periods:
                continue
            lang = contract.partner_id.lang or contract._crm_tr_company_lang()
            values = []
            for start, end in periods:
                line_name = contract.with_context(lang=lang).env._(
                    "Service contract %(contract)s: %(start)s – %(end)s",
                    contract=contract.name,
                    start=format_date(contract.with_context(lang=lang).env, start),
                    end=format_date(contract.with_context(lang=lang).env, end),
                )
                values.append(
                    {
                        "move_type": "out_invoice",
                        "partner_id": contract.partner_id.id,
                        "company_id": contract.company_id.id,
                        "invoice_date": start if start <= today else today,
                        "invoice_origin": contract.name,
                        "crm_tr_service_contract_id": contract.id,
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "name": line_name,
                                    "quantity": 1.0,
                                    "price_unit": contract.fee,
                                }
                            )
                        ],
                    }
                )
            contract_moves = self.env["account.move"].with_company(contract.company_id).create(values)
            contract_moves.action_post()
            last_end = periods[-1][1]
            following = last_end + relativedelta(days=1)
            contract.next_invoice_date = (
                following if contract.billing != "once" and following <= contract.date_end else False
            )
            moves |= contract_moves
        return moves

    def action_create_invoices(self):
        """Invoice the periods due today (the whole fee at once for a one-off billing)."""
        moves = self._crm_tr_invoice()
        if not moves:
            raise UserError(self.env._("Nothing to invoice: every period due so far is invoiced."))
        return self.action_view_invoices()

    @api.model
    def _cron_invoice(self):
        today = fields.Date.context_today(self)
        contracts = self.search(
            [("state", "=", "active"), ("next_invoice_date", "!=", False), ("next_invoice_date", "<=", today)]
        )
        moves = self.env["account.move"]
        for done, contract in enumerate(contracts, 1):
            try:
                with self.env.cr.savepoint():
                    moves |= contract._crm_tr_invoice(today)
            except UserError as error:
                # One contract's missing configuration (no sales journal...) stops only its own invoice.
                _logger.warning("Service contract %s not invoiced: %s", contract.name, error)
                contract.with_context(lang=contract._crm_tr_company_lang()).activity_schedule(
                    "mail.mail_activity_data_warning",
                    summary=contract.with_context(lang=contract._crm_tr_company_lang()).env._("Invoicing failed"),
                    note=str(error),
                    user_id=(contract.user_id or self.env.user).id,
                )
            self.env["ir.cron"]._commit_progress(1, remaining=len(contracts) - done)
        return moves

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("crm_tr_service_contract_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    # ------------------------------------------------------------------
    # Reminders
    # ------------------------------------------------------------------

    @api.model
    def _cron_remind(self):
        """N days before the end: an activity for the responsible, an e-mail and an
        informational SMS to the customer, once per end date."""
        today = fields.Date.context_today(self)
        candidates = self.search([("state", "=", "active"), ("reminder_sent", "=", False), ("date_end", ">=", today)])
        due = candidates.filtered(lambda c: c.date_end - relativedelta(days=c.reminder_days) <= today)
        if not due:
            return due
        due.write({"reminder_sent": True})
        mail_template = self.env.ref("crm_tr_service.mail_template_contract_reminder", raise_if_not_found=False)
        sms_template = self.env.ref("crm_tr_service.sms_template_contract_reminder", raise_if_not_found=False)
        for contract in due:
            lang = contract._crm_tr_company_lang()
            contract.with_context(lang=lang).activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=contract.date_end - relativedelta(days=min(contract.reminder_days, 7)),
                summary=contract.with_context(lang=lang).env._("Renew contract %(contract)s", contract=contract.name),
                user_id=(contract.user_id or self.env.user).id,
            )
            if mail_template and contract.partner_id.email:
                mail_template.send_mail(contract.id)
        if sms_template:
            self.env["crm_tr.sms.api"]._send_template(
                sms_template.sudo(), due.filtered(lambda c: c.partner_id.phone), put_in_queue=True
            )
        return due

    @api.model
    def _cron_daily(self):
        """Invoice what is due, remind of what ends soon, expire what ended."""
        self._cron_invoice()
        self._cron_remind()
        self._cron_expire()

    # ------------------------------------------------------------------
    # Renewal
    # ------------------------------------------------------------------

    def _crm_tr_renewal_values(self):
        self.ensure_one()
        start = self.date_end + relativedelta(days=1)
        length = relativedelta(self.date_end + relativedelta(days=1), self.date_start)
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "user_id": self.user_id.id,
            "lot_ids": [Command.set(self.lot_ids.ids)],
            "product_ids": [Command.set(self.product_ids.ids)],
            "cover_labour": self.cover_labour,
            "cover_parts": self.cover_parts,
            "cover_travel": self.cover_travel,
            "date_start": start,
            "date_end": start + length - relativedelta(days=1),
            "fee": self.fee,
            "billing": self.billing,
            "entitlement_visits": self.entitlement_visits,
            "entitlement_hours": self.entitlement_hours,
            "reminder_days": self.reminder_days,
            "note": self.note,
            "renewed_from_id": self.id,
        }

    def action_renew(self):
        self.ensure_one()
        if self.state in ("draft", "cancelled"):
            raise UserError(
                self.env._("Only an active or expired contract can be renewed (%(contract)s).", contract=self.name)
            )
        if self.renewal_ids.filtered(lambda c: c.state != "cancelled"):
            raise UserError(
                self.env._(
                    "Contract %(contract)s is already renewed by %(renewal)s.",
                    contract=self.name,
                    renewal=self.renewal_ids.filtered(lambda c: c.state != "cancelled")[:1].name,
                )
            )
        renewal = self.create(self._crm_tr_renewal_values())
        self.message_post(body=self.env._("Renewed by %(renewal)s.", renewal=renewal._get_html_link()))
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": renewal.id,
            "view_mode": "form",
            "target": "current",
        }

    # ------------------------------------------------------------------
    # Consumption by visits
    # ------------------------------------------------------------------

    def _crm_tr_consume(self, visits):
        """Check that the visits about to be done may consume the contract: an active
        contract, within its entitlement unless a service manager allowed more on the
        visit; log that override in the contract's chatter."""
        self.ensure_one()
        if self.state != "active":
            raise UserError(
                self.env._(
                    "Contract %(contract)s is %(state)s: visit %(visit)s cannot use it. "
                    "Remove the contract from the visit or renew it.",
                    contract=self.name,
                    state=dict(self._fields["state"]._description_selection(self.env))[self.state],
                    visit=visits[:1].display_name,
                )
            )
        visits_after = self.consumed_visits
        hours_after = self.consumed_hours
        overrides = []
        for visit in visits:
            visits_after += 1
            hours_after += visit._crm_tr_contract_hours_now()
            beyond = (self.entitlement_visits and visits_after > self.entitlement_visits) or (
                self.entitlement_hours and hours_after > self.entitlement_hours + 1e-6
            )
            if not beyond:
                continue
            if not visit.crm_tr_entitlement_override:
                raise UserError(
                    self.env._(
                        "Visit %(visit)s goes beyond contract %(contract)s's entitlement "
                        "(%(visits)s of %(visits_entitled)s visits, %(hours)s of %(hours_entitled)s hours): "
                        "a service manager must allow it on the visit.",
                        visit=visit.display_name,
                        contract=self.name,
                        visits=visits_after,
                        visits_entitled=self.entitlement_visits or "∞",
                        hours=visit._crm_tr_format_hours(hours_after),
                        hours_entitled=visit._crm_tr_format_hours(self.entitlement_hours)
                        if self.entitlement_hours
                        else "∞",
                    )
                )
            overrides.append((visit, visits_after, hours_after))
        return overrides

    def _crm_tr_log_overrides(self, overrides):
        self.ensure_one()
        lang = self._crm_tr_company_lang()
        env = self.with_context(lang=lang).env
        for visit, visits_after, hours_after in overrides:
            self.with_context(lang=lang).message_post(
                body=env._(
                    "Visit %(visit)s went beyond the entitlement (%(visits)s visits, %(hours)s hours used), "
                    "allowed by %(manager)s.",
                    visit=visit.display_name,
                    visits=visits_after,
                    hours=visit.with_context(lang=lang)._crm_tr_format_hours(hours_after),
                    manager=visit.crm_tr_override_user_id.name or self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------
    # Smart buttons
    # ------------------------------------------------------------------

    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_service.crm_tr_visit_action_service")
        action["domain"] = [("crm_tr_contract_id", "=", self.id)]
        action["context"] = {
            "default_visit_type": "service",
            "default_partner_id": self.partner_id.id,
            "default_crm_tr_contract_id": self.id,
            "default_company_id": self.company_id.id,
        }
        return action

    @api.model
    def _crm_tr_active_contract_domain(self, partner, company):
        return (
            Domain("state", "=", "active")
            & Domain("partner_id", "=", partner.commercial_partner_id.id)
            & Domain("company_id", "=", company.id)
        )
