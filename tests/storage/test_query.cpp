// storage::Query: Columns reads a row into typed fields in column order, NULL as nullopt;
// ColumnsFrom does the same from a later column. On both engines.
#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/query.h"
#include "tests/storage/engines.h"
#include "tests/support/temp_dir.h"

using lanyard::storage::Conn;
using lanyard::storage::Query;

TEST_CASE("query: Columns reads each column by its field's type, NULL as nullopt") {
  lanyard::testing::TempDir dir;
  auto db = lanyard::testing::OpenEachEngine(dir);
  Conn& c = db->Reader();
  Query q(c, "SELECT 42, 'Sari', 2.5, 1, NULL, NULL, 7, 'x'");
  REQUIRE(q.Next());
  int64_t number = 0;
  std::string name;
  double ratio = 0;
  bool flag = false;
  std::optional<int64_t> no_number = 5;
  std::optional<std::string> no_text = std::string("set");
  std::optional<int64_t> some_number;
  std::optional<std::string> some_text;
  q.Columns(number, name, ratio, flag, no_number, no_text, some_number, some_text);
  CHECK(number == 42);
  CHECK(name == "Sari");
  CHECK(ratio == doctest::Approx(2.5));
  CHECK(flag);
  CHECK_FALSE(no_number.has_value());
  CHECK_FALSE(no_text.has_value());
  CHECK(some_number == 7);
  CHECK(some_text == std::string("x"));
}

TEST_CASE("query: ColumnsFrom starts at a later column, for a row a join puts after another") {
  lanyard::testing::TempDir dir;
  auto db = lanyard::testing::OpenEachEngine(dir);
  Query q(db->Reader(), "SELECT 1, 'skipped', 3, 'Dimas'");
  REQUIRE(q.Next());
  int64_t id = 0;
  std::string name;
  q.ColumnsFrom(2, id, name);
  CHECK(id == 3);
  CHECK(name == "Dimas");
}
