#!/usr/bin/python3
"""A tiny SMTP server for the tests: stores every message it accepts as a file.

Run it with Debian's own interpreter (/usr/bin/python3): python3-aiosmtpd is installed for that
one, not for other pythons that may come first on PATH.

    /usr/bin/python3 tests/e2e/smtp_server.py --dir OUT [--host 127.0.0.1] [--port 0]
                                              [--auth USER:PASS] [--reject-rcpt TEXT]

It prints one line "SMTP listening on HOST:PORT" once it accepts connections (port 0 picks a
free one), then runs until SIGTERM or SIGINT. Each accepted message becomes OUT/NNNNNN.eml (the
bytes as received, CRLF line endings) with OUT/NNNNNN.json beside it
({"mail_from", "rcpt_tos", "auth_user"}); both appear atomically (written, then renamed), the
.json last, so a reader that sees the .json sees the whole message.

--auth requires AUTH PLAIN/LOGIN with these credentials (allowed without TLS, for tests only).
--reject-rcpt refuses recipients containing TEXT with "550 5.1.1 mailbox unavailable".
"""
import argparse
import json
import logging
import os
import signal
import socket
import sys
import threading
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port(host):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def write_atomic(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, path)


class StoreHandler:
    def __init__(self, out_dir, reject_rcpt):
        self.out_dir = out_dir
        self.reject_rcpt = reject_rcpt
        self.lock = threading.Lock()
        existing = [n for n in os.listdir(out_dir) if n.endswith(".eml")]
        self.seq = len(existing)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_rcpt and self.reject_rcpt in address:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.seq += 1
            base = os.path.join(self.out_dir, "%06d" % self.seq)
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        auth_user = session.auth_data if isinstance(session.auth_data, str) else None
        write_atomic(base + ".eml", content)
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                "auth_user": auth_user}
        write_atomic(base + ".json", json.dumps(meta).encode("utf-8"))
        return "250 Message accepted for delivery"


def make_authenticator(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        login = getattr(auth_data, "login", b"")
        secret = getattr(auth_data, "password", b"")
        ok = login == user.encode("utf-8") and secret == password.encode("utf-8")
        return AuthResult(success=ok, auth_data=login.decode("utf-8", "replace") if ok else None)
    return authenticate


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--auth", default="")
    parser.add_argument("--reject-rcpt", default="")
    args = parser.parse_args()

    # Plain AUTH without TLS is what the tests want; keep the output to the one line.
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    os.makedirs(args.dir, exist_ok=True)
    port = args.port or free_port(args.host)
    kwargs = {}
    if args.auth:
        user, _, password = args.auth.partition(":")
        kwargs.update(authenticator=make_authenticator(user, password), auth_required=True,
                      auth_require_tls=False)
    handler = StoreHandler(args.dir, args.reject_rcpt)
    controller = Controller(handler, hostname=args.host, port=port, **kwargs)
    controller.start()
    print("SMTP listening on %s:%d" % (args.host, port), flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(0.5):
        pass
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
