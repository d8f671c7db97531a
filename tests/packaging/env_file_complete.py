#!/usr/bin/env python3
"""ctest package/env_file_complete: /etc/default/lanyard (packaging/deb/lanyard.env) names every
environment variable the code reads, each commented out with a comment above it, and nothing
the code does not read.

A variable is "read" when app/, core/, web/ or storage/ passes a LANYARD_* literal to CLI11's
envname(), getenv() or the Env() helper. Usage: env_file_complete.py SOURCE_DIR
"""
import pathlib
import re
import sys

READ = re.compile(r'(?:envname|getenv|Env)\(\s*"(LANYARD_[A-Z0-9_]+)"')
ENTRY = re.compile(r"^#(LANYARD_[A-Z0-9_]+)=", re.M)


def main() -> int:
    root = pathlib.Path(sys.argv[1])
    read = set()
    for layer in ("app", "core", "web", "storage"):
        for path in (root / layer).rglob("*"):
            if path.suffix in (".cpp", ".h"):
                read.update(READ.findall(path.read_text(encoding="utf-8", errors="replace")))
    text = (root / "packaging/deb/lanyard.env").read_text(encoding="utf-8")
    listed = ENTRY.findall(text)
    failures = []
    if not read:
        failures.append("found no variable in the sources: the pattern no longer matches the code")
    for name in sorted(read - set(listed)):
        failures.append(f"{name} is read by the code but missing from packaging/deb/lanyard.env")
    for name in sorted(set(listed) - read):
        failures.append(f"{name} is in packaging/deb/lanyard.env but no code reads it")
    for name in listed:
        if listed.count(name) > 1:
            failures.append(f"{name} is listed more than once")
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = ENTRY.match(line)
        if m and (i == 0 or not lines[i - 1].startswith("# ")):
            failures.append(f"{m.group(1)} has no comment above it")
    for line in lines:
        if line.strip() and not line.startswith("#"):
            failures.append(f"an active line (settings stay commented, at their default): {line}")
    for f in failures:
        print("FAIL:", f)
    print(f"{len(read)} variables read by the code, {len(listed)} in the env file")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
