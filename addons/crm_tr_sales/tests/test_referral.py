from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestReferral(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company_data["company"]
        cls.company_b = cls.setup_other_company(name="Karadeniz Klima Ltd. Şti.")["company"]
        Partner = cls.env["res.partner"]
        cls.otel = Partner.create({"name": "Yıldız Otelcilik A.Ş.", "is_company": True})
        cls.klinik = Partner.create(
            {"name": "Anadolu Kliniği", "is_company": True, "crm_tr_referred_by_id": cls.otel.id}
        )
        cls.ayse = Partner.create({"name": "Ayşe Yılmaz", "crm_tr_referred_by_id": cls.otel.id})
        cls.okul = Partner.create({"name": "Ege Koleji", "is_company": True, "crm_tr_referred_by_id": cls.klinik.id})
        cls.product = cls.env["product.product"].create({"name": "Split klima 12000 BTU", "list_price": 30000})

    def _invoice(self, partner, amount, move_type="out_invoice", company=None):
        return self._create_invoice(
            move_type=move_type,
            company_id=(company or self.company_a).id,
            partner_id=partner.id,
            invoice_line_ids=[
                Command.create({"product_id": self.product.id, "quantity": 1, "price_unit": amount, "tax_ids": []})
            ],
            post=True,
        )

    def test_self_and_cycles_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot refer itself"), self.env.cr.savepoint():
            self.otel.crm_tr_referred_by_id = self.otel
        with self.assertRaisesRegex(ValidationError, "circle"), self.env.cr.savepoint():
            self.otel.crm_tr_referred_by_id = self.okul
        self.otel.invalidate_recordset()
        self.assertFalse(self.otel.crm_tr_referred_by_id, "nothing changed")

    def test_kpis_count_the_customers_won_and_their_revenue(self):
        self._invoice(self.klinik, 30000)
        self._invoice(self.klinik, 5000, move_type="out_refund")
        self._invoice(self.ayse, 12000)
        self._invoice(self.okul, 99000)  # referred by the clinic, not by the hotel
        self._invoice(self.ayse, 7000, company=self.company_b)  # another company's revenue
        otel = self.otel.with_company(self.company_a)
        self.assertEqual(
            (otel.crm_tr_referral_count, otel.crm_tr_referral_won_count, otel.crm_tr_referral_revenue),
            (2, 2, 37000.0),
        )
        klinik = self.klinik.with_company(self.company_a)
        self.assertEqual((klinik.crm_tr_referral_count, klinik.crm_tr_referral_revenue), (1, 99000.0))
        in_b = self.otel.with_company(self.company_b)
        self.assertEqual((in_b.crm_tr_referral_won_count, in_b.crm_tr_referral_revenue), (1, 7000.0))

    def test_referral_tree(self):
        action = self.otel.action_crm_tr_view_referrals()
        tree = self.env["res.partner"].search(action["domain"])
        self.assertEqual(tree, self.otel | self.klinik | self.ayse | self.okul)

    def test_lead_conversion_keeps_the_referral(self):
        Lead = self.env["crm.lead"].sudo()  # the accounting test user has no CRM rights
        lead = Lead.create(
            {
                "name": "Okul klimaları",
                "type": "lead",
                "partner_name": "Marmara Koleji",
                "contact_name": "Selin Kara",
                "crm_tr_referred_by_id": self.klinik.id,
                "company_id": self.company_a.id,
            }
        )
        lead._handle_partner_assignment(create_missing=True)
        lead.convert_opportunity(lead.partner_id)
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.crm_tr_referred_by_id, self.klinik)
        customer = lead.partner_id.commercial_partner_id
        self.assertEqual(customer.name, "Marmara Koleji")
        self.assertEqual(customer.crm_tr_referred_by_id, self.klinik)
        self.assertFalse(lead.partner_id.parent_id and lead.partner_id.crm_tr_referred_by_id, "on the company only")
        # An existing customer without a referrer gets it; one with a referrer keeps his.
        other = Lead.create({"name": "Otel ek bina", "partner_id": self.okul.id, "crm_tr_referred_by_id": self.ayse.id})
        other._handle_partner_assignment()
        self.assertEqual(self.okul.crm_tr_referred_by_id, self.klinik)
