// Text search through the trigram indexes (migration 0025) and list totals from counters
// (migration 0026): the triggers keep both exact through inserts, renames, status changes and
// deletes, and 1–2 character searches still work by scanning.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/orders_repo.h"
#include "storage/query.h"
#include "storage/search_match.h"
#include "storage/tickets_repo.h"
#include "tests/support/temp_dir.h"

using namespace lanyard::storage;
using lanyard::OrderStatus;

namespace {

// Rows made with plain SQL: this file tests the indexes and counters, not the repositories
// that create rows.
struct Fixture {
  lanyard::testing::TempDir dir;
  Database db{DatabaseOptions{dir.path() + "/search.db"}};

  int64_t Insert(const char* sql, const std::string& a = "", const std::string& b = "",
                 int64_t x = 0, int64_t y = 0) {
    int64_t id = 0;
    db.Write([&](Conn& c) {
      if (y) {
        id = InsertId(c, sql, a, b, x, y);
      } else if (x) {
        id = InsertId(c, sql, a, b, x);
      } else {
        id = InsertId(c, sql, a, b);
      }
      return true;
    });
    return id;
  }
  int64_t User(const std::string& name, const std::string& email) {
    return Insert("INSERT INTO users (name, email, email_norm, password_hash, created_at) "
                  "VALUES (?, ?, ?2, 'h', '2026-01-01T00:00:00Z') RETURNING id",
                  name, email);
  }
  int64_t Event(const std::string& title, const std::string& city, int64_t organizer) {
    return Insert("INSERT INTO events (title, city, organizer_id, starts_at, ends_at, created_at, "
                  "updated_at) VALUES (?, ?, ?, '2030-01-01', '2030-01-02', 't', 't') RETURNING id",
                  title, city, organizer);
  }
  int64_t Order(const std::string& code, int64_t event, int64_t user) {
    return Insert("INSERT INTO orders (code, status, event_id, user_id, total, currency, created_at) "
                  "VALUES (?, ?, ?, ?, 0, 'IDR', 't') RETURNING id",
                  code, "pending", event, user);
  }
  int64_t Type(int64_t event) {
    return Insert("INSERT INTO ticket_types (name, kind, event_id, price, created_at) "
                  "VALUES (?, ?, ?, 0, 't') RETURNING id",
                  "Regular", "free", event);
  }
  void Exec1(const char* sql, int64_t id, const std::string& text = "") {
    db.Write([&](Conn& c) {
      if (text.empty()) {
        Exec(c, sql, id);
      } else {
        Exec(c, sql, text, id);
      }
      return true;
    });
  }
};

std::vector<std::string> Holders(Database& db, int64_t event, const std::string& q, int64_t* total) {
  AttendeeFilter f;
  f.event_id = event;
  f.q = q;
  f.limit = 100;
  std::vector<std::string> out;
  for (const TicketRow& t : ListAttendees(db.Reader(), f, total)) out.push_back(t.holder_name);
  return out;
}

std::vector<std::string> OrderCodes(Database& db, int64_t event, const std::string& q,
                                    int64_t* total, std::optional<OrderStatus> status = std::nullopt) {
  EventOrderFilter f;
  f.event_id = event;
  f.q = q;
  f.status = status;
  f.limit = 100;
  std::vector<std::string> out;
  for (const OrderRow& o : ListEventOrders(db.Reader(), f, total)) out.push_back(o.code);
  return out;
}

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("search: trigram match expressions, and LIKE below 3 characters") {
  CHECK_FALSE(TrigramMatch("ab").has_value());
  CHECK_FALSE(TrigramMatch("éa").has_value());  // 2 characters, 3 bytes
  CHECK(TrigramMatch("abc") == std::optional<std::string>("\"abc\""));
  CHECK(TrigramMatch("a\"b", {"title", "city"}) == std::optional<std::string>("{title city} : \"a\"\"b\""));
  CHECK(LikePattern("ab") == "%ab%");
  // A NUL byte would end FTS5's string early (found by the event-list fuzz target): LIKE instead.
  CHECK_FALSE(TrigramMatch(std::string("abc\0\"d", 6)).has_value());
}

TEST_CASE("search: attendees by name, address or order code, renames and voids followed") {
  Fixture fx;
  const int64_t buyer = fx.User("Rani Wulandari", "rani@example.id");
  const int64_t event = fx.Event("Rust Meetup", "Bandung", buyer);
  const int64_t other_event = fx.Event("Go Meetup", "Jakarta", buyer);
  const int64_t type = fx.Type(event);
  const int64_t other_type = fx.Type(other_event);
  const int64_t order = fx.Order("QWERTYUP", event, buyer);
  const int64_t other_order = fx.Order("ASDFGHJK", other_event, buyer);
  auto add_ticket = [&](const std::string& name, const std::string& email, int64_t o, int64_t e,
                        int64_t t) {
    int64_t id = 0;
    fx.db.Write([&](Conn& c) {
      id = InsertId(c,
           "INSERT INTO tickets (holder_name, holder_email, order_id, event_id, ticket_type_id, "
           "user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, 't') RETURNING id",
           name, email, o, e, t, buyer);
      return true;
    });
    return id;
  };
  const int64_t budi = add_ticket("Budi Santoso", "budi@mail.example", order, event, type);
  add_ticket("Citra Dewi", "citra@mail.example", order, event, type);
  add_ticket("Budi Other", "budi2@mail.example", other_order, other_event, other_type);

  int64_t total = -1;
  CHECK(Holders(fx.db, event, "", &total).size() == 2);
  CHECK(total == 2);
  CHECK(Holders(fx.db, event, "santo", &total) == Names{"Budi Santoso"});  // name, any case
  CHECK(total == 1);
  CHECK(Holders(fx.db, event, "CITRA@MAIL", &total) == Names{"Citra Dewi"});  // address
  CHECK(Holders(fx.db, event, "werty", &total).size() == 2);                    // order code
  CHECK(Holders(fx.db, event, "budi", &total) == Names{"Budi Santoso"});  // not the other event's
  CHECK(Holders(fx.db, event, "Bu", &total) == Names{"Budi Santoso"});    // 2 characters: LIKE
  CHECK(total == 1);

  fx.Exec1("UPDATE tickets SET holder_name = ? WHERE id = ?", budi, "Bambang Pamungkas");
  CHECK(Holders(fx.db, event, "santo", &total).empty());
  CHECK(total == 0);
  CHECK(Holders(fx.db, event, "pamung", &total) == Names{"Bambang Pamungkas"});

  fx.Exec1("UPDATE tickets SET status = 'void' WHERE id = ?", budi);
  CHECK(Holders(fx.db, event, "pamung", &total).empty());
  CHECK(Holders(fx.db, event, "", &total).size() == 1);
  CHECK(total == 1);  // the counter followed the void
}

TEST_CASE("search: an event's orders by buyer or code, totals by status from the counters") {
  Fixture fx;
  const int64_t rani = fx.User("Rani Wulandari", "rani@example.id");
  const int64_t eko = fx.User("Eko Prasetyo", "eko@example.id");
  const int64_t event = fx.Event("Rust Meetup", "Bandung", rani);
  const int64_t other_event = fx.Event("Go Meetup", "Jakarta", rani);
  const int64_t first = fx.Order("AAAABBBB", event, rani);
  fx.Order("CCCCDDDD", event, eko);
  fx.Order("EEEEFFFF", other_event, eko);

  int64_t total = -1;
  CHECK(OrderCodes(fx.db, event, "", &total).size() == 2);
  CHECK(total == 2);
  CHECK(OrderCodes(fx.db, event, "wulan", &total) == Names{"AAAABBBB"});
  CHECK(total == 1);
  CHECK(OrderCodes(fx.db, event, "EKO@EXAMPLE", &total) == Names{"CCCCDDDD"});  // not other_event's
  CHECK(OrderCodes(fx.db, event, "ccccdddd", &total) == Names{"CCCCDDDD"});     // the code
  CHECK(OrderCodes(fx.db, event, "Ek", &total) == Names{"CCCCDDDD"});          // LIKE

  fx.Exec1("UPDATE users SET name = ? WHERE id = ?", eko, "Eko Santoso");
  CHECK(OrderCodes(fx.db, event, "prasetyo", &total).empty());
  CHECK(OrderCodes(fx.db, event, "santoso", &total) == Names{"CCCCDDDD"});

  fx.Exec1("UPDATE orders SET status = 'paid' WHERE id = ?", first);
  CHECK(OrderCodes(fx.db, event, "", &total, OrderStatus::kPaid) == Names{"AAAABBBB"});
  CHECK(total == 1);
  CHECK(OrderCodes(fx.db, event, "", &total, OrderStatus::kPending) == Names{"CCCCDDDD"});
  CHECK(total == 1);
  CHECK(OrderCodes(fx.db, event, "", &total).size() == 2);
  CHECK(total == 2);
  CHECK(OrderCodes(fx.db, event, "wulan", &total, OrderStatus::kPending).empty());
  CHECK(total == 0);
}
