from odoo.tests import tagged

from odoo.addons.crm_tr_sms.tests.tours import TurkishTourCase


@tagged("post_install", "-at_install")
class TestArticleTour(TurkishTourCase):
    def test_technician_uses_a_suggested_article(self):
        istanbul = self._demo_company()
        kemal = self.env.ref("crm_tr_service.user_tr_technician")
        self._speak_turkish(kemal)
        article = self.env.ref("crm_tr_service.article_klima_gaz_kacagi")
        case = self.env["crm_tr.service.case"].create(
            {
                "subject": "Salon kliması gaz kaçırıyor",
                "partner_id": self.env.ref("crm_tr_sms.partner_tr_company_01").id,
                "company_id": istanbul.id,
                "product_id": self.env.ref("crm_tr_sales.product_tr_split_12000").id,
                "user_id": kemal.id,
            }
        )
        self.assertEqual(case.with_user(kemal).crm_tr_suggested_article_ids[:1], article)
        self.start_tour(
            f"/odoo/action-crm_tr_service.crm_tr_service_case_action/{case.id}",
            "crm_tr_service_article_tour",
            login="kemal",
        )
        self.assertEqual(case.crm_tr_article_ids, article)
