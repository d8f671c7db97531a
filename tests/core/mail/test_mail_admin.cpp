#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "core/mail/mail_admin.h"
#include "core/mail/mail_outbox.h"
#include "core/common/time_util.h"
#include "storage/admin_repo.h"
#include "storage/database.h"
#include "storage/mail_lease_repo.h"
#include "storage/mail_repo.h"
#include "tests/support/temp_dir.h"

using namespace lanyard;
using nlohmann::json;

namespace {

struct Db {
  testing::TempDir dir;
  storage::Database db{storage::DatabaseOptions{dir.File("db.sqlite")}};
};

}  // namespace

TEST_CASE("mail admin: templates list, read, override, reset") {
  Db d;
  json list = ListMailTemplates(d.db.Reader());
  CHECK(list["total"] == std::size(kMailKinds));  // every kind of the catalogue
  CHECK(list["items"][0]["kind"] == "account_confirm");
  CHECK(list["items"][0]["overridden"]["en"] == false);

  Result<json> one = GetMailTemplate(d.db.Reader(), "password_reset");
  REQUIRE(one.ok());
  CHECK(one->at("locales").at("id").at("overridden") == false);
  CHECK(one->at("locales").at("en").at("subject") ==
        DefaultMailTemplate("password_reset", "en").subject);
  CHECK(GetMailTemplate(d.db.Reader(), "nope").error().code == "not_found");

  // One locale.
  Result<json> saved = SaveMailTemplate(d.db, "password_reset",
                                        {{"locale", "id"},
                                         {"subject", "Sandi {{site_name}}"},
                                         {"text", "Kode: {{code}}"},
                                         {"html", "<p>{{code}}</p>"}},
                                        0);
  REQUIRE(saved.ok());
  CHECK(saved->at("locales").at("id").at("overridden") == true);
  CHECK(saved->at("locales").at("id").at("subject") == "Sandi {{site_name}}");
  CHECK(saved->at("locales").at("id").at("default").at("subject") ==
        DefaultMailTemplate("password_reset", "id").subject);
  CHECK(saved->at("locales").at("en").at("overridden") == false);
  CHECK(CurrentMailTemplate(d.db.Reader(), "password_reset", "id").text == "Kode: {{code}}");
  CHECK(ListMailTemplates(d.db.Reader())["items"][1]["overridden"]["id"] == true);

  // Both locales at once, one of them reset.
  saved = SaveMailTemplate(d.db, "password_reset",
                           {{"en", {{"subject", "Reset"}, {"text", "{{reset_url}}"}, {"html", ""}}},
                            {"id", {{"reset", true}}}},
                           0);
  REQUIRE(saved.ok());
  CHECK(saved->at("locales").at("en").at("overridden") == true);
  CHECK(saved->at("locales").at("id").at("overridden") == false);
  CHECK(CurrentMailTemplate(d.db.Reader(), "password_reset", "id").subject ==
        DefaultMailTemplate("password_reset", "id").subject);

  // Each save wrote its audit row in the same unit, naming the kind and the locales changed.
  int64_t total = 0;
  std::vector<storage::AuditRow> audit = storage::ListAudit(d.db.Reader(), "mail_template.update", 10, 0, &total);
  REQUIRE(total == 2);
  CHECK(json::parse(audit[0].details) == json{{"kind", "password_reset"}, {"locales", json::array({"en", "id"})}});
  CHECK(json::parse(audit[1].details) == json{{"kind", "password_reset"}, {"locales", json::array({"id"})}});
  CHECK_FALSE(audit[0].actor_id.has_value());
}

TEST_CASE("mail admin: a refused template save writes no audit row") {
  Db d;
  Result<json> bad = SaveMailTemplate(d.db, "password_reset",
                                      {{"locale", "en"}, {"subject", "{{nope}}"}, {"text", ""}, {"html", ""}}, 0);
  REQUIRE_FALSE(bad.ok());
  int64_t total = 0;
  storage::ListAudit(d.db.Reader(), "mail_template.update", 10, 0, &total);
  CHECK(total == 0);
}

TEST_CASE("mail admin: an unknown placeholder is refused and nothing is stored") {
  Db d;
  Result<json> bad = SaveMailTemplate(
      d.db, "account_confirm",
      {{"en", {{"subject", "ok"}, {"text", "{{confirm_url}}"}, {"html", ""}}},
       {"id", {{"subject", "ok"}, {"text", "{{confirm_url}}"}, {"html", "<p>{{order_code}}</p>"}}}},
      0);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == "validation_failed");
  CHECK(bad.error().message.find("{{order_code}}") != std::string::npos);
  REQUIRE(bad.error().fields.count("id.html"));
  CHECK(bad.error().fields.at("id.html").find("{{order_code}}") != std::string::npos);
  CHECK(storage::ListTemplateOverrides(d.db.Reader()).empty());  // en was not stored either

  Result<json> missing =
      SaveMailTemplate(d.db, "account_confirm", {{"locale", "en"}, {"subject", "x"}}, 0);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().fields.count("text"));
  CHECK(SaveMailTemplate(d.db, "account_confirm", {{"locale", "fr"}}, 0)
            .error()
            .fields.count("locale"));
  CHECK(SaveMailTemplate(d.db, "account_confirm", json::object(), 0).error().code ==
        "validation_failed");
  CHECK(SaveMailTemplate(d.db, "account_confirm", json::array(), 0).error().code == "bad_request");
  CHECK(SaveMailTemplate(d.db, "nope", json::object(), 0).error().code == "not_found");
}

TEST_CASE("mail admin: preview renders the current or the given template with sample values") {
  Db d;
  MailSettings settings;
  settings.site_name = "Fest <2026>";
  Result<json> p =
      PreviewMailTemplate(d.db.Reader(), "tickets", {{"locale", "id"}}, settings, 1780304400);
  REQUIRE(p.ok());
  CHECK(p->at("subject").get<std::string>().find("Tiket Anda") == 0);
  const std::string html = p->at("html");
  CHECK(html.find("data:image/png;base64,") != std::string::npos);
  CHECK(html.find("Fest &lt;2026&gt;") != std::string::npos);

  Result<json> custom = PreviewMailTemplate(
      d.db.Reader(), "order_placed",
      {{"subject", "Bayar {{amount}}"}, {"data", {{"amount", "Rp 1 <b>"}}}}, settings, 1780304400);
  REQUIRE(custom.ok());
  CHECK(custom->at("subject") == "Bayar Rp 1 <b>");
  CHECK(custom->at("html").get<std::string>().find("Rp 1 &lt;b&gt;") != std::string::npos);

  Result<json> bad =
      PreviewMailTemplate(d.db.Reader(), "order_placed", {{"text", "{{nope}}"}}, settings, 0);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == "validation_failed");
  CHECK(bad.error().message.find("{{nope}}") != std::string::npos);
  CHECK(PreviewMailTemplate(d.db.Reader(), "nope", json::object(), settings, 0).error().code ==
        "not_found");
}

TEST_CASE("mail admin: outbox list with status filter and paging, retry of a failed mail") {
  Db d;
  std::vector<int64_t> ids;
  d.db.Write([&](storage::Conn& c) {
    for (int i = 0; i < 5; ++i) {
      ids.push_back(QueueMail(c, "account_confirm", "u" + std::to_string(i) + "@example.org", "",
                              "en", {{"token", "secret-token"}}));
    }
    storage::MarkMailSent(c, ids[0], "m0@x", "2026-06-01T09:00:00Z");
    storage::MarkMailFailed(c, ids[1], "550 no such user");
    return true;
  });
  Result<json> all = ListOutbox(d.db.Reader(), "", 2, 0);
  REQUIRE(all.ok());
  CHECK(all->at("total") == 5);
  CHECK(all->at("limit") == 2);
  REQUIRE(all->at("items").size() == 2);
  CHECK(all->at("items")[0]["id"] == ids[4]);                                // newest first
  CHECK(all->at("items").dump().find("secret-token") == std::string::npos);  // data stays out
  Result<json> page2 = ListOutbox(d.db.Reader(), "", 2, 4);
  CHECK(page2->at("items").size() == 1);
  CHECK(ListOutbox(d.db.Reader(), "queued", 20, 0)->at("total") == 3);
  Result<json> failed = ListOutbox(d.db.Reader(), "failed", 20, 0);
  REQUIRE(failed->at("items").size() == 1);
  CHECK(failed->at("items")[0]["last_error"] == "550 no such user");
  CHECK(failed->at("items")[0]["next_attempt_at"].is_null());
  CHECK(failed->at("items")[0]["sending"].is_null());
  // A queued row an instance claimed says which one, until when (its lease).
  d.db.Write([&](storage::Conn& c) {
    storage::ClaimDueMails(c, "host-a:41:0a1b2c3d", "2030-01-01T00:00:00Z", 1780304400, 1780304460, 1);
    return true;
  });
  json claimed;
  const json queued = ListOutbox(d.db.Reader(), "queued", 20, 0).value();
  for (const json& item : queued["items"]) {
    if (item["id"] == ids[2]) claimed = item;
  }
  CHECK(claimed["sending"]["instance"] == "host-a:41:0a1b2c3d");
  CHECK(claimed["sending"]["until"] == "2026-06-01T09:01:00Z");
  CHECK(claimed["sending"]["handing_over"] == false);
  CHECK(ListOutbox(d.db.Reader(), "bogus", 20, 0).error().code == "validation_failed");
  CHECK(ListOutbox(d.db.Reader(), "", 1000, -5)->at("limit") == 100);

  Result<json> retried = RetryOutboxMail(d.db, ids[1], 1780304400);
  REQUIRE(retried.ok());
  CHECK(retried->at("status") == "queued");
  CHECK(retried->at("attempts") == 0);
  CHECK(retried->at("next_attempt_at") == "2026-06-01T09:00:00Z");
  CHECK(retried->at("last_error") == "550 no such user");  // kept until the next attempt
  CHECK(RetryOutboxMail(d.db, ids[0], 0).error().code == "conflict");
  CHECK(RetryOutboxMail(d.db, 999, 0).error().code == "not_found");
}
