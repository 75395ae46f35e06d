import re
from pathlib import Path

from odoo.tests import tagged

from odoo.addons.crm_tr_sms.tests.tours import TurkishTourCase

TOUR = Path(__file__).parent.parent / "static/tests/tours/crm_tr_main_menus_tour.js"
CRM_TR_MODULES = ("crm_tr_sms", "crm_tr_sales", "crm_tr_service", "crm_tr_loyalty", "crm_tr_reports")


@tagged("post_install", "-at_install")
class TestMainMenusTour(TurkishTourCase):
    def _crm_tr_menus(self):
        """Every menu item of the crm_tr addons that opens something."""
        data = self.env["ir.model.data"].search([("module", "in", CRM_TR_MODULES), ("model", "=", "ir.ui.menu")])
        menus = self.env["ir.ui.menu"].browse(data.mapped("res_id")).filtered("action")
        xmlids = menus._get_external_ids()
        return {xmlids[menu.id][0] for menu in menus}

    def test_tour_opens_every_menu(self):
        """A menu added to an addon and forgotten in the tour fails here."""
        # [app, section or null (an item of the app's top bar), item, ...]
        rows = re.findall(r'^\s*\["([\w.]+)", (?:"([\w.]+)"|null), "([\w.]+)"', TOUR.read_text(), re.MULTILINE)
        in_tour = {item for _app, _section, item in rows}
        menus = self._crm_tr_menus()
        self.assertGreaterEqual(len(menus), 16)
        self.assertEqual(menus - in_tour, set(), "crm_tr menus the main tour does not open")
        self.assertEqual(in_tour - menus, set(), "menus in the tour that no longer exist")

    def test_main_menus_tour(self):
        """The administrator of the demo database opens every crm_tr menu item, in Turkish."""
        istanbul = self._demo_company()
        admin = self.env.ref("base.user_admin")
        admin.write({"company_ids": [(4, istanbul.id)], "company_id": istanbul.id})
        self._speak_turkish(admin)
        # Over 300 steps: more than the default 60 s on a loaded machine.
        self.start_tour("/odoo", "crm_tr_main_menus_tour", login="admin", timeout=300)
