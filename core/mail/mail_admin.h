#pragma once
// The admins' side of mail (SPEC §8): templates (read, override, preview) and the outbox (list,
// retry), as JSON objects ready for the API. Also the lookup of the template in force, shared
// with the sender.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/mail/mail_compose.h"
#include "core/mail/mail_templates.h"
#include "core/common/result.h"
#include "storage/conn.h"
#include "storage/database.h"

namespace lanyard {

// The admin's override for (kind, locale) if any, else the embedded default. `kind` must be a
// known kind (IsMailKind).
MailTemplate CurrentMailTemplate(storage::Conn& conn, std::string_view kind,
                                 std::string_view locale);

// {"items": [{kind, placeholders: [...], overridden: {en: bool, id: bool}}], "total": N}
nlohmann::json ListMailTemplates(storage::Conn& conn);

// {kind, placeholders, locales: {en: {subject, text, html, overridden, updated_at?,
//  default: {subject, text, html}}, id: {...}}}; not_found for an unknown kind.
Result<nlohmann::json> GetMailTemplate(storage::Conn& conn, std::string_view kind);

// Body: {locale: "en"|"id", subject, text, html} for one locale, or
// {"en": {subject, text, html}, "id": {...}} for several at once. A locale object
// {"reset": true} (or null) drops its override. Every part is validated before anything is
// stored (validation_failed naming the unknown placeholder; fields are prefixed with the locale
// in the multi-locale form, e.g. "id.html"). The overrides and their audit row
// (mail_template.update: kind, locales; actor_id 0 = none) are one write unit. Returns
// GetMailTemplate afterwards.
Result<nlohmann::json> SaveMailTemplate(storage::Database& db, std::string_view kind,
                                        const nlohmann::json& body, int64_t actor_id);

// Body (all optional): {locale, subject, text, html, data}. Missing parts come from the template
// in force; `data` replaces the sample values. Returns {kind, locale, subject, text, html,
// placeholders}; the HTML shows QR images inline as data: URIs.
Result<nlohmann::json> PreviewMailTemplate(storage::Conn& conn, std::string_view kind,
                                           const nlohmann::json& body, const MailSettings& settings,
                                           int64_t now_unix);

// One outbox row as the API shows it: {id, kind, to_email, to_name, locale, status, attempts,
// next_attempt_at, last_error, message_id, created_at, sent_at, sending}. sending: null, or for a
// queued row an instance claimed (PostgreSQL, storage/mail_lease_repo.h) {instance, until (RFC
// 3339: its lease; past = that instance stopped and the next one to look takes it over),
// handing_over}. The placeholder values are left out (they hold confirmation tokens and reset
// codes).
// {"items": [...], "total", "limit", "offset"}; `status` "" or queued|sent|failed, else
// validation_failed. limit is clamped to [1, 100].
Result<nlohmann::json> ListOutbox(storage::Conn& conn, std::string_view status, int limit,
                                  int offset);

// Queues a failed (or still queued) row again, due now, attempts reset; not_found when missing,
// conflict (409) when it was already delivered. Returns the row; the sender, woken by the
// commit, picks it up.
Result<nlohmann::json> RetryOutboxMail(storage::Database& db, int64_t id, int64_t now_unix);

}  // namespace lanyard
