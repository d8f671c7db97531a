#include "core/mail/mail_admin.h"

#include <map>
#include <optional>
#include <vector>

#include "core/common/time_util.h"
#include "core/common/write_unit.h"
#include "core/ops/audit.h"
#include "storage/mail_repo.h"

namespace lanyard {

namespace {

using nlohmann::json;

json TemplateJson(const MailTemplate& t) {
  return json{{"subject", t.subject}, {"text", t.text}, {"html", t.html}};
}

json OutboxJson(const storage::OutboxRow& row) {
  auto opt = [](const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); };
  return json{
      {"id", row.id},
      {"kind", row.kind},
      {"to_email", row.to_email},
      {"to_name", row.to_name},
      {"locale", row.locale},
      {"status", row.status},
      {"attempts", row.attempts},
      {"next_attempt_at", row.status == "queued" ? json(row.next_attempt_at) : json(nullptr)},
      {"last_error", opt(row.last_error)},
      {"message_id", opt(row.message_id)},
      {"created_at", row.created_at},
      {"sent_at", opt(row.sent_at)},
      {"sending", row.status == "queued" && row.lease_owner && row.lease_until
                      ? json{{"instance", *row.lease_owner},
                             {"until", FormatRfc3339(*row.lease_until)},
                             {"handing_over", row.handing_over}}
                      : json(nullptr)}};
}

// Reads {subject, text, html} as strings; a missing or non-string part is a validation error.
Result<MailTemplate> ParseTemplateBody(const json& body, const std::string& field_prefix) {
  std::map<std::string, std::string> fields;
  MailTemplate t;
  const std::pair<const char*, std::string*> parts[] = {
      {"subject", &t.subject}, {"text", &t.text}, {"html", &t.html}};
  for (const auto& [name, target] : parts) {
    auto it = body.find(name);
    if (it == body.end() || !it->is_string()) {
      fields[field_prefix + name] = "is required (a string)";
      continue;
    }
    *target = it->get<std::string>();
  }
  if (!fields.empty()) return Error::Invalid(std::move(fields));
  return t;
}

bool WantsReset(const json& v) {
  if (v.is_null()) return true;
  if (!v.is_object()) return false;
  auto it = v.find("reset");
  return it != v.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

MailTemplate CurrentMailTemplate(storage::Conn& conn, std::string_view kind,
                                 std::string_view locale) {
  const std::string_view loc = IsMailLocale(locale) ? locale : std::string_view("en");
  if (auto custom = storage::FindTemplateOverride(conn, kind, loc)) {
    return MailTemplate{custom->subject, custom->text, custom->html};
  }
  return DefaultMailTemplate(kind, loc);
}

json ListMailTemplates(storage::Conn& conn) {
  std::map<std::string, std::map<std::string, bool>> overridden;
  for (const storage::TemplateOverride& o : storage::ListTemplateOverrides(conn)) {
    overridden[o.kind][o.locale] = true;
  }
  json items = json::array();
  for (const MailKindSpec& spec : kMailKinds) {
    const std::string kind(spec.kind);
    json flags = json::object();
    for (std::string_view locale : kMailLocales) {
      flags[std::string(locale)] = overridden[kind].count(std::string(locale)) > 0;
    }
    items.push_back(
        json{{"kind", kind}, {"placeholders", MailPlaceholders(kind)}, {"overridden", flags}});
  }
  const size_t total = items.size();
  return json{{"items", std::move(items)}, {"total", total}};
}

Result<json> GetMailTemplate(storage::Conn& conn, std::string_view kind) {
  if (!IsMailKind(kind)) return Error::NotFound("Unknown mail kind.");
  json locales = json::object();
  for (std::string_view locale : kMailLocales) {
    const MailTemplate& def = DefaultMailTemplate(kind, locale);
    json entry;
    if (auto custom = storage::FindTemplateOverride(conn, kind, locale)) {
      entry = TemplateJson(MailTemplate{custom->subject, custom->text, custom->html});
      entry["overridden"] = true;
      entry["updated_at"] = custom->updated_at;
    } else {
      entry = TemplateJson(def);
      entry["overridden"] = false;
    }
    entry["default"] = TemplateJson(def);
    locales[std::string(locale)] = std::move(entry);
  }
  return json{{"kind", std::string(kind)},
              {"placeholders", MailPlaceholders(kind)},
              {"locales", std::move(locales)}};
}

Result<json> SaveMailTemplate(storage::Database& db, std::string_view kind, const json& body,
                              int64_t actor_id) {
  if (!IsMailKind(kind)) return Error::NotFound("Unknown mail kind.");
  if (!body.is_object()) return Error::BadRequest("The body must be a JSON object.");

  // locale → the new template, or nullopt to drop the override.
  std::vector<std::pair<std::string, std::optional<MailTemplate>>> changes;
  auto add = [&](const std::string& locale, const json& part, const std::string& prefix) -> Status {
    if (WantsReset(part)) {
      changes.emplace_back(locale, std::nullopt);
      return OkStatus();
    }
    if (!part.is_object())
      return Error::Invalid(prefix.empty() ? locale : prefix, "must be an object");
    Result<MailTemplate> parsed = ParseTemplateBody(part, prefix);
    if (!parsed.ok()) return parsed.error();
    Status valid = ValidateMailTemplate(kind, parsed.value());
    if (!valid.ok()) {
      Error e = valid.error();
      if (!prefix.empty()) {
        std::map<std::string, std::string> fields;
        for (auto& [field, why] : e.fields) fields[prefix + field] = why;
        e.fields = std::move(fields);
        e.message = "[" + locale + "] " + e.message;
      }
      return e;
    }
    changes.emplace_back(locale, std::move(parsed.value()));
    return OkStatus();
  };

  if (body.contains("locale")) {
    const json& loc = body["locale"];
    if (!loc.is_string() || !IsMailLocale(loc.get<std::string>())) {
      return Error::Invalid("locale", "must be en or id");
    }
    Status s = add(loc.get<std::string>(), body, "");
    if (!s.ok()) return s.error();
  } else {
    for (std::string_view locale : kMailLocales) {
      const std::string l(locale);
      if (!body.contains(l)) continue;
      Status s = add(l, body[l], l + ".");
      if (!s.ok()) return s.error();
    }
    if (changes.empty()) {
      return Error::Invalid("locale",
                            "give locale with subject, text and html, or en / id objects");
    }
  }

  const std::string now = NowRfc3339();
  json locales = json::array();
  for (const auto& change : changes) locales.push_back(change.first);
  const std::optional<int64_t> actor = actor_id > 0 ? std::optional<int64_t>(actor_id) : std::nullopt;
  // The templates and their audit row: one unit.
  Status saved = WriteUnit(db, [&](storage::Conn& conn) -> Status {
    for (const auto& [locale, tmpl] : changes) {
      if (!tmpl) {
        storage::DeleteTemplateOverride(conn, kind, locale);
        continue;
      }
      storage::TemplateOverride row;
      row.kind = std::string(kind);
      row.locale = locale;
      row.subject = tmpl->subject;
      row.text = tmpl->text;
      row.html = tmpl->html;
      row.updated_by = actor;
      row.updated_at = now;
      storage::UpsertTemplateOverride(conn, row);
    }
    WriteAudit(conn, actor, "mail_template.update", "mail_template", std::nullopt,
               {{"kind", std::string(kind)}, {"locales", locales}});
    return OkStatus();
  });
  if (!saved) return saved.error();
  return GetMailTemplate(db.Reader(), kind);
}

Result<json> PreviewMailTemplate(storage::Conn& conn, std::string_view kind, const json& body,
                                 const MailSettings& settings, int64_t now_unix) {
  if (!IsMailKind(kind)) return Error::NotFound("Unknown mail kind.");
  const json input = body.is_object() ? body : json::object();
  std::string locale = "en";
  if (input.contains("locale")) {
    if (!input["locale"].is_string() || !IsMailLocale(input["locale"].get<std::string>())) {
      return Error::Invalid("locale", "must be en or id");
    }
    locale = input["locale"].get<std::string>();
  }
  MailTemplate tmpl = CurrentMailTemplate(conn, kind, locale);
  std::map<std::string, std::string> bad_types;
  const std::pair<const char*, std::string*> parts[] = {
      {"subject", &tmpl.subject}, {"text", &tmpl.text}, {"html", &tmpl.html}};
  for (const auto& [name, target] : parts) {
    auto it = input.find(name);
    if (it == input.end() || it->is_null()) continue;
    if (!it->is_string()) {
      bad_types[name] = "must be a string";
      continue;
    }
    *target = it->get<std::string>();
  }
  if (!bad_types.empty()) return Error::Invalid(std::move(bad_types));
  Status valid = ValidateMailTemplate(kind, tmpl);
  if (!valid.ok()) return valid.error();

  MailRequest request;
  request.kind = std::string(kind);
  request.locale = locale;
  request.to_email = "attendee@example.org";
  request.to_name = locale == "id" ? "Siti Rahma" : "Alex Tan";
  request.data = SampleMailValues(kind, locale);
  if (input.contains("data")) {
    if (!input["data"].is_object()) return Error::Invalid("data", "must be an object");
    for (const auto& [key, value] : input["data"].items()) request.data[key] = value;
  }
  ComposeOptions options;
  options.images_as_data_uri = true;
  Result<ComposedMail> composed = ComposeMail(request, tmpl, settings, now_unix, options);
  if (!composed.ok()) return composed.error();
  return json{{"kind", std::string(kind)},
              {"locale", locale},
              {"subject", composed->rendered.subject},
              {"text", composed->rendered.text},
              {"html", composed->rendered.html},
              {"placeholders", MailPlaceholders(kind)}};
}

Result<json> ListOutbox(storage::Conn& conn, std::string_view status, int limit, int offset) {
  if (!status.empty() && status != "queued" && status != "sent" && status != "failed") {
    return Error::Invalid("status", "must be queued, sent or failed");
  }
  if (limit < 1) limit = 1;
  if (limit > 100) limit = 100;
  if (offset < 0) offset = 0;
  storage::OutboxPage page = storage::ListMails(conn, status, limit, offset);
  json items = json::array();
  for (const storage::OutboxRow& row : page.items) items.push_back(OutboxJson(row));
  return json{
      {"items", std::move(items)}, {"total", page.total}, {"limit", limit}, {"offset", offset}};
}

Result<json> RetryOutboxMail(storage::Database& db, int64_t id, int64_t now_unix) {
  const std::string now = FormatRfc3339(now_unix);
  enum class Outcome { kQueued, kMissing, kSent } outcome = Outcome::kMissing;
  db.Write([&](storage::Conn& conn) {
    auto row = storage::FindMail(conn, id);
    if (!row) {
      outcome = Outcome::kMissing;
      return false;
    }
    if (row->status == "sent") {
      outcome = Outcome::kSent;
      return false;
    }
    storage::RetryMail(conn, id, now);
    outcome = Outcome::kQueued;
    return true;
  });
  if (outcome == Outcome::kMissing) return Error::NotFound("No such mail.");
  if (outcome == Outcome::kSent) return Error::Conflict(codes::kConflict, "This mail was already sent.");
  auto row = storage::FindMail(db.Reader(), id);
  if (!row) return Error::NotFound("No such mail.");
  return OutboxJson(*row);
}

}  // namespace lanyard
