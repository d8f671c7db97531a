#include "storage/events_repo.h"

#include <mutex>
#include <set>
#include <unordered_map>

#include "storage/query.h"
#include "storage/search_match.h"

namespace lanyard::storage {

namespace {
constexpr const char* kEventColumns =
    "e.id, e.organizer_id, e.title, e.description, e.category, e.venue, e.city, e.address, "
    "e.online, e.starts_at, e.ends_at, e.status, e.review_message, e.cancel_message, "
    "e.image_stored_name, e.image_content_type, e.created_at, e.updated_at, e.time_zone, "
    "e.holder_details";

// Reads the columns of a statement run without Query (the listing binds a variable set).
struct StatementRow {
  Statement& st;
  int64_t Int(int col) { return st.Int(col); }
  bool Bool(int col) { return st.Int(col) != 0; }
  std::string Text(int col) { return st.Text(col); }
  std::optional<std::string> OptText(int col) {
    if (st.IsNull(col)) return std::nullopt;
    return st.Text(col);
  }
};

template <typename Row>
EventRow ReadEvent(Row& q) {
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
  e.status = ParseEventStatus(q.Text(11)).value();
  e.review_message = q.OptText(12);
  e.cancel_message = q.OptText(13);
  e.image_stored_name = q.OptText(14);
  e.image_content_type = q.OptText(15);
  e.created_at = q.Text(16);
  e.updated_at = q.Text(17);
  e.time_zone = q.Text(18);
  e.holder_details = q.Text(19);
  return e;
}

// A listing's SQL names only the filters that are set, so SQLite can walk an index in the
// requested order and stop after the page (migration 0007 adds the indexes); one generic clause
// with "(? = '' OR ...)" terms made every listing a full scan and sort of the events table.
// Values are always bound, to fixed parameter numbers: ?1 organizer (mine), ?3 now, ?5 q,
// ?7 title, ?9 location, ?10 city, ?11 category, ?12 organizer, ?13 from, ?14 to,
// ?15 min price, ?16 max price, ?17 limit, ?18 offset.
// `by_text`: a text filter names few events (FewTextMatches), so the unary + keeps SQLite from
// walking the listing index past every published event: it looks the named ones up instead.
std::string ListWhere(Dialect d, const EventFilter& f, bool by_text) {
  std::string w = " FROM events e WHERE ";
  const char* plus = by_text ? "+" : "";
  w += f.mine_of ? std::string(plus) + "e.organizer_id = ?1" : std::string(plus) + "e.status = 'published'";
  if (!f.include_past && !f.mine_of) w += std::string(" AND ") + plus + "e.ends_at >= ?3";
  // Text filters of 3 characters or more go through the trigram index (migration 0025).
  const char* kFts = "e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ";
  if (!f.q.empty()) {
    w += TextIndexMatch(d, f.q) ? std::string(" AND ") + kFts + "?5)"
                           : " AND (lower(e.title) LIKE lower(?5) ESCAPE '\\' "
                             "OR lower(e.description) LIKE lower(?5) ESCAPE '\\' "
                             "OR lower(e.venue) LIKE lower(?5) ESCAPE '\\' "
                             "OR lower(e.city) LIKE lower(?5) ESCAPE '\\')";
  }
  if (!f.title.empty()) w += TextIndexMatch(d, f.title) ? std::string(" AND ") + kFts + "?7)" : " AND lower(e.title) LIKE lower(?7) ESCAPE '\\'";
  if (!f.location.empty()) {
    w += TextIndexMatch(d, f.location) ? std::string(" AND ") + kFts + "?9)"
                                  : " AND (lower(e.venue) LIKE lower(?9) ESCAPE '\\' "
                                    "OR lower(e.city) LIKE lower(?9) ESCAPE '\\' "
                                    "OR lower(e.address) LIKE lower(?9) ESCAPE '\\')";
  }
  if (!f.city.empty()) w += " AND e.city = ?10 COLLATE NOCASE";
  if (!f.category.empty()) w += " AND e.category = ?11 COLLATE NOCASE";
  if (f.organizer_id) w += " AND e.organizer_id = ?12";
  if (f.overlap_from) w += " AND e.ends_at >= ?13";
  if (f.overlap_to) w += " AND e.starts_at < ?14";
  if (f.min_price) {
    w += " AND EXISTS (SELECT 1 FROM ticket_types t WHERE t.event_id = e.id AND t.price >= ?15)";
  }
  if (f.max_price) {
    w += " AND EXISTS (SELECT 1 FROM ticket_types t WHERE t.event_id = e.id AND t.price <= ?16)";
  }
  return w;
}

std::string OrderBy(const std::string& sort) {
  if (sort == "-starts_at") return " ORDER BY e.starts_at DESC, e.id DESC";
  if (sort == "title") return " ORDER BY e.title COLLATE NOCASE, e.id";
  if (sort == "-created_at") return " ORDER BY e.created_at DESC, e.id DESC";
  return " ORDER BY e.starts_at, e.id";
}

// Statements are cached per connection by the address of their text: the few hundred shapes
// a listing can take are kept here for the life of the process, each once.
const char* Interned(std::string sql) {
  static std::mutex mutex;
  static std::set<std::string> texts;  // GUARDED_BY(mutex); node-based: c_str() stays valid
  std::lock_guard<std::mutex> lock(mutex);
  return texts.insert(std::move(sql)).first->c_str();
}

void BindListing(Dialect d, Statement& st, const EventFilter& f, bool page) {
  // The same choice as ListWhere: a MATCH expression for the trigram index, or a LIKE pattern.
  auto text = [d](const std::string& s, const std::vector<std::string>& columns) {
    return TextIndexMatch(d, s, columns).value_or(LikePattern(s));
  };
  const int count = st.ParameterCount();
  auto bind_text = [&](int i, const std::string& v) { if (i <= count) st.BindText(i, v); };
  auto bind_int = [&](int i, std::optional<int64_t> v) { if (i <= count && v) st.BindInt(i, *v); };
  bind_int(1, f.mine_of);
  bind_text(3, f.now);
  if (!f.q.empty()) bind_text(5, text(f.q, {"title", "description", "venue", "city"}));
  if (!f.title.empty()) bind_text(7, text(f.title, {"title"}));
  if (!f.location.empty()) bind_text(9, text(f.location, {"venue", "city", "address"}));
  bind_text(10, f.city);
  bind_text(11, f.category);
  bind_int(12, f.organizer_id);
  if (f.overlap_from) bind_text(13, *f.overlap_from);
  if (f.overlap_to) bind_text(14, *f.overlap_to);
  bind_int(15, f.min_price);
  bind_int(16, f.max_price);
  if (page) {
    bind_int(17, f.limit);
    bind_int(18, f.offset);
  }
}

// Resets a cached statement however the caller leaves, like Query does.
struct StatementReset {
  Statement& st;
  ~StatementReset() { st.Reset(); }
};

// The total of a listing is a count over every matching event (linear in the events); pages
// are cheap index walks. Totals are kept until the next commit of any write or the next second
// (listings depend on "now"), whichever comes first, shared by all reader threads.
class ListingTotals {
 public:
  std::optional<int64_t> Find(const std::string& key, uint64_t generation, const std::string& now) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (generation != generation_ || now != now_) return std::nullopt;
    auto found = totals_.find(key);
    if (found == totals_.end()) return std::nullopt;
    return found->second;
  }
  void Store(const std::string& key, uint64_t generation, const std::string& now, int64_t total) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (generation != generation_ || now != now_) {
      if (generation < generation_ || (generation == generation_ && now < now_)) return;
      totals_.clear();
      generation_ = generation;
      now_ = now;
    }
    if (totals_.size() >= kMaxEntries) totals_.clear();
    totals_[key] = total;
  }

 private:
  static constexpr size_t kMaxEntries = 4096;
  std::mutex mutex_;
  uint64_t generation_ = 0;                            // GUARDED_BY(mutex_)
  std::string now_;                                    // GUARDED_BY(mutex_)
  std::unordered_map<std::string, int64_t> totals_;    // GUARDED_BY(mutex_)
};

std::string TotalKey(const std::string& sql, const EventFilter& f) {
  std::string key = sql;
  auto add = [&](const std::string& v) {
    key += '\x1f';
    key += v;
  };
  auto add_int = [&](const std::optional<int64_t>& v) { add(v ? std::to_string(*v) : "-"); };
  add(f.q);
  add(f.title);
  add(f.location);
  add(f.city);
  add(f.category);
  add_int(f.organizer_id);
  add_int(f.mine_of);
  add(f.overlap_from.value_or("-"));
  add(f.overlap_to.value_or("-"));
  add_int(f.min_price);
  add_int(f.max_price);
  return key;
}
}  // namespace

std::optional<EventRow> FindEvent(Conn& c, int64_t id) {
  static const std::string sql = std::string("SELECT ") + kEventColumns + " FROM events e WHERE e.id = ?";
  Query q(c, sql.c_str(), id);
  if (!q.Next()) return std::nullopt;
  return ReadEvent(q);
}

int64_t InsertEvent(Conn& c, const EventRow& e) {
  return InsertId(c,
       "INSERT INTO events (organizer_id, title, description, category, venue, city, address, "
       "online, starts_at, ends_at, status, created_at, updated_at, time_zone, holder_details) "
       "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
       e.organizer_id, e.title, e.description, e.category, e.venue, e.city, e.address, e.online,
       e.starts_at, e.ends_at, e.status, e.created_at, e.updated_at, e.time_zone,
       e.holder_details);
}

void UpdateEvent(Conn& c, const EventRow& e) {
  Exec(c,
       "UPDATE events SET title = ?, description = ?, category = ?, venue = ?, city = ?, "
       "address = ?, online = ?, starts_at = ?, ends_at = ?, status = ?, review_message = ?, "
       "cancel_message = ?, updated_at = ?, time_zone = ?, holder_details = ? WHERE id = ?",
       e.title, e.description, e.category, e.venue, e.city, e.address, e.online, e.starts_at,
       e.ends_at, e.status, e.review_message, e.cancel_message, e.updated_at, e.time_zone,
       e.holder_details, e.id);
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

int64_t CountEventHistory(Conn& c, int64_t event_id) {
  return ScalarInt(c,
                   "SELECT (SELECT COUNT(*) FROM draws WHERE event_id = ?1) + "
                   "(SELECT COUNT(*) FROM checkin_scans WHERE event_id = ?1) + "
                   "(SELECT COUNT(*) FROM competitions WHERE event_id = ?1)",
                   event_id)
      .value_or(0);
}

namespace {

// True when one of the text filters that goes through the trigram index matches fewer than
// kFewMatches events (counted up to that bound, so the probe is cheap either way).
bool FewTextMatches(Conn& c, const EventFilter& f) {
  constexpr int64_t kFewMatches = 1000;
  const std::pair<const std::string*, std::vector<std::string>> filters[] = {
      {&f.q, {"title", "description", "venue", "city"}},
      {&f.title, {"title"}},
      {&f.location, {"venue", "city", "address"}}};
  for (const auto& filter : filters) {
    if (filter.first->empty()) continue;
    auto match = TextIndexMatch(c.dialect(), *filter.first, filter.second);
    if (!match) continue;
    const int64_t n = ScalarInt(c,
                                "SELECT COUNT(*) FROM (SELECT 1 FROM events_fts "
                                "WHERE events_fts MATCH ? LIMIT ?)",
                                *match, kFewMatches)
                          .value_or(kFewMatches);
    if (n < kFewMatches) return true;
  }
  return false;
}

}  // namespace

std::vector<EventRow> ListEvents(Conn& c, const EventFilter& f, int64_t* total) {
  static ListingTotals totals;
  const std::string where = ListWhere(c.dialect(), f, FewTextMatches(c, f));
  const std::string count_sql = "SELECT COUNT(*)" + where;
  const std::string key = TotalKey(count_sql, f);
  // Read before the count: a commit after this point only makes the cached total newer.
  const uint64_t generation = CommitGeneration(c);
  if (auto cached = totals.Find(key, generation, f.now)) {
    *total = *cached;
  } else {
    Statement& st = CachedStatement(c, Interned(count_sql));
    StatementReset reset{st};
    BindListing(c.dialect(), st, f, false);
    *total = st.Step() ? st.Int(0) : 0;
    totals.Store(key, generation, f.now, *total);
  }
  Statement& st = CachedStatement(
      c, Interned(std::string("SELECT ") + kEventColumns + where + OrderBy(f.sort) + " LIMIT ?17 OFFSET ?18"));
  StatementReset reset{st};
  BindListing(c.dialect(), st, f, true);
  std::vector<EventRow> out;
  StatementRow row{st};
  while (st.Step()) out.push_back(ReadEvent(row));
  return out;
}

}  // namespace lanyard::storage
