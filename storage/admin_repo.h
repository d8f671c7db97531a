#pragma once
// Settings, the audit log, documents, organizer applications and idempotency keys: their SQL.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/conn.h"

namespace lanyard::storage {

// Settings: key → JSON text.
std::map<std::string, std::string> LoadSettings(Conn& c);
void UpsertSetting(Conn& c, const std::string& key, const std::string& json_value);

struct AuditRow {
  int64_t id = 0;
  std::optional<int64_t> actor_id;
  std::string actor_email;
  std::string action;
  std::string target_type;
  std::optional<int64_t> target_id;
  std::string details;  // JSON
  std::string created_at;
};
void InsertAudit(Conn& c, std::optional<int64_t> actor_id, const std::string& action,
                 const std::string& target_type, std::optional<int64_t> target_id,
                 const std::string& details_json, const std::string& now);
std::vector<AuditRow> ListAudit(Conn& c, const std::string& action, int limit, int offset,
                                int64_t* total);

struct DocumentRow {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string kind;
  std::string filename;
  std::string stored_name;
  std::string content_type;
  int64_t size = 0;
  std::string created_at;
};
int64_t InsertDocument(Conn& c, const DocumentRow& d);
std::optional<DocumentRow> FindDocument(Conn& c, int64_t id);
std::vector<DocumentRow> ListDocuments(Conn& c, int64_t user_id);

struct ApplicationRow {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string user_name;
  std::string user_email;
  std::string organization;
  std::string description;
  std::string status;
  std::optional<std::string> message;
  std::optional<int64_t> decided_by;
  std::optional<std::string> decided_at;
  std::string created_at;
};
// nullopt when the user already has a pending application.
std::optional<int64_t> InsertApplication(Conn& c, int64_t user_id, const std::string& organization,
                                         const std::string& description, const std::string& now);
std::optional<ApplicationRow> FindApplication(Conn& c, int64_t id);
// user_id 0 lists everyone's; status empty for all.
std::vector<ApplicationRow> ListApplications(Conn& c, int64_t user_id, const std::string& status,
                                             int limit, int offset, int64_t* total);
// Decides a pending application; false when it was not pending any more.
bool DecideApplication(Conn& c, int64_t id, const std::string& status, const std::string& message,
                       int64_t decided_by, const std::string& now);

struct IdempotentResponse {
  std::string request_path;
  int status = 0;
  std::string body;
};
std::optional<IdempotentResponse> FindIdempotentResponse(Conn& c, int64_t user_id,
                                                         const std::string& key,
                                                         const std::string& not_before);
void SaveIdempotentResponse(Conn& c, int64_t user_id, const std::string& key,
                            const IdempotentResponse& r, const std::string& now);

// Prometheus samples: (metric name with labels, value), counted from the tables.
std::vector<std::pair<std::string, int64_t>> MetricSamples(Conn& c);

}  // namespace lanyard::storage
