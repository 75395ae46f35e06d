from odoo import models

# Context key: the SMS bodies rendered under it carry link_tracker short links (/r/CODE).
SHORTEN_LINKS_KEY = "crm_tr_sms_shorten_links"


class SmsTemplate(models.Model):
    _inherit = "sms.template"

    def _render_field(self, field, res_ids, *args, **kwargs):
        """Under SHORTEN_LINKS_KEY, every URL of a rendered body becomes a link_tracker short
        link, as mass_mailing_sms does for mass SMS: a survey link with its answer token is
        about 100 characters, which alone takes most of a Turkish (UCS-2, 70 characters)
        segment; the short link also counts the customer's clicks."""
        rendered = super()._render_field(field, res_ids, *args, **kwargs)
        if field != "body" or not self.env.context.get(SHORTEN_LINKS_KEY):
            return rendered
        # The title is given so that link_tracker does not fetch the page to read it.
        tracker_values = {"title": self.name or self.env._("Survey")}
        Render = self.env["mail.render.mixin"].sudo()
        return {res_id: Render._shorten_links_text(body, tracker_values) for res_id, body in rendered.items()}
