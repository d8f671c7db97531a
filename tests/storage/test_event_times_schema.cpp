// Every time column of a table that belongs to an event is either an event-bound wall time that
// moves when the event moves to another time zone (storage/event_times_repo.h, and the event's
// own start and end) or an instant that records or derives from something that happened. A new
// column must be placed in one of the two lists below, or this test fails: nobody adds a planned
// time that a zone change silently leaves behind.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/query.h"
#include "tests/support/temp_dir.h"

using lanyard::storage::Conn;
using lanyard::storage::Database;
using lanyard::storage::DatabaseOptions;

namespace {

// Planned wall times: moved by a zone change that keeps wall-clock times.
const std::set<std::string> kMoved = {
    "events.starts_at",         "events.ends_at",
    "ticket_types.sales_start", "ticket_types.sales_end",
    "sessions.starts_at",       "sessions.ends_at",
    "nomination_settings.nominations_open", "nomination_settings.nominations_close",
    "nomination_settings.voting_open",      "nomination_settings.voting_close",
    "competitions.registration_opens",      "competitions.registration_closes",
    "competition_stages.deadline",          "campaigns.scheduled_at",
};

// Instants whose name does not say so ("…ed_at", created_at, updated_at say it themselves).
const std::set<std::string> kInstants = {
    "orders.expires_at",               // placed + the payment window
    "team_invites.expires_at",         // made + its hours
    "draw_winners.claim_deadline",     // awarded + the claim window
    "checkin_scans.at",                // when a scan happened
    "scanner_devices.last_sync_at",    // when a phone last synced
    "scanner_devices.first_seen_at",   // when a phone first synced
    "draws.drawn_at",                  // when the draw was performed
    "orders.paid_at",                  // when the money was confirmed
    "orders.reminder_sent_at",         // when the payment reminder went out
    "tickets.checked_in_at",           // when the holder came in
};

bool EndsWith(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

bool TimeLike(const std::string& column) {
  for (const char* tail : {"_at", "deadline", "_start", "_end", "_open", "_close", "_opens", "_closes"}) {
    if (EndsWith(column, tail)) return true;
  }
  return column == "at";
}

// Named for what happened: paid_at's kin ("…ed_at"), created_at, updated_at.
bool SaysHappened(const std::string& column) {
  return (EndsWith(column, "ed_at") && column != "scheduled_at") || column == "created_at" ||
         column == "updated_at";
}

}  // namespace

TEST_CASE("event times: every time column of an event's tables is planned (moved) or an instant") {
  lanyard::testing::TempDir dir;
  Database db(DatabaseOptions{dir.path() + "/times.db"});
  std::vector<std::string> unplaced;
  std::set<std::string> seen;
  db.Write([&](Conn& c) {
    std::vector<std::string> tables;
    {
      lanyard::storage::Query q(c, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
      while (q.Next()) tables.push_back(q.Text(0));
    }
    for (const std::string& table : tables) {
      std::vector<std::pair<std::string, std::string>> columns;  // name, declared type
      lanyard::storage::Query info(c, "SELECT name, type FROM pragma_table_info(?)", table);
      while (info.Next()) columns.emplace_back(info.Text(0), info.Text(1));
      bool of_event = table == "events" || table == "competition_stages";
      for (const auto& col : columns) of_event = of_event || col.first == "event_id";
      if (!of_event) continue;
      for (const auto& col : columns) {
        if (col.second != "TEXT" || !TimeLike(col.first)) continue;
        const std::string key = table + "." + col.first;
        seen.insert(key);
        if (!kMoved.count(key) && !kInstants.count(key) && !SaysHappened(col.first)) unplaced.push_back(key);
      }
    }
    return true;
  });
  INFO("time columns neither moved by a zone change nor known instants: add them to "
       "storage/event_times_repo.cpp (planned) or to kInstants here (happened)");
  std::string listed;
  for (const std::string& key : unplaced) listed += key + " ";
  CHECK(listed == "");
  // The lists name real columns (a renamed one would otherwise slip through).
  for (const std::string& key : kMoved) {
    INFO(key);
    CHECK(seen.count(key) == 1);
  }
}
