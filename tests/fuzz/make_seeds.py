#!/usr/bin/env python3
"""Writes the seed corpus of the http fuzz target and its dictionary from the API description.

Usage: make_seeds.py OPENAPI_JSON   (GET /api/v1/openapi.json of a running lanyard)

One seed per operation (ids 1, as on the demo deployment; the admin as caller so the fuzzer
starts past the role checks; a JSON body {} where the route takes one), a few with real
bodies and multipart uploads, and http.dict with the methods, path segments and every JSON
field name the routes read (scraped from web/ and core/). Run it again when routes change.
"""
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CALLERS = {"anonymous": 0, "attendee": 1, "staff": 2, "organizer": 3, "admin": 4}


def request(method, path, body=b"", content_type="application/json", extra=""):
    head = f"{method} /api/v1{path} HTTP/1.1\r\nHost: lanyard.example\r\n{extra}"
    if body or method in ("POST", "PUT", "PATCH"):
        head += f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + body


def multipart(field_values, file_name, file_type, file_bytes):
    boundary = "lanyardfuzzboundary"
    parts = []
    for name, value in field_values.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
                 f"Content-Type: {file_type}\r\n\r\n".encode() + file_bytes + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def main():
    api = json.load(open(sys.argv[1]))
    out = HERE / "corpus" / "http"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*"):
        old.unlink()
    segments = set()
    n = 0
    for path, ops in sorted(api["paths"].items()):
        concrete = re.sub(r"\{[a-z_]*id\}", "1", path)
        concrete = re.sub(r"\{[a-z_]+\}", "x", concrete)
        segments.update(s for s in path.split("/") if s and not s.startswith("{"))
        for method, op in sorted(ops.items()):
            method = method.upper()
            body = b"{}" if method in ("POST", "PUT", "PATCH") else b""
            caller = CALLERS["admin"] if "security" in op else CALLERS["anonymous"]
            (out / f"{n:03d}").write_bytes(bytes([caller]) + request(method, concrete, body))
            n += 1
    samples = [
        ("anonymous", "POST", "/auth/login", {"email": "demo-rani@example.org", "password": "bandung-rani"}),
        ("anonymous", "POST", "/auth/register", {"email": "new@example.org", "password": "a long password", "name": "Nia"}),
        ("attendee", "POST", "/orders", {"event_id": 1, "items": [{"ticket_type_id": 1, "quantity": 2}],
                                         "holders": [{"name": "Ayu", "email": "ayu@example.org"}]}),
        ("organizer", "POST", "/events", {"title": "Meetup", "starts_at": "2027-01-16T02:00:00Z",
                                          "ends_at": "2027-01-16T10:00:00Z", "location": "Bandung", "kind": "offline"}),
        ("organizer", "PATCH", "/events/1", {"title": "Renamed", "time_zone": "Asia/Makassar"}),
        ("organizer", "POST", "/events/1/ticket-types", {"name": "Early", "price": 50000, "quota": 10}),
        ("staff", "POST", "/checkin", {"event_id": 1, "code": "K7QX2M9A-2"}),
        ("staff", "POST", "/checkin/batch", {"event_id": 1, "device_id": "d1", "scans": [
            {"nonce": "n1", "code": "L1abc", "scanned_at": "2027-01-16T02:00:00Z", "admitted": True}]}),
        ("organizer", "POST", "/events/1/draws", {"name": "Raffle", "prizes": [{"name": "Mug", "count": 2}]}),
        ("admin", "PUT", "/settings", {"trusted_proxies": "10.0.0.0/8", "timezone": "Asia/Jakarta"}),
        ("organizer", "POST", "/events/1/campaigns", {"subject": "Hi {{name}}", "body": "**Hello**", "audience": "paid"}),
    ]
    for who, method, path, body in samples:
        (out / f"{n:03d}").write_bytes(bytes([CALLERS[who]]) + request(method, path, json.dumps(body).encode()))
        n += 1
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000000000200015e27a40000000049454e44ae426082")
    uploads = [
        ("attendee", "POST", "/orders/1/proofs", {"note": "transfer BCA"}, "proof.png", "image/png", png),
        ("attendee", "POST", "/orders/1/proofs", {}, "proof.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n"),
        ("organizer", "PUT", "/events/1/image", {}, "cover.png", "image/png", png),
        ("organizer", "POST", "/events/1/bank-statements", {"date_column": "Date"}, "statement.csv", "text/csv",
         b"Date,Description,Amount\n2027-01-10,TRF K7QX2M9A,150000\n2027-01-11,Admin fee,-5000\n"),
    ]
    for who, method, path, fields, name, ctype, data in uploads:
        body, content_type = multipart(fields, name, ctype, data)
        (out / f"{n:03d}").write_bytes(bytes([CALLERS[who]]) + request(method, path, body, content_type))
        n += 1
    chunked = b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
    (out / f"{n:03d}").write_bytes(bytes([0]) + chunked)

    fields = set()
    for source in list((ROOT / "web").glob("*.cpp")) + list((ROOT / "core").rglob("*.cpp")):
        fields.update(re.findall(r'\("([a-z][a-z_]{1,30})"', source.read_text()))
    words = sorted({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "/api/v1/", "HTTP/1.1", "\\x0d\\x0a",
                    "Content-Length: ", "Transfer-Encoding: chunked", "Content-Type: application/json",
                    "multipart/form-data; boundary=", "Range: bytes=", "?limit=", "&offset="} | segments)
    with open(HERE / "http.dict", "w") as d:
        d.write("# Generated by make_seeds.py: methods, path segments, header parts, JSON field names.\n")
        for w in words:
            d.write(f'"{w}"\n')
        for f in sorted(fields):
            d.write(f'"\\"{f}\\""\n')
    print(f"{n + 1} seeds, {len(words) + len(fields)} dictionary entries")


if __name__ == "__main__":
    main()
