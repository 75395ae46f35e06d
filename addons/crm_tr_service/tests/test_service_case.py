from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.crm_tr_sms.tests.common import CrmTrTwoCompanyCase


@tagged("post_install", "-at_install")
class TestServiceCase(CrmTrTwoCompanyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Mehmet Kaya"})
        cls.product = cls.env["product.product"].create(
            {"name": "Split Klima 9000 BTU", "type": "consu", "is_storable": True, "tracking": "serial"}
        )
        cls.other_product = cls.env["product.product"].create(
            {"name": "Kombi 28 kW", "type": "consu", "is_storable": True, "tracking": "serial"}
        )
        cls.lot = cls.env["stock.lot"].create(
            {"name": "SN-0001", "product_id": cls.product.id, "company_id": cls.company_a.id}
        )
        cls.technician = cls._crm_tr_user("tech_a", "crm_tr_service.group_service_technician")
        cls.salesman = cls._crm_tr_user("sales_a", "sales_team.group_sale_salesman")

    def _case(self, company=None, **vals):
        return self.env["crm_tr.service.case"].create(
            {
                "subject": "Klima soğutmuyor",
                "partner_id": self.customer.id,
                "company_id": (company or self.company_a).id,
            }
            | vals
        )

    def test_reference_and_lifecycle(self):
        case = self._case(product_id=self.product.id, lot_id=self.lot.id)
        self.assertRegex(case.name, r"^SRV/\d{4}/\d{5}$")
        self.assertEqual(case.state, "new")
        case.action_start()
        self.assertFalse(case.date_closed)
        case.resolution_note = "<p>Filtre temizlendi.</p>"
        case.action_solve()
        self.assertEqual(case.state, "done")
        self.assertTrue(case.date_closed)
        case.action_reopen()
        self.assertFalse(case.date_closed)

    def test_serial_number_of_another_product_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "SN-0001"):
            self._case(product_id=self.other_product.id, lot_id=self.lot.id)

    def test_technician_works_on_cases_but_cannot_delete(self):
        case = self._case()
        case.with_user(self.technician).action_start()
        self.assertEqual(case.state, "in_progress")
        with self.assertRaises(AccessError):
            case.with_user(self.technician).unlink()

    def test_salesman_reads_only(self):
        case = self._case()
        self.assertEqual(case.with_user(self.salesman).subject, "Klima soğutmuyor")
        with self.assertRaises(AccessError):
            case.with_user(self.salesman).write({"subject": "x"})

    def test_user_of_company_a_cannot_read_company_b(self):
        mine = self._case()
        theirs = self._case(company=self.company_b)
        visible = self.env["crm_tr.service.case"].with_user(self.technician).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(theirs, visible)
        with self.assertRaises(AccessError):
            theirs.with_user(self.technician).read(["subject"])

    def test_partner_counts_cases(self):
        self._case()
        self._case()
        self.assertEqual(self.customer.crm_tr_service_case_count, 2)

    def test_company_counts_cases_of_its_contacts(self):
        company = self.env["res.partner"].create({"name": "Yıldız Otel A.Ş.", "is_company": True})
        contact = self.env["res.partner"].create({"name": "Serkan Polat", "parent_id": company.id})
        self._case(partner_id=contact.id)
        self._case(partner_id=company.id)
        self.assertEqual((company.crm_tr_service_case_count, contact.crm_tr_service_case_count), (2, 1))
        action = company.action_crm_tr_view_service_cases()
        self.assertEqual(len(self.env["crm_tr.service.case"].search(action["domain"])), 2)
