// Repositories run the same SQL on both engines: users (RETURNING id, ON CONFLICT DO NOTHING)
// and the public event listing (a variable set of numbered parameters, LIKE search,
// COLLATE NOCASE filters and order, the cached total).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "storage/events_repo.h"
#include "storage/users_repo.h"
#include "tests/storage/engines.h"

using lanyard::storage::Conn;
using lanyard::storage::EventFilter;
using lanyard::storage::EventRow;
using lanyard::EventStatus;
using lanyard::storage::UserRow;

namespace {

std::vector<std::string> Titles(Conn& c, EventFilter f) {
  f.now = "2026-01-01T00:00:00Z";
  int64_t total = -1;
  std::vector<std::string> out;
  for (const EventRow& e : lanyard::storage::ListEvents(c, f, &total)) out.push_back(e.title);
  CHECK(total == static_cast<int64_t>(out.size()));
  return out;
}

}  // namespace

TEST_CASE("repositories: users and the event listing answer alike on both engines") {
  lanyard::testing::TempDir dir;
  auto db = lanyard::testing::OpenEachEngine(dir);
  int64_t organizer = 0;
  std::optional<int64_t> duplicate = 0;
  db->Write([&](Conn& c) {
    UserRow u;
    u.email = "Sari@Example.org";
    u.name = "Sari";
    u.role = "organizer";
    u.created_at = "2025-12-01T00:00:00Z";
    organizer = lanyard::storage::InsertUser(c, u, "sari@example.org").value_or(0);
    duplicate = lanyard::storage::InsertUser(c, u, "sari@example.org");
    auto event = [&](const char* title, const char* city, const char* starts, EventStatus s) {
      EventRow e;
      e.organizer_id = organizer;
      e.title = title;
      e.city = city;
      e.venue = "Gedung 50% Merdeka";
      e.starts_at = starts;
      e.ends_at = "2026-12-31T00:00:00Z";
      e.status = s;
      e.created_at = e.updated_at = "2025-12-01T00:00:00Z";
      lanyard::storage::InsertEvent(c, e);
    };
    event("Rust Meetup", "Bandung", "2026-03-01T09:00:00Z", EventStatus::kPublished);
    event("asado night", "BANDUNG", "2026-02-01T09:00:00Z", EventStatus::kPublished);
    event("Zine Fair", "Surabaya", "2026-04-01T09:00:00Z", EventStatus::kPublished);
    event("Draft Only", "Bandung", "2026-01-15T09:00:00Z", EventStatus::kDraft);
    return true;
  });
  REQUIRE(organizer > 0);
  CHECK_FALSE(duplicate.has_value());
  Conn& c = db->Reader();
  auto found = lanyard::storage::FindUserByEmail(c, "sari@example.org");
  REQUIRE(found.has_value());
  CHECK(found->id == organizer);
  CHECK(found->active);
  CHECK(found->phone == std::nullopt);

  EventFilter all;
  CHECK(Titles(c, all) == std::vector<std::string>{"asado night", "Rust Meetup", "Zine Fair"});
  EventFilter by_title = all;
  by_title.sort = "title";
  CHECK(Titles(c, by_title) == std::vector<std::string>{"asado night", "Rust Meetup", "Zine Fair"});
  EventFilter city = all;
  city.city = "bandung";
  CHECK(Titles(c, city) == std::vector<std::string>{"asado night", "Rust Meetup"});
  EventFilter search = all;
  search.q = "MEETUP";
  CHECK(Titles(c, search) == std::vector<std::string>{"Rust Meetup"});
  EventFilter literal = all;
  literal.location = "50%";
  CHECK(Titles(c, literal).size() == 3);
  literal.location = "5_%";
  CHECK(Titles(c, literal).empty());
  EventFilter mine = all;
  mine.mine_of = organizer;
  mine.sort = "-starts_at";
  CHECK(Titles(c, mine) ==
        std::vector<std::string>{"Zine Fair", "Rust Meetup", "asado night", "Draft Only"});
  EventFilter page = all;
  page.limit = 1;
  page.offset = 1;
  int64_t total = 0;
  page.now = "2026-01-01T00:00:00Z";
  auto rows = lanyard::storage::ListEvents(c, page, &total);
  CHECK(total == 3);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].title == "Rust Meetup");
}
