// SPEC §3 profile and documents: GET/PATCH /me, POST/GET /me/documents, GET /documents/{id}.
#include <doctest/doctest.h>

#include "tests/support/test_server.h"

using lanyard::testing::BodyErrorScenarios;
using lanyard::testing::Reply;
using lanyard::testing::RunScenarios;
using lanyard::testing::Scenario;
using lanyard::testing::TestServer;
using lanyard::testing::TestUser;
using nlohmann::json;

namespace {

const std::vector<std::string> kUnauthorized = {"\"code\":\"unauthorized\""};

std::string Png(size_t size = 64) {
  std::string bytes("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  bytes.resize(std::max(size, bytes.size()), '\x01');
  return bytes;
}

std::string Pdf() { return "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"; }

httplib::MultipartFormDataItems Kind(const std::string& kind) { return {{"kind", kind, "", ""}}; }

void Append(std::vector<Scenario>& to, const std::vector<Scenario>& more) {
  to.insert(to.end(), more.begin(), more.end());
}

}  // namespace

TEST_CASE("profile: GET /me") {
  TestServer s;
  TestUser u = s.MakeUser("staff", "Stella Staff");
  RunScenarios(s, {
      {"success", "GET", "/api/v1/me", "", u.token, 200,
       {"\"id\":" + std::to_string(u.id), "\"email\":\"" + u.email + "\"", "\"name\":\"Stella Staff\"",
        "\"role\":\"staff\"", "\"email_confirmed\":true", "\"diet\":\"none\"", "\"locale\":\"en\"",
        "\"organization\":null", "\"diet_note\":null", "\"created_at\":\"20"},
       {"password", "pbkdf2"}},
      {"no token", "GET", "/api/v1/me", "", "", 401, kUnauthorized},
      {"bad token", "GET", "/api/v1/me", "", "v1.1.1.1.abc", 401, kUnauthorized},
  });
}

TEST_CASE("profile: PATCH /me updates own fields and ignores email, role and status") {
  TestServer s;
  TestUser u = s.MakeUser("attendee", "Before");
  const json full = {{"name", "  After Name "},   {"phone", "+62 812 3456"}, {"organization", "Kampus"},
                     {"diet", "vegetarian"},       {"diet_note", "no peanuts"}, {"locale", "id"},
                     {"email", "hijack@example.org"}, {"role", "admin"},       {"active", false},
                     {"status", "vip"},             {"id", 999},               {"email_confirmed", false},
                     {"shoe_size", 44}};
  std::vector<Scenario> table = {
      {"success; forbidden fields ignored", "PATCH", "/api/v1/me", full.dump(), u.token, 200,
       {"\"name\":\"After Name\"", "\"phone\":\"+62 812 3456\"", "\"organization\":\"Kampus\"",
        "\"diet\":\"vegetarian\"", "\"diet_note\":\"no peanuts\"", "\"locale\":\"id\"", "\"role\":\"attendee\"",
        "\"email\":\"" + u.email + "\"", "\"id\":" + std::to_string(u.id), "\"email_confirmed\":true"},
       {"hijack", "vip", "shoe_size"}},
      {"GET shows it stored", "GET", "/api/v1/me", "", u.token, 200,
       {"\"name\":\"After Name\"", "\"role\":\"attendee\"", "\"diet\":\"vegetarian\""}, {"hijack"}},
      {"partial: only the locale", "PATCH", "/api/v1/me", json{{"locale", "en"}}.dump(), u.token, 200,
       {"\"locale\":\"en\"", "\"name\":\"After Name\"", "\"diet\":\"vegetarian\""}},
      {"empty text clears optional fields", "PATCH", "/api/v1/me",
       json{{"phone", ""}, {"organization", "  "}, {"diet_note", ""}}.dump(), u.token, 200,
       {"\"phone\":null", "\"organization\":null", "\"diet_note\":null"}},
      {"null means unchanged", "PATCH", "/api/v1/me", json{{"name", nullptr}}.dump(), u.token, 200,
       {"\"name\":\"After Name\""}},
      {"empty body changes nothing", "PATCH", "/api/v1/me", "", u.token, 200, {"\"name\":\"After Name\""}},
      {"unknown diet", "PATCH", "/api/v1/me", json{{"diet", "carnivore"}}.dump(), u.token, 400,
       {"\"code\":\"validation_failed\"", "\"diet\""}},
      {"unknown locale", "PATCH", "/api/v1/me", json{{"locale", "fr"}}.dump(), u.token, 400, {"\"locale\""}},
      {"blank name", "PATCH", "/api/v1/me", json{{"name", "   "}}.dump(), u.token, 400, {"\"name\""}},
      {"name too long", "PATCH", "/api/v1/me", json{{"name", std::string(201, 'n')}}.dump(), u.token, 400,
       {"\"name\""}},
      {"phone too long", "PATCH", "/api/v1/me", json{{"phone", std::string(41, '1')}}.dump(), u.token, 400,
       {"\"phone\""}},
      {"organization too long", "PATCH", "/api/v1/me", json{{"organization", std::string(201, 'o')}}.dump(),
       u.token, 400, {"\"organization\""}},
      {"diet note too long", "PATCH", "/api/v1/me", json{{"diet_note", std::string(501, 'd')}}.dump(), u.token,
       400, {"\"diet_note\""}},
      {"several field errors at once", "PATCH", "/api/v1/me", json{{"diet", "x"}, {"locale", "x"}}.dump(),
       u.token, 400, {"\"diet\"", "\"locale\""}},
      {"a refused patch changed nothing", "GET", "/api/v1/me", "", u.token, 200,
       {"\"name\":\"After Name\"", "\"locale\":\"en\""}},
      {"no token", "PATCH", "/api/v1/me", json{{"name", "x"}}.dump(), "", 401, kUnauthorized},
      {"wrong type: diet", "PATCH", "/api/v1/me", json{{"diet", 3}}.dump(), u.token, 400,
       {"\"code\":\"bad_request\"", "diet"}},
      {"wrong type: phone", "PATCH", "/api/v1/me", json{{"phone", 62812}}.dump(), u.token, 400,
       {"\"code\":\"bad_request\"", "phone"}},
  };
  Append(table, BodyErrorScenarios("PATCH", "/api/v1/me", u.token, "name"));
  Append(table, BodyErrorScenarios("PATCH", "/api/v1/me", u.token, "locale", json::array({"en"})));
  RunScenarios(s, table);
}

TEST_CASE("profile: documents upload by content, list, and download with access rules") {
  TestServer s;
  TestUser owner = s.MakeUser("attendee");
  TestUser stranger = s.MakeUser("attendee");
  TestUser staff = s.MakeUser("staff");
  TestUser organizer = s.MakeUser("organizer");
  TestUser admin = s.MakeUser("admin");

  Reply png = s.Upload("/api/v1/me/documents", Png(), "student card.png", owner.token, Kind("student_id"));
  REQUIRE_MESSAGE(png.status == 201, png.body);
  json png_doc = png.Json();
  CHECK(png_doc["kind"] == "student_id");
  CHECK(png_doc["content_type"] == "image/png");
  CHECK(png_doc["size"] == 64);
  CHECK(png_doc["filename"] == "studentcard.png");
  const std::string png_url = "/api/v1/documents/" + std::to_string(png_doc["id"].get<int64_t>());
  CHECK(png_doc["url"] == png_url);

  // PDF by content, whatever the name says.
  Reply pdf = s.Upload("/api/v1/me/documents", Pdf(), "scan.jpg", owner.token, Kind("letter"));
  REQUIRE(pdf.status == 201);
  CHECK(pdf.Json()["content_type"] == "application/pdf");
  const std::string pdf_url = "/api/v1/documents/" + std::to_string(pdf.Json()["id"].get<int64_t>());

  // A text file renamed .png is refused by content.
  Reply text = s.Upload("/api/v1/me/documents", "just some text, honestly a PNG", "photo.png", owner.token,
                        Kind("student_id"));
  CHECK(text.status == 415);
  CHECK(text.Json()["code"] == "unsupported_media_type");
  // Over 5 MB (but under the 10 MiB multipart limit).
  Reply big = s.Upload("/api/v1/me/documents", Png(5 * 1024 * 1024 + 1), "big.png", owner.token,
                       Kind("student_id"));
  CHECK(big.status == 413);
  CHECK(big.Json()["code"] == "payload_too_large");
  // Exactly 5 MB is fine.
  CHECK(s.Upload("/api/v1/me/documents", Png(5 * 1024 * 1024), "edge.png", owner.token, Kind("x")).status ==
        201);
  // Over the 10 MiB request limit: refused before any handler, with the error body.
  Reply huge = s.Upload("/api/v1/me/documents", Png(11 * 1024 * 1024), "huge.png", owner.token, Kind("x"));
  CHECK(huge.status == 413);
  CHECK(huge.Json()["code"] == "payload_too_large");
  // Empty file, missing kind, missing file part, not multipart, no token.
  CHECK(s.Upload("/api/v1/me/documents", "", "empty.png", owner.token, Kind("x")).status == 400);
  Reply no_kind = s.Upload("/api/v1/me/documents", Png(), "a.png", owner.token);
  CHECK(no_kind.status == 400);
  CHECK(no_kind.Json()["fields"].contains("kind"));
  Reply long_kind = s.Upload("/api/v1/me/documents", Png(), "a.png", owner.token, Kind(std::string(51, 'k')));
  CHECK(long_kind.status == 400);
  {
    httplib::Client c("127.0.0.1", s.port());
    httplib::MultipartFormDataItems items = {{"kind", "x", "", ""}, {"other", "data", "o.png", "image/png"}};
    auto r = c.Post("/api/v1/me/documents", {{"Authorization", "Bearer " + owner.token}}, items);
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(r->body.find("\"file\"") != std::string::npos);
  }
  Reply as_json = s.Post("/api/v1/me/documents", {{"file", "abc"}, {"kind", "x"}}, owner.token);
  CHECK(as_json.status == 415);
  CHECK(as_json.Json()["code"] == "unsupported_media_type");
  Reply anonymous = s.Upload("/api/v1/me/documents", Png(), "a.png", "", Kind("x"));
  CHECK(anonymous.status == 401);

  // Lists: own documents only.
  Reply list = s.Get("/api/v1/me/documents", owner.token);
  REQUIRE(list.status == 200);
  CHECK(list.Json()["items"].size() == 3);
  CHECK(list.Json()["total"] == 3);
  Reply other_list = s.Get("/api/v1/me/documents", stranger.token);
  REQUIRE(other_list.status == 200);
  CHECK(other_list.Json()["items"].empty());
  CHECK(s.Get("/api/v1/me/documents").status == 401);

  // Downloads.
  Reply mine = s.Get(png_url, owner.token);
  REQUIRE(mine.status == 200);
  CHECK(mine.body == Png());
  CHECK(mine.Header("Content-Type") == "image/png");
  CHECK(mine.Header("X-Content-Type-Options") == "nosniff");
  const std::string disposition = mine.Header("Content-Disposition");
  CHECK(disposition.rfind("attachment", 0) == 0);
  CHECK(disposition.find("filename=\"studentcard.png\"") != std::string::npos);
  Reply mine_pdf = s.Get(pdf_url, owner.token);
  CHECK(mine_pdf.status == 200);
  CHECK(mine_pdf.Header("Content-Type") == "application/pdf");
  CHECK(mine_pdf.body == Pdf());

  RunScenarios(s, {
      {"another attendee: not found, not forbidden", "GET", png_url, "", stranger.token, 404,
       {"\"code\":\"not_found\""}, {"PNG"}},
      {"staff may", "GET", png_url, "", staff.token, 200},
      {"an organizer of no event of theirs: not found", "GET", png_url, "", organizer.token, 404,
       {"\"code\":\"not_found\""}},
      {"admin may", "GET", png_url, "", admin.token, 200},
      {"no token", "GET", png_url, "", "", 401, kUnauthorized},
      {"unknown id", "GET", "/api/v1/documents/987654", "", staff.token, 404, {"\"code\":\"not_found\""}},
      {"id that is not a number", "GET", "/api/v1/documents/abc", "", staff.token, 404},
      {"id too large", "GET", "/api/v1/documents/99999999999999999999999", "", staff.token, 404},
  });
}

TEST_CASE("profile: uploaded file names cannot break the download headers") {
  TestServer s;
  TestUser u = s.MakeUser("attendee");
  Reply r = s.Upload("/api/v1/me/documents", Png(), "../../etc/\"evil;.png", u.token,
                     Kind("student_id"));
  REQUIRE(r.status == 201);
  const std::string filename = r.Json()["filename"];
  CHECK(filename.find('/') == std::string::npos);
  CHECK(filename.find('"') == std::string::npos);
  CHECK(filename.find(';') == std::string::npos);
  Reply d = s.Get(r.Json()["url"].get<std::string>(), u.token);
  REQUIRE(d.status == 200);
  CHECK(d.Header("Content-Disposition").find("\"evil") == std::string::npos);
  // Stored under a random name inside the data directory, not under the given one.
  CHECK(d.body == Png());
}
