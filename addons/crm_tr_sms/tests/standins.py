"""Local stand-ins of the Turkish SMS providers' HTTP APIs, for tests.

Each class runs a real HTTP server on 127.0.0.1 (a random free port) that speaks one
provider's documented protocol: the request shape, the authentication, the response bodies
and the error codes. The reference is ``/work/shared/docs/TURKEY-SMS.md`` sections 1.1-1.3
and 6, which cite these sources:

- NetGSM REST v2 (``NetgsmStandIn``): the official ``netgsm/netgsm-sms-js`` SDK (``enums.ts``,
  ``netgsm.ts``, ``openapi.json``), ``netgsm/netgsm-sms-python``, the ``netgsm/sms`` README
  (parameter and status tables) and the ``netgsm/netiys`` README (``/iys/add``).
- İleti Merkezi (``IletiMerkeziStandIn``): ``iletimerkezi/apidocs-website`` (status codes,
  authentication, push reports), ``iletimerkezi/iletimerkezi-python`` and the public manifest.
- Verimor (``VerimorStandIn``): ``verimor/SMS-API`` ``user_guide.md`` (both versions) and the
  SDK generated from Verimor's OpenAPI description.

Usage::

    with NetgsmStandIn(username="8503000000", password="secret") as server:
        company.crm_tr_sms_api_url = server.url
        ...
        server.requests       # every request received, in order
        server.messages       # every message accepted (one dict per number)
        server.fail_next = "rate_limit"  # the next send request fails that way
        server.set_status(jobid, "5321234567", 1)

Nothing here imports Odoo: the module runs alone (``python3 standins.py`` self-checks).

Behaviour that is the stand-in's own choice, where the documentation is silent:

- ``fail_next`` is consumed by the next *send* request only (report, status, header and
  consent requests leave it alone), whatever that request's outcome.
- ``fail_next = "iys"`` only fails a commercial send (NetGSM ``iysfilter`` 11/12, İleti
  Merkezi ``iys`` "1", Verimor ``is_commercial``); an informational send goes through.
- ``delay`` makes the server *process* the request first and then wait before answering: a
  client that times out has had its messages accepted all the same, as with a real provider
  whose answer is lost on the way back.
- Duplicates are remembered for the server's lifetime, not for the provider's window (İleti
  Merkezi 10 minutes, Verimor the same day). NetGSM's code 85 (more than 20 sends to one
  number within a minute) is only produced through ``fail_next = "duplicate"``.
- NetGSM has no send-time error for an empty balance: ``fail_next = "insufficient_credit"``
  accepts the job and reports status 14 for its numbers; numbers in ``reject_numbers`` are
  accepted and reported with status 3.
- İleti Merkezi answers business errors (402, 450-470) with HTTP 200 and the code in the
  body, 400/401/503 with that HTTP status too; 429 for the rate limit is ours (the manifest
  only says 100 SMS per second per account). Its ``fail_next = "duplicate"`` and an order
  repeating an already accepted (number, text, sender) are refused with 451, and an order
  with any number in ``reject_numbers`` or malformed is refused whole with 452. The order
  status of a report is 113 while a message waits, 115 when every message failed, else 114.
- Verimor's 401 text for a wrong username or password, "Kimlik doğrulama hatası", is ours
  (the guide only quotes the IP one, "Hesabınızda izinli IP ayarları yapılmamış", produced
  with ``fail_next = "auth_ip"``); so are ``INVALID_ID`` (the number of per-message ``id``
  values differs from the number of ``dest`` values), the ``MISSING_ID`` answer of
  ``/v2/status`` without ``id`` or ``custom_id``, ``TOO_MANY_REQUESTS`` with HTTP 429 and
  ``INTERNAL_SERVER_ERROR`` with HTTP 500. ``done_at`` in reports is null until the status is
  final. Consent dates are read in Turkish time (UTC+3 all year).
- Every accepted message records the ``parts`` the operator bills (``billed_parts``): NetGSM
  bills every message of a request on the Turkish table when the request says ``encoding:
  "TR"``, else on GSM-7; Verimor bills the whole request on its ``datacoding`` (absent: Turkish
  when any message has a Turkish letter); İleti Merkezi, which has no such parameter, bills
  each message on its own letters. A text the request's alphabet cannot carry is billed as
  Unicode. Verimor's report rows carry the parts as ``size`` and ``credits``.
- İleti Merkezi answers 459 for an order without a sender and 460 for a sender longer than
  11 characters or with Turkish letters (codes from its status list; which check comes first
  is ours).
- Verimor answers a send with the campaign id as plain text, or with the JSON of its current
  documentation (``{"campaign_id", "custom_id", "status": "WAITING"}``, the status value is
  ours) when ``json_answers`` is set.
- NetGSM's report webhook: ``POST /sms/rest/v2/reportwebhook`` with ``{"webhookUrl"}``
  registers the address (``report_webhook_url``), ``DELETE`` removes it (as NetGSM's own n8n
  node calls them); ``webhook_payload(jobid)`` gives what would be pushed, a JSON array of
  the job's report rows: the push body is not documented where we read, that shape is ours.
- Timestamps are Turkish time; message, job, order and campaign ids are numeric strings
  counting up from 100001 per server.
"""

import base64
import itertools
import json
import re
import sys
import threading
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import TCPServer
from urllib.parse import parse_qs, urlsplit

TURKEY_TZ = timezone(timedelta(hours=3), "TRT")  # Türkiye keeps UTC+3 all year since 2016

JSON = "application/json; charset=utf-8"
TEXT = "text/plain; charset=utf-8"

RECIPIENT_TYPES = ("BIREYSEL", "TACIR")


def turkey_now():
    return datetime.now(TURKEY_TZ).replace(tzinfo=None)


def national_number(number):
    """The 10-digit national form (5XXXXXXXXX) of a Turkish number written as 5XXXXXXXXX,
    05XXXXXXXXX, 905XXXXXXXXX or +905XXXXXXXXX; None for anything else."""
    digits = str(number or "").strip()
    digits = digits.removeprefix("+")
    if not digits.isdigit():
        return None
    if len(digits) == 12 and digits.startswith("90"):
        digits = digits[2:]
    elif len(digits) == 11 and digits.startswith("0"):
        digits = digits[1:]
    return digits if len(digits) == 10 else None


# What the operators bill, by alphabet: (characters in a one-part message, characters per
# part of a longer one), from Verimor's published length table. Written here again, apart
# from the addon's own counter, so that a counting mistake there cannot hide in the tests.
OPERATOR_TABLE = {"gsm": (160, 153), "turkish": (155, 149), "unicode": (70, 67)}
_GSM_DEFAULT = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_ESCAPED = frozenset("^{}\\[~]|€")  # sent as escape + character: two characters each
_TURKISH_SHIFT = frozenset("ŞşĞğçıİ")


def billed_parts(text, alphabet):
    """Parts an operator bills for ``text`` sent in ``alphabet`` ('gsm', 'turkish' or
    'unicode'). A text the alphabet cannot carry goes as Unicode."""
    allowed = _GSM_DEFAULT | _GSM_ESCAPED | (_TURKISH_SHIFT if alphabet == "turkish" else frozenset())
    if alphabet != "unicode" and not set(text) <= allowed:
        alphabet = "unicode"
    if alphabet == "unicode":
        length = len(text.encode("utf-16-le")) // 2  # an emoji is two UTF-16 units
    else:
        length = len(text) + sum(char in _GSM_ESCAPED for char in text)
    one, each = OPERATOR_TABLE[alphabet]
    if length <= one:
        return 1
    return (length + each - 1) // each


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128  # the default 5 resets connections when tests send in parallel

    def __init__(self, standin):
        self.standin = standin
        super().__init__(("127.0.0.1", 0), _Handler)

    def server_bind(self):
        # HTTPServer.server_bind() resolves the host name (socket.getfqdn), which can stall
        # on a machine without DNS; 127.0.0.1 needs no name.
        TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address):
        # A client that gave up (timeout tests) closed the socket before the answer: quiet.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    timeout = 60  # a stuck client never holds a handler thread for ever

    def log_message(self, format, *args):
        pass  # no request log on stderr

    def _handle(self):
        split = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", errors="replace") if length > 0 else ""
        try:
            parsed = json.loads(body) if body.strip() else None
        except ValueError:
            parsed = None
        request = {
            "method": self.command,
            "path": split.path,
            "query": parse_qs(split.query),
            "headers": dict(self.headers.items()),
            "body": body,
            "json": parsed,
        }
        standin = self.server.standin
        try:
            status, content_type, payload = standin._dispatch(request)
        except Exception as error:  # a bug in the stand-in must show, not hang the client
            status, content_type, payload = 500, TEXT, f"stand-in error: {error!r}"
            sys.stderr.write(f"{type(standin).__name__}: {error!r}\n")
        if standin.delay:
            time.sleep(standin.delay)
        data = (payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle


class ProviderStandIn:
    """What every provider stand-in shares: the HTTP server, the request log, the accepted
    messages and the knobs tests turn (``fail_next``, ``reject_numbers``, ``delay``,
    ``dedupe``, ``headers``)."""

    DEFAULT_HEADERS = ("CRMTR",)
    FAILURES = frozenset(
        {"auth", "iys", "duplicate", "rate_limit", "server_error", "insufficient_credit", "bad_header"}
    )
    STATUSES = frozenset()  # the delivery statuses set_status() accepts
    FINAL_STATUSES = frozenset()
    DEFAULT_STATUS = None  # status of a message just accepted

    def __init__(self, username, password, *, headers=None):
        self.username = username
        self.password = password
        self.headers = set(self.DEFAULT_HEADERS if headers is None else headers)  # sender ids
        self.requests = []
        self.messages = []
        self.consents = []
        self.reject_numbers = set()
        self.delay = 0.0
        self.dedupe = True
        self.lock = threading.RLock()
        self._fail_next = None
        self._ids = itertools.count(100001)
        self._httpd = None
        self._thread = None

    # -- lifecycle ---------------------------------------------------------

    def start(self):
        if self._httpd is None:
            self._httpd = _HTTPServer(self)
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, name=f"{type(self).__name__}", daemon=True
            )
            self._thread.start()
        return self

    def stop(self):
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join(timeout=5)
            self._httpd = self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def url(self):
        if self._httpd is None:
            raise RuntimeError(f"{type(self).__name__} is not running")
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    # -- knobs -----------------------------------------------------------------

    @property
    def fail_next(self):
        return self._fail_next

    @fail_next.setter
    def fail_next(self, value):
        if value is not None and value not in self.FAILURES:
            raise ValueError(f"{type(self).__name__}.fail_next: {value!r} is not one of {sorted(self.FAILURES)}")
        with self.lock:
            self._fail_next = value

    def _take_failure(self):
        with self.lock:
            failure, self._fail_next = self._fail_next, None
        return failure

    def _rejected(self, number):
        rejected = {national_number(n) or str(n) for n in self.reject_numbers}
        return (national_number(number) or str(number)) in rejected

    def _next_id(self):
        return str(next(self._ids))

    # -- messages and statuses ---------------------------------------------------

    def _accept(self, **values):
        """Record one accepted message (one number); returns its dict."""
        message = {
            "id": None,
            "number": None,
            "text": None,
            "sender": None,
            "commercial": False,
            "recipient_type": None,
            "encoding": None,
            "alphabet": "gsm",
            "custom_id": None,
            "message_id": self._next_id(),
            "status": self.DEFAULT_STATUS,
            "sent_at": turkey_now(),
            "done_at": None,
        } | values
        if message["status"] in self.FINAL_STATUSES:
            message["done_at"] = message["sent_at"]
        message["parts"] = billed_parts(message["text"] or "", message["alphabet"])
        self.messages.append(message)
        return message

    def _is_duplicate(self, number, text, sender):
        key = national_number(number) or number
        return any(
            (national_number(m["number"]) or m["number"], m["text"], m["sender"]) == (key, text, sender)
            for m in self.messages
        )

    def _check_status(self, status):
        if status not in self.STATUSES:
            raise ValueError(f"{type(self).__name__}: unknown status {status!r}; one of {sorted(self.STATUSES)}")
        return status

    def set_status(self, key, number, status):
        """Set the delivery status the server reports for the message(s) whose id (job,
        order or campaign id), per-message id or custom id is ``key`` and whose number is
        ``number`` (any Turkish format; None for every number). Returns how many changed;
        raises LookupError when none matches."""
        status = self._check_status(status)
        key = str(key)
        wanted = None if number is None else (national_number(number) or str(number))
        changed = 0
        with self.lock:
            for message in self.messages:
                if key not in (message["id"], message["message_id"], message["custom_id"]):
                    continue
                if wanted is not None and (national_number(message["number"]) or message["number"]) != wanted:
                    continue
                message["status"] = status
                message["done_at"] = turkey_now() if status in self.FINAL_STATUSES else None
                changed += 1
        if not changed:
            raise LookupError(f"{type(self).__name__}: no message {key!r} to {number!r}")
        return changed

    # -- request handling ------------------------------------------------------

    ROUTES = {}  # (method, path) -> name of the handling method

    def _dispatch(self, request):
        with self.lock:
            self.requests.append(request)
            route = self.ROUTES.get((request["method"], request["path"]))
            if route is None:
                return self._not_found(request)
            return getattr(self, route)(request)

    def _not_found(self, request):
        return 404, TEXT, "Not Found"

    @staticmethod
    def _invalid_json(request):
        """The body is there but is not JSON."""
        return request["json"] is None and bool(request["body"].strip())


# ---------------------------------------------------------------------------
# NetGSM REST v2
# ---------------------------------------------------------------------------


class NetgsmStandIn(ProviderStandIn):
    """NetGSM REST v2 (api.netgsm.com.tr), HTTP Basic auth on every call.

    - ``POST /sms/rest/v2/send``: 200 ``{"code": "00", "description", "jobid"}``; errors HTTP
      406 ``{"code", "description"}``: 20 text, 30 credentials, 40 header, 50 İYS not allowed,
      70 parameters, 80 rate, 85 duplicates, 100 system.
    - ``POST /sms/rest/v2/report``: ``{"code": "00", "jobs": [...]}``, 60 no record, 80 when
      more than ``report_rate_limit`` queries in 60 seconds. Statuses (JS/PHP table): 0
      pending, 1 delivered, 2 expired, 3 invalid number, 4 not sent to operator, 11 rejected
      by operator, 12 delivery error, 13 duplicate, 14 insufficient balance, 15 blacklisted,
      16 İYS rejected, 17 İYS error.
    - ``GET /sms/rest/v2/msgheader``: ``{"code": "00", "msgheaders": [...]}``.
    - ``POST /iys/add``: ``{"code": "0", "error": "false", "uid"}``; 30 credentials, 70 bad JSON.
    """

    STATUSES = frozenset({0, 1, 2, 3, 4, 11, 12, 13, 14, 15, 16, 17})
    FINAL_STATUSES = STATUSES - {0}
    DEFAULT_STATUS = 0
    IYS_FILTERS = {"0": None, "11": "BIREYSEL", "12": "TACIR"}
    NUMBER = re.compile(r"^[0-9]{10}$")
    SEND_DATE = re.compile(r"^[0-9]{12}$")  # ddMMyyyyHHmm
    REPORT_DATE = "%d.%m.%Y %H:%M:%S"
    ROUTES = {
        ("POST", "/sms/rest/v2/send"): "_send",
        ("POST", "/sms/rest/v2/report"): "_report",
        ("GET", "/sms/rest/v2/msgheader"): "_msgheader",
        ("POST", "/iys/add"): "_iys_add",
        ("POST", "/sms/rest/v2/reportwebhook"): "_set_report_webhook",
        ("DELETE", "/sms/rest/v2/reportwebhook"): "_delete_report_webhook",
    }
    WEBHOOK_URL = re.compile(r"^https?://[^\s/]+/\S*$")

    def __init__(self, username, password, *, headers=None):
        super().__init__(username, password, headers=headers)
        self.report_rate_limit = 10  # report queries allowed per 60 seconds
        self._report_times = []
        self.report_webhook_url = None  # set through /sms/rest/v2/reportwebhook

    def _set_report_webhook(self, request):
        if not self._authorized(request):
            return self._error("30", "invalid credentials or no API access")
        body = request["json"]
        url = body.get("webhookUrl") if isinstance(body, dict) else None
        if not isinstance(url, str) or not self.WEBHOOK_URL.match(url):
            return self._error("70", "webhookUrl must be an http(s) address")
        self.report_webhook_url = url
        return 200, JSON, {"code": "00", "description": "webhook saved"}

    def _delete_report_webhook(self, request):
        if not self._authorized(request):
            return self._error("30", "invalid credentials or no API access")
        self.report_webhook_url = None
        return 200, JSON, {"code": "00", "description": "webhook deleted"}

    def _report_row(self, message):
        return {
            "jobid": message["id"],
            "number": "90" + message["number"],
            "status": message["status"],
            "operator": 30,
            "msglen": len(message["text"]),
            "deliveredDate": message["done_at"].strftime(self.REPORT_DATE) if message["status"] == 1 else "",
            "errorCode": 0,
            "referansID": "",
        }

    def webhook_payload(self, jobid):
        """What NetGSM would POST to the registered report address for that job: the rows of
        its report (the same fields as ``/sms/rest/v2/report``'s ``jobs``), as a JSON array.
        The push body is not in the documentation we work from: this shape is our choice."""
        with self.lock:
            return [self._report_row(m) for m in self.messages if m["id"] == str(jobid)]

    def _check_status(self, status):
        if isinstance(status, str) and status.isdigit():
            status = int(status)
        return super()._check_status(status)

    def _not_found(self, request):
        return 404, JSON, {"code": "70", "description": "unknown method or path"}

    @staticmethod
    def _error(code, description):
        return 406, JSON, {"code": code, "description": description}

    def _authorized(self, request):
        value = next((v for k, v in request["headers"].items() if k.lower() == "authorization"), "")
        scheme, _, token = value.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            credentials = base64.b64decode(token.strip(), validate=True).decode()
        except ValueError:
            return False
        return credentials == f"{self.username}:{self.password}"

    def _send(self, request):
        failure = self._take_failure()
        if not self._authorized(request) or failure == "auth":
            return self._error("30", "invalid credentials or no API access")
        if failure == "rate_limit":
            return self._error("80", "sending limit exceeded")
        if failure == "server_error":
            return self._error("100", "system error")
        body = request["json"]
        if not isinstance(body, dict):
            return self._error("70", "invalid request")
        header = body.get("msgheader")
        if header not in self.headers or failure == "bad_header":
            return self._error("40", "msgheader not defined")
        iysfilter = body.get("iysfilter")
        if not isinstance(iysfilter, str) or iysfilter not in self.IYS_FILTERS:
            return self._error("70", "iysfilter must be 0, 11 or 12")
        if body.get("encoding") not in (None, "TR"):
            return self._error("70", "encoding must be TR or absent")
        for field in ("startdate", "stopdate"):
            if body.get(field) not in (None, "") and not self.SEND_DATE.match(str(body[field])):
                return self._error("70", f"{field} must be ddMMyyyyHHmm")
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            return self._error("70", "messages missing")
        for message in messages:
            if not isinstance(message, dict):
                return self._error("70", "invalid message")
            if not isinstance(message.get("msg"), str) or not message["msg"].strip():
                return self._error("20", "message text empty")
            if not isinstance(message.get("no"), str) or not self.NUMBER.match(message["no"]):
                return self._error("70", f"invalid number {message.get('no')!r}")
        if failure == "iys" and iysfilter != "0":
            return self._error("50", "İYS-checked sending not allowed on this account")
        if failure == "duplicate":
            return self._error("85", "more than 20 tasks to the same number within 1 minute")
        jobid = self._next_id()
        for message in messages:
            if failure == "insufficient_credit":
                status = 14
            elif self._rejected(message["no"]):
                status = 3
            else:
                status = self.DEFAULT_STATUS
            self._accept(
                id=jobid,
                number=message["no"],
                text=message["msg"],
                sender=header,
                commercial=iysfilter != "0",
                recipient_type=self.IYS_FILTERS[iysfilter],
                encoding=body.get("encoding"),
                alphabet="turkish" if body.get("encoding") == "TR" else "gsm",
                status=status,
            )
        return 200, JSON, {"code": "00", "description": "queued", "jobid": jobid}

    def _report(self, request):
        if not self._authorized(request):
            return self._error("30", "invalid credentials or no API access")
        now = time.monotonic()
        self._report_times = [t for t in self._report_times if now - t < 60]
        if len(self._report_times) >= self.report_rate_limit:
            return self._error("80", f"at most {self.report_rate_limit} report queries a minute")
        self._report_times.append(now)
        body = request["json"]
        if not isinstance(body, dict):
            return self._error("70", "invalid request")
        jobids = body.get("jobids") or []
        if not isinstance(jobids, list):
            return self._error("70", "jobids must be a list")
        jobids = {str(jobid) for jobid in jobids}
        try:
            start = datetime.strptime(body["startdate"], self.REPORT_DATE) if body.get("startdate") else None
            stop = datetime.strptime(body["stopdate"], self.REPORT_DATE) if body.get("stopdate") else None
        except (TypeError, ValueError):
            return self._error("70", "dates must be dd.MM.yyyy HH:mm:ss")
        if not jobids and not start:
            return self._error("70", "jobids or startdate required")
        page, size = body.get("pagenumber", 0), body.get("pagesize", 100)
        if not isinstance(page, int) or page < 0 or not isinstance(size, int) or not 1 <= size <= 100:
            return self._error("70", "pagenumber >= 0 and pagesize 1..100")
        rows = [
            self._report_row(m)
            for m in self.messages
            if (not jobids or m["id"] in jobids)
            and (not start or m["sent_at"] >= start)
            and (not stop or m["sent_at"] <= stop)
        ][page * size : (page + 1) * size]
        if not rows:
            return 200, JSON, {"code": "60", "jobs": []}
        return 200, JSON, {"code": "00", "jobs": rows}

    def _msgheader(self, request):
        if not self._authorized(request):
            return self._error("30", "invalid credentials or no API access")
        return 200, JSON, {"code": "00", "msgheaders": sorted(self.headers)}

    def _iys_add(self, request):
        body = request["json"]
        header = body.get("header") if isinstance(body, dict) else None
        data = (body.get("body") or {}).get("data") if isinstance(body, dict) else None
        if not isinstance(header, dict) or not isinstance(data, list):
            return 200, JSON, {"code": "70", "error": "true", "message": "invalid JSON"}
        if (header.get("username"), header.get("password")) != (self.username, self.password):
            return 200, JSON, {"code": "30", "error": "true", "message": "invalid credentials"}
        fields = ("type", "source", "recipient", "status", "consentDate", "recipientType")
        if not all(isinstance(item, dict) and all(item.get(f) for f in fields) for item in data):
            return 200, JSON, {"code": "70", "error": "true", "message": "missing consent field"}
        uid = uuid.uuid4().hex
        self.consents += [dict(item, uid=uid, brandCode=header.get("brandCode")) for item in data]
        return 200, JSON, {"code": "0", "error": "false", "uid": uid}


# ---------------------------------------------------------------------------
# İleti Merkezi
# ---------------------------------------------------------------------------


class IletiMerkeziStandIn(ProviderStandIn):
    """İleti Merkezi (api.iletimerkezi.com), credentials inside the JSON body
    (``request.authentication``: ``{"key", "hash"}`` or ``{"username", "password"}``).

    - ``POST /v1/send-sms/json``: ``{"response": {"status": {"code": "200", "message"},
      "order": {"id"}}}``; ``order.message`` is one ``{"text", "receipents": {"number": [..]}}``
      (the documented misspelling) or a list of them (n:n). Codes 400 unparsable, 401
      credentials, 402 balance, 429 rate (ours), 450 sender, 451 duplicate order, 452
      recipients, 454 empty text, 457 date format, 468 iys missing, 469 iysList missing, 470
      İYS code not configured, 503 unavailable.
    - ``POST /v1/get-report/json``: order status 113/114/115 and per-number 110/111/112;
      455 unknown order.
    - ``webhook_payloads(order_id)``: the pushes İleti Merkezi would POST for that order.

    The constructor's ``username``/``password`` are also the key/hash unless ``key`` and
    ``hash`` are given.
    """

    STATUSES = frozenset({"accepted", "delivered", "undelivered"})
    FINAL_STATUSES = frozenset({"delivered", "undelivered"})
    DEFAULT_STATUS = "accepted"
    MESSAGE_CODES = {"accepted": 110, "delivered": 111, "undelivered": 112}
    NUMBER = re.compile(r"^(\+90|90)?5[0-9]{9}$")
    HTTP_STATUS = {400: 400, 401: 401, 404: 404, 429: 429, 503: 503}  # the rest: HTTP 200
    ROUTES = {
        ("POST", "/v1/send-sms/json"): "_send",
        ("POST", "/v1/get-report/json"): "_get_report",
    }

    def __init__(self, username, password, *, key=None, hash=None, headers=None):
        super().__init__(username, password, headers=headers)
        self.key = username if key is None else key
        self.hash = password if hash is None else hash
        self._orders = {}

    def _answer(self, code, message, order=None):
        response = {"status": {"code": str(code), "message": message}}
        if order is not None:
            response["order"] = order
        return self.HTTP_STATUS.get(code, 200), JSON, {"response": response}

    def _not_found(self, request):
        return self._answer(404, "Bilinmeyen metot")

    def _parse(self, request):
        """(request object, error answer)."""
        body = request["json"]
        inner = body.get("request") if isinstance(body, dict) else None
        if not isinstance(inner, dict):
            return None, self._answer(400, "İstek çözümlenemedi")
        auth = inner.get("authentication")
        if not isinstance(auth, dict):
            return None, self._answer(401, "Üyelik bilgileri hatalı")
        if "key" in auth or "hash" in auth:
            ok = (auth.get("key"), auth.get("hash")) == (self.key, self.hash)
        else:
            ok = (auth.get("username"), auth.get("password")) == (self.username, self.password)
        if not ok:
            return None, self._answer(401, "Üyelik bilgileri hatalı")
        return inner, None

    def _send(self, request):
        failure = self._take_failure()
        inner, error = self._parse(request)
        if error:
            return error
        if failure == "auth":
            return self._answer(401, "Üyelik bilgileri hatalı")
        if failure == "rate_limit":
            # The public manifest says 100 SMS per second per account (recipients, not
            # requests) but names no error for going over it: HTTP 429 is the stand-in's.
            return self._answer(429, "Çok fazla istek")
        if failure == "server_error":
            return self._answer(503, "Sunucu geçici olarak hizmet veremiyor")
        order = inner.get("order")
        if not isinstance(order, dict):
            return self._answer(400, "İstek çözümlenemedi")
        if failure == "insufficient_credit":
            return self._answer(402, "Bakiye yetersiz")
        sender = order.get("sender")
        if not sender:
            return self._answer(459, "Gönderici adı eksik")
        if len(sender) > 11 or set(sender) & (_TURKISH_SHIFT | set("ÇÖÜçöü")):
            return self._answer(460, "Gönderici adı 11 karakteri geçmemeli ve Türkçe karakter içermemeli")
        if sender not in self.headers or failure == "bad_header":
            return self._answer(450, "Gönderilen başlık kullanıma uygun değil")
        send_at = order.get("sendDateTime")
        send_at = [send_at] if isinstance(send_at, str) else send_at or []
        for value in send_at:
            if value:
                try:
                    datetime.strptime(value, "%d/%m/%Y %H:%M")
                except (TypeError, ValueError):
                    return self._answer(457, "Tarih formatı hatalı")
        if order.get("iys") in (None, ""):
            return self._answer(468, "İYS bilgisi eksik")
        iys = str(order["iys"])
        if iys not in ("0", "1"):
            return self._answer(422, "iys 0 ya da 1 olmalı")
        iys_list = order.get("iysList")
        if iys == "1" and not iys_list:
            return self._answer(469, "İYS listesi eksik")
        if iys == "1" and iys_list not in RECIPIENT_TYPES:
            return self._answer(422, "iysList BIREYSEL ya da TACIR olmalı")
        messages = order.get("message")
        messages = messages if isinstance(messages, list) else [messages]
        pairs = []
        for message in messages:
            if not isinstance(message, dict):
                return self._answer(400, "İstek çözümlenemedi")
            text = message.get("text")
            if not isinstance(text, str) or not text.strip():
                return self._answer(454, "Mesaj metni boş")
            numbers = (
                (message.get("receipents") or {}).get("number") if isinstance(message.get("receipents"), dict) else None
            )
            numbers = [numbers] if isinstance(numbers, str) else numbers
            if not numbers or not isinstance(numbers, list):
                return self._answer(452, "Alıcı bilgisi hatalı")
            for number in numbers:
                if not isinstance(number, str) or not self.NUMBER.match(number) or self._rejected(number):
                    return self._answer(452, "Alıcı bilgisi hatalı")
                pairs.append((number, text))
        if failure == "iys" and iys == "1":
            return self._answer(470, "İYS kodu tanımlı değil")
        if failure == "duplicate" or (
            self.dedupe and any(self._is_duplicate(number, text, sender) for number, text in pairs)
        ):
            return self._answer(451, "Aynı mesaj aynı alıcılara tekrar gönderilemez")
        order_id = self._next_id()
        self._orders[order_id] = {"sender": sender, "iys": iys, "iysList": iys_list}
        for number, text in pairs:
            self._accept(
                id=order_id,
                number=number,
                text=text,
                sender=sender,
                commercial=iys == "1",
                recipient_type=iys_list if iys == "1" else None,
                alphabet="turkish" if set(text) & _TURKISH_SHIFT else "gsm",
            )
        return self._answer(200, "İşlem başarılı", {"id": order_id})

    def _get_report(self, request):
        inner, error = self._parse(request)
        if error:
            return error
        order = inner.get("order")
        if not isinstance(order, dict):
            return self._answer(400, "İstek çözümlenemedi")
        order_id = str(order.get("id"))
        if order_id not in self._orders:
            return self._answer(455, "Sipariş bulunamadı")
        try:
            page = int(order.get("page") or 1)
            rows = int(order.get("rowCount") or 1000)
        except (TypeError, ValueError):
            return self._answer(422, "page ve rowCount sayı olmalı")
        if page < 1 or not 1 <= rows <= 1000:
            return self._answer(422, "page >= 1, rowCount 1..1000")
        messages = [m for m in self.messages if m["id"] == order_id]
        counts = {status: sum(m["status"] == status for m in messages) for status in self.STATUSES}
        if counts["accepted"]:
            status = 113
        elif counts["undelivered"] == len(messages):
            status = 115
        else:
            status = 114
        answer = {
            "id": order_id,
            "status": status,
            "total": len(messages),
            "delivered": counts["delivered"],
            "undelivered": counts["undelivered"],
            "waiting": counts["accepted"],
            "message": [
                {"number": "+90" + national_number(m["number"]), "status": self.MESSAGE_CODES[m["status"]]}
                for m in messages[(page - 1) * rows : page * rows]
            ],
        }
        return self._answer(200, "İşlem başarılı", answer)

    def webhook_payloads(self, order_id):
        """The push reports İleti Merkezi would POST for that order's messages, given their
        current statuses: ``[{"report": {"id", "packet_id", "status", "to", "body"}}]``."""
        with self.lock:
            return [
                {
                    "report": {
                        "id": int(m["message_id"]),
                        "packet_id": int(m["id"]),
                        "status": m["status"],
                        "to": "+90" + national_number(m["number"]),
                        "body": m["text"],
                    }
                }
                for m in self.messages
                if m["id"] == str(order_id)
            ]


# ---------------------------------------------------------------------------
# Verimor
# ---------------------------------------------------------------------------


class VerimorStandIn(ProviderStandIn):
    """Verimor (sms.verimor.com.tr), username and password in every request.

    - ``POST /v2/send.json``: 200 with the campaign id as plain text; errors HTTP 400 with a
      plain-text code, 401 for credentials or IP, 429 for the rate limit, 500.
    - ``GET /v2/status?username=&password=&id=|custom_id=&dest=&greater_than=``: the report
      rows of that campaign as JSON (100 a page).
    - ``POST /v2/iys_consents.json``: 200 with a text id; ``INVALID_CONSENT_DATE`` (older than
      3 days, in the future, before 2015-05-01, or HS_2015 not dated 2015-05-01),
      ``MISSING_CONSENT_DATE`` (BIREYSEL without a date), ``MISSING_CONSENT``.
    - ``dlr_payload(campaign_id)``: the JSON array Verimor would push for that campaign.

    Duplicates (same text, header and number) are accepted and reported DOUBLE_SEND_ERROR.
    """

    FAILURES = ProviderStandIn.FAILURES | {"auth_ip"}
    STATUSES = frozenset(
        {
            "WAITING",
            "SENDING",
            "DELIVERED",
            "SENT",
            "NOT_DELIVERED",
            "EXPIRED",
            "INVALID_DESTINATION_ADDRESS",
            "REJECTED",
            "DOUBLE_SEND_ERROR",
            "BLACKLISTED_DESTINATION_ADDRESS",
            "NOT_ALLOWED_BY_IYS",
        }
    )
    FINAL_STATUSES = STATUSES - {"WAITING", "SENDING"}
    DEFAULT_STATUS = "WAITING"
    DEST = re.compile(r"^905[0-9]{9}$")
    VALID_FOR = re.compile(r"^([0-9]{1,2}):([0-5][0-9])$")
    MAX_DESTINATIONS = 50000
    STATUS_PAGE = 100
    ROUTES = {
        ("POST", "/v2/send.json"): "_send",
        ("GET", "/v2/status"): "_status",
        ("POST", "/v2/iys_consents.json"): "_iys_consents",
    }
    AUTH_ERROR = "Kimlik doğrulama hatası"  # the stand-in's text
    IP_ERROR = "Hesabınızda izinli IP ayarları yapılmamış"  # Verimor's documented text

    def __init__(self, username, password, *, headers=None):
        super().__init__(username, password, headers=headers)
        self._campaign_custom_ids = {}
        # Verimor's current documentation answers a send with JSON (campaign_id, custom_id,
        # status), its older guide with the campaign id as plain text: both can be served.
        self.json_answers = False

    @staticmethod
    def _text(status, text):
        return status, TEXT, text

    def _not_found(self, request):
        return self._text(404, "NOT_FOUND")

    def _credentials_ok(self, username, password):
        return (username, password) == (self.username, self.password)

    def _source_addr(self, value):
        """The header to use, or None when it is not one of the account's."""
        if value in (None, ""):
            return min(self.headers) if self.headers else None  # Verimor uses the first one
        return value if value in self.headers else None

    def _send(self, request):
        failure = self._take_failure()
        body = request["json"]
        if not isinstance(body, dict):
            return self._text(400, "INVALID_JSON")
        if failure == "auth_ip":
            return self._text(401, self.IP_ERROR)
        if not self._credentials_ok(body.get("username"), body.get("password")) or failure == "auth":
            return self._text(401, self.AUTH_ERROR)
        if failure == "rate_limit":
            return self._text(429, "TOO_MANY_REQUESTS")
        if failure == "server_error":
            return self._text(500, "INTERNAL_SERVER_ERROR")
        sender = self._source_addr(body.get("source_addr"))
        if sender is None or failure == "bad_header":
            return self._text(400, "INVALID_SOURCE_ADDRESS")
        datacoding = body.get("datacoding")
        if datacoding is not None and str(datacoding) not in ("0", "1", "2"):
            return self._text(400, "INVALID_DATACODING")
        valid_for = body.get("valid_for")
        if valid_for not in (None, ""):
            match = self.VALID_FOR.match(str(valid_for))
            if not match or not 0 < int(match[1]) * 60 + int(match[2]) <= 48 * 60:
                return self._text(400, "INVALID_PERIOD")
        send_at = body.get("send_at")
        if send_at not in (None, "") and not self._parse_datetime(send_at):
            return self._text(400, "INVALID_DELIVERY_TIME")
        commercial = body.get("is_commercial") in (True, "true", "1", 1)
        recipient_type = body.get("iys_recipient_type")
        if commercial and recipient_type not in RECIPIENT_TYPES:
            return self._text(400, "INVALID_IYS_RECIPIENT_TYPE")
        if commercial and failure == "iys":
            return self._text(400, "MISSING_IYS_BRAND_CODE")
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            return self._text(400, "MISSING_MESSAGE")
        accepted = []
        for message in messages:
            if not isinstance(message, dict) or not isinstance(message.get("msg"), str) or not message["msg"]:
                return self._text(400, "MISSING_MESSAGE")
            dests = [d.strip() for d in str(message.get("dest") or "").split(",") if d.strip()]
            if not dests:
                return self._text(400, "MISSING_DESTINATION_ADDRESS")
            ids = [i.strip() for i in str(message.get("id") or "").split(",")] if message.get("id") else None
            if ids is not None and len(ids) != len(dests):
                return self._text(400, "INVALID_ID")  # the stand-in's choice
            accepted += [(dest, ids[n] if ids else None, message["msg"]) for n, dest in enumerate(dests)]
        if len(accepted) > self.MAX_DESTINATIONS:
            return self._text(400, "MESSAGE_COUNT_LIMIT_EXCEEDED")
        for dest, _custom_id, _text in accepted:
            if not self.DEST.match(dest) or self._rejected(dest):
                return self._text(400, "INVALID_DESTINATION_ADDRESS")
        if failure == "insufficient_credit":
            return self._text(400, "INSUFFICIENT_CREDITS")
        campaign = self._next_id()
        self._campaign_custom_ids[campaign] = body.get("custom_id")
        if datacoding is None:  # Verimor picks Turkish when a Turkish letter is present
            turkish = any(set(text) & _TURKISH_SHIFT for _dest, _id, text in accepted)
            alphabet = "turkish" if turkish else "gsm"
        else:
            alphabet = {"0": "gsm", "1": "turkish", "2": "unicode"}[str(datacoding)]
        for dest, custom_id, text in accepted:
            duplicate = failure == "duplicate" or (self.dedupe and self._is_duplicate(dest, text, sender))
            self._accept(
                id=campaign,
                number=dest,
                text=text,
                sender=sender,
                commercial=commercial,
                recipient_type=recipient_type if commercial else None,
                encoding=None if datacoding is None else str(datacoding),
                custom_id=custom_id,
                alphabet=alphabet,
                status="DOUBLE_SEND_ERROR" if duplicate else self.DEFAULT_STATUS,
            )
        if self.json_answers:
            answer = {"campaign_id": int(campaign), "custom_id": body.get("custom_id"), "status": "WAITING"}
            return 200, JSON, answer
        return self._text(200, campaign)

    @staticmethod
    def _parse_datetime(value):
        for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"):
            try:
                return datetime.strptime(str(value), pattern)
            except ValueError:
                continue
        return None

    def _row(self, message):
        stamp = "%Y-%m-%d %H:%M:%S"
        return {
            "type": "outbound",
            "campaign_id": int(message["id"]),
            "campaign_custom_id": self._campaign_custom_ids.get(message["id"]),
            "message_id": int(message["message_id"]),
            "message_custom_id": message["custom_id"],
            "dest": message["number"],
            "size": message["parts"],
            "international_multiplier": 1,
            "credits": float(message["parts"]),
            "status": message["status"],
            "gsm_error": "0",
            "sent_at": message["sent_at"].strftime(stamp),
            "done_at": message["done_at"].strftime(stamp) if message["done_at"] else None,
        }

    def dlr_payload(self, campaign_id):
        """The JSON array Verimor would push for that campaign's messages, with their
        current statuses."""
        with self.lock:
            return [self._row(m) for m in self.messages if m["id"] == str(campaign_id)]

    def _status(self, request):
        query = {key: values[-1] for key, values in request["query"].items()}
        if not self._credentials_ok(query.get("username"), query.get("password")):
            return self._text(401, self.AUTH_ERROR)
        if not query.get("id") and not query.get("custom_id"):
            return self._text(400, "MISSING_ID")  # the stand-in's choice
        campaigns = (
            {query["id"]}
            if query.get("id")
            else {c for c, custom in self._campaign_custom_ids.items() if custom == query["custom_id"]}
        )
        try:
            greater_than = int(query.get("greater_than") or 0)
        except ValueError:
            return self._text(400, "INVALID_GREATER_THAN")
        dests = {d for d in (query.get("dest") or "").split(",") if d}
        rows = [
            self._row(m)
            for m in self.messages
            if m["id"] in campaigns and (not dests or m["number"] in dests) and int(m["message_id"]) > greater_than
        ]
        return 200, JSON, rows[: self.STATUS_PAGE]

    def _iys_consents(self, request):
        body = request["json"]
        if not isinstance(body, dict):
            return self._text(400, "INVALID_JSON")
        if not self._credentials_ok(body.get("username"), body.get("password")):
            return self._text(401, self.AUTH_ERROR)
        sender = self._source_addr(body.get("source_addr"))
        if sender is None:
            return self._text(400, "INVALID_SOURCE_ADDRESS")
        consents = body.get("consents")
        if not isinstance(consents, list) or not consents:
            return self._text(400, "MISSING_CONSENT")
        for consent in consents:
            if not isinstance(consent, dict):
                return self._text(400, "MISSING_CONSENT")
            error = self._consent_error(consent)
            if error:
                return self._text(400, error)
        batch = self._next_id()
        self.consents += [dict(consent, batch_id=batch, source_addr=sender) for consent in consents]
        return self._text(200, batch)

    def _consent_error(self, consent):
        if consent.get("recipient_type") not in RECIPIENT_TYPES:
            return "INVALID_IYS_RECIPIENT_TYPE"
        value = consent.get("consent_date")
        if not value:
            return "MISSING_CONSENT_DATE" if consent["recipient_type"] == "BIREYSEL" else None
        moment = self._parse_datetime(value)
        if moment is None:
            try:
                moment = datetime.combine(date.fromisoformat(str(value)), datetime.min.time())
            except ValueError:
                return "INVALID_CONSENT_DATE"
            date_only = True
        else:
            date_only = False
        if consent.get("source") == "HS_2015":
            return None if moment.date() == date(2015, 5, 1) else "INVALID_CONSENT_DATE"
        now = turkey_now()
        if moment < datetime(2015, 5, 1):
            return "INVALID_CONSENT_DATE"
        if date_only:
            too_old, future = moment.date() < now.date() - timedelta(days=3), moment.date() > now.date()
        else:
            too_old = moment < now - timedelta(days=3)
            future = moment > now + timedelta(minutes=1)  # a minute for clock skew
        return "INVALID_CONSENT_DATE" if too_old or future else None


# ---------------------------------------------------------------------------
# Self-check: python3 standins.py
# ---------------------------------------------------------------------------


def _call(url, data=None, headers=None, method=None):
    """(HTTP status, body text) of one request, errors included."""
    import urllib.error
    import urllib.request

    if data is not None and not isinstance(data, (bytes, str)):
        data = json.dumps(data)
        headers = {"Content-Type": "application/json"} | (headers or {})
    if isinstance(data, str):
        data = data.encode()
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _basic(username, password):
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}


def _self_check_netgsm():
    with NetgsmStandIn(username="8503000000", password="secret") as server:
        send = {
            "msgheader": "CRMTR",
            "messages": [{"msg": "Bakım zamanı", "no": "5321234567"}, {"msg": "Bakım zamanı", "no": "5059876543"}],
            "encoding": "TR",
            "iysfilter": "0",
        }
        status, text = _call(server.url + "/sms/rest/v2/send", send, _basic("8503000000", "secret"))
        answer = json.loads(text)
        assert (status, answer["code"]) == (200, "00"), text
        jobid = answer["jobid"]
        status, text = _call(server.url + "/sms/rest/v2/send", send, _basic("8503000000", "wrong"))
        assert (status, json.loads(text)["code"]) == (406, "30"), text
        server.fail_next = "duplicate"
        status, text = _call(server.url + "/sms/rest/v2/send", send, _basic("8503000000", "secret"))
        assert (status, json.loads(text)["code"]) == (406, "85"), text
        assert server.fail_next is None
        status, text = _call(
            server.url + "/sms/rest/v2/send", dict(send, msgheader="OTHER"), _basic("8503000000", "secret")
        )
        assert json.loads(text)["code"] == "40", text
        server.set_status(jobid, "5321234567", 1)
        report = {"jobids": [jobid], "pagesize": 1}
        status, text = _call(server.url + "/sms/rest/v2/report", report, _basic("8503000000", "secret"))
        jobs = json.loads(text)["jobs"]
        assert status == 200 and len(jobs) == 1 and jobs[0]["number"] == "905321234567", text
        assert jobs[0]["status"] == 1 and jobs[0]["deliveredDate"], text
        status, text = _call(server.url + "/sms/rest/v2/report", {"jobids": ["1"]}, _basic("8503000000", "secret"))
        assert json.loads(text)["code"] == "60", text
        server.report_rate_limit = 2
        status, text = _call(server.url + "/sms/rest/v2/report", report, _basic("8503000000", "secret"))
        assert (status, json.loads(text)["code"]) == (406, "80"), text
        status, text = _call(server.url + "/sms/rest/v2/msgheader", headers=_basic("8503000000", "secret"))
        assert json.loads(text)["msgheaders"] == ["CRMTR"], text
        consent = {
            "header": {"username": "8503000000", "password": "secret", "brandCode": "123456"},
            "body": {
                "data": [
                    {
                        "type": "MESAJ",
                        "source": "HS_WEB",
                        "recipient": "+905321234567",
                        "status": "ONAY",
                        "consentDate": "2026-01-01 10:00:00",
                        "recipientType": "BIREYSEL",
                    }
                ]
            },
        }
        status, text = _call(server.url + "/iys/add", consent)
        assert json.loads(text)["code"] == "0" and len(server.consents) == 1, text
        status, text = _call(server.url + "/iys/add", "{not json")
        assert json.loads(text)["code"] == "70", text
        assert len(server.messages) == 2 and len(server.requests) == 10
    sys.stdout.write("NetgsmStandIn OK" + "\n")


def _self_check_iletimerkezi():
    with IletiMerkeziStandIn(username="key123", password="hash456") as server:

        def send(auth, text="Randevunuz yarın", numbers=("905321234567", "+905059876543", "5441112233")):
            order = {"sender": "CRMTR", "iys": "0", "message": {"text": text, "receipents": {"number": list(numbers)}}}
            status, body = _call(
                server.url + "/v1/send-sms/json", {"request": {"authentication": auth, "order": order}}
            )
            return status, json.loads(body)["response"]

        status, answer = send({"key": "key123", "hash": "hash456"})
        assert (status, answer["status"]["code"]) == (200, "200"), answer
        order_id = answer["order"]["id"]
        status, answer = send({"key": "key123", "hash": "nope"})
        assert (status, answer["status"]["code"]) == (401, "401"), answer
        status, answer = send({"username": "key123", "password": "hash456"})
        assert (status, answer["status"]["code"]) == (200, "451"), answer
        server.reject_numbers.add("905551112233")
        status, answer = send({"key": "key123", "hash": "hash456"}, "Başka", ["905551112233"])
        assert answer["status"]["code"] == "452", answer
        server.set_status(order_id, "905321234567", "delivered")
        report = {"authentication": {"key": "key123", "hash": "hash456"}, "order": {"id": order_id, "page": 1}}
        status, text = _call(server.url + "/v1/get-report/json", {"request": report})
        order = json.loads(text)["response"]["order"]
        assert order["status"] == 113 and order["delivered"] == 1 and order["waiting"] == 2, order
        assert order["message"][0] == {"number": "+905321234567", "status": 111}, order
        pushes = server.webhook_payloads(order_id)
        assert [p["report"]["status"] for p in pushes] == ["delivered", "accepted", "accepted"], pushes
        assert pushes[2]["report"]["to"] == "+905441112233", pushes
    sys.stdout.write("IletiMerkeziStandIn OK" + "\n")


def _self_check_verimor():
    with VerimorStandIn(username="908501234567", password="secret") as server:
        send = {
            "username": "908501234567",
            "password": "secret",
            "source_addr": "CRMTR",
            "datacoding": "1",
            "is_commercial": True,
            "iys_recipient_type": "BIREYSEL",
            "messages": [{"msg": "Kampanya şimdi", "dest": "905321234567,905059876543", "id": "u1,u2"}],
        }
        status, campaign = _call(server.url + "/v2/send.json", send)
        assert status == 200 and campaign.isdigit(), campaign
        assert _call(server.url + "/v2/send.json", dict(send, password="x")) == (401, VerimorStandIn.AUTH_ERROR)
        server.fail_next = "auth_ip"
        assert _call(server.url + "/v2/send.json", send) == (401, VerimorStandIn.IP_ERROR)
        bad = dict(send, messages=[{"msg": "x", "dest": "05321234567"}])
        assert _call(server.url + "/v2/send.json", bad) == (400, "INVALID_DESTINATION_ADDRESS")
        assert _call(server.url + "/v2/send.json", "{") == (400, "INVALID_JSON")
        status, again = _call(server.url + "/v2/send.json", send)
        assert status == 200 and server.dlr_payload(again)[0]["status"] == "DOUBLE_SEND_ERROR"
        server.set_status("u1", "905321234567", "DELIVERED")
        rows = server.dlr_payload(campaign)
        assert [r["status"] for r in rows] == ["DELIVERED", "WAITING"], rows
        assert rows[0]["message_custom_id"] == "u1" and rows[0]["done_at"] and rows[1]["done_at"] is None, rows
        query = f"?username=908501234567&password=secret&id={campaign}&dest=905059876543"
        status, text = _call(server.url + "/v2/status" + query)
        assert status == 200 and [r["dest"] for r in json.loads(text)] == ["905059876543"], text
        today = turkey_now().strftime("%Y-%m-%d")
        consent = {"type": "MESAJ", "source": "HS_WEB", "status": "ONAY", "recipient_type": "BIREYSEL"}
        upload = {"username": "908501234567", "password": "secret", "source_addr": "CRMTR"}
        status, text = _call(
            server.url + "/v2/iys_consents.json",
            upload | {"consents": [consent | {"consent_date": today, "recipient": "905321234567"}]},
        )
        assert status == 200 and len(server.consents) == 1, text
        old = consent | {"consent_date": "2020-11-10", "recipient": "905321234567"}
        assert _call(server.url + "/v2/iys_consents.json", upload | {"consents": [old]}) == (
            400,
            "INVALID_CONSENT_DATE",
        )
        assert _call(server.url + "/v2/iys_consents.json", upload | {"consents": [consent]}) == (
            400,
            "MISSING_CONSENT_DATE",
        )
    sys.stdout.write("VerimorStandIn OK" + "\n")


def _self_check_delay():
    import urllib.error
    import urllib.request

    with NetgsmStandIn(username="u", password="p") as server:
        server.delay = 1.0
        request = urllib.request.Request(server.url + "/sms/rest/v2/msgheader", headers=_basic("u", "p"))
        try:
            urllib.request.urlopen(request, timeout=0.2)
            timed_out = False
        except (TimeoutError, urllib.error.URLError):
            timed_out = True
        if not timed_out:
            raise AssertionError("the delay did not hold the answer back")
    sys.stdout.write("delay OK" + "\n")


if __name__ == "__main__":
    _self_check_netgsm()
    _self_check_iletimerkezi()
    _self_check_verimor()
    _self_check_delay()
    sys.stdout.write("OK" + "\n")
