from odoo.tests import new_test_user, tagged

from odoo.addons.crm_tr_sms.tests.tours import TurkishTourCase


@tagged("post_install", "-at_install")
class TestLoyaltyPortalTour(TurkishTourCase):
    def test_portal_customer_reads_his_points_in_turkish(self):
        istanbul = self._demo_company()
        program = self.env.ref("crm_tr_loyalty.loyalty_program_tr_istanbul")
        partner = self.env["res.partner"].create(
            {"name": "Deniz Kaya", "email": "deniz.kaya@example.com", "lang": "tr_TR", "company_id": istanbul.id}
        )
        portal = new_test_user(self.env, login="deniz_portal", groups="base.group_portal", partner_id=partner.id)
        self._speak_turkish(portal)
        tier = self.env["crm_tr.loyalty.tier"].create(
            {"name": "Gümüş", "program_id": program.id, "threshold": 1, "multiplier": 1.0}
        )
        card = self.env["loyalty.card"].create(
            {"program_id": program.id, "partner_id": partner.id, "points": 6409.85, "crm_tr_tier_id": tier.id}
        )
        self.assertEqual(card.with_context(lang="tr_TR").points_display.split()[0], "6.409,85")
        self.assertEqual(card.with_context(lang="en_US").points_display.split()[0], "6,409.85")
        self.start_tour("/my", "crm_tr_loyalty_portal_tour", login="deniz_portal")
