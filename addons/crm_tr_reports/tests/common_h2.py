from datetime import datetime

from odoo import Command

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class ReportsDataCase(AccountTestInvoicingCommon):
    """A hand-built dataset for the customer reports.

    Main company (USD, the test company): product_a costs 800, "Periyodik Bakım" costs
    nothing and earns 20 loyalty points a unit (0.50 a point).
      Anka  invoices 2026-01-10 3x1000, 2026-03-11 2x1000, 2026-06-20 1x1000, credit note
            2026-03-20 1x1000; a done sales visit (150 expenses) on 2026-06-15
      Bora  invoice 2026-06-25 1x2000 Bakım (20 points: 10.00)
      Cem   invoices 2026-02-01 and 2026-02-15 1x500; a done service visit (200) on 2026-05-05
      Deniz invoice 2026-05-01 10x1000
      Ege   invoice 2026-04-01 1x300 and a draft (counts for nothing)
    Second company (EUR, 2 EUR per USD, so its amounts count half in USD): product_a costs
    600 EUR there.
      Anka  invoice 2026-04-15 5x900 EUR
      Fırat invoice 2026-06-01 1x1000 EUR
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.env.user.group_ids += cls.env.ref("sales_team.group_sale_manager") + cls.env.ref(
            "crm_tr_service.group_service_manager"
        )
        cls.eur = cls.setup_other_currency("EUR", rates=[("2016-01-01", 2.0)])
        cls.other_company = cls.setup_other_company(name="Trakya Klima Ltd. Şti.", currency_id=cls.eur.id)["company"]
        cls.env.user.company_ids |= cls.other_company
        cls.product_a.with_company(cls.company).standard_price = 800.0
        cls.product_a.with_company(cls.other_company).standard_price = 600.0
        cls.bakim = cls._create_product(name="Periyodik Bakım", lst_price=1800.0, standard_price=0.0)
        program = (
            cls.env["loyalty.program"]
            .sudo()
            .create(
                {
                    "name": "Puan",
                    "program_type": "loyalty",
                    "company_id": cls.company.id,
                    "crm_tr_point_value": 0.5,
                }
            )
        )
        cls.env["crm_tr.loyalty.earn.rule"].sudo().create(
            {
                "name": "Bakım: adet başına 20 puan",
                "program_id": program.id,
                "company_id": cls.company.id,
                "scope": "product",
                "product_id": cls.bakim.id,
                "mode": "per_unit",
                "points": 20,
            }
        )
        Partner = cls.env["res.partner"]
        names = ["Anka Otel A.Ş.", "Bora Lojistik", "Cem Market", "Deniz Hastanesi", "Ege Okulu", "Fırat Yapı"]
        cls.anka, cls.bora, cls.cem, cls.deniz, cls.ege, cls.firat = Partner.create(
            [{"name": name, "is_company": True} for name in names]
        )
        cls.anka_contact = Partner.create({"name": "Ayşe Anka", "parent_id": cls.anka.id})
        cls._invoice(cls.anka_contact, "2026-01-10", 3, 1000)
        cls._invoice(cls.anka, "2026-03-11", 2, 1000)
        cls._invoice(cls.anka, "2026-06-20", 1, 1000)
        cls._invoice(cls.anka, "2026-03-20", 1, 1000, move_type="out_refund")
        cls._invoice(cls.bora, "2026-06-25", 1, 2000, product=cls.bakim)
        cls._invoice(cls.cem, "2026-02-01", 1, 500)
        cls._invoice(cls.cem, "2026-02-15", 1, 500)
        cls._invoice(cls.deniz, "2026-05-01", 10, 1000)
        cls._invoice(cls.ege, "2026-04-01", 1, 300)
        cls.draft = cls._invoice(cls.ege, "2026-06-28", 7, 1000, post=False)
        cls._invoice(cls.anka, "2026-04-15", 5, 900, company=cls.other_company)
        cls._invoice(cls.firat, "2026-06-01", 1, 1000, company=cls.other_company)
        Visit = cls.env["crm_tr.visit"]
        cls.sales_visit = Visit.create(
            {
                "partner_id": cls.anka_contact.id,
                "purpose": "Bakım görüşmesi",
                "company_id": cls.company.id,
                "planned_start": datetime(2026, 6, 15, 10),
                "planned_end": datetime(2026, 6, 15, 11),
                "expense_amount": 150.0,
            }
        )
        cls.service_visit = Visit.create(
            {
                "partner_id": cls.cem.id,
                "visit_type": "service",
                "purpose": "Arıza",
                "company_id": cls.company.id,
                "planned_start": datetime(2026, 5, 5, 10),
                "planned_end": datetime(2026, 5, 5, 11),
                "expense_amount": 200.0,
            }
        )
        (cls.sales_visit | cls.service_visit).action_done()

    @classmethod
    def _invoice(cls, partner, day, quantity, price, *, move_type="out_invoice", post=True, company=None, product=None):
        company = company or cls.company
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": day,
                    "date": day,
                    "company_id": company.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": (product or cls.product_a).id,
                                "quantity": quantity,
                                "price_unit": price,
                                "tax_ids": [],
                            }
                        )
                    ],
                }
            )
        )
        if post:
            move.action_post()
        return move

    def _both(self, model):
        """The report seen from the main company with both companies selected."""
        return self.env[model].with_context(allowed_company_ids=[self.company.id, self.other_company.id])

    def _main(self, model):
        return self.env[model].with_context(allowed_company_ids=[self.company.id])
