"""A real webhook receiver on loopback (http.server in a thread), as another system would run
one: it verifies each delivery's signature and timestamp (engine/webhooks/signing.py, the
recipe in docs/api.md), records what it accepted, and drops a repeated delivery by its
X-DZ-Delivery id. It can be stopped and started again on the same port (the receiver "down"
for part of a run), or answer with an error status."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from engine.webhooks import signing


class Receiver:
    def __init__(self, secret=None, port=0):
        self.secret = secret
        self.port = port
        self.accepted = []      # payloads, in arrival order, each delivery id once
        self.duplicates = []    # delivery ids seen again
        self.refused = []       # (reason, headers) of requests that failed verification
        self.requests = 0
        self.per_delivery = {}  # delivery id → requests that carried it
        self.answer = 204       # status to answer valid deliveries with
        self.hold = None        # a threading.Event: answer only once it is set
        self.delay = 0.0        # seconds to wait before answering
        self._lock = threading.Lock()
        self._server = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/hooks"

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                status = receiver.take(dict(self.headers), body)
                if receiver.hold is not None:
                    receiver.hold.wait(30)
                if receiver.delay:
                    time.sleep(receiver.delay)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def take(self, headers, body):
        with self._lock:
            self.requests += 1
            ok = self.secret is not None and signing.verify(
                self.secret, headers.get("X-DZ-Timestamp", ""), body, headers.get("X-DZ-Signature", ""), time.time())
            if not ok:
                self.refused.append(("signature", headers))
                return 401
            payload = json.loads(body)
            uid = headers.get("X-DZ-Delivery")
            self.per_delivery[uid] = self.per_delivery.get(uid, 0) + 1
            if uid != payload["id"] or headers.get("X-DZ-Event") != payload["event"]:
                self.refused.append(("headers", headers))
                return 400
            if self.answer >= 300:
                return self.answer
            if uid in {p["id"] for p in self.accepted}:
                self.duplicates.append(uid)
            else:
                self.accepted.append(payload)
            return self.answer

    def reset(self):
        with self._lock:
            self.accepted, self.duplicates, self.refused, self.requests, self.per_delivery = [], [], [], 0, {}

    def events(self, case_id=None):
        return [p["event"] for p in self.accepted if case_id is None or p["case_id"] == case_id]

    def wait_for(self, count, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.accepted) < count:
            time.sleep(0.02)
        return list(self.accepted)
