#include "storage/event_times_repo.h"

#include <stdexcept>

#include "storage/query.h"

namespace lanyard::storage {

namespace {

// How to read and write one table's event-bound times. The statements are literals (Query
// caches them by address); `select` yields the id then the columns, `update` binds the columns
// then the id.
struct TableSql {
  EventTimeTable table;
  size_t columns;
  const char* select;
  const char* update;
};

constexpr TableSql kTables[] = {
    {EventTimeTable::kTicketTypes, 2,
     "SELECT id, sales_start, sales_end FROM ticket_types WHERE event_id = ? ORDER BY id",
     "UPDATE ticket_types SET sales_start = ?, sales_end = ? WHERE id = ?"},
    {EventTimeTable::kSessions, 2,
     "SELECT id, starts_at, ends_at FROM sessions WHERE event_id = ? ORDER BY id",
     "UPDATE sessions SET starts_at = ?, ends_at = ? WHERE id = ?"},
    {EventTimeTable::kNominationSettings, 4,
     "SELECT event_id, nominations_open, nominations_close, voting_open, voting_close "
     "FROM nomination_settings WHERE event_id = ?",
     "UPDATE nomination_settings SET nominations_open = ?, nominations_close = ?, "
     "voting_open = ?, voting_close = ? WHERE event_id = ?"},
    {EventTimeTable::kCompetitions, 2,
     "SELECT id, registration_opens, registration_closes FROM competitions "
     "WHERE event_id = ? ORDER BY id",
     "UPDATE competitions SET registration_opens = ?, registration_closes = ? WHERE id = ?"},
    {EventTimeTable::kCompetitionStages, 1,
     "SELECT s.id, s.deadline FROM competition_stages s "
     "JOIN competitions k ON k.id = s.competition_id WHERE k.event_id = ? ORDER BY s.id",
     "UPDATE competition_stages SET deadline = ? WHERE id = ?"},
    {EventTimeTable::kScheduledCampaigns, 1,
     "SELECT id, scheduled_at FROM campaigns WHERE event_id = ? AND status = 'scheduled' "
     "ORDER BY id",
     "UPDATE campaigns SET scheduled_at = ? WHERE id = ? AND status = 'scheduled'"},
};

const TableSql& SqlOf(EventTimeTable table) {
  for (const TableSql& t : kTables) {
    if (t.table == table) return t;
  }
  throw std::invalid_argument("unknown event time table");
}

}  // namespace

std::vector<EventTimeRow> ListEventTimeRows(Conn& c, int64_t event_id) {
  std::vector<EventTimeRow> out;
  for (const TableSql& t : kTables) {
    Query q(c, t.select, event_id);
    while (q.Next()) {
      EventTimeRow row;
      row.table = t.table;
      row.id = q.Int(0);
      for (size_t i = 0; i < t.columns; ++i) row.times.push_back(q.OptText(static_cast<int>(i) + 1));
      out.push_back(std::move(row));
    }
  }
  return out;
}

void UpdateEventTimeRow(Conn& c, const EventTimeRow& row) {
  const TableSql& t = SqlOf(row.table);
  if (row.times.size() != t.columns) throw std::invalid_argument("wrong number of event times");
  const auto& v = row.times;
  switch (t.columns) {
    case 1:
      Exec(c, t.update, v[0], row.id);
      break;
    case 2:
      Exec(c, t.update, v[0], v[1], row.id);
      break;
    case 4:
      Exec(c, t.update, v[0], v[1], v[2], v[3], row.id);
      break;
    default:
      throw std::invalid_argument("unexpected column count");
  }
}

}  // namespace lanyard::storage
