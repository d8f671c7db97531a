#!/usr/bin/env python3
"""ctest package/notify_ready: `serve` under Type=notify, with the built binary (no root, no
package): READY=1 with STATUS=Serving <url> only once GET /api/v1/health answers, STOPPING=1 on
SIGTERM and a clean exit; without $NOTIFY_SOCKET nothing is sent and serve runs as before.
Usage: notify_ready.py LANYARD_BINARY
"""
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request


def serve(binary, data, notify_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LANYARD_")}
    env.update({"LANYARD_KDF": "fast", "LANYARD_MAIL": "file"})
    env.pop("NOTIFY_SOCKET", None)
    if notify_path:
        env["NOTIFY_SOCKET"] = notify_path
    out = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen([binary, "serve", "--data", data, "--listen", "127.0.0.1:0"],
                            env=env, stdout=out, stderr=subprocess.STDOUT)
    return proc, out


def url_of(out, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        out.seek(0)
        m = re.search(r"listening on (http://127\.0\.0\.1:\d+)", out.read())
        if m:
            return m.group(1)
        time.sleep(0.05)
    raise AssertionError("no address printed")


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        sock_path = os.path.join(tmp, "notify")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(sock_path)
        sock.settimeout(30)
        proc, out = serve(binary, os.path.join(tmp, "data"), sock_path)
        try:
            message = sock.recv(4096).decode()
            # The reply to a request made after READY: the server was answering when READY left.
            url = url_of(out)
            with urllib.request.urlopen(url + "/api/v1/health", timeout=10) as res:
                assert res.status == 200
            assert message.splitlines()[0] == "READY=1", message
            assert f"STATUS=Serving {url}" in message, message
            # The access log (written in the background) shows the probe's request (a plain
            # health check like ours is not logged: load balancers ask one every second).
            deadline = time.time() + 10
            while True:
                out.seek(0)
                if out.read().count("GET /api/v1/health?probe=ready 200") >= 1:
                    break
                assert time.time() < deadline, "no answered probe in the access log"
                time.sleep(0.1)
            print(f"READY=1 after /api/v1/health answered: {message!r}")
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(30) == 0
            stopping = sock.recv(4096).decode()
            assert stopping.startswith("STOPPING=1"), stopping
            print(f"SIGTERM: {stopping!r}, exit 0")
        finally:
            if proc.poll() is None:
                proc.kill()

        # From a terminal (no NOTIFY_SOCKET): nothing changes, nothing is sent.
        proc, out = serve(binary, os.path.join(tmp, "data2"), None)
        try:
            url = url_of(out)
            with urllib.request.urlopen(url + "/api/v1/health", timeout=10) as res:
                assert res.status == 200
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(30) == 0
            sock.settimeout(0.5)
            try:
                extra = sock.recv(4096)
                raise AssertionError(f"sent without NOTIFY_SOCKET: {extra!r}")
            except socket.timeout:
                pass
            time.sleep(1)  # the access log's background flush
            out.seek(0)
            assert out.read().count("GET /api/v1/health?probe=ready") == 0, "probed although not under systemd"
            print("without NOTIFY_SOCKET: no probe, no message")
        finally:
            if proc.poll() is None:
                proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
