#!/usr/bin/env python3
"""Keeps the layers of ARCHITECTURE.md: app -> web -> core -> storage.

Fails (exit 1, one line per finding) when
  - a file includes a higher layer: storage -> core/web/app, core -> web/app, web -> storage/app;
  - SQL appears outside storage/: a string literal (adjacent literals joined, raw strings too)
    that reads as an SQL statement, or a direct use of SQLite's API (sqlite3_*, SQLite::);
  - core/ or storage/ spells an HTTP API path (a literal containing /api/): the paths belong to
    web/, which hands core a link builder (core/common/links.h).

Usage: check_layers.py SOURCE_ROOT
Only the standard library; runs with any python3.
"""
import pathlib
import re
import sys

LAYERS = ["storage", "core", "web", "app"]  # lowest first
# What each layer may include besides itself (third-party headers use <...> and are not checked).
ALLOWED = {
    "storage": set(),
    "core": {"storage"},
    "web": {"core"},
    "app": {"web", "core", "storage"},
}
# Work in progress, one entry per file and included layer, each naming the change that removes
# it. An entry that no longer matches anything is reported too, so the list only shrinks.
# Empty since issue 10 moved routes_health, routes_operations and routes_mail onto core.
ALLOW_LIST = set()
# Plain declarations every layer may include: the table of files embedded at build time, which
# lives in the lowest layer because migrations need it.
SHARED_HEADERS = {"storage/embedded_file.h"}
# Naming a namespace of a forbidden layer is reaching into it too, even through a transitive
# include: web/ code that names storage:: is caught although it includes only core headers.
NAMESPACE_USE = {
    "web": ("storage", re.compile(r"\bstorage::")),
    "core": ("web", re.compile(r"\bweb::")),
    "storage": ("web", re.compile(r"\bweb::")),
}

SOURCE_SUFFIXES = {".cpp", ".cc", ".h", ".hpp"}
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)

# Statements as this code base writes them (upper-case keywords), anywhere in a literal.
SQL_UPPER = re.compile(
    r"\bSELECT\b[\s\S]*\bFROM\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bREPLACE\s+INTO\b"
    r"|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\b(CREATE|DROP)\s+(TEMP\s+|UNIQUE\s+)?(TABLE|INDEX|VIEW|TRIGGER)\b|\bALTER\s+TABLE\b"
    r"|\bPRAGMA\s+\w+|\bSAVEPOINT\s+\w+|\bBEGIN\s+(IMMEDIATE|EXCLUSIVE|DEFERRED|TRANSACTION)\b"
    r"|\bON\s+CONFLICT\b")
# Lower-case SQL only when the literal starts like a statement, so English prose ("Select the
# event from the list") passes.
SQL_LOWER_START = re.compile(
    r"^\s*(select\s[\s\S]*\sfrom\s|insert\s+(or\s+\w+\s+)?into\s|update\s+\w+\s+set\s"
    r"|delete\s+from\s|(create|drop)\s+(table|index|view|trigger)\s|alter\s+table\s|pragma\s+\w+)")
API_PATH = re.compile(r"/api/")
SQLITE_API = re.compile(r"\bsqlite3_\w+\s*\(|\bSQLite::\w+|#\s*include\s*<(sqlite3\.h|SQLiteCpp/)")


def strip_comments_and_split(text):
    """Returns (code without comments or literals, [(line, literal text)]) for C++ source.

    Adjacent string literals (only whitespace or comments between) are joined into one, as
    the compiler does; raw strings R"delim(...)delim" are read whole.
    """
    code = []
    literals = []
    i, n, line = 0, len(text), 1
    pending = None  # (line, [parts]) of a literal run that may continue
    last_was_literal = False

    def flush():
        nonlocal pending
        if pending is not None:
            literals.append((pending[0], "".join(pending[1])))
            pending = None

    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            code.append("\n" * text.count("\n", i, j))
            i = j
            continue
        raw = re.match(r'(?:u8|u|U|L)?R"([^(\s\\]{0,16})\(', text[i:i + 24])
        if raw and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            delim = raw.group(1)
            start = i + raw.end()
            end = text.find(")" + delim + '"', start)
            end = n if end < 0 else end
            body = text[start:end]
            if pending is None:
                pending = (line, [])
            pending[1].append(body)
            line += text.count("\n", i, end)
            code.append("\n" * text.count("\n", i, end))
            i = end + len(delim) + 2
            last_was_literal = True
            continue
        if c == '"' and not (i > 0 and text[i - 1] == "'" and i + 1 < n and text[i + 1] == "'"):
            j = i + 1
            parts = []
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n:
                    parts.append(text[j:j + 2])
                    j += 2
                    continue
                if text[j] == "\n":
                    break
                parts.append(text[j])
                j += 1
            if pending is None:
                pending = (line, [])
            pending[1].append("".join(parts).replace("\\n", "\n").replace("\\t", "\t"))
            i = j + 1
            last_was_literal = True
            continue
        if c == "'":  # a character literal: skip it whole so '"' does not open a string
            m = re.match(r"'(\\.|[^'\\])*'", text[i:])
            if m:
                code.append(" ")
                i += m.end()
                flush()
                continue
        if c.isspace():
            if c == "\n":
                line += 1
            code.append(c)
            i += 1
            continue
        if last_was_literal:
            flush()
            last_was_literal = False
        code.append(c)
        i += 1
    flush()
    return "".join(code), literals


def layer_of(rel):
    top = rel.parts[0] if rel.parts else ""
    return top if top in LAYERS else None


def check(root, allow_list=ALLOW_LIST):
    findings = []
    used_allow = set()
    for top in LAYERS:
        for path in sorted((root / top).rglob("*")):
            if path.suffix not in SOURCE_SUFFIXES or not path.is_file():
                continue
            rel = path.relative_to(root)
            layer = top
            text = path.read_text(encoding="utf-8", errors="replace")

            def breach(forbidden, source, offset, what):
                """Records a reach into `forbidden` unless the allow-list excuses this file."""
                key = (rel.as_posix(), forbidden)
                if key in allow_list:
                    used_allow.add(key)
                    return
                lineno = source.count("\n", 0, offset) + 1
                findings.append(f"{rel}:{lineno}: {layer}/ {what} of the forbidden layer {forbidden}/")

            for m in INCLUDE.finditer(text):
                target = m.group(1)
                target_layer = target.split("/", 1)[0] if "/" in target else layer
                if target_layer not in LAYERS or target_layer == layer or target in SHARED_HEADERS:
                    continue
                if target_layer not in ALLOWED[layer]:
                    breach(target_layer, text, m.start(), f"includes {target}")
            code, literals = strip_comments_and_split(text)
            if layer in NAMESPACE_USE:
                forbidden, pattern = NAMESPACE_USE[layer]
                for m in pattern.finditer(code):
                    breach(forbidden, code, m.start(), f"names {m.group(0)}")
            if layer in ("storage", "core"):
                for lineno, lit in literals:
                    if API_PATH.search(lit):
                        shown = " ".join(lit.split())[:60]
                        findings.append(f"{rel}:{lineno}: HTTP API path in {layer}/: \"{shown}\"")
            if layer == "storage":
                continue
            for lineno, lit in literals:
                if SQL_UPPER.search(lit) or SQL_LOWER_START.search(lit):
                    shown = " ".join(lit.split())[:60]
                    findings.append(f"{rel}:{lineno}: SQL outside storage/: \"{shown}\"")
            for m in SQLITE_API.finditer(code):
                lineno = code.count("\n", 0, m.start()) + 1
                findings.append(f"{rel}:{lineno}: SQLite API outside storage/: {m.group(0).strip()}")
    for key in sorted(allow_list - used_allow):
        findings.append(f"tests/layers/check_layers.py: allow-list entry {key} matches nothing "
                        f"any more: remove it")
    return findings


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    root = pathlib.Path(argv[1]).resolve()
    findings = check(root)
    for f in findings:
        print(f)
    print(f"layers: {len(findings)} finding(s) in {root}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
