#include "core/accounts/profile.h"

#include "core/accounts/accounts.h"
#include "core/common/links.h"
#include "core/common/time_util.h"
#include "core/common/upload_quota.h"
#include "core/common/uploads.h"
#include "core/common/validation.h"
#include "storage/admin_repo.h"
#include "storage/teams_repo.h"
#include "storage/tickets_repo.h"
#include "storage/users_repo.h"

namespace lanyard::profile {

using nlohmann::json;

namespace {
json DocumentJson(const storage::DocumentRow& d) {
  return {{"id", d.id},           {"kind", d.kind}, {"filename", d.filename},
          {"content_type", d.content_type}, {"size", d.size}, {"created_at", d.created_at},
          {"url", Links().ProfileDocument(d.id)}};
}

bool IsDiet(const std::string& d) {
  return d == "none" || d == "vegetarian" || d == "vegan" || d == "halal" || d == "other";
}

// Empty text clears an optional field.
std::optional<std::string> Cleared(const std::string& v) {
  std::string t = Trim(v);
  if (t.empty()) return std::nullopt;
  return t;
}
}  // namespace

Result<json> GetMe(App& app, const AuthUser& user) {
  auto row = storage::FindUserById(app.db().Reader(), user.id);
  if (!row) return Error::NotFound();
  return accounts::UserJson(*row);
}

Result<json> UpdateMe(App& app, const AuthUser& user, const ProfilePatch& p) {
  std::map<std::string, std::string> fields;
  if (p.name && (Utf8Length(Trim(*p.name)) < 1 || Utf8Length(*p.name) > 200)) {
    fields["name"] = "must be 1 to 200 characters";
  }
  if (p.phone && p.phone->size() > 40) fields["phone"] = "must be at most 40 characters";
  if (p.organization && Utf8Length(*p.organization) > 200) {
    fields["organization"] = "must be at most 200 characters";
  }
  if (p.diet && !IsDiet(*p.diet)) fields["diet"] = "must be none, vegetarian, vegan, halal or other";
  if (p.diet_note && Utf8Length(*p.diet_note) > 500) fields["diet_note"] = "must be at most 500 characters";
  if (p.locale && *p.locale != "en" && *p.locale != "id") fields["locale"] = "must be en or id";
  if (!fields.empty()) return Error::Invalid(fields);
  std::optional<storage::UserRow> updated;
  app.db().Write([&](storage::Conn& c) {
    updated.reset();  // a unit may run more than once on PostgreSQL: decide afresh
    auto row = storage::FindUserById(c, user.id);
    if (!row) return false;
    if (p.name) row->name = Trim(*p.name);
    if (p.phone) row->phone = Cleared(*p.phone);
    if (p.organization) row->organization = Cleared(*p.organization);
    if (p.diet) row->diet = *p.diet;
    if (p.diet_note) row->diet_note = Cleared(*p.diet_note);
    if (p.locale) row->locale = *p.locale;
    storage::UpdateUserProfile(c, *row);
    updated = row;
    return true;
  });
  if (!updated) return Error::NotFound();
  return accounts::UserJson(*updated);
}

Result<json> UploadDocument(App& app, const AuthUser& user, const std::string& kind,
                            const std::string& filename, const std::string& bytes) {
  const std::string k = Trim(kind);
  if (k.empty() || k.size() > 50) return Error::Invalid("kind", "must be 1 to 50 characters, e.g. student_id");
  storage::DocumentRow row;
  row.user_id = user.id;
  row.kind = k;
  row.created_at = NowRfc3339();
  auto stored = StoreCountedUpload(
      app.db(), app.uploads(), UploadQuotaFrom(*app.settings().Snapshot()),
      UploadOwner{user.id, std::nullopt}, bytes, {FileKind::kPng, FileKind::kJpeg, FileKind::kWebp, FileKind::kPdf},
      [&](storage::Conn& c, const StoredUpload& file) -> Result<int64_t> {
        row.filename = SafeFilename(filename, std::string("document.") + (file.content_type == "application/pdf" ? "pdf" : "img"));
        row.stored_name = file.stored_name;
        row.content_type = file.content_type;
        row.size = static_cast<int64_t>(file.size);
        return storage::InsertDocument(c, row);
      });
  if (!stored) return stored.error();
  row.id = stored->id;
  return DocumentJson(row);
}

json ListDocuments(App& app, const AuthUser& user) {
  json items = json::array();
  for (const auto& d : storage::ListDocuments(app.db().Reader(), user.id)) {
    items.push_back(DocumentJson(d));
  }
  return {{"items", items}, {"total", items.size()}, {"limit", items.size()}, {"offset", 0}};
}

namespace {

// SPEC §3: the owner, staff and admins; an organizer only for people who hold a ticket or a
// team place in one of their events (ids of anyone else's documents are a 404, as if they did
// not exist).
bool MaySeeDocumentsOf(App& app, const AuthUser& user, int64_t owner) {
  if (owner == user.id || user.role == Role::kStaff || user.IsAdmin()) return true;
  if (user.role != Role::kOrganizer) return false;
  storage::Conn& c = app.db().Reader();
  return storage::HoldsTicketForOrganizer(c, owner, user.id) ||
         storage::HoldsTeamPlaceWithOrganizer(c, owner, user.id);
}

}  // namespace

Result<FileDownload> DownloadDocument(App& app, const AuthUser& user, int64_t document_id) {
  auto doc = storage::FindDocument(app.db().Reader(), document_id);
  if (!doc || !MaySeeDocumentsOf(app, user, doc->user_id)) return Error::NotFound();
  auto bytes = ReadUpload(app.uploads(), doc->stored_name);
  if (!bytes) return Error::NotFound("The file is missing.");
  return FileDownload{doc->content_type, doc->filename, std::move(*bytes)};
}

}  // namespace lanyard::profile
