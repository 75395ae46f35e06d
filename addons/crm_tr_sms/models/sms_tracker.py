import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import split_every

from .res_company import TR_SMS_PROVIDERS

_logger = logging.getLogger(__name__)

# What each provider's delivery status means for Odoo: "delivered", a failure kind that
# sms.tracker._action_update_from_provider_error() knows (expired, not_delivered,
# invalid_destination, rejected, not_allowed), or None while the message is on its way.
VERIMOR_STATUS = {
    "WAITING": None,
    "SENDING": None,
    "SENT": None,  # handed to the operator, delivery cannot be confirmed
    "DELIVERED": "delivered",
    "NOT_DELIVERED": "not_delivered",
    "EXPIRED": "expired",
    "INVALID_DESTINATION_ADDRESS": "invalid_destination",
    "REJECTED": "rejected",
    "DOUBLE_SEND_ERROR": "rejected",
    "BLACKLISTED_DESTINATION_ADDRESS": "not_allowed",
    "NOT_ALLOWED_BY_IYS": "not_allowed",
    "MISSING_TARIFF": "not_delivered",
    "ROUTE_NOT_AVAILABLE": "not_delivered",
    "NETWORK_NOTCOVERED": "not_delivered",
    "SEND_ERROR": "not_delivered",
    "INTERNATIONAL_DENIED": "not_allowed",
}
ILETIMERKEZI_STATUS = {"accepted": None, "delivered": "delivered", "undelivered": "not_delivered"}
NETGSM_STATUS = {
    0: None,
    1: "delivered",
    2: "expired",
    3: "invalid_destination",
    4: "not_delivered",
    11: "rejected",
    12: "not_delivered",
    13: "rejected",
    14: "not_delivered",
    15: "not_allowed",
    16: "not_allowed",
    17: "not_delivered",
}


class SmsTracker(models.Model):
    _inherit = "sms.tracker"

    crm_tr_provider = fields.Selection(TR_SMS_PROVIDERS, string="Provider", readonly=True)
    crm_tr_provider_ref = fields.Char(
        string="Provider Reference",
        readonly=True,
        index="btree_not_null",
        help="NetGSM job, İleti Merkezi order or Verimor campaign id.",
    )
    crm_tr_number = fields.Char(string="Number Sent To", readonly=True, help="The number as the provider received it.")
    crm_tr_delivery_state = fields.Selection(
        [("sent", "Sent to Provider"), ("delivered", "Delivered"), ("failed", "Failed")],
        string="Delivery",
        readonly=True,
        index="btree_not_null",
    )
    crm_tr_delivery_status = fields.Char(string="Provider Status", readonly=True)
    crm_tr_company_id = fields.Many2one("res.company", string="Company", readonly=True, index="btree_not_null")
    crm_tr_parts = fields.Integer(
        string="SMS Parts", readonly=True, help="Parts the provider bills for this message, on its own alphabet."
    )
    crm_tr_encoding = fields.Selection(
        [("gsm7", "GSM-7"), ("turkish", "Turkish"), ("ucs2", "Unicode (UCS-2)")], string="Alphabet", readonly=True
    )

    @api.model
    def _crm_tr_status_label(self, provider, status):
        labels = {
            "delivered": self.env._("Delivered"),
            "expired": self.env._("Expired before reaching the phone"),
            "not_delivered": self.env._("Not delivered"),
            "invalid_destination": self.env._("Invalid or unreachable number"),
            "rejected": self.env._("Rejected by the operator (or a duplicate)"),
            "not_allowed": self.env._("Not allowed (blacklist or İYS)"),
        }
        kind = {"verimor": VERIMOR_STATUS, "iletimerkezi": ILETIMERKEZI_STATUS, "netgsm": NETGSM_STATUS}[provider].get(
            status
        )
        return kind, labels.get(kind, "")

    def _crm_tr_apply_status(self, provider, status):
        """Apply one provider delivery status. A final state (delivered or failed) is never
        changed again, so a report received twice changes nothing the second time.
        Returns the trackers that changed."""
        kind, label = self._crm_tr_status_label(provider, status)
        if not kind:
            return self.browse()
        todo = self.filtered(lambda t: t.crm_tr_delivery_state not in ("delivered", "failed"))
        if not todo:
            return todo
        reason = f"{label} ({provider}: {status})"
        sms = self.env["sms.sms"].sudo().search([("uuid", "in", todo.mapped("sms_uuid"))])
        if kind == "delivered":
            todo.write({"crm_tr_delivery_state": "delivered", "crm_tr_delivery_status": str(status)})
            todo._action_update_from_sms_state("sent")
            sms.write({"state": "sent", "failure_type": False, "to_delete": True})
        else:
            todo.write({"crm_tr_delivery_state": "failed", "crm_tr_delivery_status": str(status)})
            _error_status, failure_type, _reason = todo.with_context(
                sms_known_failure_reason=reason
            )._action_update_from_provider_error(kind)
            sms.write({"state": "error", "failure_type": failure_type, "to_delete": True})
        return todo

    # ------------------------------------------------------------------
    # NetGSM delivery reports are polled: at most 10 queries a minute per account.
    # ------------------------------------------------------------------

    NETGSM_QUERIES_PER_RUN = 10
    NETGSM_JOBS_PER_QUERY = 50
    NETGSM_REPORT_DAYS = 90

    @api.model
    def _cron_crm_tr_netgsm_reports(self):
        since = fields.Datetime.now() - timedelta(days=self.NETGSM_REPORT_DAYS)
        pending = self.search(
            [
                ("crm_tr_provider", "=", "netgsm"),
                ("crm_tr_delivery_state", "=", "sent"),
                ("crm_tr_company_id", "!=", False),
                ("create_date", ">=", since),
            ]
        )
        jobs_by_company = defaultdict(set)
        for tracker in pending:
            jobs_by_company[tracker.crm_tr_company_id].add(tracker.crm_tr_provider_ref)
        for company, jobids in jobs_by_company.items():
            done = self._crm_tr_poll_netgsm(company, sorted(jobids))
            self.env["ir.cron"]._commit_progress(done)

    @api.model
    def _crm_tr_poll_netgsm(self, company, jobids):
        """Read NetGSM's reports for these jobs within the query budget; return the number
        of trackers that reached a final state."""
        from ..tools.sms_api_tr import SmsApiNetgsm

        api = SmsApiNetgsm(self.env)
        api._set_company(company)
        queries, changed = 0, self.browse()
        for chunk in split_every(self.NETGSM_JOBS_PER_QUERY, jobids):
            trackers = self.search(
                [
                    ("crm_tr_provider", "=", "netgsm"),
                    ("crm_tr_company_id", "=", company.id),
                    ("crm_tr_provider_ref", "in", list(chunk)),
                    ("crm_tr_delivery_state", "=", "sent"),
                ]
            )
            by_job_number = defaultdict(self.browse)
            for tracker in trackers:
                by_job_number[tracker.crm_tr_provider_ref, tracker.crm_tr_number] |= tracker
            page, more = 0, True
            while more:
                if queries >= self.NETGSM_QUERIES_PER_RUN:
                    return len(changed)
                queries += 1
                try:
                    rows, more = api._fetch_report_page(chunk, page)
                except (UserError, OSError) as error:
                    _logger.warning("NetGSM report polling for %s stopped: %s", company.name, error)
                    return len(changed)
                page += 1
                changed |= self._crm_tr_apply_netgsm_rows(company, rows, by_job_number)
        return len(changed)

    @api.model
    def _crm_tr_apply_netgsm_rows(self, company, rows, by_job_number=None):
        """Apply NetGSM report rows ({jobid, number, status}), polled or pushed; returns the
        trackers that changed."""
        if by_job_number is None:
            jobids = [str(row.get("jobid")) for row in rows if isinstance(row, dict)]
            trackers = self.search(
                [
                    ("crm_tr_provider", "=", "netgsm"),
                    ("crm_tr_company_id", "=", company.id),
                    ("crm_tr_provider_ref", "in", jobids),
                ]
            )
            by_job_number = defaultdict(self.browse)
            for tracker in trackers:
                by_job_number[tracker.crm_tr_provider_ref, tracker.crm_tr_number] |= tracker
        changed = self.browse()
        for row in rows:
            if not isinstance(row, dict):
                continue
            number = str(row.get("number") or "")[-10:]
            tracker = by_job_number.get((str(row.get("jobid")), number))
            if tracker:
                changed |= tracker._crm_tr_apply_status("netgsm", _int_or_none(row.get("status")))
            else:
                _logger.info("NetGSM report for an unknown message: job %s to %s", row.get("jobid"), number)
        return changed


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
