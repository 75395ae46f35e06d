from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import formatLang


class CrmTrVisit(models.Model):
    """Service visits under a service contract: a done visit consumes the contract's
    entitlement (one visit, its hours); beyond it only with a service manager's override."""

    _inherit = "crm_tr.visit"

    crm_tr_contract_id = fields.Many2one(
        "crm_tr.service.contract",
        string="Service Contract",
        compute="_compute_crm_tr_contract_id",
        store=True,
        readonly=False,
        check_company=True,
        index="btree_not_null",
        tracking=True,
        domain="[('partner_id', '=', commercial_partner_id), ('state', '=', 'active')]",
        help="The contract the visit is done under (by default the customer's active contract "
        "covering the unit): once done, it uses one of its visits and its hours.",
    )
    crm_tr_contract_hours = fields.Float(
        string="Contract Hours",
        compute="_compute_crm_tr_contract_hours",
        store=True,
        help="Hours the done visit uses of its contract: the time worked, or the planned time "
        "when no start and finish were recorded.",
    )
    crm_tr_entitlement_override = fields.Boolean(
        string="Beyond Entitlement Allowed",
        copy=False,
        tracking=True,
        help="Set by a service manager: the visit may be done even if it exceeds the contract's entitlement.",
    )
    crm_tr_override_user_id = fields.Many2one("res.users", string="Allowed By", readonly=True, copy=False)

    @api.depends("visit_type", "partner_id", "lot_id", "company_id")
    def _compute_crm_tr_contract_id(self):
        services = self.filtered(lambda v: v.visit_type == "service" and v.partner_id)
        (self - services).crm_tr_contract_id = False
        if not services:
            return
        # One search for every visit; sudo: a technician's visit finds its contract whatever
        # the reader may see of contracts.
        contracts = (
            self.env["crm_tr.service.contract"]
            .sudo()
            .search(
                [
                    ("state", "=", "active"),
                    ("partner_id", "in", services.commercial_partner_id.ids),
                    ("company_id", "in", services.company_id.ids),
                ],
                order="date_end, id",
            )
        )
        for visit in services:
            current = visit.crm_tr_contract_id
            if current and current.partner_id == visit.commercial_partner_id and current.company_id == visit.company_id:
                continue
            mine = contracts.filtered(
                lambda c, v=visit: c.partner_id == v.commercial_partner_id and c.company_id == v.company_id
            )
            lot = visit.lot_id
            chosen = (
                (lot and mine.filtered(lambda c, lot=lot: lot in c.lot_ids)[:1])
                or (lot and mine.filtered(lambda c, lot=lot: lot.product_id in c.product_ids)[:1])
                or mine.filtered(lambda c: not c.lot_ids and not c.product_ids)[:1]
                # No unit named yet: the customer's one active contract, if it has only one.
                or (not lot and len(mine) == 1 and mine)
            )
            visit.crm_tr_contract_id = chosen.id if chosen else False

    @api.depends("state", "actual_hours", "planned_hours")
    def _compute_crm_tr_contract_hours(self):
        for visit in self:
            visit.crm_tr_contract_hours = (visit.actual_hours or visit.planned_hours) if visit.state == "done" else 0.0

    @api.constrains("crm_tr_contract_id", "partner_id")
    def _check_crm_tr_contract_partner(self):
        for visit in self:
            contract = visit.crm_tr_contract_id.sudo()
            if contract and contract.partner_id != visit.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s is %(customer)s's: visit %(visit)s is for another customer.",
                        contract=contract.name,
                        customer=contract.partner_id.display_name,
                        visit=visit.display_name,
                    )
                )

    def _crm_tr_contract_hours_now(self):
        """The hours the visit will count when done now (action_done closes a started visit now)."""
        self.ensure_one()
        if self.actual_start:
            end = self.actual_end or max(fields.Datetime.now(), self.actual_start)
            return max((end - self.actual_start).total_seconds() / 3600.0, 0.0) or self.planned_hours
        return self.planned_hours

    def _crm_tr_format_hours(self, hours):
        return formatLang(self.env, hours, digits=2)

    def _crm_tr_check_override(self, vals):
        if "crm_tr_entitlement_override" not in vals or self.env.su:
            return vals
        if not self.env.user.has_group("crm_tr_service.group_service_manager"):
            raise UserError(self.env._("Only a service manager may allow a visit beyond its contract's entitlement."))
        return vals | {"crm_tr_override_user_id": self.env.uid if vals["crm_tr_entitlement_override"] else False}

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self.browse()._crm_tr_check_override(vals) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        return super().write(self._crm_tr_check_override(vals))

    def action_done(self):
        todo = self.filtered(
            lambda v: v.visit_type == "service" and v.crm_tr_contract_id and v.state in ("planned", "in_progress")
        )
        # Checked before anything is done: a refusal changes nothing.
        overrides = {}
        for contract in todo.crm_tr_contract_id.sudo():
            overrides[contract] = contract._crm_tr_consume(
                todo.filtered(lambda v, c=contract: v.crm_tr_contract_id == c)
            )
        result = super().action_done()
        for contract, rows in overrides.items():
            if rows:
                contract._crm_tr_log_overrides(rows)
        return result
