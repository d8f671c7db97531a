#pragma once
// The caller's own profile (/me) and documents (/me/documents, /documents/{id}).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/app.h"
#include "core/accounts/auth_user.h"
#include "core/common/result.h"

namespace lanyard::profile {

Result<nlohmann::json> GetMe(App& app, const AuthUser& user);

struct ProfilePatch {
  std::optional<std::string> name, phone, organization, diet, diet_note, locale;
};
Result<nlohmann::json> UpdateMe(App& app, const AuthUser& user, const ProfilePatch& patch);

Result<nlohmann::json> UploadDocument(App& app, const AuthUser& user, const std::string& kind,
                                      const std::string& filename, const std::string& bytes);
nlohmann::json ListDocuments(App& app, const AuthUser& user);

struct FileDownload {
  std::string content_type;
  std::string filename;
  std::string bytes;
};
// Owner or staff+; others get not_found.
Result<FileDownload> DownloadDocument(App& app, const AuthUser& user, int64_t document_id);

}  // namespace lanyard::profile
