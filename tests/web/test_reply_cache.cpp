// The reply cache of public reads (web/reply_cache.h): the cache itself (generations, byte cap,
// age, ETag matching, keys), and over real HTTP: a cached listing changes right after a commit
// that changes it, a signed-in caller's reply is never served to anybody else, ETag/304.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "core/common/time_util.h"
#include "tests/support/test_server.h"
#include "web/reply_cache.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

httplib::Request GetRequest(const std::string& path,
                            std::vector<std::pair<std::string, std::string>> params = {}) {
  httplib::Request req;
  req.method = "GET";
  req.path = path;
  for (auto& [name, value] : params) req.params.emplace(name, value);
  return req;
}

json EventBody(const std::string& title) {
  const int64_t start = NowSeconds() + 30 * 86400;
  return {{"title", title},          {"description", "Talks."},
          {"category", "tech"},      {"venue", "Aula"},
          {"city", "Bandung"},       {"address", "Jl. Ganesa 10"},
          {"starts_at", FormatRfc3339(start)}, {"ends_at", FormatRfc3339(start + 3600)}};
}

int64_t CreateEvent(TestServer& s, const TestUser& organizer, const std::string& title) {
  Reply r = s.Post("/api/v1/events", EventBody(title), organizer.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return r.Json()["id"].get<int64_t>();
}

void Publish(TestServer& s, const TestUser& organizer, int64_t id) {
  Reply r = s.Post("/api/v1/events/" + std::to_string(id) + "/submit", json::object(), organizer.token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
}

// Titles of a listing reply.
std::vector<std::string> Titles(const Reply& r) {
  std::vector<std::string> out;
  const json body = r.Json();
  const json& items = body["items"];
  for (const json& e : items) out.push_back(e["title"].get<std::string>());
  return out;
}

bool Has(const std::vector<std::string>& titles, const std::string& title) {
  for (const auto& t : titles) {
    if (t == title) return true;
  }
  return false;
}

Reply GetWithTag(TestServer& s, const std::string& path, const std::string& etag) {
  return s.Call("GET", path, "", "", {{"If-None-Match", etag}});
}

}  // namespace

TEST_CASE("reply cache: a reply is found for its generation only, and a newer one empties it") {
  web::ReplyCache cache;
  CHECK(cache.Find("k", 5) == nullptr);
  auto kept = cache.Store("k", 5, "{\"a\":1}");
  REQUIRE(kept != nullptr);
  auto found = cache.Find("k", 5);
  REQUIRE(found != nullptr);
  CHECK(found->body == "{\"a\":1}");
  CHECK(found->etag == kept->etag);
  CHECK(cache.Find("other", 5) == nullptr);
  CHECK(cache.Find("k", 6) == nullptr);  // a commit happened: gone
  CHECK(cache.entries() == 0);
  CHECK(cache.bytes() == 0);
  // A reply built before that commit (generation 5) is answered but not kept.
  auto late = cache.Store("k", 5, "{\"a\":0}");
  CHECK(late->body == "{\"a\":0}");
  CHECK(cache.Find("k", 6) == nullptr);
  CHECK(cache.entries() == 0);
}

TEST_CASE("reply cache: memory stays under the byte cap, least recently used first out") {
  const size_t body_size = 1000;
  const size_t cost = body_size + 2 + web::ReplyCache::kEntryOverhead;  // keys are "k0".."k9"
  web::ReplyCache cache(cost * 8);  // room for 8 (an entry may take up to an eighth)
  const std::string body(body_size, 'x');
  for (int i = 0; i < 8; ++i) cache.Store("k" + std::to_string(i), 1, body);
  CHECK(cache.entries() == 8);
  CHECK(cache.bytes() == cost * 8);
  REQUIRE(cache.Find("k0", 1) != nullptr);  // k0 is now the most recently used
  cache.Store("k8", 1, body);
  CHECK(cache.entries() == 8);
  CHECK(cache.bytes() <= cost * 8);
  CHECK(cache.Find("k1", 1) == nullptr);  // the least recently used went
  CHECK(cache.Find("k0", 1) != nullptr);
  CHECK(cache.Find("k8", 1) != nullptr);
  // A reply larger than an eighth of the cap is answered but never kept.
  web::ReplyCache small(8000);
  auto big = small.Store("big", 1, std::string(2000, 'y'));
  CHECK(big->body.size() == 2000);
  CHECK(small.entries() == 0);
}

TEST_CASE("reply cache: a reply older than the maximum age is not served") {
  web::ReplyCache cache(web::ReplyCache::kDefaultMaxBytes, std::chrono::milliseconds(30));
  cache.Store("k", 1, "{}");
  CHECK(cache.Find("k", 1) != nullptr);
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  CHECK(cache.Find("k", 1) == nullptr);
  CHECK(cache.entries() == 0);
}

TEST_CASE("reply cache: strong ETags follow the bytes, If-None-Match lists, weak tags and *") {
  const std::string a = web::StrongEtag("{\"a\":1}");
  CHECK(a.size() == 34);
  CHECK(a.front() == '"');
  CHECK(a.back() == '"');
  CHECK(a == web::StrongEtag("{\"a\":1}"));
  CHECK(a != web::StrongEtag("{\"a\":2}"));
  CHECK(web::IfNoneMatchHits(a, a));
  CHECK(web::IfNoneMatchHits("\"x\", " + a, a));
  CHECK(web::IfNoneMatchHits("W/" + a, a));
  CHECK(web::IfNoneMatchHits("*", a));
  CHECK_FALSE(web::IfNoneMatchHits("", a));
  CHECK_FALSE(web::IfNoneMatchHits("\"x\", \"y\"", a));
  CHECK_FALSE(web::IfNoneMatchHits(a.substr(1, a.size() - 2), a));  // unquoted is another tag
}

TEST_CASE("reply cache: keys put the query in one order and never let two requests meet") {
  const std::string ab = web::ReplyCacheKey(GetRequest("/api/v1/events", {{"city", "X"}, {"q", "rust"}}));
  const std::string ba = web::ReplyCacheKey(GetRequest("/api/v1/events", {{"q", "rust"}, {"city", "X"}}));
  CHECK(ab == ba);
  CHECK(ab != web::ReplyCacheKey(GetRequest("/api/v1/events", {{"city", "X"}})));
  CHECK(ab != web::ReplyCacheKey(GetRequest("/api/v1/events/1", {{"city", "X"}, {"q", "rust"}})));
  // "a=b&c" and "a=b%26c" must differ although their concatenations could meet.
  CHECK(web::ReplyCacheKey(GetRequest("/p", {{"a", "b"}, {"c", ""}})) !=
        web::ReplyCacheKey(GetRequest("/p", {{"a", "b&c="}})));
  httplib::Request head = GetRequest("/api/v1/events");
  head.method = "HEAD";
  CHECK(web::ReplyCacheKey(head) == web::ReplyCacheKey(GetRequest("/api/v1/events")));
}

TEST_CASE("reply cache over HTTP: a cached listing changes right after a commit that changes it") {
  TestServer s;
  TestUser organizer = s.MakeUser("organizer", "Org");
  Publish(s, organizer, CreateEvent(s, organizer, "First Meetup"));
  Reply first = s.Get("/api/v1/events");
  REQUIRE(first.status == 200);
  CHECK(Has(Titles(first), "First Meetup"));
  Reply again = s.Get("/api/v1/events");
  CHECK(again.body == first.body);
  CHECK(again.Header("ETag") == first.Header("ETag"));

  // Publishing another event is a commit: the very next read shows it.
  Publish(s, organizer, CreateEvent(s, organizer, "Second Meetup"));
  Reply after = s.Get("/api/v1/events");
  REQUIRE(after.status == 200);
  CHECK(Has(Titles(after), "Second Meetup"));
  CHECK(after.Header("ETag") != first.Header("ETag"));

  // So does an edit of one event, on the event's own cached reply.
  const int64_t id = CreateEvent(s, organizer, "Third Meetup");
  Publish(s, organizer, id);
  const std::string path = "/api/v1/events/" + std::to_string(id);
  REQUIRE(s.Get(path).Json()["title"] == "Third Meetup");
  Reply edit = s.Patch(path, {{"title", "Third Meetup, moved"}}, organizer.token);
  REQUIRE_MESSAGE(edit.status == 200, edit.body);
  CHECK(s.Get(path).Json()["title"] == "Third Meetup, moved");
}

TEST_CASE("reply cache over HTTP: a signed-in caller's reply is never served to another caller") {
  TestServer s;
  TestUser sari = s.MakeUser("organizer", "Sari");
  TestUser eko = s.MakeUser("organizer", "Eko");
  const int64_t draft = CreateEvent(s, sari, "Sari's Secret Draft");
  const std::string path = "/api/v1/events/" + std::to_string(draft);

  // Sari reads her draft (twice, so a cache would have it); nobody else gets it.
  for (int i = 0; i < 2; ++i) {
    Reply own = s.Get(path, sari.token);
    REQUIRE(own.status == 200);
    CHECK(own.Header("ETag").empty());
    CHECK(own.Header("Cache-Control") == "no-store");
  }
  CHECK(s.Get(path).status == 404);
  CHECK(s.Get(path, eko.token).status == 404);

  // The same for a listing whose reply depends on the caller.
  Reply mine = s.Get("/api/v1/events?mine=true", sari.token);
  REQUIRE(mine.status == 200);
  CHECK(Has(Titles(mine), "Sari's Secret Draft"));
  Reply other = s.Get("/api/v1/events?mine=true", eko.token);
  CHECK_FALSE(Has(Titles(other), "Sari's Secret Draft"));
  Reply anonymous = s.Get("/api/v1/events?mine=true");  // refused or public: never her draft
  CHECK(anonymous.body.find("Secret Draft") == std::string::npos);

  // And the other way round: an anonymous 404 kept nowhere does not hide Sari's own event.
  CHECK(s.Get(path).status == 404);
  CHECK(s.Get(path, sari.token).status == 200);
}

TEST_CASE("reply cache over HTTP: ETag and 304 Not Modified") {
  TestServer s;
  TestUser organizer = s.MakeUser("organizer", "Org");
  const int64_t id = CreateEvent(s, organizer, "Tagged Event");
  Publish(s, organizer, id);
  const std::string paths[] = {"/api/v1/events", "/api/v1/events/" + std::to_string(id),
                               "/api/v1/events/" + std::to_string(id) + "/ticket-types",
                               "/api/v1/checkin/keys"};
  for (const std::string& path : paths) {
    CAPTURE(path);
    Reply r = s.Get(path);
    REQUIRE(r.status == 200);
    const std::string etag = r.Header("ETag");
    CHECK(etag == web::StrongEtag(r.body));
    CHECK(r.headers.count("Cache-Control") == 1);  // one policy: the handler's no-store is gone
    CHECK(r.Header("Cache-Control") == "no-cache");
    CHECK(r.headers.count("Content-Type") == 1);
    CHECK(r.Header("Content-Type") == "application/json; charset=utf-8");
    Reply same = GetWithTag(s, path, etag);
    CHECK(same.status == 304);
    CHECK(same.body.empty());
    CHECK(same.Header("ETag") == etag);
    CHECK(GetWithTag(s, path, "\"not-this-one\"").status == 200);
  }
  // After a commit that does not change the event, its tag still matches: 304 again.
  CreateEvent(s, organizer, "Unrelated Draft");
  const std::string event_path = "/api/v1/events/" + std::to_string(id);
  const std::string etag = s.Get(event_path).Header("ETag");
  CHECK(GetWithTag(s, event_path, etag).status == 304);
  // After a change of the event, the old tag no longer matches: the new reply comes.
  REQUIRE(s.Patch(event_path, {{"title", "Tagged Event 2"}}, organizer.token).status == 200);
  Reply changed = GetWithTag(s, event_path, etag);
  CHECK(changed.status == 200);
  CHECK(changed.Json()["title"] == "Tagged Event 2");
  CHECK(changed.Header("ETag") != etag);
}

TEST_CASE("reply cache: the OpenAPI document names the cached routes, with their 304") {
  TestServer s;
  const json doc = s.Get("/api/v1/openapi.json").Json();
  std::vector<std::string> cached;
  const json& paths = doc["paths"];
  for (auto path = paths.begin(); path != paths.end(); ++path) {
    for (auto method = path->begin(); method != path->end(); ++method) {
      const json& op = method.value();
      if (op.value("x-reply-cache", false)) {
        cached.push_back(method.key() + " " + path.key());
        CHECK(op["responses"].contains("304"));
        CHECK(op["description"].get<std::string>().find("ETag") != std::string::npos);
      }
    }
  }
  CHECK(cached == std::vector<std::string>{"get /checkin/keys", "get /events", "get /events/{id}",
                                           "get /events/{id}/ticket-types"});
}
