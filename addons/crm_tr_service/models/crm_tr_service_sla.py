from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_tr_service_case import CASE_PRIORITIES

CUSTOMER_CLASSES = [("a", "A"), ("b", "B"), ("c", "C")]


class CrmTrServiceSla(models.Model):
    """Response and resolution targets, in working hours, for the cases it matches:
    team × categories × priority × customer class (an empty criterion matches all)."""

    _name = "crm_tr.service.sla"
    _description = "Service SLA Policy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one("crm_tr.service.team", string="Team", check_company=True, help="Empty: every team.")
    category_ids = fields.Many2many(
        "crm_tr.service.case.category",
        string="Categories",
        help="The cases of these categories and their subcategories; empty: every category.",
    )
    priority = fields.Selection(CASE_PRIORITIES, help="Empty: every priority.")
    customer_class = fields.Selection(CUSTOMER_CLASSES, help="The customer's class (customer 360); empty: every class.")
    response_hours = fields.Float(help="Working hours to the first response; 0: no response target.")
    resolution_hours = fields.Float(help="Working hours to the solution; 0: no resolution target.")
    at_risk_percent = fields.Float(
        string="At Risk From (%)",
        default=80.0,
        help="A case is at risk once this share of its working time to the deadline has passed.",
    )

    @api.constrains("response_hours", "resolution_hours", "at_risk_percent")
    def _check_targets(self):
        for sla in self:
            if sla.response_hours < 0 or sla.resolution_hours < 0:
                raise ValidationError(self.env._("SLA policy %s: hours cannot be negative.", sla.name))
            if not sla.response_hours and not sla.resolution_hours:
                raise ValidationError(
                    self.env._(
                        "SLA policy %s has no target: set its response hours, its resolution hours or both.",
                        sla.name,
                    )
                )
            if not 0 < sla.at_risk_percent <= 100:
                raise ValidationError(
                    self.env._("SLA policy %s: the at-risk threshold must be between 1 and 100 %%.", sla.name)
                )

    def _crm_tr_specificity(self):
        return (bool(self.team_id), bool(self.category_ids), bool(self.priority), bool(self.customer_class))

    @api.model
    def _crm_tr_policies(self, company):
        return self.sudo().search([("company_id", "=", company.id)])

    @api.model
    def _crm_tr_match(self, case, policies=None):
        """The most specific active policy matching `case`: the one with the most criteria
        set (team first, then categories, priority, customer class), then by sequence."""
        if not case.company_id:
            return self.browse()
        if policies is None:
            policies = self._crm_tr_policies(case.company_id)
        customer = case.partner_id.commercial_partner_id.with_company(case.company_id).sudo()
        # A company-dependent field of crm_tr_sales' customer 360: the class in the case's company.
        customer_class = customer.crm_tr_customer_class if "crm_tr_customer_class" in customer._fields else False
        # The case's category and its ancestors: a policy on "Cooling" covers "Cooling / Gas leak".
        category_path = {int(part) for part in (case.category_id.parent_path or "").split("/") if part}

        def matches(sla):
            return (
                (not sla.team_id or sla.team_id == case.team_id)
                and (not sla.category_ids or bool(category_path & set(sla.category_ids.ids)))
                and (not sla.priority or sla.priority == case.priority)
                and (not sla.customer_class or sla.customer_class == customer_class)
            )

        matching = policies.filtered(matches)
        if not matching:
            return self.browse()
        best = max(
            matching,
            key=lambda sla: (sum(sla._crm_tr_specificity()), sla._crm_tr_specificity(), -sla.sequence, -sla.id),
        )
        return self.browse(best.id)
