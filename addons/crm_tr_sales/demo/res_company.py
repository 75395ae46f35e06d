import random
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, models

# Products of the demo invoices and the range of quantities sold per line.
_DEMO_PRODUCTS = [
    ("crm_tr_sales.product_tr_split_12000", (1, 4)),
    ("crm_tr_sales.product_tr_split_18000", (1, 3)),
    ("crm_tr_sales.product_tr_salon_48000", (1, 2)),
    ("crm_tr_sales.product_tr_kombi_24", (1, 3)),
    ("crm_tr_sales.product_tr_heat_pump_9", (1, 1)),
    ("crm_tr_sales.product_tr_filter_set", (2, 10)),
    ("crm_tr_sales.product_tr_remote", (1, 4)),
    ("crm_tr_sales.product_tr_installation", (1, 4)),
    ("crm_tr_sales.product_tr_maintenance", (1, 6)),
    ("crm_tr_sales.product_tr_gas_refill", (1, 3)),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _crm_tr_demo_warehouses(self):
        """Demo only: when Inventory is installed (crm_tr_service brings it, and with Sales
        Odoo's sale_stock), a demo company needs a warehouse before its demo quotations are
        sent or confirmed; the same warehouses crm_tr_service's demo would create."""
        if "stock.warehouse" not in self.env:
            return
        Warehouse = self.env["stock.warehouse"].sudo()
        for xmlid, code in (("crm_tr_sms.company_tr_istanbul", "IST"), ("crm_tr_sms.company_tr_ankara", "ANK")):
            company = self.env.ref(xmlid, raise_if_not_found=False)
            if company and not Warehouse.search([("company_id", "=", company.id)], limit=1):
                Warehouse.create(
                    {"name": f"{company.city or company.name} Depo", "code": code, "company_id": company.id}
                )

    @api.model
    def _crm_tr_demo_load_accounting(self, company_ids):
        """Demo only (called by demo/crm_tr_sales_demo.xml): give the demo companies a chart
        of accounts and twelve months of posted customer invoices and a few credit notes,
        the same on every install."""
        ChartTemplate = self.env["account.chart.template"]
        companies = self.browse(company_ids)
        for company in companies:
            if not company.chart_template:
                currency = company.currency_id
                # Odoo's Turkish localisation (l10n_tr, a dependency): the Turkish chart of
                # accounts and KDV. _load rather than try_loading: the registry is still being
                # loaded here.
                ChartTemplate._load("tr", company, install_demo=False)
                company.currency_id = currency
        self._crm_tr_demo_product_costs(companies)
        self.env["res.partner"].flush_model()
        for index, company in enumerate(companies):
            self._crm_tr_demo_invoices(company, random.Random(1923 + index))

    @api.model
    def _crm_tr_demo_product_costs(self, companies):
        """A product's cost is kept per company: the demo XML sets it for the company that
        installs the demo only. Give the demo companies the same costs, so their margins
        are real."""
        for xmlid, _quantities in _DEMO_PRODUCTS:
            product = self.env.ref(xmlid)
            cost = product.standard_price
            for company in companies:
                product.with_company(company).sudo().standard_price = cost

    @api.model
    def _crm_tr_demo_invoices(self, company, rnd):
        Move = self.env["account.move"].with_company(company).with_context(tracking_disable=True)
        if Move.search_count([("company_id", "=", company.id), ("move_type", "=", "out_invoice")], limit=1):
            return
        customers = self.env["res.partner"].browse(self._crm_tr_demo_customer_ids()).sorted("id")
        products = [(self.env.ref(xmlid), qty) for xmlid, qty in _DEMO_PRODUCTS]
        tax = company.account_sale_tax_id
        today = date.today()
        first = today.replace(day=1) - relativedelta(months=11)
        vals_list = []
        for month in range(12):
            month_start = first + relativedelta(months=month)
            month_end = min(month_start + relativedelta(months=1, days=-1), today)
            for _i in range(rnd.randint(6, 10)):
                day = month_start + relativedelta(days=rnd.randint(0, (month_end - month_start).days))
                lines = []
                for product, (qmin, qmax) in rnd.sample(products, rnd.randint(1, 3)):
                    lines.append(
                        (
                            0,
                            0,
                            {
                                "product_id": product.id,
                                "quantity": rnd.randint(qmin, qmax),
                                "price_unit": product.list_price,
                                "discount": rnd.choice([0, 0, 0, 5, 10]),
                                "tax_ids": [(6, 0, tax.ids)],
                            },
                        )
                    )
                vals_list.append(
                    {
                        "move_type": "out_invoice",
                        "partner_id": rnd.choice(customers).id,
                        "invoice_date": day,
                        "invoice_line_ids": lines,
                    }
                )
        vals_list.sort(key=lambda vals: vals["invoice_date"])
        invoices = Move.create(vals_list)
        invoices.action_post()
        # Credit notes: a full one for every 15th invoice, a partial one (one unit) for every 20th.
        full = invoices[14::15]
        full._reverse_moves(
            [{"invoice_date": inv.invoice_date, "ref": self.env._("Return: %s", inv.name)} for inv in full],
            cancel=True,
        )
        partial_vals = []
        for inv in invoices[9::20]:
            line = inv.invoice_line_ids[0]
            partial_vals.append(
                {
                    "move_type": "out_refund",
                    "partner_id": inv.partner_id.id,
                    "invoice_date": inv.invoice_date,
                    "reversed_entry_id": inv.id,
                    "ref": self.env._("Partial return: %s", inv.name),
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": line.product_id.id,
                                "quantity": 1,
                                "price_unit": line.price_unit,
                                "tax_ids": [(6, 0, line.tax_ids.ids)],
                            },
                        )
                    ],
                }
            )
        Move.create(partial_vals).action_post()

    @api.model
    def _crm_tr_demo_customer_ids(self):
        data = self.env["ir.model.data"].search(
            [("module", "=", "crm_tr_sms"), ("model", "=", "res.partner"), ("name", "=like", "partner_tr_%")]
        )
        return data.filtered(lambda d: not d.name.startswith("partner_tr_contact")).mapped("res_id")
