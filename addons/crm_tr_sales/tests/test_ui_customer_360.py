from odoo.tests import tagged

from odoo.addons.crm_tr_sms.tests.tours import TurkishTourCase


@tagged("post_install", "-at_install")
class TestCustomer360Tour(TurkishTourCase):
    def test_rep_reads_the_360_and_plans_his_neglected_customers(self):
        """Selim, a sales rep of the demo, opens a customer's 360 figures and tab and plans calls
        to the neglected customers he is responsible for, in the Turkish interface."""
        istanbul = self._demo_company()
        selim = self.env.ref("crm_tr_sales.user_tr_sales_rep")
        self._speak_turkish(selim)
        Stat = self.env["crm_tr.customer.stat"]
        Stat._crm_tr_compute(istanbul)
        neglected = Stat.search([("company_id", "=", istanbul.id), ("neglected", "=", True)])
        self.assertTrue(neglected, "the demo has neglected customers")
        neglected.partner_id.user_id = selim
        # Nothing open on them yet, so each gets a call.
        self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", neglected.partner_id.ids)]
        ).unlink()
        self.start_tour("/odoo", "crm_tr_sales_customer_360_tour", login="selim")
        calls = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", neglected.partner_id.ids)]
        )
        planner = self.env["crm_tr.neglect.planner"].search([("create_uid", "=", selim.id)])
        self.assertEqual(planner.mapped("state"), ["done"])
        self.assertEqual(planner.line_ids.stat_id, neglected, "every neglected customer has its line")
        planned = planner.line_ids.filtered("date")
        self.assertTrue(planned)
        self.assertEqual(planned.activity_id, calls, "one call for each customer planned")
        self.assertEqual(calls.user_id, selim)
        self.assertEqual(calls.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        # The others are left out for a reason (a visit coming already).
        for line in planner.line_ids - planned:
            self.assertTrue(line.note.startswith("Zaten planlanmış bir ziyaret var"), line.note)
