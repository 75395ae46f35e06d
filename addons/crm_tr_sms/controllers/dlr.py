"""Delivery-report webhooks of İleti Merkezi, Verimor and NetGSM.

The address carries the company's secret token (the providers sign nothing). A report is
answered 200 as soon as it is read, whether it matched a message or not: Verimor retries
three times on anything else, and a report applied twice changes nothing."""

import json
import logging

from odoo.http import Controller, Response, request, route

_logger = logging.getLogger(__name__)


class CrmTrSmsDeliveryReport(Controller):
    def _company_for(self, token):
        if not token or len(token) < 16:
            return None
        company = request.env["res.company"].sudo().search([("crm_tr_sms_webhook_token", "=", token)], limit=1)
        return company or None

    def _payload(self):
        try:
            return json.loads(request.httprequest.get_data(as_text=True) or "null")
        except ValueError:
            return None

    @route("/crm_tr_sms/dlr/verimor/<string:token>", type="http", auth="public", methods=["POST"], csrf=False)
    def verimor_report(self, token, **kwargs):
        company = self._company_for(token)
        if not company:
            return request.not_found()
        rows = self._payload()
        if isinstance(rows, dict):
            rows = [rows]
        if not isinstance(rows, list):
            return Response("invalid JSON", status=400)
        Tracker = request.env["sms.tracker"].sudo()
        uuids = [str(row.get("message_custom_id")) for row in rows if isinstance(row, dict)]
        trackers = Tracker.search(
            [
                ("sms_uuid", "in", uuids),
                ("crm_tr_provider", "=", "verimor"),
                ("crm_tr_company_id", "=", company.id),
            ]
        ).grouped("sms_uuid")
        for row in rows:
            if not isinstance(row, dict):
                continue
            tracker = trackers.get(str(row.get("message_custom_id")))
            if tracker:
                tracker._crm_tr_apply_status("verimor", row.get("status"))
            else:
                _logger.info("Verimor report for an unknown message: %s", row.get("message_custom_id"))
        return Response("OK", status=200)

    @route("/crm_tr_sms/dlr/netgsm/<string:token>", type="http", auth="public", methods=["POST"], csrf=False)
    def netgsm_report(self, token, **kwargs):
        """NetGSM's pushed reports, once the address is registered (Settings → SMS): report
        rows as the report API gives them (jobid, number, status), one object or a list."""
        company = self._company_for(token)
        if not company:
            return request.not_found()
        rows = self._payload()
        if isinstance(rows, dict):
            rows = rows.get("jobs") if isinstance(rows.get("jobs"), list) else [rows]
        if not isinstance(rows, list):
            return Response("invalid JSON", status=400)
        request.env["sms.tracker"].sudo()._crm_tr_apply_netgsm_rows(company, rows)
        return Response("OK", status=200)

    @route("/crm_tr_sms/dlr/iletimerkezi/<string:token>", type="http", auth="public", methods=["POST"], csrf=False)
    def iletimerkezi_report(self, token, **kwargs):
        company = self._company_for(token)
        if not company:
            return request.not_found()
        payload = self._payload()
        report = payload.get("report") if isinstance(payload, dict) else None
        if not isinstance(report, dict):
            return Response("invalid JSON", status=400)
        number = str(report.get("to") or "").lstrip("+")
        tracker = (
            request.env["sms.tracker"]
            .sudo()
            .search(
                [
                    ("crm_tr_provider", "=", "iletimerkezi"),
                    ("crm_tr_company_id", "=", company.id),
                    ("crm_tr_provider_ref", "=", str(report.get("packet_id"))),
                    ("crm_tr_number", "=", number),
                ]
            )
        )
        if tracker:
            tracker._crm_tr_apply_status("iletimerkezi", report.get("status"))
        else:
            _logger.info("İleti Merkezi report for an unknown message: %s to %s", report.get("packet_id"), number)
        return Response("OK", status=200)

    @route("/crm_tr_sms/inbound/<string:token>", type="http", auth="public", methods=["POST"], csrf=False)
    def inbound_message(self, token, **form):
        """Messages customers send to the company's number, forwarded by the provider as a
        JSON object or list (or form fields): the sender under from / sender / msisdn / gsmno
        and the text under text / message / msg / body. An opt-out keyword (RET, İPTAL,
        STOP) records an İYS refusal at once."""
        company = self._company_for(token)
        if not company:
            return request.not_found()
        payload = self._payload() if request.httprequest.mimetype == "application/json" else form
        rows = payload if isinstance(payload, list) else [payload]
        Consent = request.env["crm_tr.iys.consent"]
        for row in rows:
            if not isinstance(row, dict):
                continue
            number = next((row[key] for key in ("from", "sender", "msisdn", "gsmno") if row.get(key)), None)
            text = next((row[key] for key in ("text", "message", "msg", "body") if row.get(key)), "")
            if number:
                Consent._crm_tr_inbound_message(company, str(number), str(text))
        return Response("OK", status=200)
