#!/usr/bin/env python3
"""Writes the seed corpora of the unit fuzz targets from the repository's own fixtures: mail
templates (assets/mail/en.json, id.json), draw proofs (tests/fixtures/draw_vectors.json), bank
statements (tests/fixtures/bank), request heads, ticket codes and references. Run again when
the fixtures change. The layouts follow each target's FuzzedDataProvider reads: strings from
the front (a backslash followed by another character ends a random-length string), integers
and booleans from the back."""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def write(target, seeds):
    out = HERE / "corpus" / target
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*"):
        old.unlink()
    for i, seed in enumerate(seeds):
        (out / f"{i:03d}").write_bytes(seed)


def random_length(text: bytes) -> bytes:
    return text.replace(b"\\", b"\\\\") + b"\\x"


def main():
    values = json.dumps({"name": "Rani", "event": {"title": "DevFest"}, "items": [1, 2], "paid": True,
                         "link_html": "<a href='x'>x</a>"}).encode()
    templates = []
    for lang in ("en", "id"):
        for kind, parts in json.load(open(ROOT / "assets/mail" / f"{lang}.json")).items():
            for text in (parts.values() if isinstance(parts, dict) else [parts]):
                if isinstance(text, str) and "{{" in text:
                    templates.append(random_length(values) + text.encode())
    write("mail_template", templates[:60])

    vectors = json.load(open(ROOT / "tests/fixtures/draw_vectors.json"))
    write("draw_proof", [json.dumps(p.get("proof", p)).encode() for p in vectors["proofs"]][:20])

    write("bank_statement", [p.read_bytes() + b"\x00" * 8 for p in sorted((ROOT / "tests/fixtures/bank").glob("*.csv"))])

    heads = [
        b"GET /api/v1/events?limit=5 HTTP/1.1\r\nHost: a\r\n\r\n",
        b"POST /api/v1/orders HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n",
        b"POST /api/v1/orders/1/proofs HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
        b"GET /uploads/a.png HTTP/1.1\r\nHost: a\r\nRange: bytes=0-10\r\n\r\n",
        b"GET / HTTP/1.0\r\nConnection: close\r\nAccept-Encoding: gzip\r\n\r\n",
    ]
    write("request_head", heads)

    ids = b"\x00\x00\x00\x00\x00\x00\x30\x39" + b"\x00\x00\x00\x00\x00\x00\x00\x03"
    texts = [b"L1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEfGhIjKlMnOpQrStUv",
             b"K7QX2M9A-2", b"k7qx2m9a 12", b"K7QX2M9A#9999", b" K7QX2M9A ", b"L1"]
    # FuzzedDataProvider takes the two ids from the end, the text from the front.
    write("ticket_code", [t + ids for t in texts])

    write("event_list", [random_length(b"dev") + random_length(b"") * 5 + random_length(b"2027-01") + b"\x00" * 16,
                         random_length(b"") * 6 + random_length(b"2027-01-16") + random_length(b"2027-01-01") +
                         random_length(b"") + random_length(b"10000") + random_length(b"500000") + b"\x01" * 16])


if __name__ == "__main__":
    main()
