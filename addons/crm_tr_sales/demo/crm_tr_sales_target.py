from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, models


class CrmTrSalesTarget(models.Model):
    _inherit = "crm_tr.sales.target"

    @api.model
    def _crm_tr_demo_targets(self, company_ids, rep_id, categ_id):
        """Demo only (demo/crm_tr_sales_target_demo.xml): company targets for the last six
        months, this one and the next, near what was invoiced (some met, some missed); an
        air-conditioning target per month; targets of the demo rep Selim Yurt (the
        salesperson of İstanbul's demo invoices, crm_tr_win_loss_demo.xml) from two months
        ago to the next."""
        if self.search_count([("company_id", "in", company_ids)], limit=1):
            return
        this_month = date.today().replace(day=1)
        months = [this_month + relativedelta(months=delta) for delta in range(-6, 2)]
        # Met, missed, exceeded...: the same on every install.
        factors = [0.9, 1.1, 0.95, 1.25, 1.0, 0.85, 1.1, 1.1]
        rep = self.env["res.users"].browse(rep_id)
        istanbul = self.env["res.company"].browse(company_ids[0])
        keys = [
            ({"company_id": company_id, "categ_id": categ}, months)
            for company_id in company_ids
            for categ in (False, categ_id)
        ]
        keys.append(({"company_id": istanbul.id, "user_id": rep.id}, months[-4:]))
        for key, key_months in keys:
            key_targets = self.create([dict(key, month=month) for month in key_months])
            # Near what was invoiced: the month's actual times a factor; the coming month
            # like the average month.
            past = [target.actual_revenue for target in key_targets if target.actual_revenue > 0]
            average = sum(past) / len(past) if past else 100000.0
            for target, factor in zip(key_targets, factors[-len(key_months) :], strict=True):
                revenue = round((target.actual_revenue or average) * factor, -3)
                target.write({"target_revenue": revenue, "target_margin": round(revenue * 0.3, -3)})
