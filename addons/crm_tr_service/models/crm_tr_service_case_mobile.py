from urllib.parse import quote_plus

from odoo import api, fields, models


class CrmTrServiceCase(models.Model):
    """What a technician needs on his phone: the customer's phone (tap to call) and address
    (tap to navigate), on *My Cases*."""

    _inherit = "crm_tr.service.case"

    crm_tr_phone = fields.Char(string="Phone", compute="_compute_crm_tr_contact_details")
    crm_tr_address = fields.Char(string="Address", compute="_compute_crm_tr_contact_details")
    crm_tr_map_url = fields.Char(string="Directions", compute="_compute_crm_tr_contact_details")

    @api.depends(
        "partner_id.phone",
        "contact_id.phone",
        "lot_id",
        "partner_id.street",
        "partner_id.city",
        "partner_id.state_id",
    )
    def _compute_crm_tr_contact_details(self):
        for case in self:
            person = case.contact_id or case.partner_id
            case.crm_tr_phone = person.phone or case.partner_id.phone or case.partner_id.commercial_partner_id.phone
            # Where the unit is installed when the installed base knows it, else the customer's address.
            place = case.lot_id.sudo().crm_tr_install_partner_id or case.partner_id
            parts = [place.street, place.street2, place.zip, place.city, place.state_id.name, place.country_id.name]
            address = ", ".join(part for part in parts if part)
            case.crm_tr_address = address
            case.crm_tr_map_url = (
                f"https://www.google.com/maps/search/?api=1&query={quote_plus(address)}" if address else False
            )

    @api.model
    def action_crm_tr_my_cases(self):
        """The open cases assigned to the user or to him as the technician."""
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_service.crm_tr_service_case_action_my")
        action["domain"] = [
            "|",
            ("user_id", "=", self.env.uid),
            ("technician_id.user_id", "=", self.env.uid),
            ("state", "not in", ("done", "cancelled")),
        ]
        return action
