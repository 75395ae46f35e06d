from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestMainMenusTour(HttpCase):
    def test_main_menus_tour(self):
        """An administrator of the demo database opens each addon's main menu and a form."""
        istanbul = self.env.ref("crm_tr_sms.company_tr_istanbul", raise_if_not_found=False)
        if not istanbul:
            self.skipTest("the tour walks through the demo data")
        admin = self.env.ref("base.user_admin")
        admin.write({"company_ids": [(4, istanbul.id)], "company_id": istanbul.id})
        self.start_tour("/odoo", "crm_tr_main_menus_tour", login="admin")
