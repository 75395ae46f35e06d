from datetime import timedelta

from odoo import api, fields, models

# Per demo customer: its company, then per product the days between purchases (oldest
# first), the quantities, and how many days before the install day the last one was.
_DEMO_HISTORIES = {
    "crm_tr_sales.partner_tr_rebuy_plaza": (
        "crm_tr_sms.company_tr_istanbul",
        [
            # Filter sets every month (one late month): due in 4 days.
            ("crm_tr_sales.product_tr_filter_set", [30, 31, 29, 30, 45, 30, 31], [6, 6, 8, 6, 6, 6, 6, 6], 26),
            # Maintenance every quarter: 10 days overdue.
            ("crm_tr_sales.product_tr_maintenance", [91, 89, 90], [4, 4, 4, 4], 100),
        ],
    ),
    "crm_tr_sales.partner_tr_rebuy_hotel": (
        "crm_tr_sms.company_tr_ankara",
        [
            # Gas refills every two months: due in 10 days.
            ("crm_tr_sales.product_tr_gas_refill", [58, 62, 60, 61], [3, 2, 3, 3, 3], 50),
        ],
    ),
}


class CrmTrRebuyPrediction(models.Model):
    _inherit = "crm_tr.rebuy.prediction"

    @api.model
    def _crm_tr_demo_rebuy(self):
        """Demo only (demo/crm_tr_rebuy_demo.xml): the posted invoices of two regular buyers,
        a fully refunded extra order among them, then the forecast of the demo companies."""
        today = fields.Date.context_today(self)
        companies = self.env["res.company"]
        for partner_xmlid, (company_xmlid, histories) in _DEMO_HISTORIES.items():
            partner = self.env.ref(partner_xmlid)
            company = self.env.ref(company_xmlid)
            companies |= company
            Move = self.env["account.move"].with_company(company).with_context(tracking_disable=True)
            if Move.search_count([("commercial_partner_id", "=", partner.id)], limit=1):
                continue
            tax = company.account_sale_tax_id
            vals_list = []
            for product_xmlid, gaps, quantities, days_ago in histories:
                product = self.env.ref(product_xmlid)
                day = today - timedelta(days=days_ago + sum(gaps))
                for index, quantity in enumerate(quantities):
                    if index:
                        day += timedelta(days=gaps[index - 1])
                    vals_list.append(
                        {
                            "move_type": "out_invoice",
                            "partner_id": partner.id,
                            "invoice_date": day,
                            "invoice_line_ids": [
                                fields.Command.create(
                                    {
                                        "product_id": product.id,
                                        "quantity": quantity,
                                        "price_unit": product.list_price,
                                        "tax_ids": [fields.Command.set(tax.ids)],
                                    }
                                )
                            ],
                        }
                    )
            vals_list.sort(key=lambda vals: vals["invoice_date"])
            invoices = Move.create(vals_list)
            invoices.action_post()
            # An order sent back in full two weeks after the third invoice: not a purchase.
            extra = Move.create(dict(vals_list[2], invoice_date=vals_list[2]["invoice_date"] + timedelta(days=14)))
            extra.action_post()
            extra._reverse_moves(
                [{"invoice_date": extra.invoice_date, "ref": self.env._("Return: %s", extra.name)}], cancel=True
            )
        for company in companies:
            self.sudo()._crm_tr_rebuild(company)
