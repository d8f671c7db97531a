#include "storage/events_repo.h"

#include "storage/query.h"

namespace lanyard::storage {

namespace {
constexpr const char* kEventColumns =
    "e.id, e.organizer_id, e.title, e.description, e.category, e.venue, e.city, e.address, "
    "e.online, e.starts_at, e.ends_at, e.status, e.review_message, e.cancel_message, "
    "e.image_stored_name, e.image_content_type, e.created_at, e.updated_at";

EventRow ReadEvent(Query& q) {
  EventRow e;
  e.id = q.Int(0);
  e.organizer_id = q.Int(1);
  e.title = q.Text(2);
  e.description = q.Text(3);
  e.category = q.Text(4);
  e.venue = q.Text(5);
  e.city = q.Text(6);
  e.address = q.Text(7);
  e.online = q.Bool(8);
  e.starts_at = q.Text(9);
  e.ends_at = q.Text(10);
  e.status = q.Text(11);
  e.review_message = q.OptText(12);
  e.cancel_message = q.OptText(13);
  e.image_stored_name = q.OptText(14);
  e.image_content_type = q.OptText(15);
  e.created_at = q.Text(16);
  e.updated_at = q.Text(17);
  return e;
}

// The WHERE clause shared by the count and the page; every value is bound.
const char* const kListWhere =
    " FROM events e WHERE "
    "(CASE WHEN ?1 IS NOT NULL THEN e.organizer_id = ?1 ELSE e.status = 'published' END) "
    "AND (?2 = 1 OR ?1 IS NOT NULL OR e.ends_at >= ?3) "
    "AND (?4 = '' OR e.title LIKE ?5 OR e.description LIKE ?5 OR e.venue LIKE ?5 OR e.city LIKE ?5) "
    "AND (?6 = '' OR e.title LIKE ?7) "
    "AND (?8 = '' OR e.venue LIKE ?9 OR e.city LIKE ?9 OR e.address LIKE ?9) "
    "AND (?10 = '' OR e.city = ?10 COLLATE NOCASE) "
    "AND (?11 = '' OR e.category = ?11 COLLATE NOCASE) "
    "AND (?12 IS NULL OR e.organizer_id = ?12) "
    "AND (?13 IS NULL OR e.ends_at >= ?13) "
    "AND (?14 IS NULL OR e.starts_at < ?14) "
    "AND (?15 IS NULL OR EXISTS (SELECT 1 FROM ticket_types t WHERE t.event_id = e.id AND t.price >= ?15)) "
    "AND (?16 IS NULL OR EXISTS (SELECT 1 FROM ticket_types t WHERE t.event_id = e.id AND t.price <= ?16))";

std::string OrderBy(const std::string& sort) {
  if (sort == "-starts_at") return " ORDER BY e.starts_at DESC, e.id DESC";
  if (sort == "title") return " ORDER BY e.title COLLATE NOCASE, e.id";
  if (sort == "-created_at") return " ORDER BY e.created_at DESC, e.id DESC";
  return " ORDER BY e.starts_at, e.id";
}
}  // namespace

std::optional<EventRow> FindEvent(Conn& c, int64_t id) {
  static const std::string sql = std::string("SELECT ") + kEventColumns + " FROM events e WHERE e.id = ?";
  Query q(c, sql.c_str(), id);
  if (!q.Next()) return std::nullopt;
  return ReadEvent(q);
}

int64_t InsertEvent(Conn& c, const EventRow& e) {
  Exec(c,
       "INSERT INTO events (organizer_id, title, description, category, venue, city, address, "
       "online, starts_at, ends_at, status, created_at, updated_at) "
       "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
       e.organizer_id, e.title, e.description, e.category, e.venue, e.city, e.address, e.online,
       e.starts_at, e.ends_at, e.status, e.created_at, e.updated_at);
  return c.LastInsertId();
}

void UpdateEvent(Conn& c, const EventRow& e) {
  Exec(c,
       "UPDATE events SET title = ?, description = ?, category = ?, venue = ?, city = ?, "
       "address = ?, online = ?, starts_at = ?, ends_at = ?, status = ?, review_message = ?, "
       "cancel_message = ?, updated_at = ? WHERE id = ?",
       e.title, e.description, e.category, e.venue, e.city, e.address, e.online, e.starts_at,
       e.ends_at, e.status, e.review_message, e.cancel_message, e.updated_at, e.id);
}

void DeleteEvent(Conn& c, int64_t id) {
  Exec(c, "DELETE FROM ticket_types WHERE event_id = ?", id);
  Exec(c, "DELETE FROM events WHERE id = ?", id);
}

void SetEventImage(Conn& c, int64_t id, const std::string& stored_name,
                   const std::string& content_type, const std::string& now) {
  Exec(c,
       "UPDATE events SET image_stored_name = ?, image_content_type = ?, updated_at = ? WHERE id = ?",
       stored_name, content_type, now, id);
}

int64_t CountEventOrders(Conn& c, int64_t event_id) {
  return ScalarInt(c, "SELECT COUNT(*) FROM orders WHERE event_id = ?", event_id).value_or(0);
}

std::vector<EventRow> ListEvents(Conn& c, const EventFilter& f, int64_t* total) {
  auto like = [](const std::string& s) { return s.empty() ? std::string() : "%" + s + "%"; };
  static const std::string count_sql = std::string("SELECT COUNT(*)") + kListWhere;
  {
    Query q(c, count_sql.c_str(), f.mine_of, f.include_past, f.now, f.q, like(f.q), f.title,
            like(f.title), f.location, like(f.location), f.city, f.category, f.organizer_id,
            f.overlap_from, f.overlap_to, f.min_price, f.max_price);
    *total = q.Next() ? q.Int(0) : 0;
  }
  // One cached statement per sort order (the ORDER BY cannot be bound).
  static const std::string sql_by_start = std::string("SELECT ") + kEventColumns + kListWhere + OrderBy("starts_at") + " LIMIT ?17 OFFSET ?18";
  static const std::string sql_by_start_desc = std::string("SELECT ") + kEventColumns + kListWhere + OrderBy("-starts_at") + " LIMIT ?17 OFFSET ?18";
  static const std::string sql_by_title = std::string("SELECT ") + kEventColumns + kListWhere + OrderBy("title") + " LIMIT ?17 OFFSET ?18";
  static const std::string sql_by_created = std::string("SELECT ") + kEventColumns + kListWhere + OrderBy("-created_at") + " LIMIT ?17 OFFSET ?18";
  const std::string& sql = f.sort == "-starts_at" ? sql_by_start_desc
                           : f.sort == "title"    ? sql_by_title
                           : f.sort == "-created_at" ? sql_by_created
                                                     : sql_by_start;
  Query q(c, sql.c_str(), f.mine_of, f.include_past, f.now, f.q, like(f.q), f.title, like(f.title),
          f.location, like(f.location), f.city, f.category, f.organizer_id, f.overlap_from,
          f.overlap_to, f.min_price, f.max_price, f.limit, f.offset);
  std::vector<EventRow> out;
  while (q.Next()) out.push_back(ReadEvent(q));
  return out;
}

}  // namespace lanyard::storage
