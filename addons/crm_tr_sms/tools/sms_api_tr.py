"""Turkish SMS providers behind Odoo's SmsApiBase, the way sms_twilio plugs Twilio in.

Each class turns Odoo's batch ``[{'content', 'numbers': [{'uuid', 'number'}]}]`` into one
provider request and answers one result per uuid:
``{'uuid', 'state', 'failure_reason', 'crm_tr_provider_ref', 'crm_tr_number'}``, where
``state`` is ``'success'`` (accepted; delivery comes later from a report) or a failure state
that ``PROVIDER_TO_SMS_FAILURE_TYPE`` maps onto ``sms.sms.failure_type``.

A failure state of ``'tr_retry'`` means the provider refused the request before sending
anything (rate limit): the SMS fail with that reason and can be resent as they are.
"""

import base64
import json
import logging

import requests

from odoo.exceptions import UserError

from odoo.addons.sms.tools.sms_api import SmsApiBase

from .phone import has_turkish_letters, provider_number

_logger = logging.getLogger(__name__)

GSM7_CHARS = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€"
)


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
                    state = "wrong_number_format" if info.get("number") else "sms_number_missing"
                    results.append(self._result(info["uuid"], state))
            if numbers:
                sendable.append({"content": message.get("content") or "", "numbers": numbers})
        if not sendable:
            return results
        try:
            results += self._send_request(sendable)
        except requests.exceptions.RequestException as error:
            # Whether the provider got the request is unknown: fail, never resend by itself.
            _logger.warning("%s SMS request failed: %s", self.PROVIDER, error)
            reason = self.env._("The SMS provider could not be reached: %s", error)
            results += [
                self._result(info["uuid"], "server_error", info["number"], reason=reason)
                for message in sendable
                for info in message["numbers"]
            ]
        return results

    def _all(self, sendable, state, ref=False, reason=False):
        return [
            self._result(info["uuid"], state, info["number"], ref=ref, reason=reason)
            for message in sendable
            for info in message["numbers"]
        ]

    def _send_request(self, sendable):
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

    def _send_request(self, sendable):
        company = self.company_sudo
        texts = [message["content"] for message in sendable]
        payload = {
            "msgheader": company.crm_tr_sms_sender or "",
            "messages": [
                {"msg": message["content"], "no": info["number"]} for message in sendable for info in message["numbers"]
            ],
            "iysfilter": ("12" if self.recipient_type == "TACIR" else "11") if self.commercial else "0",
        }
        if any(has_turkish_letters(text) for text in texts):
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
        company = self.company_sudo
        payload = {
            "header": {
                "username": company.crm_tr_sms_username or "",
                "password": company.crm_tr_sms_password or "",
                "brandCode": company.crm_tr_sms_iys_brand_code or "",
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
        if response.ok and str(answer.get("code")) == "0" and str(answer.get("error")).lower() == "false":
            return str(answer.get("uid") or ""), False
        return False, self.env._("NetGSM refused the consents (code %s).", answer.get("code") or response.status_code)


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
        "468": "tr_iys",
        "469": "tr_iys",
        "470": "tr_iys",
        "503": "server_error",
    }

    def _authentication(self):
        company = self.company_sudo
        return {"key": company.crm_tr_sms_username or "", "hash": company.crm_tr_sms_password or ""}

    def _send_request(self, sendable):
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
            return self._all(sendable, "success", ref=str(answer["order"]["id"]))
        state = self.SEND_ERRORS.get(code, "server_error" if response.status_code >= 500 else "unknown")
        reason = self.env._(
            "İleti Merkezi error %(code)s: %(reason)s",
            code=code,
            reason=status.get("message") or self._get_sms_api_error_messages().get(state),
        )
        return self._all(sendable, state, reason=reason)


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

    @staticmethod
    def _datacoding(texts):
        if any(has_turkish_letters(text) for text in texts):
            turkish_free = "".join(texts).translate({ord(char): None for char in "ŞşĞğçıİ"})
            return "1" if set(turkish_free) <= GSM7_CHARS else "2"
        return "0" if set("".join(texts)) <= GSM7_CHARS else "2"

    def _send_request(self, sendable):
        company = self.company_sudo
        payload = {
            "username": company.crm_tr_sms_username or "",
            "password": company.crm_tr_sms_password or "",
            "source_addr": company.crm_tr_sms_sender or "",
            "datacoding": self._datacoding([message["content"] for message in sendable]),
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
        if response.status_code == 200 and text:
            return self._all(sendable, "success", ref=text)
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
        return False, self.env._("Verimor refused the consents: %s", text or response.status_code)


PROVIDER_API_CLASSES = {
    "netgsm": SmsApiNetgsm,
    "iletimerkezi": SmsApiIletiMerkezi,
    "verimor": SmsApiVerimor,
}
