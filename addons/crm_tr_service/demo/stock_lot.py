from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

_COMPANIES = ["crm_tr_sms.company_tr_istanbul", "crm_tr_sms.company_tr_ankara"]
# Units of the branded demo products, per company: (product xmlid, serial prefix, customer xmlids).
_BRANDED = [
    (
        "crm_tr_service.product_tr_daikin_sensira_12",
        "DKN35",
        ["crm_tr_sms.partner_tr_contact_01", "crm_tr_sms.partner_tr_company_02", "crm_tr_sms.partner_tr_company_03"],
    ),
    (
        "crm_tr_service.product_tr_vaillant_ecotec_24",
        "VLT24",
        ["crm_tr_sms.partner_tr_company_04", "crm_tr_sms.partner_tr_company_05"],
    ),
]
# How many months ago each demo delivery was, in turn: 24-month warranties of the 30, 26
# and 40 months old ones have expired.
_AGES = [30, 14, 8, 40, 20, 3, 26, 11]


class StockLot(models.Model):
    _inherit = "stock.lot"

    @api.model
    def _crm_tr_demo_installed_base(self):
        """Demo only (demo/crm_tr_installed_base_demo.xml): per demo company, every serial
        number of a service case is delivered to the case's customer (its first case), and
        units of the branded products to a few customers, through validated delivery
        orders from the company's warehouse; the deliveries are then dated back."""
        companies = self.env["res.company"].browse([self.env.ref(xmlid).id for xmlid in _COMPANIES])
        if self.search_count([("crm_tr_partner_id", "!=", False), ("company_id", "in", companies.ids)], limit=1):
            return True  # loaded already (a module update replays the demo functions)
        today = fields.Date.context_today(self)
        index = 0
        for company in companies:
            self.env["crm_tr.visit"]._crm_tr_demo_warehouse(company)  # made by the visits' demo already
            warehouse = self.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
            by_customer = {}
            cases = self.env["crm_tr.service.case"].search(
                [("company_id", "=", company.id), ("lot_id", "!=", False)], order="id"
            )
            seen = self
            for case in cases:
                if case.lot_id not in seen:
                    seen |= case.lot_id
                    by_customer.setdefault(case.partner_id, self)
                    by_customer[case.partner_id] |= case.lot_id
            for product_xmlid, prefix, customer_xmlids in _BRANDED:
                product = self.env.ref(product_xmlid)
                for number, customer_xmlid in enumerate(customer_xmlids, start=1):
                    customer = self.env.ref(customer_xmlid)
                    lot = self.create(
                        {
                            "name": f"{prefix}-{warehouse.code}-{number:04d}",
                            "product_id": product.id,
                            "company_id": company.id,
                        }
                    )
                    by_customer.setdefault(customer, self)
                    by_customer[customer] |= lot
            for customer, lots in by_customer.items():
                picking = self._crm_tr_demo_deliver(warehouse, customer, lots)
                day = today - relativedelta(months=_AGES[index % len(_AGES)])
                index += 1
                picking.date_done = fields.Datetime.to_datetime(day) + relativedelta(hours=9)
                lots.crm_tr_delivery_date = day
        return True

    @api.model
    def _crm_tr_demo_deliver(self, warehouse, customer, lots):
        """Stock the serial numbers by an inventory adjustment, then deliver them to the
        customer with a validated delivery order."""
        company = warehouse.company_id
        stock = warehouse.lot_stock_id
        customers = self.env.ref("stock.stock_location_customers")
        Quant = self.env["stock.quant"].with_company(company).with_context(inventory_mode=True)
        Quant.create(
            [
                {"product_id": lot.product_id.id, "location_id": stock.id, "lot_id": lot.id, "inventory_quantity": 1}
                for lot in lots
            ]
        ).action_apply_inventory()
        picking = (
            self.env["stock.picking"]
            .with_company(company)
            .create(
                {
                    "picking_type_id": warehouse.out_type_id.id,
                    "partner_id": customer.id,
                    "location_id": stock.id,
                    "location_dest_id": customers.id,
                    "origin": "Demo",
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": lot.product_id.id,
                                "product_uom_qty": 1,
                                "location_id": stock.id,
                                "location_dest_id": customers.id,
                                "move_line_ids": [
                                    Command.create(
                                        {
                                            "product_id": lot.product_id.id,
                                            "lot_id": lot.id,
                                            "quantity": 1,
                                            "location_id": stock.id,
                                            "location_dest_id": customers.id,
                                        }
                                    )
                                ],
                            }
                        )
                        for lot in lots
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.move_ids.picked = True
        picking._action_done()
        return picking
