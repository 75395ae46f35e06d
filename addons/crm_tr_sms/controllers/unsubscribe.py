from odoo import http
from odoo.http import request

from odoo.addons.mass_mailing_sms.controllers.main import MailingSMSController


class CrmTrMailingSMSController(MailingSMSController):
    @http.route()
    def blacklist_number(self, mailing_id, trace_code, **post):
        """Odoo blacklists the number; the campaign's company also gets an İYS refusal (RET)
        to upload, which is what the law asks of a commercial sender."""
        response = super().blacklist_number(mailing_id, trace_code, **post)
        number = post.get("sms_number", "").strip(" ")
        traces = self._check_trace(mailing_id, trace_code).get("trace")
        trace = traces.filtered(lambda t: t.sms_number == number)[:1] if traces and number else None
        if trace and trace.model == "res.partner":
            mailing = trace.mass_mailing_id
            partner = request.env["res.partner"].sudo().browse(trace.res_id).exists()
            if partner:
                request.env["crm_tr.iys.consent"].sudo()._crm_tr_record_refusal(
                    partner,
                    number,
                    mailing.crm_tr_company_id or request.env.company,
                    source="HS_WEB",
                    evidence=request.env._(
                        "Unsubscribe link of SMS campaign “%(name)s” (%(id)s)", name=mailing.subject, id=mailing.id
                    ),
                    mailing=mailing,
                )
        return response
