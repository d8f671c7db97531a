// SPEC §3/§12 and issue 11 item 8: upload quotas per user and per order (409 upload_quota), and
// the free-disk check that refuses uploads (507 insufficient_storage) but not orders; a refused
// upload leaves no file behind.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "core/common/time_util.h"
#include "storage/query.h"
#include "tests/support/test_server.h"

using namespace lanyard::testing;  // NOLINT: the test helpers
using nlohmann::json;

namespace {

std::string Png(size_t size) {
  std::string png("\x89PNG\r\n\x1a\n", 8);
  png.resize(size, 'x');
  return png;
}

Reply UploadDocument(TestServer& s, const TestUser& who, size_t size = 64) {
  return s.Upload("/api/v1/me/documents", Png(size), "card.png", who.token, {{"kind", "student_id", "", ""}});
}

Reply UploadProof(TestServer& s, const TestUser& who, int64_t order, size_t size = 64) {
  return s.Upload("/api/v1/orders/" + std::to_string(order) + "/payment-proofs", Png(size), "transfer.png",
                  who.token);
}

size_t StoredFiles(TestServer& s) {
  // On PostgreSQL every stored file is a row of upload_blobs (every instance serves it).
  if (TestServer::OnPostgres()) {
    return static_cast<size_t>(
        lanyard::storage::ScalarInt(s.app().db().Reader(), "SELECT COUNT(*) FROM upload_blobs").value_or(0));
  }
  size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(s.app().UploadsDir())) {
    if (entry.is_regular_file()) ++n;
  }
  return n;
}

void Set(TestServer& s, const TestUser& admin, const json& patch) {
  Reply r = s.Patch("/api/v1/settings", patch, admin.token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
}

// A published event with a paid ticket type; returns the type's id and sets `*event`.
int64_t PaidType(TestServer& s, const TestUser& organizer, int64_t* event) {
  const int64_t start = lanyard::NowSeconds() + 30 * 86400;
  Reply e = s.Post("/api/v1/events",
                   {{"title", "Quota Meetup"}, {"venue", "Aula"}, {"starts_at", lanyard::FormatRfc3339(start)},
                    {"ends_at", lanyard::FormatRfc3339(start + 3600)}},
                   organizer.token);
  REQUIRE_MESSAGE(e.status == 201, e.body);
  *event = e.Json()["id"].get<int64_t>();
  Reply t = s.Post("/api/v1/events/" + std::to_string(*event) + "/ticket-types",
                   {{"name", "Regular"}, {"kind", "paid"}, {"price", 150000}, {"quota", 50}}, organizer.token);
  REQUIRE_MESSAGE(t.status == 201, t.body);
  REQUIRE(s.Post("/api/v1/events/" + std::to_string(*event) + "/submit", json::object(), organizer.token).status ==
          200);
  return t.Json()["id"].get<int64_t>();
}

// An admin, an organizer's published event with a paid ticket type, and a buyer.
struct PaidEvent {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  TestUser org = s.MakeUser("organizer");
  TestUser buyer = s.MakeUser("attendee");
  int64_t event = 0;
  int64_t type = PaidType(s, org, &event);
};

int64_t PendingOrder(TestServer& s, const TestUser& buyer, int64_t event, int64_t type) {
  Reply r = s.Post("/api/v1/orders",
                   {{"event_id", event}, {"items", {{{"ticket_type_id", type}, {"quantity", 1}}}}}, buyer.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return r.Json()["id"].get<int64_t>();
}

}  // namespace

TEST_CASE("uploads: the settings hold quotas with defaults, validated") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  json view = s.Get("/api/v1/settings", admin.token).Json();
  CHECK(view["upload_max_files_per_user"] == 30);
  CHECK(view["upload_max_bytes_per_user"] == 100 * 1024 * 1024);
  CHECK(view["upload_max_files_per_order"] == 10);
  CHECK(view["upload_max_bytes_per_order"] == 25 * 1024 * 1024);
  CHECK(view["upload_keep_free_mb"] == 256);
  Reply bad = s.Patch("/api/v1/settings", {{"upload_max_files_per_user", -1}}, admin.token);
  CHECK(bad.status == 400);
  CHECK(bad.Json()["code"] == "validation_failed");
  CHECK(bad.Json()["fields"].contains("upload_max_files_per_user"));
  CHECK(s.Patch("/api/v1/settings", {{"upload_max_bytes_per_order", "lots"}}, admin.token).status == 400);
  CHECK(s.Patch("/api/v1/settings", {{"upload_max_files_per_user", 5}}, admin.token).status == 200);
}

TEST_CASE("uploads: a user's documents stop at the count and bytes quota with 409 upload_quota") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  TestUser rani = s.MakeUser("attendee");
  TestUser budi = s.MakeUser("attendee");
  Set(s, admin, {{"upload_max_files_per_user", 2}, {"upload_max_bytes_per_user", 10000}});
  REQUIRE(UploadDocument(s, rani).status == 201);
  REQUIRE(UploadDocument(s, rani).status == 201);
  const size_t files = StoredFiles(s);
  Reply third = UploadDocument(s, rani);
  CHECK(third.status == 409);
  CHECK(third.Json()["code"] == "upload_quota");
  CHECK(third.Json()["message"].get<std::string>().find("2") != std::string::npos);
  CHECK(StoredFiles(s) == files);  // nothing written
  CHECK(s.Get("/api/v1/me/documents", rani.token).Json()["total"] == 2);
  // Another user has a quota of their own.
  CHECK(UploadDocument(s, budi).status == 201);
  // Bytes: 64 + 3000 + 7001 > 10000.
  REQUIRE(UploadDocument(s, budi, 3000).status == 201);
  Reply big = UploadDocument(s, budi, 7001);
  CHECK(big.status == 409);
  CHECK(big.Json()["code"] == "upload_quota");
  // Raising the quota lets the next one in.
  Set(s, admin, {{"upload_max_files_per_user", 3}});
  CHECK(UploadDocument(s, rani).status == 201);
}

TEST_CASE("uploads: payment proofs count per order and toward the buyer's own quota") {
  PaidEvent f;
  auto& [s, admin, org, buyer, event, type] = f;
  const int64_t first = PendingOrder(s, buyer, event, type);
  const int64_t second = PendingOrder(s, buyer, event, type);
  Set(s, admin, {{"upload_max_files_per_order", 2}, {"upload_max_bytes_per_order", 5000},
                 {"upload_max_files_per_user", 4}});
  REQUIRE(UploadProof(s, buyer, first).status == 201);
  REQUIRE(UploadProof(s, buyer, first).status == 201);
  Reply third = UploadProof(s, buyer, first);
  CHECK(third.status == 409);
  CHECK(third.Json()["code"] == "upload_quota");
  CHECK(third.Json()["message"].get<std::string>().find("order") != std::string::npos);
  // Bytes per order.
  Reply heavy = UploadProof(s, buyer, second, 5001);
  CHECK(heavy.status == 409);
  CHECK(heavy.Json()["code"] == "upload_quota");
  REQUIRE(UploadProof(s, buyer, second).status == 201);
  // The buyer now keeps 3 proofs; one document makes 4, the user's limit; a 5th file is refused
  // whichever kind it is.
  REQUIRE(UploadDocument(s, buyer).status == 201);
  const size_t files = StoredFiles(s);
  CHECK(UploadProof(s, buyer, second).Json()["code"] == "upload_quota");
  CHECK(UploadDocument(s, buyer).Json()["code"] == "upload_quota");
  CHECK(StoredFiles(s) == files);
}

TEST_CASE("uploads: a nearly full disk refuses uploads with 507, but not orders") {
  PaidEvent f;
  auto& [s, admin, org, buyer, event, type] = f;
  // No disk keeps a petabyte free: every upload meets a "nearly full" disk.
  Set(s, admin, {{"upload_keep_free_mb", 1000000000}});
  const size_t files = StoredFiles(s);
  Reply doc = UploadDocument(s, buyer);
  CHECK(doc.status == 507);
  CHECK(doc.Json()["code"] == "insufficient_storage");
  CHECK(doc.Json()["status"] == 507);
  const int64_t order = PendingOrder(s, buyer, event, type);  // orders go on
  Reply proof = UploadProof(s, buyer, order);
  CHECK(proof.status == 507);
  CHECK(proof.Json()["code"] == "insufficient_storage");
  Reply image = s.Upload("/api/v1/events/" + std::to_string(event) + "/image", Png(64), "e.png", org.token,
                         {}, "PUT");
  CHECK(image.status == 507);
  CHECK(StoredFiles(s) == files);
  CHECK(s.Get("/api/v1/me/documents", buyer.token).Json()["total"] == 0);
  // Back to a sane reserve: the same upload goes through.
  Set(s, admin, {{"upload_keep_free_mb", 0}});
  CHECK(UploadDocument(s, buyer).status == 201);
  CHECK(UploadProof(s, buyer, order).status == 201);
}
