"""A real SMTP server on loopback (aiosmtpd) that keeps every message it receives, and the
engine pointed at it for one test."""
import socket
import ssl
import subprocess
import time
from contextlib import contextmanager
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from engine.config import configure, settings

MAIL_KEYS = ("mail_host", "mail_port", "mail_tls", "mail_sender", "mail_username", "mail_password",
             "mail_timeout", "mail_ca_file", "mail_base_url")


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


def certificate(directory):
    """A self-signed certificate for 127.0.0.1 (its own CA): (certificate, key) paths."""
    cert, key = directory / "smtp.pem", directory / "smtp.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


class SmtpServer:
    """`start()` may come later than the engine's first attempt (a server that was down).
    `tls` is "starttls" (required before anything is sent) or "ssl" (SMTPS) with
    `certificate`; `login` a (user, password) the server then asks for."""

    def __init__(self, port=None, tls="none", certificate=None, login=None):
        self.port = port or free_port()
        self.tls, self.certificate, self.login = tls, certificate, login
        self._keep = _Keep()
        self._controller = None

    @property
    def messages(self):
        return list(self._keep.messages)

    def start(self):
        options = {}
        if self.tls != "none":
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*map(str, self.certificate))
            options = ({"tls_context": context, "require_starttls": True} if self.tls == "starttls"
                       else {"ssl_context": context, "server_hostname": "127.0.0.1"})
        if self.login:
            # aiosmtpd counts only STARTTLS as TLS: over SMTPS it would not offer AUTH
            options.update(authenticator=self._authenticate, auth_required=True,
                           auth_require_tls=self.tls != "ssl")
        self._controller = Controller(self._keep, hostname="127.0.0.1", port=self.port, **options)
        self._controller.start()
        return self

    def _authenticate(self, server, session, envelope, mechanism, data):
        ok = isinstance(data, LoginPassword) and (data.login.decode(), data.password.decode()) == self.login
        return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd answers 535 itself

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
    user, password = server.login or (None, None)
    configure(mail_host="127.0.0.1", mail_port=server.port, mail_tls=server.tls, mail_timeout=5.0,
              mail_sender="noreply@demo.invalid", mail_username=user, mail_password=password,
              mail_ca_file=str(server.certificate[0]) if server.certificate else None,
              mail_base_url="https://zones.example.org")
    try:
        yield server
    finally:
        configure(**saved)
