"""Local stand-ins of the Turkish SMS providers' HTTP APIs, for tests.

Each class runs a real HTTP server on 127.0.0.1 that speaks the provider's documented
protocol (request shape, authentication, response bodies and error codes), as described in
the providers' own documentation and SDKs (NetGSM REST v2 and its official JS/PHP tables,
İleti Merkezi's apidocs, Verimor's SMS-API user guide). Where the documentation is silent
the behaviour chosen here is said in a comment.

    with NetgsmStandIn("8503000000", "secret") as server:
        company.crm_tr_sms_api_url = server.url
        ...
        server.requests      # every request received
        server.messages      # every message accepted
        server.fail_next = "auth" | "iys" | "duplicate" | "rate_limit" | "server_error"
"""

import base64
import itertools
import json
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class ProviderStandIn:
    DEFAULT_HEADERS = frozenset({"CRMTR"})

    def __init__(self, username, password):
        self.username = username
        self.password = password
        self.headers = set(self.DEFAULT_HEADERS)
        self.requests = []
        self.messages = []
        self.consents = []
        self.fail_next = None
        self.lock = threading.Lock()
        self._ids = itertools.count(100001)
        self._server = None
        self._thread = None

    # -- lifecycle ---------------------------------------------------------
    def __enter__(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _handle(self):
                split = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                try:
                    parsed = json.loads(body) if body else None
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
                with standin.lock:
                    standin.requests.append(request)
                    status, content_type, payload = standin.handle(request)
                data = payload if isinstance(payload, str) else json.dumps(payload)
                data = data.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    @property
    def url(self):
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def _take_failure(self):
        failure, self.fail_next = self.fail_next, None
        return failure

    def _next_id(self):
        return str(next(self._ids))

    def set_status(self, key, number, status):
        """Set the delivery status of the message(s) with this id (or custom id) and number."""
        with self.lock:
            for message in self.messages:
                if key in (message["id"], message.get("custom_id")) and message["number"] == number:
                    message["status"] = status

    @staticmethod
    def _now():
        return datetime.now().strftime("%Y-%m-%d %H:%M:%S")


class NetgsmStandIn(ProviderStandIn):
    """NetGSM REST v2: POST /sms/rest/v2/send and /sms/rest/v2/report, HTTP Basic auth;
    codes 00 ok, 20 text, 30 auth, 40 header, 50 İYS, 70 parameters, 80 rate, 85 duplicate,
    100 system; report statuses 0 pending, 1 delivered, 2 expired, 3 invalid... 16 İYS."""

    report_rate_limit = 10

    def __init__(self, username, password):
        super().__init__(username, password)
        self._report_times = []

    def _authorized(self, request):
        expected = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        return request["headers"].get("Authorization") == f"Basic {expected}"

    def handle(self, request):
        path, body = request["path"], request["json"] or {}
        if path == "/sms/rest/v2/send":
            return self._send(request, body)
        if path == "/sms/rest/v2/report":
            return self._report(request, body)
        if path == "/iys/add":
            header = body.get("header") or {}
            if (header.get("username"), header.get("password")) != (self.username, self.password):
                return 200, "application/json", {"code": "30", "error": "true"}
            self.consents += (body.get("body") or {}).get("data") or []
            return 200, "application/json", {"code": "0", "error": "false", "uid": self._next_id()}
        return 404, "application/json", {"code": "404"}

    def _error(self, code):
        return 406, "application/json", {"code": code, "description": f"stand-in error {code}"}

    def _send(self, request, body):
        failure = self._take_failure()
        if not self._authorized(request) or failure == "auth":
            return self._error("30")
        if body.get("msgheader") not in self.headers:
            return self._error("40")
        if str(body.get("iysfilter")) not in ("0", "11", "12"):
            return self._error("70")
        if failure == "iys" and body.get("iysfilter") in ("11", "12"):
            return self._error("50")
        if failure == "rate_limit":
            return self._error("80")
        if failure == "duplicate":
            return self._error("85")
        if failure == "server_error":
            return self._error("100")
        messages = body.get("messages") or []
        if not messages:
            return self._error("70")
        for message in messages:
            if not message.get("msg"):
                return self._error("20")
            number = str(message.get("no", ""))
            if not (len(number) == 10 and number.isdigit()):
                return self._error("70")
        jobid = self._next_id()
        for message in messages:
            self.messages.append(
                {
                    "id": jobid,
                    "number": message["no"],
                    "text": message["msg"],
                    "sender": body["msgheader"],
                    "commercial": body["iysfilter"] != "0",
                    "recipient_type": {"11": "BIREYSEL", "12": "TACIR"}.get(body["iysfilter"]),
                    "encoding": body.get("encoding"),
                    "status": 0,
                }
            )
        return 200, "application/json", {"code": "00", "description": "queued", "jobid": jobid}

    def _report(self, request, body):
        if not self._authorized(request):
            return self._error("30")
        now = datetime.now().timestamp()
        self._report_times = [t for t in self._report_times if now - t < 60] + [now]
        if len(self._report_times) > self.report_rate_limit:
            return self._error("80")
        jobids = {str(job) for job in body.get("jobids") or []}
        size = int(body.get("pagesize") or 100)
        page = int(body.get("pagenumber") or 0)
        rows = [
            {
                "jobid": m["id"],
                "number": "90" + m["number"],
                "status": m["status"],
                "operator": 30,
                "msglen": len(m["text"]),
                "deliveredDate": self._now() if m["status"] == 1 else "",
                "errorCode": 0,
                "referansID": "",
            }
            for m in self.messages
            if m["id"] in jobids
        ][page * size : (page + 1) * size]
        if not rows:
            return 200, "application/json", {"code": "60", "jobs": []}
        return 200, "application/json", {"code": "00", "jobs": rows}


class IletiMerkeziStandIn(ProviderStandIn):
    """İleti Merkezi: POST /v1/send-sms/json with request.authentication and request.order
    (the documented misspelling "receipents"); status codes 200, 401, 402, 450-470."""

    def __init__(self, username, password):
        super().__init__(username, password)
        self._orders = {}

    def _envelope(self, code, message="", order=None):
        response = {"status": {"code": str(code), "message": message}}
        if order is not None:
            response["order"] = order
        return {"response": response}

    def handle(self, request):
        body = (request["json"] or {}).get("request")
        if not isinstance(body, dict):
            return 400, "application/json", self._envelope(400, "request could not be parsed")
        auth = body.get("authentication") or {}
        credentials = (
            (auth.get("key"), auth.get("hash")) if "key" in auth else (auth.get("username"), auth.get("password"))
        )
        failure = self._take_failure() if request["path"] == "/v1/send-sms/json" else None
        if credentials != (self.username, self.password) or failure == "auth":
            return 401, "application/json", self._envelope(401, "Unauthorized")
        if request["path"] == "/v1/send-sms/json":
            return self._send(body.get("order") or {}, failure)
        if request["path"] == "/v1/get-report/json":
            order_id = str((body.get("order") or {}).get("id"))
            if order_id not in self._orders:
                return 200, "application/json", self._envelope(455, "order not found")
            messages = [m for m in self.messages if m["id"] == order_id]
            codes = {"accepted": 110, "delivered": 111, "undelivered": 112}
            order = {
                "id": order_id,
                "status": 114,
                "message": [{"number": "+" + m["number"], "status": codes[m["status"]]} for m in messages],
            }
            return 200, "application/json", self._envelope(200, "OK", order)
        return 404, "application/json", self._envelope(404, "unknown method")

    def _send(self, order, failure):
        if failure == "rate_limit":
            # The public manifest gives 100 SMS/s per account; 429 is this stand-in's choice.
            return 429, "application/json", self._envelope(429, "Too many requests")
        if failure == "server_error":
            return 503, "application/json", self._envelope(503, "Service unavailable")
        if failure == "insufficient_credit":
            return 200, "application/json", self._envelope(402, "Insufficient balance")
        if order.get("sender") not in self.headers:
            return 200, "application/json", self._envelope(450, "Sender not approved")
        if "iys" not in order:
            return 200, "application/json", self._envelope(468, "İYS flag missing")
        if order["iys"] == "1" and not order.get("iysList"):
            return 200, "application/json", self._envelope(469, "İYS list missing")
        if failure == "iys":
            return 200, "application/json", self._envelope(470, "İYS code not configured")
        messages = order.get("message")
        messages = messages if isinstance(messages, list) else [messages or {}]
        pairs = []
        for message in messages:
            text = message.get("text") or ""
            if not text:
                return 200, "application/json", self._envelope(454, "Empty text")
            for number in (message.get("receipents") or {}).get("number") or []:
                digits = str(number).lstrip("+")
                digits = "90" + digits if len(digits) == 10 else digits
                if len(digits) != 12 or not digits.startswith("905"):
                    return 200, "application/json", self._envelope(452, "Invalid recipients")
                pairs.append((digits, text))
        if failure == "duplicate" or any(
            (m["number"], m["text"]) in set(pairs) and m["sender"] == order["sender"] for m in self.messages
        ):
            return 200, "application/json", self._envelope(451, "Duplicate order")
        order_id = self._next_id()
        self._orders[order_id] = order
        for number, text in pairs:
            self.messages.append(
                {
                    "id": order_id,
                    "message_id": self._next_id(),
                    "number": number,
                    "text": text,
                    "sender": order["sender"],
                    "commercial": order["iys"] == "1",
                    "recipient_type": order.get("iysList"),
                    "status": "accepted",
                }
            )
        return 200, "application/json", self._envelope(200, "İşlem başarılı", {"id": order_id})

    def webhook_payloads(self, order_id):
        """What İleti Merkezi pushes for that order's messages, given their statuses."""
        with self.lock:
            return [
                {
                    "report": {
                        "id": m["message_id"],
                        "packet_id": order_id,
                        "status": m["status"],
                        "to": "+" + m["number"],
                        "body": m["text"],
                    }
                }
                for m in self.messages
                if m["id"] == order_id
            ]


class VerimorStandIn(ProviderStandIn):
    """Verimor: POST /v2/send.json; campaign id as plain text; per-message ids (id,
    comma-aligned with dest); errors HTTP 400 with a text code, 401 for credentials."""

    def handle(self, request):
        body = request["json"]
        if request["path"] == "/v2/send.json":
            return self._send(body)
        if request["path"] == "/v2/iys_consents.json":
            return self._consents(body)
        return 404, "text/plain", "NOT_FOUND"

    def _consents(self, body):
        """İYS consent upload: a consent date older than 3 days or in the future is refused,
        an individual's (BIREYSEL) consent needs its date."""
        if not isinstance(body, dict):
            return 400, "text/plain", "INVALID_JSON"
        if (body.get("username"), body.get("password")) != (self.username, self.password):
            return 401, "text/plain", "Kimlik doğrulama hatası"
        today = datetime.now().date()
        for consent in body.get("consents") or []:
            if not consent.get("consent_date"):
                if consent.get("recipient_type") == "BIREYSEL":
                    return 400, "text/plain", "MISSING_CONSENT_DATE"
                continue
            day = datetime.strptime(consent["consent_date"][:10], "%Y-%m-%d").date()
            if day > today or (today - day).days > 3:
                return 400, "text/plain", "INVALID_CONSENT_DATE"
        self.consents += body.get("consents") or []
        return 200, "text/plain", self._next_id()

    def _send(self, body):
        if not isinstance(body, dict):
            return 400, "text/plain", "INVALID_JSON"
        failure = self._take_failure()
        if (body.get("username"), body.get("password")) != (self.username, self.password) or failure == "auth":
            # The exact text is the stand-in's.
            return 401, "text/plain", "Kimlik doğrulama hatası"
        if failure == "rate_limit":
            return 429, "text/plain", "TOO_MANY_REQUESTS"
        if failure == "server_error":
            return 500, "text/plain", "INTERNAL_ERROR"
        if body.get("source_addr") not in self.headers:
            return 400, "text/plain", "INVALID_SOURCE_ADDRESS"
        if str(body.get("datacoding", "0")) not in ("0", "1", "2"):
            return 400, "text/plain", "INVALID_DATACODING"
        if body.get("is_commercial"):
            if body.get("iys_recipient_type") not in ("BIREYSEL", "TACIR"):
                return 400, "text/plain", "INVALID_IYS_RECIPIENT_TYPE"
            if failure == "iys":
                return 400, "text/plain", "MISSING_IYS_BRAND_CODE"
        if failure == "insufficient_credit":
            return 400, "text/plain", "INSUFFICIENT_CREDITS"
        accepted = []
        for message in body.get("messages") or []:
            if not message.get("msg"):
                return 400, "text/plain", "MISSING_MESSAGE"
            dests = [d for d in str(message.get("dest") or "").split(",") if d]
            ids = [i for i in str(message.get("id") or "").split(",") if i] or [None] * len(dests)
            if not dests:
                return 400, "text/plain", "MISSING_DESTINATION_ADDRESS"
            if len(ids) != len(dests):
                return 400, "text/plain", "INVALID_ID"  # the stand-in's choice
            for dest, custom_id in zip(dests, ids, strict=True):
                if not (len(dest) == 12 and dest.isdigit() and dest.startswith("905")):
                    return 400, "text/plain", "INVALID_DESTINATION_ADDRESS"
                accepted.append((dest, custom_id, message["msg"]))
        if not accepted:
            return 400, "text/plain", "MISSING_MESSAGE"
        campaign = self._next_id()
        for dest, custom_id, text in accepted:
            duplicate = any(
                m["number"] == dest and m["text"] == text and m["sender"] == body["source_addr"] for m in self.messages
            )
            self.messages.append(
                {
                    "id": campaign,
                    "message_id": self._next_id(),
                    "custom_id": custom_id,
                    "number": dest,
                    "text": text,
                    "sender": body["source_addr"],
                    "commercial": bool(body.get("is_commercial")),
                    "recipient_type": body.get("iys_recipient_type"),
                    "encoding": body.get("datacoding"),
                    # Verimor accepts a same-day duplicate and reports it afterwards.
                    "status": "DOUBLE_SEND_ERROR" if duplicate else "WAITING",
                }
            )
        return 200, "text/plain", campaign

    def dlr_payload(self, campaign_id):
        """The JSON array Verimor pushes for that campaign's messages."""
        with self.lock:
            return [
                {
                    "type": "outbound",
                    "campaign_id": int(campaign_id),
                    "campaign_custom_id": None,
                    "message_id": int(m["message_id"]),
                    "message_custom_id": m["custom_id"],
                    "dest": m["number"],
                    "size": 1,
                    "international_multiplier": 1,
                    "credits": 1.0,
                    "status": m["status"],
                    "gsm_error": "0",
                    "sent_at": self._now(),
                    "done_at": self._now(),
                }
                for m in self.messages
                if m["id"] == str(campaign_id)
            ]
