"""The re-buy forecast's extensions of Odoo's models (the forecast itself:
crm_tr_rebuy_prediction.py)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_tr_rebuy_due_days = fields.Integer(
        string="Re-buy Due Soon (days)",
        default=14,
        help="A re-buy predicted within this many days from today is 'due soon'.",
    )

    @api.constrains("crm_tr_rebuy_due_days")
    def _check_crm_tr_rebuy_due_days(self):
        for company in self:
            if company.crm_tr_rebuy_due_days < 0:
                raise ValidationError(
                    self.env._(
                        "The re-buy 'due soon' days of %(company)s cannot be negative (%(days)s).",
                        company=company.name,
                        days=company.crm_tr_rebuy_due_days,
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        if "crm_tr_rebuy_due_days" in vals:
            self.env["crm_tr.rebuy.prediction"].sudo()._crm_tr_refresh_status(self)
        return result


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_tr_rebuy_due_days = fields.Integer(related="company_id.crm_tr_rebuy_due_days", readonly=False)


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_tr_rebuy_count = fields.Integer(string="Re-buys", compute="_compute_crm_tr_rebuy_count")

    @api.depends_context("company")
    def _compute_crm_tr_rebuy_count(self):
        """Predictions of the customer (its company's, for a contact person) that the user may
        read, in the current company: one grouped query."""
        commercial = self.commercial_partner_id
        groups = self.env["crm_tr.rebuy.prediction"]._read_group(
            [("partner_id", "in", commercial._origin.ids), ("company_id", "=", self.env.company.id)],
            ["partner_id"],
            ["__count"],
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.crm_tr_rebuy_count = counts.get(partner.commercial_partner_id._origin.id, 0)

    def action_crm_tr_view_rebuy(self):
        self.ensure_one()
        customer = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_sales.crm_tr_rebuy_prediction_action")
        action["domain"] = [("partner_id", "=", customer.id)]
        action["context"] = {"crm_tr_rebuy_partner_id": customer.id}
        return action


class MailActivity(models.Model):
    _inherit = "mail.activity"

    crm_tr_rebuy_product_id = fields.Many2one(
        "product.product",
        string="Re-buy Product",
        index="btree_not_null",
        ondelete="set null",
        help="The product of the re-buy forecast this follow-up is for (one open follow-up per customer and product).",
    )
