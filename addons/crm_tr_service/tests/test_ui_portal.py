from odoo.tests import tagged

from odoo.addons.crm_tr_sms.tests.tours import TurkishTourCase


@tagged("post_install", "-at_install")
class TestPortalTour(TurkishTourCase):
    def test_portal_customer_opens_a_case(self):
        self._demo_company()
        user = self.env.ref("crm_tr_service.user_portal_marmara", raise_if_not_found=False)
        if not user:
            self.skipTest("the tour walks through the demo data")
        self._speak_turkish(user)
        lot = self.env["stock.lot"].search([("name", "=", "VLT24-IST-0001")])
        self.assertEqual(lot.crm_tr_partner_id, user.partner_id.commercial_partner_id)
        self.start_tour("/my", "crm_tr_service_portal_tour", login="marmara")
        case = self.env["crm_tr.service.case"].search([("subject", "=", "Kombi su damlatıyor")])
        self.assertEqual(
            (case.channel, case.partner_id, case.lot_id, case.company_id),
            ("portal", user.partner_id, lot, lot.company_id),
        )
