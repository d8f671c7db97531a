// The SQL forms the repositories share between engines: INSERT … RETURNING id for new ids,
// case-insensitive LIKE written with lower() and an explicit escape character, and the current
// time computed in C++ (storage/utc_now.h) instead of by the engine. On both engines.
#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <regex>
#include <string>

#include "storage/database.h"
#include "storage/query.h"
#include "storage/search_match.h"
#include "storage/utc_now.h"
#include "tests/storage/engines.h"
#include "tests/support/temp_dir.h"

using lanyard::storage::LikePattern;
using lanyard::storage::Conn;
using lanyard::storage::Database;
using lanyard::storage::Exec;
using lanyard::storage::InsertId;
using lanyard::storage::ScalarInt;

namespace {

void CreateScratch(Database& db) {
  db.Write([](Conn& c) {
    c.ExecScript(std::string("CREATE TABLE words (") + lanyard::testing::IdColumn(c) +
                 ", v TEXT NOT NULL UNIQUE)");
    return true;
  });
}

int64_t CountLike(Conn& c, const std::string& text) {
  return ScalarInt(c, "SELECT COUNT(*) FROM words WHERE lower(v) LIKE lower(?) ESCAPE '\\'",
                   LikePattern(text))
      .value_or(-1);
}

}  // namespace

TEST_CASE("portable sql: INSERT RETURNING id gives each new row's id, nullopt on a skipped row") {
  lanyard::testing::TempDir dir;
  auto owned = lanyard::testing::OpenEachEngine(dir);
  Database& db = *owned;
  CreateScratch(db);
  int64_t first = 0, second = 0;
  std::optional<int64_t> skipped = 0, third;
  db.Write([&](Conn& c) {
    first = InsertId(c, "INSERT INTO words (v) VALUES (?) RETURNING id", "sate");
    second = InsertId(c, "INSERT INTO words (v) VALUES (?) RETURNING id", "soto");
    skipped = ScalarInt(c, "INSERT INTO words (v) VALUES (?) ON CONFLICT DO NOTHING RETURNING id",
                        "sate");
    third = ScalarInt(c, "INSERT INTO words (v) VALUES (?) ON CONFLICT DO NOTHING RETURNING id",
                      "rawon");
    return true;
  });
  CHECK(first > 0);
  CHECK(second == first + 1);
  CHECK_FALSE(skipped.has_value());
  CHECK(third > second);  // PostgreSQL spends a sequence value on the skipped row
  CHECK(ScalarInt(db.Reader(), "SELECT id FROM words WHERE v = ?", "rawon") == third);
  CHECK(ScalarInt(db.Reader(), "SELECT COUNT(*) FROM words") == 3);
}

TEST_CASE("portable sql: InsertId throws when the insert returned no row") {
  lanyard::testing::TempDir dir;
  auto owned = lanyard::testing::OpenEachEngine(dir);
  Database& db = *owned;
  CreateScratch(db);
  CHECK_THROWS_AS(db.Write([](Conn& c) {
    InsertId(c, "INSERT INTO words (v) VALUES (?) ON CONFLICT DO NOTHING RETURNING id", "x");
    InsertId(c, "INSERT INTO words (v) VALUES (?) ON CONFLICT DO NOTHING RETURNING id", "x");
    return true;
  }),
                  std::logic_error);
  CHECK(ScalarInt(db.Reader(), "SELECT COUNT(*) FROM words") == 0);
}

TEST_CASE("portable sql: a contains pattern ignores case and matches %, _ and \\ literally") {
  CHECK(LikePattern("sate") == "%sate%");
  CHECK(LikePattern("50%_a\\b") == "%50\\%\\_a\\\\b%");
  lanyard::testing::TempDir dir;
  auto owned = lanyard::testing::OpenEachEngine(dir);
  Database& db = *owned;
  CreateScratch(db);
  db.Write([](Conn& c) {
    for (const char* v : {"Sate Padang", "50% off", "500 off", "snake_case", "snakeXcase",
                          "back\\slash", "backslash"}) {
      Exec(c, "INSERT INTO words (v) VALUES (?)", v);
    }
    return true;
  });
  Conn& c = db.Reader();
  CHECK(CountLike(c, "SATE") == 1);
  CHECK(CountLike(c, "padang") == 1);
  CHECK(CountLike(c, "50%") == 1);
  CHECK(CountLike(c, "e_c") == 1);
  CHECK(CountLike(c, "k\\s") == 1);
  CHECK(CountLike(c, "off") == 2);
  CHECK(CountLike(c, "") == 7);
}

TEST_CASE("portable sql: the current time is written as the *_at columns hold it") {
  const std::string now = lanyard::storage::UtcNowText();
  CHECK(std::regex_match(now, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  CHECK(lanyard::storage::TextOrNow("2026-01-02T03:04:05Z") == "2026-01-02T03:04:05Z");
  CHECK(lanyard::storage::TextOrNow("") >= now);
}
