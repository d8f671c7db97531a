#!/bin/sh
# Writes lanyard.1 from the binary's own --help (help2man), with one section per command from
# `lanyard COMMAND --help`, so the man page never drifts from the CLI.
# The ENVIRONMENT section comes from the packaged env file (every variable the code reads, kept
# complete by ctest package/env_file_complete).
# Usage: make-manpage.sh LANYARD_BINARY VERSION OUTPUT ENV_FILE
set -eu
binary=$1
version=$2
output=$3
env_file=$4
include=$(mktemp)
trap 'rm -f "$include"' EXIT

{
  echo '[COMMANDS]'
  # The subcommands as the root help lists them, and the two-word ones under `admin` and `draw`.
  for cmd in $("$binary" --help | awk '/^Subcommands:/ {on=1; next} on && NF {print $1}') \
             "admin create" "draw verify" "export attendees"; do
    # shellcheck disable=SC2086 # two-word commands split on purpose
    text=$("$binary" $cmd --help 2>/dev/null) || continue
    printf '.TP\n\\fBlanyard %s\\fR\n.nf\n' "$cmd"
    # The usage line names the binary's path at build time: show the installed name.
    printf '%s\n' "$text" | sed -e "s|$binary|lanyard|g" -e 's/\\/\\e/g' -e 's/^\./\\\&./' \
      -e "s/^'/\\\\\\&'/"
    echo '.fi'
  done
  echo '[ENVIRONMENT]'
  echo 'Every flag has a variable (flag > variable > settings table > default); the packaged service'
  echo 'reads them from /etc/default/lanyard.'
  # Each "#NAME=default" line with the comment block above it.
  awk '/^#[A-Z_]+=/ { split(substr($0, 2), kv, "="); printf ".TP\n.B %s\n%s", kv[1], text;
                      if (kv[2] != "") printf " Default: %s.", kv[2]; print ""; text = ""; next }
       /^# / { text = text substr($0, 3) " "; next }
       { text = "" }' "$env_file" | sed -e 's/\\/\\e/g' -e 's/-/\\-/g'
  cat <<'MAN'
[FILES]
.TP
.I /var/lib/lanyard
The data directory of the packaged service: the database (lanyard.db), secrets (mode 0600),
uploads, the mail outbox, backups (backups/, and backups/pre-upgrade/ taken before each upgrade).
.TP
.I /etc/default/lanyard
The service's environment: every LANYARD_* variable, commented, with its default.
.TP
.I /lib/systemd/system/lanyard.service
The hardened unit (Type=notify, user lanyard). Change it with \fBsystemctl edit lanyard\fR.
[EXAMPLES]
Create the first admin of the packaged service:
.PP
.nf
  sudo -u lanyard lanyard admin create \-\-data /var/lib/lanyard \-\-email you@example.org
.fi
.PP
Follow the service's log, with the first start's one-time setup link:
.PP
.nf
  journalctl \-u lanyard
.fi
MAN
} >"$include"

help2man --no-info --no-discard-stderr --section=1 --source="Lanyard $version" \
  --version-string="$version" \
  --name="event registration, payments, QR tickets and check-in in one binary" \
  --include="$include" --output="$output" "$binary"
