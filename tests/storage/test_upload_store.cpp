// storage::UploadStore on both engines (storage/upload_store.h): files in a directory on
// SQLite, upload_blobs rows on PostgreSQL — every byte value comes back, a missing or unsafe
// name reads as nothing, Remove forgets, and a second store over the same PostgreSQL database
// (another instance) reads what the first stored.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "storage/upload_store.h"
#include "tests/storage/engines.h"

using namespace lanyard;
using namespace lanyard::testing;

namespace {
std::string EveryByte(size_t size) {
  std::string bytes(size, '\0');
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 131 + 7) % 256);
  return bytes;
}
}  // namespace

TEST_CASE("an upload store keeps every byte of a file until it is removed") {
  TempDir dir;
  auto db = OpenEachEngine(dir);
  const std::string uploads = dir.File("uploads");
  std::filesystem::create_directories(uploads);
  auto store = storage::OpenUploadStore(*db, uploads);
  const bool on_disk = db->dialect() == storage::Dialect::kSqlite;
  CHECK((store->LocalDir() == uploads) == on_disk);
  CHECK(store->LocalDir().empty() == !on_disk);

  const std::string small = EveryByte(256);
  const std::string large = EveryByte(5 * 1024 * 1024);  // the callers' cap
  REQUIRE(store->Put("a1.png", small) == storage::UploadStore::PutResult::kStored);
  REQUIRE(store->Put("b2.pdf", large) == storage::UploadStore::PutResult::kStored);
  CHECK(store->Get("a1.png") == small);
  CHECK(store->Get("b2.pdf") == large);
  CHECK(std::filesystem::exists(uploads + "/a1.png") == on_disk);

  CHECK_FALSE(store->Get("missing.png").has_value());
  CHECK_FALSE(store->Get("../a1.png").has_value());
  CHECK_FALSE(store->Get("x/a1.png").has_value());
  CHECK_THROWS(store->Put("x/evil.png", small));

  store->Remove("a1.png");
  CHECK_FALSE(store->Get("a1.png").has_value());
  store->Remove("a1.png");  // twice: nothing happens
  CHECK(store->Get("b2.pdf") == large);
}

TEST_CASE("uploads stored by one instance are served by another over the same PostgreSQL") {
  PgCluster* cluster = PgCluster::Shared();
  REQUIRE_MESSAGE(cluster != nullptr, "PostgreSQL server binaries are not installed");
  TempDir dir_a, dir_b;
  storage::DatabaseOptions options;
  options.url = cluster->NewDatabase();
  storage::Database a(options);
  storage::Database b(options);
  auto store_a = storage::OpenUploadStore(a, dir_a.path());
  auto store_b = storage::OpenUploadStore(b, dir_b.path());
  const std::string bytes = EveryByte(70000);
  REQUIRE(store_a->Put("shared.webp", bytes) == storage::UploadStore::PutResult::kStored);
  CHECK(store_b->Get("shared.webp") == bytes);
  CHECK(std::filesystem::is_empty(dir_a.path()));  // nothing on the instance's own disk
  store_b->Remove("shared.webp");
  CHECK_FALSE(store_a->Get("shared.webp").has_value());
}
