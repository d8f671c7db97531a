#pragma once
// The counters that tell every instance sharing a PostgreSQL database what the others have
// committed (migrations_postgres/0032): `lanyard_commits`, moved after every commit, and
// `lanyard_settings`, moved after every settings change — each before the change is answered.
// Read together in one round trip, at most once per SharedCountersScope (one request), so a
// request's caches (reply cache, session check, listing totals, settings) all see at least
// what any instance had answered when the request began. On SQLite nothing here touches the
// database: one process, its own commits (the functions answer at once, the scope is empty).
//
// Thread safety: every function may be called from any thread; a scope belongs to its thread.
#include <cstdint>

#include "storage/conn.h"
#include "storage/database.h"

namespace lanyard::storage {

// The database's commit counter as seen through `c` (PostgreSQL: the value the thread's
// current scope read, else one round trip); 0 on SQLite. Also records the settings counter
// read with it (SettingsChangesSeen). Throws what `c` throws.
uint64_t SharedCommitCounter(Conn& c);

// The highest settings counter this process has read from the database (0 on SQLite, and
// before the first read). Settings reload when it moves past the one they were loaded under.
uint64_t SettingsChangesSeen();

// Moves the settings counter (PostgreSQL; nothing on SQLite). Call after the settings change
// committed and before answering. Never throws (the next settings change moves it again).
void AnnounceSettingsChange(Database& db);

// For its lifetime, the calling thread's reads of the counters answer the values read once at
// construction (PostgreSQL: one round trip through `db`'s reader; nothing on SQLite). Construct
// it before any data of the scope is read (the router: at the start of each request).
class SharedCountersScope {
 public:
  explicit SharedCountersScope(Database& db);
  ~SharedCountersScope();
  SharedCountersScope(const SharedCountersScope&) = delete;
  SharedCountersScope& operator=(const SharedCountersScope&) = delete;

 private:
  bool active_ = false;
};

}  // namespace lanyard::storage
