#pragma once
// A team's work per stage (SPEC §9): a file (PDF, PNG, JPEG, WebP or zip, up to 5 MB, type by
// content) or a link, before the stage's deadline; a new hand-in replaces the team's earlier one
// for that stage. Staff of the event download them one by one or a whole stage as one zip.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"

namespace lanyard::teams {

struct SubmissionInput {
  int64_t stage_id = 0;
  std::optional<std::string> url;       // link stages
  std::optional<std::string> filename;  // file stages: the file's name and bytes
  std::string bytes;
};

// POST /teams/{id}/submissions (members) → 201 the submission {id, stage_id, kind, url,
// filename, content_type, size, submitted_by_name, submitted_at, download_url}.
// validation_failed (stage_id not a stage of the team's competition; a link stage without an
// http(s) url; a file stage without a file); deadline_passed; invalid_state (the stage takes
// nothing, or the team is withdrawn or disqualified); payload_too_large,
// unsupported_media_type for the file; forbidden for staff who are not members.
Result<nlohmann::json> Submit(App& app, const AuthUser& user, int64_t team_id, const SubmissionInput& in);
// GET /teams/{id}/submissions (members, staff): {items, total, limit, offset}.
Result<nlohmann::json> ListSubmissions(App& app, const AuthUser& user, int64_t team_id);

struct SubmissionFile {
  std::string content_type, filename, bytes;
};
// GET /teams/{id}/submissions/{submission_id}/file (members, staff). not_found for a link.
Result<SubmissionFile> GetSubmissionFile(App& app, const AuthUser& user, int64_t team_id,
                                         int64_t submission_id);
// GET /competitions/{id}/stages/{stage_id}/submissions.zip (staff of the event): every team's
// file of the stage as "<team id>-<team name>/<file name>", and links.txt with the links.
// not_found for a stage of another competition.
Result<SubmissionFile> StageZip(App& app, const AuthUser& user, int64_t competition_id, int64_t stage_id);

// Mails team_stage_reminder to teams that have not handed in, `hours` before each deadline,
// once per team and stage. Returns the reminders sent (at most 200 per call).
int SendStageReminders(App& app, int64_t now, int64_t hours);

}  // namespace lanyard::teams
