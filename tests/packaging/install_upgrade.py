#!/usr/bin/env python3
"""ctest package/install_upgrade: the .deb on this machine, as an operator would meet it.

1. `apt-get install ./lanyard_*.deb` on a machine without lanyard: the system user, /var/lib/lanyard (0700, lanyard: the app keeps it so),
   the database made by postinst's `lanyard migrate`; `systemd-analyze verify` on the installed
   unit.
2. Start it as the unit does (no systemd in the test machine): `runuser -u lanyard`, the env
   file, umask 077, $NOTIFY_SOCKET. READY=1 arrives only when /api/v1/health answers; the
   first-run setup link is printed; `lanyard admin create --data /var/lib/lanyard` works; SIGTERM
   sends STOPPING=1 and stops cleanly.
3. Upgrade: the previous release's data (tests/fixtures/upgrade/<release>: its database filled
   through its API, and its secrets) replaces the data; `dpkg -i` again runs postinst: a backup,
   then the migration. Every row of every table of the old database is still there, every
   migration of this tree is applied, the backup equals the old database, the server starts and
   the old accounts and orders answer through the API.
4. A database from a newer release: postinst fails with the reason; the database is unchanged.

It changes the machine (a package, a user, /var/lib/lanyard), so it runs only as root and only
where no lanyard was installed before it (exit 77 = skipped otherwise), and removes all it made.
Usage: install_upgrade.py BUILD_DIR SOURCE_DIR
"""
import glob
import hashlib
import json
import os
import pathlib
import pwd
import re
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
import urllib.request

DATA = pathlib.Path("/var/lib/lanyard")
MARKER = DATA / ".made-by-install-upgrade-test"
WANTS = pathlib.Path("/etc/systemd/system/multi-user.target.wants/lanyard.service")
FIXTURE_PASSWORD = "upgrade-fixture-1"
SKIP = 77


STARTED = time.monotonic()


def log(*args):
    print(f"[{time.monotonic() - STARTED:5.1f}s]", *args, flush=True)


def run(*cmd, check=True, env=None):
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
    return proc


def dpkg(*args, check=True):
    # The re-installs pass --no-triggers: man-db's index runs once, at the purge, not each time.
    # Another dpkg (an engineer's apt-get) may hold the lock for a moment.
    for _ in range(30):
        proc = run("dpkg", *args, check=False)
        if "dpkg frontend lock" not in proc.stderr and "dpkg status database is locked" not in proc.stderr:
            break
        time.sleep(2)
    if check and proc.returncode != 0:
        raise AssertionError(f"dpkg {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
    return proc


def installed():
    return run("dpkg-query", "-W", "-f=${Status}", "lanyard", check=False).stdout.endswith("installed")


class Server:
    """`lanyard serve` started the way lanyard.service starts it."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="lanyard-notify-")
        os.chmod(self.dir, 0o777)  # the service user binds nothing here, it sends to the socket
        self.sock_path = os.path.join(self.dir, "notify")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.sock_path)
        os.chmod(self.sock_path, 0o777)
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "NOTIFY_SOCKET": self.sock_path, "LANG": "C.UTF-8"}
        for line in pathlib.Path("/etc/default/lanyard").read_text().splitlines():
            if line and not line.startswith("#"):
                key, _, value = line.partition("=")
                env[key] = value
        env["LANYARD_LISTEN"] = "127.0.0.1:0"  # 8080 may be taken on a shared test machine
        self.out = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen(
            ["runuser", "-u", "lanyard", "--", "sh", "-c",
             "umask 077; cd /var/lib/lanyard && exec /usr/bin/lanyard serve --data /var/lib/lanyard"],
            env=env, stdout=self.out, stderr=subprocess.STDOUT)
        self.url = None

    def output(self):
        self.out.seek(0)
        return self.out.read()

    def notifications(self, timeout):
        self.sock.settimeout(timeout)
        try:
            return self.sock.recv(4096).decode()
        except socket.timeout:
            return ""

    def wait_ready(self):
        message = self.notifications(60)
        assert "READY=1" in message, f"no READY=1 within 60 s (got {message!r}):\n{self.output()}"
        m = re.search(r"listening on (http://127\.0\.0\.1:\d+)", self.output())
        assert m, self.output()
        self.url = m.group(1)
        assert f"STATUS=Serving {self.url}" in message, message
        # READY means it answers: the very first request after it succeeds.
        status, body = http("GET", self.url + "/api/v1/health")
        assert status == 200 and body["database"] == "ok", (status, body)
        log(f"READY=1 received; {self.url}/api/v1/health → 200 {body}")

    def stop(self):
        # SIGTERM to lanyard itself (the unit's main process), not to runuser around it.
        pid = self.proc.pid
        children = pathlib.Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        assert len(children) == 1, children
        os.kill(int(children[0]), 15)
        code = self.proc.wait(30)  # runuser exits with lanyard's status
        stopping = self.notifications(5)
        out = self.output()
        shutil.rmtree(self.dir, ignore_errors=True)
        assert code == 0, f"serve exited {code} on SIGTERM:\n{out}"
        assert "STOPPING=1" in stopping, f"no STOPPING=1 (got {stopping!r})"
        assert "stopped cleanly" in out, out
        return out


def http(method, url, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.status, json.loads(res.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def login(url, email, password):
    status, body = http("POST", url + "/api/v1/auth/login", {"email": email, "password": password})
    assert status == 200, (email, status, body)
    return body["access_token"]


def as_lanyard(*cmd):
    return run("runuser", "-u", "lanyard", "--", *cmd)


def rows(db_path):
    """{table: (column names, rows)} of every table in a database."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    out = {}
    for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"):
        cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
        out[table] = (cols, con.execute(f'SELECT {",".join(f"{chr(34)}{c}{chr(34)}" for c in cols)} FROM "{table}"').fetchall())
    con.close()
    return out


def sha256(path):
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


def fresh_install(deb):
    # apt, as an operator installs it: the Depends resolve against this Debian's packages.
    log(f"== apt-get install {deb} (fresh)")
    proc = run("apt-get", "install", "-y", "-o", "DPkg::Lock::Timeout=120", deb, check=False,
               env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    if DATA.exists():
        MARKER.touch()  # made by this test: cleanup() may remove it
    assert proc.returncode == 0, proc.stdout + proc.stderr
    log(proc.stdout)
    assert "adduser: Warning" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    user = pwd.getpwnam("lanyard")
    assert user.pw_uid < 1000, f"lanyard is not a system user: uid {user.pw_uid}"
    assert user.pw_shell in ("/usr/sbin/nologin", "/bin/false"), user.pw_shell
    st = DATA.stat()
    assert st.st_uid == user.pw_uid and stat.S_IMODE(st.st_mode) == 0o700, oct(st.st_mode)
    db = DATA / "lanyard.db"
    assert db.exists() and db.stat().st_uid == user.pw_uid, "postinst did not create the database as lanyard"
    assert stat.S_IMODE(pathlib.Path("/etc/default/lanyard").stat().st_mode) == 0o600
    assert WANTS.is_symlink(), "postinst did not enable the unit (it would not start at boot)"
    if not shutil.which("systemd-analyze"):
        log("SKIPPED CHECK: systemd-analyze is missing (Debian package systemd, in install-deps package)")
        return
    verify = run("systemd-analyze", "verify", "/lib/systemd/system/lanyard.service", check=False)
    log(f"systemd-analyze verify /lib/systemd/system/lanyard.service: exit {verify.returncode}",
        verify.stdout + verify.stderr)
    assert verify.returncode == 0 and not (verify.stdout + verify.stderr).strip(), verify.stdout + verify.stderr


def first_start():
    log("== first start, as the unit starts it")
    server = Server()
    server.wait_ready()
    m = re.search(r"(/setup\?token=[A-Za-z0-9_-]+)", server.output())
    assert m, "no setup link printed on the first start:\n" + server.output()
    assert "lanyard admin create --data /var/lib/lanyard" in server.output(), server.output()
    as_lanyard("/usr/bin/lanyard", "admin", "create", "--data", str(DATA),
               "--email", "packaged-admin@example.org", "--password", "packaged-admin-1")
    token = login(server.url, "packaged-admin@example.org", "packaged-admin-1")
    status, me = http("GET", server.url + "/api/v1/me", token=token)
    assert status == 200 and me["role"] == "admin", (status, me)
    log(server.stop())
    low_port_refused()
    for path in DATA.rglob("*"):
        if path == MARKER:
            continue
        assert path.stat().st_uid == pwd.getpwnam("lanyard").pw_uid, f"{path} not owned by lanyard"
        assert not path.stat().st_mode & 0o007, f"{path} readable by others: {oct(path.stat().st_mode)}"


def low_port_refused():
    """Without the low-port drop-in the service user cannot take port 80: a clear message."""
    if pathlib.Path("/proc/sys/net/ipv4/ip_unprivileged_port_start").read_text().strip() != "1024":
        log("SKIPPED CHECK: this kernel lets unprivileged users bind low ports")
        return
    proc = run("runuser", "-u", "lanyard", "--", "/usr/bin/lanyard", "serve", "--data", str(DATA),
               "--listen", "127.0.0.1:80", check=False)
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    assert "/usr/share/doc/lanyard/examples/low-port.conf" in proc.stderr, proc.stderr
    log("port 80 without the drop-in:", proc.stderr.strip().splitlines()[-1])


def load_fixture(source):
    fixtures = sorted(glob.glob(os.path.join(source, "tests/fixtures/upgrade/*/lanyard.sql")))
    assert fixtures, "no fixture in tests/fixtures/upgrade"
    fixture = pathlib.Path(fixtures[-1]).parent
    log(f"== the previous release's data: {fixture}")
    for path in list(DATA.iterdir()):
        if path != MARKER:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    db = DATA / "lanyard.db"
    con = sqlite3.connect(db)
    con.executescript((fixture / "lanyard.sql").read_text())
    con.close()
    shutil.copytree(fixture / "data", DATA, dirs_exist_ok=True)  # secrets, uploads, outbox
    lanyard = pwd.getpwnam("lanyard")
    for path in [DATA, *DATA.rglob("*")]:
        os.chown(path, lanyard.pw_uid, lanyard.pw_gid)
        if path != DATA:
            os.chmod(path, 0o700 if path.is_dir() else 0o600)
    return rows(db)


def upgrade(deb, source, old_rows):
    log("== dpkg -i again: postinst backs up, then migrates")
    old_hash = sha256(DATA / "lanyard.db")
    log(dpkg("-i", "--no-triggers", deb).stdout)
    backups = list((DATA / "backups/pre-upgrade").glob("lanyard-*.db"))
    assert len(backups) == 1, backups
    assert rows(backups[0]) == old_rows, "the pre-upgrade backup differs from the old database"
    new_rows = rows(DATA / "lanyard.db")
    missing = []
    total = 0
    for table, (cols, old) in old_rows.items():
        assert table in new_rows, f"table {table} is gone after the upgrade"
        new_cols, new = new_rows[table]
        kept = {tuple(r[new_cols.index(c)] for c in cols) for r in new if all(c in new_cols for c in cols)}
        lost = [r for r in old if tuple(r) not in kept]
        total += len(old)
        if lost:
            missing.append(f"{table}: {len(lost)} of {len(old)} rows lost or changed, e.g. {lost[0]}")
    assert not missing, "\n".join(missing)
    log(f"all {total} rows of {len(old_rows)} tables are still there (old database sha256 {old_hash[:12]})")
    wanted = sorted(int(p.name[:4]) for p in pathlib.Path(source, "storage/migrations").glob("*.sql"))
    applied = sorted(r[0] for r in new_rows["schema_migrations"][1])
    assert applied == wanted, f"migrations applied {applied}, this tree has {wanted}"
    log(f"every migration of this tree is applied: {applied}")

    server = Server()
    server.wait_ready()
    admin = login(server.url, "admin@example.org", FIXTURE_PASSWORD)
    status, events = http("GET", server.url + "/api/v1/events?limit=100", token=admin)
    assert status == 200 and any(e["title"] == "Seminar Nasional Upgrade" for e in events["items"]), events
    person = login(server.url, "person0@example.org", FIXTURE_PASSWORD)
    status, orders = http("GET", server.url + "/api/v1/orders", token=person)
    assert status == 200 and any(o["status"] == "paid" for o in orders["items"]), orders
    cols, proofs = old_rows["payment_proofs"]
    assert proofs, "the fixture has no payment proof"
    for proof in proofs:
        url = f"{server.url}/api/v1/payment-proofs/{proof[cols.index('id')]}"
        req = urllib.request.Request(url, headers={"Authorization": f"Bearer {admin}"})
        with urllib.request.urlopen(req, timeout=30) as res:
            assert res.status == 200 and res.read(), url
    log(f"the old admin and attendee sign in; the event, the paid order and {len(proofs)} uploaded proofs answer")
    server.stop()


def newer_database_refused(deb):
    log("== a database from a newer release")
    db = DATA / "lanyard.db"
    con = sqlite3.connect(db)
    con.execute("INSERT INTO schema_migrations(version, name) VALUES (9999, '9999_future.sql')")
    con.commit()
    con.close()
    before = sha256(db)
    proc = dpkg("-i", "--no-triggers", deb, check=False)
    out = proc.stdout + proc.stderr
    log(out)
    assert proc.returncode != 0, "dpkg -i succeeded on a database from a newer release"
    assert "newer than this lanyard knows" in out and "was not changed" in out, out
    assert sha256(db) == before, "the refused database was changed"
    log("refused with the reason; the database is unchanged")


def cleanup():
    if installed() or run("dpkg-query", "-W", "lanyard", check=False).returncode == 0:
        dpkg("--purge", "lanyard", check=False)
    if MARKER.exists():
        shutil.rmtree(DATA, ignore_errors=True)
        run("deluser", "--system", "lanyard", check=False)


def main():
    build, source = sys.argv[1], sys.argv[2]
    if os.geteuid() != 0:
        log("SKIP: installing a package needs root")
        return SKIP
    if MARKER.exists():
        cleanup()  # what an interrupted earlier run of this test left
    if run("dpkg-query", "-W", "lanyard", check=False).returncode == 0 or DATA.exists():
        log("SKIP: lanyard is installed or /var/lib/lanyard exists on this machine; not touching it")
        return SKIP
    deb = pathlib.Path(build, "package-test/deb").read_text().strip()
    try:
        fresh_install(deb)
        first_start()
        old_rows = load_fixture(source)
        upgrade(deb, source, old_rows)
        newer_database_refused(deb)
    finally:
        cleanup()
    assert not WANTS.is_symlink(), "purge left the unit enabled"
    log("install and upgrade: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
