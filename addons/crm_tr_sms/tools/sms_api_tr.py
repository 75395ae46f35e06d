"""Turkish SMS providers behind Odoo's SmsApiBase, the way sms_twilio plugs Twilio in.

Each class turns Odoo's batch ``[{'content', 'numbers': [{'uuid', 'number'}]}]`` into one
provider request and answers one result per uuid:
``{'uuid', 'state', 'failure_reason', 'crm_tr_provider_ref', 'crm_tr_number'}``, where
``state`` is ``'success'`` (accepted; delivery comes later from a report) or a failure state
that ``PROVIDER_TO_SMS_FAILURE_TYPE`` maps onto ``sms.sms.failure_type``.

A failure state of ``'tr_retry'`` means the provider refused the request before sending
anything (rate limit): the SMS fail with that reason and can be resent as they are.

A batch is sent as one request per alphabet (GSM-7, Turkish single shift, UCS-2): NetGSM's
``encoding`` and Verimor's ``datacoding`` apply to a whole request, so one Turkish letter or
one emoji in one message would otherwise bill every message of the batch on the longer
table (a 158-character plain message: 1 part alone, 2 parts beside a Turkish one).
"""

import base64
import json
import logging

import requests

from odoo.exceptions import UserError

from odoo.addons.sms.tools.sms_api import SmsApiBase

from .phone import has_letters, provider_number
from .sms_parts import ENCODINGS, sms_encoding

_logger = logging.getLogger(__name__)


class SmsApiTrBase(SmsApiBase):
    PROVIDER = None
    DEFAULT_URL = None
    TIMEOUT = 15
    PROVIDER_TO_SMS_FAILURE_TYPE = SmsApiBase.PROVIDER_TO_SMS_FAILURE_TYPE | {
        "insufficient_credit": "sms_credit",
        "tr_auth": "sms_acc",
        "tr_header": "tr_sms_header",
        "tr_iys": "tr_sms_iys",
        "tr_duplicate": "sms_duplicate",
        "tr_message": "tr_sms_message",
        "tr_retry": "sms_server",
        "tr_letters": "sms_number_format",
    }

    def __init__(self, env, account=None, commercial=False, recipient_type="BIREYSEL"):
        super().__init__(env, account=account)
        self.commercial = commercial
        self.recipient_type = recipient_type or "BIREYSEL"

    # ------------------------------------------------------------------
    # What every provider shares
    # ------------------------------------------------------------------

    @property
    def company_sudo(self):
        return (self.company or self.env.company).sudo()

    def _url(self, path):
        base = (self.company_sudo.crm_tr_sms_api_url or self.DEFAULT_URL).rstrip("/")
        return f"{base}{path}"

    def _get_sms_api_error_messages(self):
        return super()._get_sms_api_error_messages() | {
            "insufficient_credit": self.env._("The SMS provider account has no credit left."),
            "tr_auth": self.env._("The SMS provider refused the credentials (or this server's IP address)."),
            "tr_header": self.env._("The sender header is not defined or approved at the SMS provider."),
            "tr_iys": self.env._("The SMS provider refused the İYS (commercial message) settings."),
            "tr_duplicate": self.env._("The SMS provider refused a duplicate of a message it already sent."),
            "tr_message": self.env._("The SMS provider refused the message text (empty or too long)."),
            "tr_retry": self.env._(
                "The SMS provider refused the request for its rate limit; nothing was sent, resend later."
            ),
            "wrong_number_format": self.env._("The number is not a Turkish mobile number."),
            "tr_letters": self.env._(
                "The number contains letters (a masked or placeholder number such as 0532 XXX XX XX): it is never sent."
            ),
            "server_error": self.env._("The SMS provider could not be reached or answered with an error."),
        }

    def _result(self, uuid, state, number=False, ref=False, reason=False):
        if state != "success" and not reason:
            reason = self._get_sms_api_error_messages().get(state) or state
        return {
            "uuid": uuid,
            "state": state,
            "failure_reason": reason if state != "success" else False,
            "crm_tr_provider_ref": ref,
            "crm_tr_number": number,
        }

    def _send_sms_batch(self, messages, delivery_reports_url=False):
        """Drop the numbers the provider cannot take, send the rest in one request."""
        results, sendable = [], []
        for message in messages:
            numbers = []
            for info in message.get("numbers") or []:
                converted = provider_number(info.get("number"), self.PROVIDER)
                if converted:
                    numbers.append({"uuid": info["uuid"], "number": converted})
                else:
                    if not info.get("number"):
                        state = "sms_number_missing"
                    elif has_letters(info["number"]):
                        state = "tr_letters"
                    else:
                        state = "wrong_number_format"
                    results.append(self._result(info["uuid"], state))
            if numbers:
                sendable.append({"content": message.get("content") or "", "numbers": numbers})
        by_encoding = {}
        for message in sendable:
            by_encoding.setdefault(sms_encoding(message["content"]), []).append(message)
        for encoding in ENCODINGS:
            if encoding not in by_encoding:
                continue
            try:
                results += self._send_request(by_encoding[encoding], encoding)
            except requests.exceptions.RequestException as error:
                # Whether the provider got the request is unknown: fail, never resend by itself.
                _logger.warning("%s SMS request failed: %s", self.PROVIDER, error)
                reason = self.env._("The SMS provider could not be reached: %s", error)
                results += self._all(by_encoding[encoding], "server_error", reason=reason)
        return results

    def _all(self, sendable, state, ref=False, reason=False):
        return [
            self._result(info["uuid"], state, info["number"], ref=ref, reason=reason)
            for message in sendable
            for info in message["numbers"]
        ]

    def _send_request(self, sendable, encoding):
        """Send messages that all need the same alphabet (``encoding``: 'gsm7', 'turkish' or
        'ucs2') in one request; one result per number."""
        raise NotImplementedError()

    IYS_BATCH = 500

    def _upload_consents(self, consents):
        """Send İYS consents (crm_tr.iys.consent) through the provider's consent API.
        Returns (reference, False) on success or (False, error message)."""
        return False, self.env._(
            "%s offers no consent upload we can use: upload these consents in its panel or in İYS.",
            self.PROVIDER,
        )

    @staticmethod
    def _iys_date(consent):
        return consent._iys_local_date().strftime("%Y-%m-%d %H:%M:%S")


class SmsApiNetgsm(SmsApiTrBase):
    """NetGSM REST v2: POST /sms/rest/v2/send with HTTP Basic auth; one job id per request."""

    PROVIDER = "netgsm"
    DEFAULT_URL = "https://api.netgsm.com.tr"
    SEND_ERRORS = {
        "20": "tr_message",
        "30": "tr_auth",
        "40": "tr_header",
        "50": "tr_iys",
        "51": "tr_iys",
        "70": "unknown",
        "80": "tr_retry",
        "85": "tr_duplicate",
        "100": "server_error",
        "101": "server_error",
    }

    def _auth_header(self):
        company = self.company_sudo
        token = f"{company.crm_tr_sms_username or ''}:{company.crm_tr_sms_password or ''}"
        return {"Authorization": "Basic " + base64.b64encode(token.encode()).decode()}

    def _send_request(self, sendable, encoding):
        company = self.company_sudo
        payload = {
            "msgheader": company.crm_tr_sms_sender or "",
            "messages": [
                {"msg": message["content"], "no": info["number"]} for message in sendable for info in message["numbers"]
            ],
            "iysfilter": ("12" if self.recipient_type == "TACIR" else "11") if self.commercial else "0",
        }
        if encoding == "turkish":
            # NetGSM documents only "TR", and only for texts with Turkish letters; a UCS-2
            # text goes without it.
            payload["encoding"] = "TR"
        response = requests.post(
            self._url("/sms/rest/v2/send"), json=payload, headers=self._auth_header(), timeout=self.TIMEOUT
        )
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        code = str(answer.get("code", ""))
        if response.ok and code == "00" and answer.get("jobid"):
            return self._all(sendable, "success", ref=str(answer["jobid"]))
        state = self.SEND_ERRORS.get(code, "server_error" if response.status_code >= 500 else "unknown")
        reason = self._get_sms_api_error_messages().get(state)
        reason = self.env._("NetGSM error %(code)s: %(reason)s", code=code or response.status_code, reason=reason)
        return self._all(sendable, state, reason=reason)

    def _register_report_webhook(self, url):
        """Ask NetGSM to push delivery reports to ``url`` (POST /sms/rest/v2/reportwebhook,
        as NetGSM's own n8n node registers it); with ``url`` False, stop the pushes. Raises
        UserError with NetGSM's code when it refuses."""
        path = self._url("/sms/rest/v2/reportwebhook")
        if url:
            response = requests.post(path, json={"webhookUrl": url}, headers=self._auth_header(), timeout=self.TIMEOUT)
        else:
            response = requests.delete(path, headers=self._auth_header(), timeout=self.TIMEOUT)
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        code = str(answer.get("code", ""))
        if not response.ok or code != "00":
            state = self.SEND_ERRORS.get(code, "server_error" if response.status_code >= 500 else "unknown")
            raise UserError(
                self.env._(
                    "NetGSM refused the delivery report address (code %(code)s): %(reason)s",
                    code=code or response.status_code,
                    reason=self._get_sms_api_error_messages().get(state) or answer.get("description") or "",
                )
            )
        return True

    REPORT_PAGE_SIZE = 100

    def _fetch_report_page(self, jobids, page):
        """One page of NetGSM's delivery report for these jobs: (rows, more pages to read).
        Raises UserError when NetGSM refuses the query (rate limit, credentials)."""
        payload = {"jobids": list(jobids), "pagenumber": page, "pagesize": self.REPORT_PAGE_SIZE}
        response = requests.post(
            self._url("/sms/rest/v2/report"), json=payload, headers=self._auth_header(), timeout=self.TIMEOUT
        )
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        code = str(answer.get("code", ""))
        if code == "60":  # no record yet
            return [], False
        if not response.ok or code != "00":
            raise UserError(
                self.env._("NetGSM refused the delivery report query (code %s).", code or response.status_code)
            )
        rows = answer.get("jobs") or []
        return rows, len(rows) >= self.REPORT_PAGE_SIZE

    def _upload_consents(self, consents):
        """NetGSM's İYS partner API: POST /iys/add, answered ``{"code": "0", "error":
        "false", "uid"}``; a refusal reads as a translated explanation of its code with
        NetGSM's own code and text beside it."""
        company = self.company_sudo
        if not company.crm_tr_sms_iys_brand_code:
            # NetGSM files consents under the brand of the request's header: none, no upload.
            return False, self.env._("İYS upload not sent: %s has no İYS brand code in its SMS settings.", company.name)
        payload = {
            "header": {
                "username": company.crm_tr_sms_username or "",
                "password": company.crm_tr_sms_password or "",
                "brandCode": company.crm_tr_sms_iys_brand_code,
            },
            "body": {
                "data": [
                    {
                        "type": consent.channel,
                        "source": consent.source,
                        "recipient": consent.recipient,
                        "status": consent.status,
                        "consentDate": self._iys_date(consent),
                        "recipientType": consent.recipient_type,
                    }
                    for consent in consents
                ]
            },
        }
        response = requests.post(self._url("/iys/add"), json=payload, timeout=self.TIMEOUT)
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if not isinstance(answer, dict):
            answer = {}
        code = "" if answer.get("code") is None else str(answer["code"])
        if response.ok and code == "0" and str(answer.get("error")).lower() == "false":
            return str(answer.get("uid") or ""), False
        # NetGSM's codes for /iys/add (netiys README): 30 credentials, API access or IP;
        # 70 request unreadable or incomplete.
        if code == "30":
            reason = self.env._("the provider refused the credentials, the API access or this server's IP address")
        elif code == "70":
            reason = self.env._("the request was unreadable or incomplete (a consent field is missing)")
        elif not code and response.status_code >= 500:
            reason = self.env._("the provider answered with a server error; the job tries again at its next run")
        else:
            reason = False
        text = answer.get("message") or answer.get("description") or ""
        raw = f"NetGSM {code or response.status_code}" + (f": {text}" if text else "")
        if reason:
            return False, self.env._("İYS upload refused: %(reason)s (%(raw)s)", reason=reason, raw=raw)
        return False, self.env._("İYS upload refused by the provider (%s)", raw)


class SmsApiIletiMerkezi(SmsApiTrBase):
    """İleti Merkezi: POST /v1/send-sms/json; one order id per request (n:n message array)."""

    PROVIDER = "iletimerkezi"
    DEFAULT_URL = "https://api.iletimerkezi.com"
    SEND_ERRORS = {
        "400": "unknown",
        "401": "tr_auth",
        "402": "insufficient_credit",
        "422": "unknown",
        "429": "tr_retry",
        "450": "tr_header",
        "451": "tr_duplicate",
        "452": "wrong_number_format",
        "453": "tr_message",
        "454": "tr_message",
        "459": "tr_header",  # sender header missing
        "460": "tr_header",  # sender header longer than 11 characters or with Turkish letters
        "468": "tr_iys",
        "469": "tr_iys",
        "470": "tr_iys",
        "503": "server_error",
    }

    def _authentication(self):
        company = self.company_sudo
        return {"key": company.crm_tr_sms_username or "", "hash": company.crm_tr_sms_password or ""}

    def _send_request(self, sendable, encoding):
        code, results = self._send_order(sendable)
        if code == "452" and sum(len(message["numbers"]) for message in sendable) > 1:
            # 452 refuses the whole order for one invalid or blocked recipient and sends
            # nothing: halve the order until the refused numbers stand alone, so that only
            # they fail (about 2·log2(n) requests for one bad number among n).
            first, second = self._halves(sendable)
            return self._send_request(first, encoding) + self._send_request(second, encoding)
        return results

    @staticmethod
    def _halves(sendable):
        pairs = [(message["content"], info) for message in sendable for info in message["numbers"]]
        middle = len(pairs) // 2
        halves = []
        for part in (pairs[:middle], pairs[middle:]):
            messages = {}
            for content, info in part:
                messages.setdefault(content, []).append(info)
            halves.append([{"content": content, "numbers": numbers} for content, numbers in messages.items()])
        return halves

    def _send_order(self, sendable):
        """One order: (İleti Merkezi's status code, results)."""
        company = self.company_sudo
        order = {
            "sender": company.crm_tr_sms_sender or "",
            "sendDateTime": [],
            "iys": "1" if self.commercial else "0",
            "message": [
                {"text": message["content"], "receipents": {"number": [info["number"] for info in message["numbers"]]}}
                for message in sendable
            ],
        }
        if self.commercial:
            order["iysList"] = self.recipient_type
        payload = {"request": {"authentication": self._authentication(), "order": order}}
        response = requests.post(self._url("/v1/send-sms/json"), json=payload, timeout=self.TIMEOUT)
        try:
            answer = response.json().get("response", {})
        except (ValueError, AttributeError):
            answer = {}
        status = answer.get("status") or {}
        code = str(status.get("code") or response.status_code)
        if code == "200" and (answer.get("order") or {}).get("id"):
            return code, self._all(sendable, "success", ref=str(answer["order"]["id"]))
        state = self.SEND_ERRORS.get(code, "server_error" if response.status_code >= 500 else "unknown")
        reason = self.env._(
            "İleti Merkezi error %(code)s: %(reason)s",
            code=code,
            reason=status.get("message") or self._get_sms_api_error_messages().get(state),
        )
        return code, self._all(sendable, state, reason=reason)


class SmsApiVerimor(SmsApiTrBase):
    """Verimor: POST /v2/send.json; Odoo's uuid travels as each message's own id."""

    PROVIDER = "verimor"
    DEFAULT_URL = "https://sms.verimor.com.tr"
    SEND_ERRORS = {
        "INVALID_SOURCE_ADDRESS": "tr_header",
        "MISSING_MESSAGE": "tr_message",
        "MESSAGE_TOO_LONG": "tr_message",
        "INVALID_UTF8": "tr_message",
        "FORBIDDEN_MESSAGE": "tr_message",
        "MISSING_DESTINATION_ADDRESS": "sms_number_missing",
        "INVALID_DESTINATION_ADDRESS": "wrong_number_format",
        "INSUFFICIENT_CREDITS": "insufficient_credit",
        "MISSING_IYS_BRAND_CODE": "tr_iys",
        "AHS_AUTHORIZATION_ERROR": "tr_iys",
        "NO_AHS_BRAND_ERROR": "tr_iys",
        "INVALID_IYS_RECIPIENT_TYPE": "tr_iys",
        "MUKERRER_RAPORLAMA": "tr_duplicate",
        "TOO_MANY_REQUESTS": "tr_retry",
    }

    DATACODING = {"gsm7": "0", "turkish": "1", "ucs2": "2"}

    @staticmethod
    def _campaign_answer(text):
        """(campaign id, error code) of a send answer: Verimor's current documentation
        answers JSON ``{"campaign_id", "custom_id", "status"}``, its older guide the campaign
        id as plain text; both are read. An error answer gives (False, its code)."""
        if not text.startswith("{"):
            return (text if text.isdigit() else False), (False if text.isdigit() else text)
        try:
            answer = json.loads(text)
        except ValueError:
            return False, text
        if not isinstance(answer, dict):
            return False, text
        if answer.get("campaign_id") not in (None, ""):
            return str(answer["campaign_id"]), False
        return False, str(answer.get("status") or answer.get("error") or answer.get("code") or text)

    def _send_request(self, sendable, encoding):
        company = self.company_sudo
        payload = {
            "username": company.crm_tr_sms_username or "",
            "password": company.crm_tr_sms_password or "",
            "source_addr": company.crm_tr_sms_sender or "",
            "datacoding": self.DATACODING[encoding],
            "is_commercial": bool(self.commercial),
            "messages": [
                {
                    "msg": message["content"],
                    "dest": ",".join(info["number"] for info in message["numbers"]),
                    "id": ",".join(info["uuid"] for info in message["numbers"]),
                }
                for message in sendable
            ],
        }
        if self.commercial:
            payload["iys_recipient_type"] = self.recipient_type
        response = requests.post(
            self._url("/v2/send.json"),
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
            timeout=self.TIMEOUT,
        )
        text = (response.text or "").strip()
        campaign, code = self._campaign_answer(text)
        if response.status_code == 200 and campaign:
            return self._all(sendable, "success", ref=campaign)
        text = code or text
        if response.status_code == 401:
            state = "tr_auth"
        elif response.status_code == 429:
            state = "tr_retry"
        elif response.status_code >= 500:
            state = "server_error"
        else:
            state = self.SEND_ERRORS.get(text, "unknown")
        reason = self.env._(
            "Verimor error %(code)s: %(reason)s",
            code=text or response.status_code,
            reason=self._get_sms_api_error_messages().get(state) or text,
        )
        return self._all(sendable, state, reason=reason)

    def _upload_consents(self, consents):
        """Verimor's İYS consent API: POST /v2/iys_consents.json, answered by a batch id
        (HTTP 200) or a text code; a refusal reads as a translated explanation of its code
        with Verimor's own text beside it."""
        company = self.company_sudo
        payload = {
            "username": company.crm_tr_sms_username or "",
            "password": company.crm_tr_sms_password or "",
            "source_addr": company.crm_tr_sms_sender or "",
            "consents": [
                {
                    "type": consent.channel,
                    "source": consent.source,
                    "status": consent.status,
                    "recipient_type": consent.recipient_type,
                    "consent_date": self._iys_date(consent),
                    "recipient": consent.recipient.lstrip("+") if consent.channel != "EPOSTA" else consent.recipient,
                }
                for consent in consents
            ],
        }
        response = requests.post(
            self._url("/v2/iys_consents.json"),
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
            timeout=self.TIMEOUT,
        )
        text = (response.text or "").strip()
        if response.status_code == 200 and text:
            return text, False
        # Verimor's codes (its user guide and OpenAPI description; İYS ones shared with sending).
        reasons = {
            "INVALID_CONSENT_DATE": self.env._(
                "a consent date is older than 3 days, in the future or before 1 May 2015"
            ),
            "MISSING_CONSENT_DATE": self.env._("an individual's (BIREYSEL) consent has no date"),
            "MISSING_CONSENT": self.env._("the request held no consent"),
            "INVALID_IYS_RECIPIENT_TYPE": self.env._("a recipient type is neither BIREYSEL nor TACIR"),
            "INVALID_SOURCE_ADDRESS": self.env._("the sender header is not defined or approved at the provider"),
            "INVALID_JSON": self.env._("the provider could not read the request"),
            "MISSING_IYS_BRAND_CODE": self.env._("no İYS brand is defined for the account at the provider"),
            "NO_AHS_BRAND_ERROR": self.env._("no İYS brand is defined for the account at the provider"),
            "AHS_AUTHORIZATION_ERROR": self.env._(
                "the provider is not authorised in İYS as the brand's intermediary (AHS)"
            ),
        }
        if response.status_code == 401:
            reason = self.env._("the provider refused the credentials, the API access or this server's IP address")
        elif response.status_code == 429 or text == "TOO_MANY_REQUESTS":
            reason = self.env._("the provider's rate limit was reached; the job tries again at its next run")
        elif response.status_code >= 500:
            reason = self.env._("the provider answered with a server error; the job tries again at its next run")
        else:
            reason = reasons.get(text)
        if response.status_code == 400 and text:
            raw = f"Verimor: {text}"
        else:
            raw = f"Verimor {response.status_code}" + (f": {text}" if text else "")
        if reason:
            return False, self.env._("İYS upload refused: %(reason)s (%(raw)s)", reason=reason, raw=raw)
        return False, self.env._("İYS upload refused by the provider (%s)", raw)


PROVIDER_API_CLASSES = {
    "netgsm": SmsApiNetgsm,
    "iletimerkezi": SmsApiIletiMerkezi,
    "verimor": SmsApiVerimor,
}
