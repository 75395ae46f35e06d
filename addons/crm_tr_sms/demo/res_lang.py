from odoo import api, models


class ResLang(models.Model):
    _inherit = "res.lang"

    @api.model
    def _crm_tr_demo_speak_turkish(self, modules=()):
        """Demo only (called by the demo XML files): the demo companies, their customers and
        staff speak Turkish, so Turkish is activated with the translations of the modules
        installed so far (the ones installed after it load theirs by themselves), as
        Settings → Languages would. ``modules``: addons being installed whose own terms the
        demo records already need (the messages a record writes at its creation use its
        model's name; Odoo loads a module's terms only after its demo data)."""
        if not self.with_context(active_test=False).search([("code", "=", "tr_TR"), ("active", "=", True)]):
            self._activate_lang("tr_TR")
            installed = self.env["ir.module.module"].search(
                [("state", "in", ("installed", "to install", "to upgrade"))]
            )
            installed._update_translations(["tr_TR"])
        if modules:
            self.env["ir.module.module"]._load_module_terms(list(modules), ["tr_TR"])
        return True
