from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.crm_tr_sms.tests.common import CrmTrTwoCompanyCase


@tagged("post_install", "-at_install")
class TestSalesVisit(CrmTrTwoCompanyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Yıldız Otelcilik A.Ş.", "is_company": True})
        cls.contact = cls.env["res.partner"].create({"name": "Serkan Polat", "parent_id": cls.customer.id})
        cls.rep = cls._crm_tr_user("rep_a", "sales_team.group_sale_salesman")
        cls.other_rep = cls._crm_tr_user("rep_b", "sales_team.group_sale_salesman")
        cls.manager = cls._crm_tr_user(
            "sales_mgr", "sales_team.group_sale_manager", companies=cls.company_a | cls.company_b
        )
        cls.accountant = cls._crm_tr_user("readonly_acc", "account.group_account_readonly")
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Selim Yurt", "user_id": cls.rep.id, "company_id": cls.company_a.id, "hourly_cost": 412.50}
        )

    def _visit(self, company=None, user=None, **vals):
        return self.env["crm_tr.sales.visit"].create(
            {
                "partner_id": self.contact.id,
                "company_id": (company or self.company_a).id,
                "user_id": (user or self.rep).id,
            }
            | vals
        )

    def test_labour_cost_from_employee_hourly_cost(self):
        visit = self._visit(duration=1.5)
        self.assertEqual(visit.employee_id, self.employee, "the salesperson's employee in the visit's company")
        self.assertAlmostEqual(visit.labour_cost, 618.75, places=2)
        self.employee.hourly_cost = 400
        self.assertAlmostEqual(visit.labour_cost, 600.0, places=2)

    def test_reference_from_sequence(self):
        first, second = self._visit(), self._visit()
        self.assertRegex(first.name, r"^ZYR/\d{4}/\d{5}$")
        self.assertNotEqual(first.name, second.name)

    def test_negative_duration_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._visit(duration=-1)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._visit(distance_km=-5)

    def test_state_buttons(self):
        visit = self._visit()
        visit.action_done()
        self.assertEqual(visit.state, "done")
        visit.action_reset()
        visit.action_cancel()
        self.assertEqual(visit.state, "cancelled")

    def test_company_counts_visits_of_its_contacts(self):
        self._visit()
        self._visit(partner_id=self.customer.id)
        self.assertEqual(self.customer.crm_tr_visit_count, 2)
        self.assertEqual(self.contact.crm_tr_visit_count, 1)

    def test_salesman_sees_only_own_visits(self):
        mine = self._visit()
        theirs = self._visit(user=self.other_rep)
        visible = self.env["crm_tr.sales.visit"].with_user(self.rep).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(theirs, visible)

    def test_user_of_company_a_cannot_read_company_b(self):
        mine = self._visit()
        theirs = self._visit(company=self.company_b, user=self.manager)
        as_manager_in_a = (
            self.env["crm_tr.sales.visit"].with_user(self.manager).with_context(allowed_company_ids=self.company_a.ids)
        )
        self.assertEqual(as_manager_in_a.search([("id", "in", (mine | theirs).ids)]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.rep).read(["name"])

    def test_accountant_reads_but_cannot_write(self):
        visit = self._visit()
        self.assertEqual(visit.with_user(self.accountant).read(["labour_cost"])[0]["id"], visit.id)
        with self.assertRaises(AccessError):
            visit.with_user(self.accountant).write({"duration": 3})

    def test_form_defaults(self):
        form = Form(self.env["crm_tr.sales.visit"].with_user(self.rep).with_company(self.company_a))
        form.partner_id = self.customer
        form.duration = 2
        visit = form.save()
        self.assertEqual(visit.user_id, self.rep)
        self.assertEqual(visit.employee_id, self.employee)
        self.assertAlmostEqual(visit.labour_cost, 825.0, places=2)
