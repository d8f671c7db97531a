// The token and ticket keys: files in the data directory on SQLite, one pair in the database
// for every instance on PostgreSQL (core/ops/signing_keys.h).
#include <doctest/doctest.h>

#include <filesystem>

#include "core/app.h"
#include "tests/support/pg_cluster.h"
#include "tests/support/temp_dir.h"

using lanyard::App;
using lanyard::AppOptions;
using lanyard::testing::PgCluster;
using lanyard::testing::TempDir;

namespace {

constexpr int64_t kNow = 1780000000;  // 2026-05-28

AppOptions Options(const std::string& data_dir, const std::string& db_url = "") {
  AppOptions o;
  o.data_dir = data_dir;
  o.kdf = lanyard::crypto::KdfStrength::kFast;
  o.db_url = db_url;
  return o;
}

std::string SharedDatabase() {
  PgCluster* cluster = PgCluster::Shared();
  REQUIRE_MESSAGE(cluster != nullptr, "PostgreSQL server binaries are not installed");
  return cluster->NewDatabase();
}

}  // namespace

TEST_CASE("signing keys: on SQLite they are the data directory's files, kept across starts") {
  TempDir dir;
  std::string first_key_id, token;
  {
    App app(Options(dir.path() + "/data"));
    first_key_id = app.ticket_signer().KeyId();
    token = app.access_tokens().Issue(1, 2, kNow);
  }
  CHECK(std::filesystem::exists(dir.path() + "/data/token_key"));
  CHECK(std::filesystem::exists(dir.path() + "/data/ticket_signing_key.pem"));
  App again(Options(dir.path() + "/data"));
  CHECK(again.ticket_signer().KeyId() == first_key_id);
  CHECK(again.access_tokens().Parse(token, kNow).has_value());
}

TEST_CASE("signing keys: instances with their own data directories share one pair on PostgreSQL") {
  const std::string url = SharedDatabase();
  TempDir dir;
  App a(Options(dir.path() + "/a", url));
  App b(Options(dir.path() + "/b", url));
  CHECK(a.ticket_signer().KeyId() == b.ticket_signer().KeyId());
  const std::string code = a.ticket_signer().Issue(7, 3);
  REQUIRE(b.ticket_signer().Verify(code).has_value());
  CHECK(b.ticket_signer().Verify(code)->ticket_id == 7);
  const std::string token = b.access_tokens().Issue(11, 12, kNow);
  REQUIRE(a.access_tokens().Parse(token, kNow).has_value());
  CHECK(a.access_tokens().Parse(token, kNow)->user_id == 12);
  // Nothing secret is written into the data directories: the database holds the pair.
  CHECK_FALSE(std::filesystem::exists(dir.path() + "/a/token_key"));
  CHECK_FALSE(std::filesystem::exists(dir.path() + "/b/ticket_signing_key.pem"));
}

TEST_CASE("signing keys: the first PostgreSQL instance seeds the pair from its data directory") {
  TempDir dir;
  std::string local_key_id, local_token;
  {
    App single(Options(dir.path() + "/single"));  // an SQLite deployment's key files
    local_key_id = single.ticket_signer().KeyId();
    local_token = single.access_tokens().Issue(1, 2, kNow);
  }
  const std::string url = SharedDatabase();
  App first(Options(dir.path() + "/single", url));
  App second(Options(dir.path() + "/fresh", url));
  // Tickets and tokens issued before the move keep verifying, on every instance.
  CHECK(first.ticket_signer().KeyId() == local_key_id);
  CHECK(second.ticket_signer().KeyId() == local_key_id);
  CHECK(second.access_tokens().Parse(local_token, kNow).has_value());
}
