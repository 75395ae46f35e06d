from odoo import Command
from odoo.tools import SQL

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class LoyaltyCase(AccountTestInvoicingCommon):
    """A program with two earning rules: HVAC category 1 point per 100 TL untaxed,
    maintenance 20 points per unit; one point is worth 0.50 TL."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hvac = cls.env["product.category"].create({"name": "Klima"})
        cls.split = cls.env["product.category"].create({"name": "Split", "parent_id": cls.hvac.id})
        cls.klima = cls._create_product(name="Split Klima 12000", lst_price=28500.0, categ_id=cls.split.id)
        cls.bakim = cls._create_product(name="Periyodik Bakım", lst_price=1800.0)
        cls.other = cls._create_product(name="Kablo", lst_price=100.0)
        cls.program = (
            cls.env["loyalty.program"]
            .sudo()
            .create(
                {
                    "name": "Puan",
                    "program_type": "loyalty",
                    "company_id": cls.env.company.id,
                    "crm_tr_point_value": 0.5,
                }
            )
        )
        Rule = cls.env["crm_tr.loyalty.earn.rule"].sudo()
        Rule.create(
            [
                {
                    "name": "Klima: 100 TL başına 1 puan",
                    "program_id": cls.program.id,
                    "company_id": cls.env.company.id,
                    "scope": "category",
                    "categ_id": cls.hvac.id,
                    "mode": "per_amount",
                    "points": 0.01,
                },
                {
                    "name": "Bakım: adet başına 20 puan",
                    "program_id": cls.program.id,
                    "company_id": cls.env.company.id,
                    "scope": "product",
                    "product_id": cls.bakim.id,
                    "mode": "per_unit",
                    "points": 20,
                },
            ]
        )

    def _invoice(self, lines, move_type="out_invoice", post=True, partner=None, **kwargs):
        return self._create_invoice(
            move_type=move_type,
            partner_id=(partner or self.partner_a).id,
            invoice_line_ids=[
                Command.create({"product_id": product.id, "quantity": qty, "price_unit": price, "tax_ids": []})
                for product, qty, price in lines
            ],
            post=post,
            **kwargs,
        )

    def _card(self, partner=None):
        return (
            self.env["loyalty.card"]
            .sudo()
            .search([("program_id", "=", self.program.id), ("partner_id", "=", (partner or self.partner_a).id)])
        )

    def _ledger(self, move):
        return self.env["crm_tr.loyalty.accrual"].sudo().search([("move_id", "=", move.id)], order="id")

    def _ledger_sum(self, card):
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                "SELECT COALESCE(SUM(points), 0) FROM crm_tr_loyalty_accrual WHERE card_id = %s AND state = 'done'",
                card.id,
            )
        )
        return rows[0][0]
