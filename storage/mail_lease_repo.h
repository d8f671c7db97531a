#pragma once
// The SQL of the mail outbox's leases (migration 0031): several instances over one PostgreSQL
// send from one outbox, and no row may go out twice.
//
// An instance claims due rows for a while (lease_owner = its instance id, lease_until = UTC unix
// seconds), renews its leases while it sends, marks a row handing_over right before the end of
// DATA, and records the outcome only while it still holds the lease (mail_repo.h MarkMail*
// with a MailLease). A row whose lease ran out is due again: another instance claims it, and if
// it was marked handing_over records it as sent instead of sending it again.
// Times are the instances' clocks (keep them NTP-synced; the lease length covers small skew).
// Every function runs inside a unit of work (Database::Write); SQLite's single process never
// needs them, but they behave the same there (the storage tests run them on both engines).
//
// Isolation: on PostgreSQL each of them — and MarkMailSent/Retry/Failed with a lease — lowers
// its unit to READ COMMITTED, so it must be the unit's first query and the unit should do
// nothing else. At SERIALIZABLE the instances' claims and outcomes fail their serialization
// checks against each other all the time (predicate locks on the outbox index). READ COMMITTED
// is safe for these statements: each is one UPDATE whose WHERE names the lease (owner, until),
// and PostgreSQL checks that WHERE again on the newest version of every row it changes, so a
// row another instance took or recorded meanwhile is left alone.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/conn.h"
#include "storage/mail_repo.h"

namespace lanyard::storage {

// Claims up to `limit` queued rows due at `now_text` (RFC 3339) whose lease is free or ran out
// (lease_until <= now, UTC seconds) for `owner` until `lease_until`; oldest due first, campaign
// mails last. On PostgreSQL the rows are picked with FOR UPDATE SKIP LOCKED: instances claiming
// at the same moment take different rows without waiting for each other. Returns the claimed
// rows (with their handing_over mark) in that order.
std::vector<OutboxRow> ClaimDueMails(Conn& conn, std::string_view owner, std::string_view now_text,
                                     int64_t now, int64_t lease_until, int limit);

// Whether a claim at `now_text` / `now` would find a row: a read, so that a sender woken by every
// commit takes a writer session only when there is something to claim. Any connection.
bool AnyMailClaimable(Conn& conn, std::string_view now_text, int64_t now);

// Moves every lease `owner` still holds at `now` (queued rows) to `lease_until`; returns how many.
int RenewMailLeases(Conn& conn, std::string_view owner, int64_t now, int64_t lease_until);

// Marks row `id` as being handed over, if `owner` holds its lease at `now`; false otherwise (the
// transfer must then be aborted: another instance may be sending it).
bool MarkMailHandingOver(Conn& conn, int64_t id, std::string_view owner, int64_t now);

// Gives back every queued row `owner` holds that is not marked handing_over (a sender that
// stops: another instance may claim them at once). A marked row keeps its lease until it runs
// out: its mail may have reached the server. Returns how many were released.
int ReleaseMailLeases(Conn& conn, std::string_view owner);

// When the sender should look again: the earliest next_attempt_at of queued rows nobody holds
// at `now` (RFC 3339), and the earliest end of a lease still running (UTC seconds).
// PostgreSQL: lowers the current unit to READ COMMITTED (see "Isolation" above); must come
// before the unit's first query. SQLite: nothing (one writer).
void UseLeaseIsolation(Conn& conn);

struct MailWakeTimes {
  std::optional<std::string> next_due;
  std::optional<int64_t> lease_ends;
};
MailWakeTimes NextMailWake(Conn& conn, int64_t now);

}  // namespace lanyard::storage
