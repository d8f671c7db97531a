#include <doctest/doctest.h>

#include <set>
#include <string>

#include "core/mail/mail_compose.h"
#include "core/mail/mail_templates.h"

using namespace lanyard;
using nlohmann::json;

namespace {

const char* const kSpecKinds[] = {"account_confirm",
                                  "password_reset",
                                  "order_placed",
                                  "payment_reminder",
                                  "payment_received",
                                  "payment_rejected",
                                  "tickets",
                                  "order_cancelled",
                                  "order_expired",
                                  "order_refunded",
                                  "event_cancelled",
                                  "event_review_result",
                                  "organizer_application_result",
                                  "team_welcome",
                                  "team_member_joined",
                                  "team_status_changed",
                                  "team_stage_reminder",
                                  "session_registered",
                                  "session_waitlist_promoted",
                                  "nomination_received",
                                  "nomination_decided",
                                  "campaign",
                                  "draw_won",
                                  "staff_invitation",
                                  "ticket_holder",
                                  "session_changed",
                                  "session_reminder",
                                  "event_times_changed"};

}  // namespace

TEST_CASE("the catalogue holds exactly the kinds of SPEC section 8") {
  std::set<std::string> spec(std::begin(kSpecKinds), std::end(kSpecKinds));
  std::set<std::string> have;
  for (const MailKindSpec& k : kMailKinds) have.insert(std::string(k.kind));
  CHECK(have == spec);
  CHECK(IsMailKind("tickets"));
  CHECK_FALSE(IsMailKind("nope"));
  const auto placeholders = MailPlaceholders("account_confirm");
  CHECK(std::find(placeholders.begin(), placeholders.end(), "confirm_url") != placeholders.end());
  CHECK(std::find(placeholders.begin(), placeholders.end(), "site_name") != placeholders.end());
  CHECK(std::find(placeholders.begin(), placeholders.end(), "recipient_name") !=
        placeholders.end());
  CHECK(MailPlaceholders("nope").empty());
}

TEST_CASE("every kind has a valid default in English and Bahasa Indonesia") {
  for (const MailKindSpec& k : kMailKinds) {
    CAPTURE(k.kind);
    const MailTemplate& en = DefaultMailTemplate(k.kind, "en");
    const MailTemplate& id = DefaultMailTemplate(k.kind, "id");
    for (const MailTemplate* t : {&en, &id}) {
      CHECK_FALSE(t->subject.empty());
      CHECK_FALSE(t->text.empty());
      CHECK_FALSE(t->html.empty());
      Status valid = ValidateMailTemplate(k.kind, *t);
      CHECK_MESSAGE(valid.ok(), (valid.ok() ? "" : valid.error().message));
    }
    if (k.kind != "campaign") CHECK(en.subject != id.subject);  // really translated
    CHECK(en.text != id.text);
  }
  // An unknown locale falls back to English.
  CHECK(&DefaultMailTemplate("tickets", "fr") == &DefaultMailTemplate("tickets", "en"));
  CHECK(MailString("id", "open_ticket") == "Buka tiket");
  CHECK(MailString("en", "missing_key") == "missing_key");
}

TEST_CASE("every default renders with sample values, leaving no braces behind") {
  MailSettings settings;
  settings.site_name = "Jakarta Tech Week";
  settings.base_url = "https://tickets.example.org/";
  for (const MailKindSpec& k : kMailKinds) {
    for (std::string_view locale : kMailLocales) {
      CAPTURE(k.kind);
      CAPTURE(locale);
      MailRequest request;
      request.id = 1;
      request.kind = std::string(k.kind);
      request.locale = std::string(locale);
      request.to_email = "siti@example.org";
      request.to_name = "Siti";
      request.data = SampleMailValues(k.kind, locale);
      Result<ComposedMail> mail =
          ComposeMail(request, DefaultMailTemplate(k.kind, locale), settings, 1780304400);
      REQUIRE(mail.ok());
      for (const std::string* part :
           {&mail->rendered.subject, &mail->rendered.text, &mail->rendered.html}) {
        CHECK(part->find("{{") == std::string::npos);
        CHECK(part->find("}}") == std::string::npos);
      }
      CHECK(mail->rendered.subject.find('\n') == std::string::npos);
      CHECK(mail->rendered.html.find("<!DOCTYPE html>") == 0);
      CHECK(mail->rendered.html.find("lang=\"" + std::string(locale) + "\"") != std::string::npos);
      if (k.kind != "campaign") CHECK(mail->rendered.text.find("Siti") != std::string::npos);
    }
  }
}

TEST_CASE("rendering: values, HTML escaping, raw _html keys, sections") {
  json v = {{"name", "<b>Tom & \"Jerry\"</b>"},
            {"multi", "line one\nline two"},
            {"list_html", "<li>ok</li>"},
            {"yes", true},
            {"no", false},
            {"empty", ""},
            {"count", 3}};
  CHECK(RenderMailString("Hi {{name}}!", v, false) == "Hi <b>Tom & \"Jerry\"</b>!");
  CHECK(RenderMailString("Hi {{ name }}!", v, true) ==
        "Hi &lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;!");
  CHECK(RenderMailString("{{multi}}", v, true) == "line one<br>\nline two");
  CHECK(RenderMailString("{{multi}}", v, false) == "line one\nline two");
  CHECK(RenderMailString("<ul>{{list_html}}</ul>", v, true) == "<ul><li>ok</li></ul>");
  CHECK(RenderMailString("[{{missing}}]", v, true) == "[]");
  CHECK(RenderMailString("{{count}} tickets", v, false) == "3 tickets");
  CHECK(RenderMailString("{{#yes}}Y{{/yes}}{{^yes}}N{{/yes}}", v, false) == "Y");
  CHECK(RenderMailString("{{#no}}Y{{/no}}{{^no}}N{{/no}}", v, false) == "N");
  CHECK(RenderMailString("{{#empty}}E{{/empty}}{{#missing}}M{{/missing}}.", v, false) == ".");
  CHECK(RenderMailString("{{#yes}}a{{#count}}b{{^no}}c{{/no}}{{/count}}{{/yes}}", v, false) ==
        "abc");
  // Values are never re-parsed as templates.
  json tricky = {{"name", "{{secret}}"}, {"secret", "leak"}};
  CHECK(RenderMailString("{{name}}", tricky, false) == "{{secret}}");
}

TEST_CASE("validation names the unknown placeholder") {
  MailTemplate t{"Confirm {{site_name}}", "Open {{confirm_url}} {{password}}",
                 "<p>{{confirm_url}}</p>"};
  Status s = ValidateMailTemplate("account_confirm", t);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == "validation_failed");
  CHECK(s.error().message.find("{{password}}") != std::string::npos);
  REQUIRE(s.error().fields.count("text"));
  CHECK(s.error().fields.at("text").find("{{password}}") != std::string::npos);
  CHECK_FALSE(s.error().fields.count("subject"));

  // Sections count as placeholders too.
  MailTemplate section{"x", "{{#secret}}x{{/secret}}", ""};
  Status s2 = ValidateMailTemplate("account_confirm", section);
  REQUIRE_FALSE(s2.ok());
  CHECK(s2.error().fields.at("text").find("{{secret}}") != std::string::npos);

  CHECK(ValidateMailTemplate("account_confirm", {"Hi {{ recipient_name }}", "{{confirm_url}}", ""})
            .ok());
  CHECK(ValidateMailTemplate("nope", {"a", "b", "c"}).error().code == "not_found");
}

TEST_CASE("validation refuses malformed templates and misplaced _html keys") {
  auto field_error = [](const MailTemplate& t, const std::string& field) {
    Status s = ValidateMailTemplate("tickets", t);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "validation_failed");
    REQUIRE(s.error().fields.count(field));
    return s.error().fields.at(field);
  };
  CHECK(field_error({"a {{event_title", "t", ""}, "subject").find("unclosed") != std::string::npos);
  CHECK(field_error({"a", "{{#event_title}}x", ""}, "text").find("unclosed") != std::string::npos);
  CHECK(field_error({"a", "x{{/event_title}}", ""}, "text").find("unexpected") !=
        std::string::npos);
  CHECK(field_error({"a", "{{Event Title}}", ""}, "text").find("malformed") != std::string::npos);
  CHECK(field_error({"a", "{{tickets_html}}", ""}, "text").find("html part") != std::string::npos);
  CHECK(field_error({"", "x", ""}, "subject") == "must not be empty");
  CHECK(ValidateMailTemplate("tickets", {"a", "{{tickets_text}}", "{{tickets_html}}"}).ok());
}

TEST_CASE("derived values follow the feature data") {
  json a = {{"decision", "approve"}};
  AddDerivedMailValues("organizer_application_result", a);
  CHECK(a["approved"] == true);
  json r = {{"decision", "reject"}};
  AddDerivedMailValues("organizer_application_result", r);
  CHECK(r["approved"] == false);
  json p = {{"decision", "published"}};
  AddDerivedMailValues("event_review_result", p);
  CHECK(p["approved"] == true);
  json t = {{"status", "finalist"}};
  AddDerivedMailValues("team_status_changed", t);
  CHECK(t["is_finalist"] == true);
  CHECK(t["is_confirmed"] == false);
  json w = {{"status", "waitlisted"}};
  AddDerivedMailValues("session_registered", w);
  CHECK(w["waitlisted"] == true);
  json n = {{"decision", "accept"}};
  AddDerivedMailValues("nomination_decided", n);
  CHECK(n["accepted"] == true);
  json c = {{"unsubscribe_token", "tok"}, {"base_url", "https://x.org"}};
  AddDerivedMailValues("campaign", c);
  CHECK(c["unsubscribe_url"] == "https://x.org/unsubscribe/tok");
  // Flags given as text are booleans.
  json yes_no = {{"decision", "approved"}, {"approved", "no"}};
  AddDerivedMailValues("organizer_application_result", yes_no);
  CHECK(yes_no["approved"] == false);
  json yes = {{"approved", "yes"}};
  AddDerivedMailValues("event_review_result", yes);
  CHECK(yes["approved"] == true);
  // Explicit values win.
  json e = {{"decision", "approve"}, {"approved", false}};
  AddDerivedMailValues("organizer_application_result", e);
  CHECK(e["approved"] == false);
}

TEST_CASE("compose: common values, escaping of user data, headers") {
  MailSettings settings;
  settings.site_name = "Jakarta Tech Week";
  settings.base_url = "https://tickets.example.org";
  settings.mail_from = "desk@tickets.example.org";
  MailRequest request;
  request.id = 42;
  request.kind = "account_confirm";
  request.locale = "id";
  request.to_email = "budi@example.org";
  request.to_name = "Budi <script>";
  request.created_at = "2026-06-01T09:00:00Z";
  request.data = {{"confirm_url", "https://tickets.example.org/account/confirm?token=a&b=1"},
                  {"token", "a"}};
  Result<ComposedMail> mail =
      ComposeMail(request, DefaultMailTemplate("account_confirm", "id"), settings, 1780304400);
  REQUIRE(mail.ok());
  CHECK(mail->message.from.name == "Jakarta Tech Week");
  CHECK(mail->message.from.email == "desk@tickets.example.org");
  CHECK(mail->message.subject == "Konfirmasi alamat email Anda untuk Jakarta Tech Week");
  CHECK(mail->rendered.text.find("Halo Budi <script>,") != std::string::npos);
  CHECK(mail->rendered.html.find("Budi &lt;script&gt;") != std::string::npos);
  CHECK(mail->rendered.html.find("<script>") == std::string::npos);
  CHECK(mail->rendered.html.find("token=a&amp;b=1") != std::string::npos);
  CHECK(mail->message.message_id ==
        OutboxMessageId(42, "2026-06-01T09:00:00Z", "budi@example.org", settings.mail_from));
  CHECK(mail->message.message_id.find("@tickets.example.org") != std::string::npos);
  bool auto_submitted = false;
  for (auto& [name, value] : mail->message.headers) auto_submitted |= name == "Auto-Submitted";
  CHECK(auto_submitted);

  // No name: the address's local part greets.
  request.to_name.clear();
  Result<ComposedMail> anon =
      ComposeMail(request, DefaultMailTemplate("account_confirm", "en"), settings, 1780304400);
  CHECK(anon->rendered.text.find("Hello budi,") != std::string::npos);

  request.kind = "nope";
  CHECK(ComposeMail(request, MailTemplate{}, settings, 0).error().code == "not_found");
}

TEST_CASE("compose: tickets carry a QR image per ticket and links to the ticket pages") {
  MailSettings settings;
  settings.base_url = "https://tickets.example.org/";
  MailRequest request;
  request.id = 9;
  request.kind = "tickets";
  request.to_email = "siti@example.org";
  request.to_name = "Siti";
  request.data = {{"event_title", "Nusantara Tech"},
                  {"order_code", "LNY-1"},
                  {"tickets", json::array({{{"id", 501},
                                            {"code", "LNY1.AAAA.BBBB"},
                                            {"holder_name", "Siti <x>"},
                                            {"ticket_type", "Regular"}},
                                           {{"id", 502},
                                            {"code", "LNY1.CCCC.DDDD"},
                                            {"holder_name", "Budi"},
                                            {"ticket_type", "Student"}}})}};
  Result<ComposedMail> mail =
      ComposeMail(request, DefaultMailTemplate("tickets", "en"), settings, 1780304400);
  REQUIRE(mail.ok());
  REQUIRE(mail->message.inline_parts.size() == 2);
  CHECK(mail->message.inline_parts[0].content_id == "ticket-501@lanyard");
  CHECK(mail->message.inline_parts[0].content_type == "image/png");
  CHECK(mail->message.inline_parts[0].data.rfind("\x89PNG", 0) == 0);
  CHECK(mail->rendered.html.find("src=\"cid:ticket-501@lanyard\"") != std::string::npos);
  CHECK(mail->rendered.html.find("src=\"cid:ticket-502@lanyard\"") != std::string::npos);
  CHECK(mail->rendered.html.find("https://tickets.example.org/account/tickets/501") !=
        std::string::npos);
  CHECK(mail->rendered.html.find("Siti &lt;x&gt;") != std::string::npos);
  CHECK(mail->rendered.text.find("https://tickets.example.org/account/tickets/502") !=
        std::string::npos);
  CHECK(mail->rendered.text.find("LNY1.CCCC.DDDD") != std::string::npos);
  CHECK(mail->values["ticket_count"] == 2);

  ComposeOptions preview;
  preview.images_as_data_uri = true;
  Result<ComposedMail> shown =
      ComposeMail(request, DefaultMailTemplate("tickets", "en"), settings, 1780304400, preview);
  CHECK(shown->message.inline_parts.empty());
  CHECK(shown->rendered.html.find("src=\"data:image/png;base64,") != std::string::npos);
}

TEST_CASE("compose: a companion's ticket mail carries the same inline QR as the buyer's, en and id") {
  MailSettings settings;
  settings.base_url = "https://tickets.example.org";
  MailRequest request;
  request.id = 10;
  request.kind = "ticket_holder";
  request.to_email = "citra@example.org";
  request.to_name = "Citra";
  request.data = {{"event_title", "Nusantara Tech"}, {"buyer_name", "Budi"},
                  {"ticket_type", "Regular"},        {"ticket_ref", "K7QX2M9A-2"},
                  {"ticket_url", "https://tickets.example.org/account/tickets/502?key=K"},
                  {"ticket_id", 502},                {"ticket_code", "LNY1.CCCC.DDDD"}};
  for (const char* locale : {"en", "id"}) {
    request.locale = locale;
    Result<ComposedMail> mail =
        ComposeMail(request, DefaultMailTemplate("ticket_holder", locale), settings, 1780304400);
    REQUIRE(mail.ok());
    REQUIRE(mail->message.inline_parts.size() == 1);
    CHECK(mail->message.inline_parts[0].content_id == "ticket-502@lanyard");
    CHECK(mail->message.inline_parts[0].data.rfind("\x89PNG", 0) == 0);
    CHECK(mail->rendered.html.find("src=\"cid:ticket-502@lanyard\"") != std::string::npos);
  }
  // Without a code (an old queued mail) there is no broken image, only the link.
  request.data.erase("ticket_code");
  Result<ComposedMail> old =
      ComposeMail(request, DefaultMailTemplate("ticket_holder", "en"), settings, 1780304400);
  REQUIRE(old.ok());
  CHECK(old->message.inline_parts.empty());
  CHECK(old->rendered.html.find("<img") == std::string::npos);
  CHECK(old->rendered.html.find("/account/tickets/502?key=K") != std::string::npos);
}

TEST_CASE("compose: campaign mails carry one-click unsubscribe headers") {
  MailSettings settings;
  settings.base_url = "https://tickets.example.org";
  MailRequest request;
  request.id = 3;
  request.kind = "campaign";
  request.to_email = "a@example.org";
  request.data = {
      {"subject", "Doors open at 8"}, {"body", "See you <soon>"}, {"unsubscribe_token", "TOK"}};
  Result<ComposedMail> mail =
      ComposeMail(request, DefaultMailTemplate("campaign", "en"), settings, 1780304400);
  REQUIRE(mail.ok());
  std::map<std::string, std::string> headers(mail->message.headers.begin(),
                                             mail->message.headers.end());
  CHECK(headers["List-Unsubscribe"] == "<https://tickets.example.org/api/v1/unsubscribe/TOK>");
  CHECK(headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click");
  CHECK_FALSE(headers.count("Auto-Submitted"));
  CHECK(mail->rendered.subject == "Doors open at 8");
  CHECK(mail->rendered.html.find("https://tickets.example.org/unsubscribe/TOK") !=
        std::string::npos);
  CHECK(mail->rendered.html.find("See you &lt;soon&gt;") != std::string::npos);
  CHECK(mail->rendered.text.find("https://tickets.example.org/unsubscribe/TOK") !=
        std::string::npos);
}
