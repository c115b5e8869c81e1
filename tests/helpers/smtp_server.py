"""A real SMTP server on loopback (aiosmtpd) that keeps every message it receives, and the
engine pointed at it for one test."""
import socket
import time
from contextlib import contextmanager
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

from engine.config import configure, settings

MAIL_KEYS = ("mail_host", "mail_port", "mail_tls", "mail_sender", "mail_username", "mail_password",
             "mail_timeout", "mail_base_url")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Keep:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls its hooks by these names
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"


class SmtpServer:
    """`start()` may come later than the engine's first attempt (a server that was down)."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self._keep = _Keep()
        self._controller = None

    @property
    def messages(self):
        return list(self._keep.messages)

    def start(self):
        self._controller = Controller(self._keep, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def wait_for(self, count, timeout=5.0):
        """The messages once `count` have arrived (or what arrived by `timeout`)."""
        deadline = time.monotonic() + timeout
        while len(self._keep.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages

    @staticmethod
    def text(message):
        return message.get_body(preferencelist=("plain",)).get_content()


@contextmanager
def engine_mailing_to(server):
    """The engine sends to `server` (started or not) for the duration; settings restored."""
    saved = {k: getattr(settings, k) for k in MAIL_KEYS}
    configure(mail_host="127.0.0.1", mail_port=server.port, mail_tls="none", mail_timeout=5.0,
              mail_sender="noreply@demo.invalid", mail_username=None, mail_password=None,
              mail_base_url="https://zones.example.org")
    try:
        yield server
    finally:
        configure(**saved)
