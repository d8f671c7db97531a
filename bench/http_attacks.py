#!/usr/bin/python3
"""Memory and worker attacks on the HTTP layer, against a lanyard binary on 127.0.0.1.

Each attack gets a fresh server; the figures are the server's RSS before the attack and its
peak RSS (VmHWM) after, and for the slow-connection attack how /health answers meanwhile.
Usage: bench/http_attacks.py [--tls] path/to/lanyard [attack ...]
Attacks: gzip chunked ranges headers longline slow (default: all). Figures only, no verdict.
With --tls the server runs `serve --tls auto` and every attack speaks TLS to it.
"""
import os
import re
import select
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import zlib


TLS = False
_CLIENT_TLS = ssl.create_default_context()
_CLIENT_TLS.check_hostname = False
_CLIENT_TLS.verify_mode = ssl.CERT_NONE


def wrap(s):
    return _CLIENT_TLS.wrap_socket(s, server_hostname="127.0.0.1") if TLS else s


def readable(s):
    return (TLS and s.pending() > 0) or bool(select.select([s], [], [], 0)[0])


def start(binary):
    data = tempfile.mkdtemp(prefix="lanyard-attack-")
    env = dict(os.environ, LANYARD_KDF="fast", LANYARD_RATE_LIMITS="off", LANYARD_MAIL="file")
    for key in ("LANYARD_LISTEN", "LANYARD_DATA", "LANYARD_BASE_URL"):
        env.pop(key, None)
    args = [binary, "serve", "--data", data, "--listen", "127.0.0.1:0"] + (["--tls", "auto"] if TLS else [])
    proc = subprocess.Popen(args, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        line = proc.stdout.readline()
        m = re.search(r"listening on https?://127\.0\.0\.1:(\d+)", line)
        if m:
            port = int(m.group(1))
            for _ in range(100):
                if health(port, 1.0)[0] == 200:
                    return proc, port
                time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def connect(port):
    s = wrap(socket.create_connection(("127.0.0.1", port)))
    s.settimeout(5)
    return s


def health(port, timeout):
    started = time.time()
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        s.settimeout(timeout)
        s = wrap(s)
        s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        reply = s.recv(64)
        s.close()
        return (int(reply[9:12]) if reply.startswith(b"HTTP/1.1 ") else 0), time.time() - started
    except OSError:
        return 0, time.time() - started


def flood(port, head, piece, max_bytes):
    """Sends head, then piece until max_bytes or the server answers; returns the status."""
    s = connect(port)
    sent = 0
    try:
        s.sendall(head)
        while sent < max_bytes:
            if readable(s):
                break
            s.sendall(piece)
            sent += len(piece)
        reply = s.recv(64)
    except OSError:
        reply = b""
    s.close()
    return int(reply[9:12]) if reply.startswith(b"HTTP/1.1 ") else 0


def gzip_attack(port):
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    body = b"".join(z.compress(block) for _ in range(400)) + z.flush()
    head = (b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(body))
    return flood(port, head + body, b"", 0)


def chunked_attack(port):
    chunk = b"10000\r\n" + b"a" * 0x10000 + b"\r\n"
    head = (b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    return flood(port, head, chunk, 300 << 20)


def ranges_attack(port):
    ranges = b"bytes=0-" + b",0-" * 1500
    statuses = []
    for path in (b"/api/v1/openapi.json", b"/assets/js/app.js"):
        statuses.append(flood(port, b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nRange: " + ranges + b"\r\n\r\n", b"", 0))
    return statuses


def headers_attack(port):
    return flood(port, b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n", b"X-A: b\r\n" * 1000, 400000 * 8)


def longline_attack(port):
    return flood(port, b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Long: ", b"a" * 65536, 64 << 20)


def slow_attack(port):
    sockets = []
    for _ in range(300):
        s = connect(port)
        s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
        sockets.append(s)
    answers = []
    for _ in range(3):
        for s in sockets:
            try:
                s.sendall(b"X-Slow: 1\r\n")
            except OSError:
                pass
        answers.append(health(port, 1.0))
        time.sleep(2)
    for s in sockets:
        s.close()
    return ["%d in %.2f s" % a for a in answers]


ATTACKS = {"gzip": gzip_attack, "chunked": chunked_attack, "ranges": ranges_attack,
           "headers": headers_attack, "longline": longline_attack, "slow": slow_attack}


def main():
    global TLS
    args = sys.argv[1:]
    if args and args[0] == "--tls":
        TLS = True
        args = args[1:]
    binary = args[0]
    names = args[1:] or list(ATTACKS)
    for name in names:
        proc, port = start(binary)
        try:
            before = status_kib(proc.pid, "VmRSS")
            result = ATTACKS[name](port)
            time.sleep(0.3)
            peak = status_kib(proc.pid, "VmHWM")
            alive = health(port, 2.0)[0] == 200
            print(f"{'tls ' if TLS else ''}{name:9s} RSS before {before / 1024:7.1f} MiB  peak {peak / 1024:7.1f} MiB  "
                  f"reply {result}  /health after: {'200' if alive else 'DOWN'}", flush=True)
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main()
