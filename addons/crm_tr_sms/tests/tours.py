"""What the suite's web-client tours share: they run in Turkish, as the suite's users work."""

from odoo.tests import HttpCase


class TurkishTourCase(HttpCase):
    """An HttpCase whose tours run with the Turkish interface. Turkish is activated and its
    translations loaded when the database does not have them yet (a test database created
    without --load-language)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lang = cls.env["res.lang"].with_context(active_test=False)
        if not Lang.search([("code", "=", "tr_TR"), ("active", "=", True)]):
            Lang._activate_lang("tr_TR")
            cls.env["ir.module.module"].search([("state", "=", "installed")])._update_translations(["tr_TR"])

    def _demo_company(self, xmlid="crm_tr_sms.company_tr_istanbul"):
        company = self.env.ref(xmlid, raise_if_not_found=False)
        if not company:
            self.skipTest("the tour walks through the demo data")
        return company

    def _speak_turkish(self, *users):
        """The users work in Turkish, in Turkey's time zone, past OdooBot's first-login chat
        (which covers a phone's screen)."""
        for user in users:
            values = {"lang": "tr_TR", "tz": "Europe/Istanbul"}
            if "odoobot_state" in user._fields:
                values["odoobot_state"] = "disabled"
            user.write(values)
