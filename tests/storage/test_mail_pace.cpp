// The shared pace of campaign mails (storage/mail_pace_repo.h, migration 0034) on both engines:
// slots follow each other `gap` apart and never lie in the past; on PostgreSQL two instances
// reserving at once get different slots that still follow each other.
#include <doctest/doctest.h>

#include <algorithm>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "storage/database.h"
#include "storage/mail_pace_repo.h"
#include "tests/storage/engines.h"

namespace st = lanyard::storage;

namespace {

int64_t Reserve(st::Database& db, int64_t now_ms, int64_t gap_ms, const char* name = "campaign") {
  int64_t slot = 0;
  db.Write([&](st::Conn& c) {
    slot = st::ReserveMailSlot(c, name, now_ms, gap_ms);
    return true;
  });
  return slot;
}

}  // namespace

TEST_CASE("mail pace: slots follow each other, and an idle pace starts again from now") {
  lanyard::testing::TempDir dir;
  auto db = lanyard::testing::OpenEachEngine(dir);
  CHECK(Reserve(*db, 10'000, 100) == 10'000);  // the first slot is now
  CHECK(Reserve(*db, 10'000, 100) == 10'100);
  CHECK(Reserve(*db, 10'050, 100) == 10'200);  // asked before the next slot: it waits for it
  CHECK(Reserve(*db, 99'000, 100) == 99'000);  // idle since: no burst of the missed slots
  CHECK(Reserve(*db, 99'000, 100) == 99'100);
  CHECK(Reserve(*db, 99'000, 100, "other") == 99'000);  // each pace its own
}

TEST_CASE("mail pace: on PostgreSQL two instances reserving at once get distinct consecutive slots") {
  lanyard::testing::PgCluster* cluster = lanyard::testing::PgCluster::Shared();
  REQUIRE_MESSAGE(cluster != nullptr, "PostgreSQL server binaries are not installed");
  st::DatabaseOptions options;
  options.url = cluster->NewDatabase();
  st::Database a(options);
  st::Database b(options);
  constexpr int kEach = 20;
  constexpr int64_t kGap = 50;
  std::vector<int64_t> slots_a, slots_b;
  std::string error;
  auto run = [&](st::Database& db, std::vector<int64_t>& slots) {
    try {
      for (int i = 0; i < kEach; ++i) slots.push_back(Reserve(db, 1'000, kGap));
    } catch (const std::exception& e) {
      error = e.what();
    }
  };
  std::thread ta([&] { run(a, slots_a); });
  std::thread tb([&] { run(b, slots_b); });
  ta.join();
  tb.join();
  REQUIRE_MESSAGE(error.empty(), error);
  std::vector<int64_t> all = slots_a;
  all.insert(all.end(), slots_b.begin(), slots_b.end());
  std::sort(all.begin(), all.end());
  REQUIRE(all.size() == 2 * kEach);
  for (size_t i = 0; i < all.size(); ++i) CHECK(all[i] == 1'000 + static_cast<int64_t>(i) * kGap);
}
