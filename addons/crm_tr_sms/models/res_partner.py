from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_tr_consent_ids = fields.One2many("crm_tr.iys.consent", "partner_id", string="İYS Consents")
    crm_tr_consent_count = fields.Integer(compute="_compute_crm_tr_consent_count", string="Consents")

    def _compute_crm_tr_consent_count(self):
        counts = dict(
            self.env["crm_tr.iys.consent"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.crm_tr_consent_count = counts.get(partner._origin, 0)

    def action_crm_tr_view_consents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_sms.crm_tr_iys_consent_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
