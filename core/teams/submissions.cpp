#include "core/teams/submissions.h"

#include "core/common/time_util.h"
#include "core/common/upload_quota.h"
#include "core/common/uploads.h"
#include "core/common/validation.h"
#include "core/common/write_unit.h"
#include "core/common/zip_archive.h"
#include "core/ops/audit.h"
#include "core/teams/team_access.h"
#include "core/teams/team_mail.h"
#include "core/teams/team_status.h"
#include "core/teams/team_views.h"

namespace lanyard::teams {

using nlohmann::json;

namespace {

const std::vector<FileKind> kSubmissionKinds = {FileKind::kPdf, FileKind::kPng, FileKind::kJpeg,
                                                FileKind::kWebp, FileKind::kZip};

bool IsHttpUrl(const std::string& url) {
  if (url.size() > 2000) return false;
  for (unsigned char ch : url) {
    if (ch <= 0x20 || ch == 0x7f) return false;
  }
  return (url.rfind("https://", 0) == 0 && url.size() > 8) || (url.rfind("http://", 0) == 0 && url.size() > 7);
}

}  // namespace

Result<json> Submit(App& app, const AuthUser& user, int64_t team_id, const SubmissionInput& in) {
  // Shape and rules first from a read, so a refused hand-in stores no file.
  storage::StageRow stage;
  {
    storage::Conn& c = app.db().Reader();
    auto t = LoadTeam(c, user, team_id);
    if (!t) return t.error();
    if (!t->member) return Error::Forbidden("Only the team's members hand in work.");
    auto s = storage::FindStage(c, in.stage_id);
    if (!s || s->competition_id != t->team.competition_id) {
      return Error::Invalid("stage_id", "is not a stage of this team's competition");
    }
    stage = *s;
  }
  const auto takes = ParseStageTakes(stage.takes).value_or(StageTakes::kNone);
  if (takes == StageTakes::kNone) {
    return Error::Conflict(codes::kInvalidState, "The stage '" + stage.name + "' takes no hand-in.");
  }
  storage::SubmissionRow row;
  row.team_id = team_id;
  row.stage_id = stage.id;
  row.submitted_by = user.id;
  if (takes == StageTakes::kLink) {
    const std::string url = Trim(in.url.value_or(""));
    if (!IsHttpUrl(url)) return Error::Invalid("url", "must be an http or https link");
    row.kind = "link";
    row.url = url;
  } else {
    if (!in.filename) return Error::Invalid("file", "is required for this stage");
    auto deadline = ParseRfc3339(stage.deadline);
    if (!deadline || *deadline <= NowSeconds()) {
      return Error::Conflict(codes::kDeadlinePassed, "The deadline of '" + stage.name + "' has passed.");
    }
    Status disk = CheckFreeDisk(app.uploads(), in.bytes.size(),
                                UploadQuotaFrom(*app.settings().Snapshot()).keep_free_bytes);
    if (!disk.ok()) return disk.error();
    auto stored = StoreUpload(app.uploads(), in.bytes, kSubmissionKinds);
    if (!stored) return stored.error();
    row.kind = "file";
    row.stored_name = stored->stored_name;
    row.content_type = stored->content_type;
    row.size = static_cast<int64_t>(stored->size);
    row.filename = SafeFilename(*in.filename, std::string("submission.") +
                                                  (stored->stored_name.substr(stored->stored_name.rfind('.') + 1)));
  }
  // A stored file whose record is refused does not stay stored.
  auto forget_file = [&] {
    if (row.stored_name) RemoveUpload(app.uploads(), *row.stored_name);
  };
  Result<int64_t> id = Error::Make(codes::kInternal, "not recorded");
  try {
    id = WriteUnit<int64_t>(app.db(), [&](storage::Conn& c) -> Result<int64_t> {
      auto t = LoadTeam(c, user, team_id);
      if (!t) return t.error();
      if (!t->member) return Error::Forbidden("Only the team's members hand in work.");
      if (t->team.status == "withdrawn" || t->team.status == "disqualified") {
        return Error::Conflict(codes::kInvalidState, "This team is " + t->team.status + ".");
      }
      const int64_t now = NowSeconds();
      auto deadline = ParseRfc3339(stage.deadline);
      if (!deadline || *deadline <= now) {
        return Error::Conflict(codes::kDeadlinePassed, "The deadline of '" + stage.name + "' has passed.");
      }
      row.submitted_at = FormatRfc3339(now);
      const int64_t sid = storage::UpsertSubmission(c, row);
      WriteAudit(c, user.id, "team.submit", "team", team_id, {{"stage_id", stage.id}, {"submission_id", sid}});
      return sid;
    });
  } catch (...) {
    forget_file();
    throw;
  }
  if (!id) {
    forget_file();
    return id.error();
  }
  auto saved = storage::FindSubmission(app.db().Reader(), *id);
  if (!saved) return Error::NotFound("No such submission.");
  return SubmissionJson(*saved);
}

Result<json> ListSubmissions(App& app, const AuthUser& user, int64_t team_id) {
  storage::Conn& c = app.db().Reader();
  auto t = LoadTeam(c, user, team_id);
  if (!t) return t.error();
  json items = json::array();
  for (const auto& s : storage::ListTeamSubmissions(c, team_id)) items.push_back(SubmissionJson(s));
  const auto total = static_cast<int64_t>(items.size());
  return json{{"items", std::move(items)}, {"total", total}, {"limit", total}, {"offset", 0}};
}

Result<SubmissionFile> GetSubmissionFile(App& app, const AuthUser& user, int64_t team_id, int64_t submission_id) {
  storage::Conn& c = app.db().Reader();
  auto t = LoadTeam(c, user, team_id);
  if (!t) return t.error();
  auto s = storage::FindSubmission(c, submission_id);
  if (!s || s->team_id != team_id || s->kind != "file" || !s->stored_name) {
    return Error::NotFound("No such file.");
  }
  auto bytes = ReadUpload(app.uploads(), *s->stored_name);
  if (!bytes) return Error::NotFound("The file is missing.");
  return SubmissionFile{s->content_type.value_or("application/octet-stream"), s->filename.value_or("submission"),
                        std::move(*bytes)};
}

Result<SubmissionFile> StageZip(App& app, const AuthUser& user, int64_t competition_id, int64_t stage_id) {
  storage::Conn& c = app.db().Reader();
  auto loaded = LoadCompetition(c, &user, competition_id, EventAccess::kStaff);
  if (!loaded) return loaded.error();
  auto stage = storage::FindStage(c, stage_id);
  if (!stage || stage->competition_id != competition_id) return Error::NotFound("No such stage.");
  std::vector<ZipEntry> entries;
  std::string links;
  for (const auto& s : storage::ListStageSubmissions(c, stage_id)) {
    const std::string folder = std::to_string(s.team_id) + "-" + SafeFilename(s.team_name, "team");
    if (s.kind == "link") {
      links += folder + "\t" + s.url.value_or("") + "\r\n";
      continue;
    }
    auto bytes = s.stored_name ? ReadUpload(app.uploads(), *s.stored_name) : std::nullopt;
    if (!bytes) continue;
    entries.push_back({folder + "/" + s.filename.value_or("submission"), std::move(*bytes)});
  }
  if (!links.empty()) entries.push_back({"links.txt", links});
  auto zip = MakeZip(entries);
  if (!zip) return zip.error();
  return SubmissionFile{"application/zip",
                        "competition-" + std::to_string(competition_id) + "-stage-" + std::to_string(stage->position) + ".zip",
                        std::move(*zip)};
}

int SendStageReminders(App& app, int64_t now, int64_t hours) {
  const auto due = storage::StageRemindersDue(app.db().Reader(), FormatRfc3339(now),
                                              FormatRfc3339(now + hours * 3600), 200);
  if (due.empty()) return 0;
  const std::string now_text = FormatRfc3339(now);
  Status done = WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    for (const auto& d : due) {
      if (!storage::RecordStageReminder(c, d.stage_id, d.team_id, now_text)) continue;
      auto team = storage::FindTeam(c, d.team_id);
      auto stage = storage::FindStage(c, d.stage_id);
      auto comp = team ? storage::FindCompetition(c, team->competition_id) : std::nullopt;
      auto event = comp ? storage::FindEvent(c, comp->event_id) : std::nullopt;
      if (team && stage && comp && event) MailStageReminder(app, c, *team, *comp, *event, *stage);
    }
    return OkStatus();
  });
  return done ? static_cast<int>(due.size()) : 0;
}

}  // namespace lanyard::teams
