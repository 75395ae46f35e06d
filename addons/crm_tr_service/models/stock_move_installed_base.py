from collections import defaultdict

from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves._crm_tr_update_installed_base()
        return moves

    def _crm_tr_update_installed_base(self):
        """Installed base from validated moves: a serial number delivered to a customer gets
        the delivery's customer company as owner, the delivery address as installation address
        and the day of the move as delivery date (a later delivery of the same serial replaces
        them); a serial coming back from a customer loses its owner, address and delivery date.
        One write per owner, address and day, whatever the number of serials."""
        lines = self.filtered(lambda move: move.state == "done").move_line_ids.filtered(
            lambda line: line.lot_id and line.product_id.tracking == "serial" and line.quantity > 0
        )
        if not lines:
            return
        delivered = lines.filtered(
            lambda line: line.location_dest_id.usage == "customer" and line.location_id.usage != "customer"
        )
        returned = lines.filtered(
            lambda line: line.location_id.usage == "customer" and line.location_dest_id.usage != "customer"
        )
        Lot = self.env["stock.lot"].sudo()
        back = returned.lot_id - delivered.lot_id
        if back:
            back.write({"crm_tr_partner_id": False, "crm_tr_install_partner_id": False, "crm_tr_delivery_date": False})
        by_delivery = defaultdict(lambda: Lot)
        for line in delivered:
            address = line.move_id.picking_id.partner_id or line.move_id.partner_id
            if not address:
                continue  # no customer to own the unit: left as it was
            day = fields.Date.context_today(line, timestamp=line.move_id.date)
            by_delivery[address, day] |= line.lot_id
        for (address, day), lots in by_delivery.items():
            lots.write(
                {
                    "crm_tr_partner_id": address.commercial_partner_id.id,
                    "crm_tr_install_partner_id": address.id,
                    "crm_tr_delivery_date": day,
                }
            )
