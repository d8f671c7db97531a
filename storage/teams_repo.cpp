#include "storage/teams_repo.h"

#include "storage/query.h"

namespace lanyard::storage {

namespace {

#define LANYARD_COMPETITION_COLUMNS                                                          \
  "id, event_id, name, description, team_min, team_max, fee, registration_opens, "          \
  "registration_closes, max_teams, created_at, updated_at"

CompetitionRow ReadCompetition(Query& q) {
  CompetitionRow r;
  q.Columns(r.id, r.event_id, r.name, r.description, r.team_min, r.team_max, r.fee,
            r.registration_opens, r.registration_closes, r.max_teams, r.created_at, r.updated_at);
  return r;
}

#define LANYARD_STAGE_COLUMNS "id, competition_id, position, name, deadline, takes"

StageRow ReadStage(Query& q) {
  StageRow r;
  q.Columns(r.id, r.competition_id, r.position, r.name, r.deadline, r.takes);
  return r;
}

#define LANYARD_TEAM_COLUMNS                                                                  \
  "t.id, t.competition_id, t.name, t.leader_id, t.status, t.order_id, t.status_message, "    \
  "t.registered_at, t.confirmed_at, t.created_at, t.updated_at"

TeamRow ReadTeam(Query& q) {
  TeamRow r;
  q.Columns(r.id, r.competition_id, r.name, r.leader_id, r.status, r.order_id, r.status_message,
            r.registered_at, r.confirmed_at, r.created_at, r.updated_at);
  return r;
}

#define LANYARD_INVITE_COLUMNS \
  "id, team_id, token_hash, created_by, created_at, expires_at, max_uses, uses, revoked_at"

InviteRow ReadInvite(Query& q) {
  InviteRow r;
  q.Columns(r.id, r.team_id, r.token_hash, r.created_by, r.created_at, r.expires_at, r.max_uses,
            r.uses, r.revoked_at);
  return r;
}

#define LANYARD_SUBMISSION_COLUMNS                                                              \
  "s.id, s.team_id, s.stage_id, s.kind, s.url, s.stored_name, s.filename, s.content_type, "    \
  "s.size, s.submitted_by, s.submitted_at, u.name, t.name"
#define LANYARD_SUBMISSION_FROM \
  " FROM team_submissions s JOIN users u ON u.id = s.submitted_by JOIN teams t ON t.id = s.team_id "

SubmissionRow ReadSubmission(Query& q) {
  SubmissionRow r;
  q.Columns(r.id, r.team_id, r.stage_id, r.kind, r.url, r.stored_name, r.filename, r.content_type,
            r.size, r.submitted_by, r.submitted_at, r.submitted_by_name, r.team_name);
  return r;
}

}  // namespace

std::optional<CompetitionRow> FindCompetition(Conn& c, int64_t id) {
  Query q(c, "SELECT " LANYARD_COMPETITION_COLUMNS " FROM competitions WHERE id = ?", id);
  if (!q.Next()) return std::nullopt;
  return ReadCompetition(q);
}

int64_t InsertCompetition(Conn& c, const CompetitionRow& r) {
  return InsertId(c,
       "INSERT INTO competitions (event_id, name, description, team_min, team_max, fee, "
       "registration_opens, registration_closes, max_teams, created_at, updated_at) "
       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
       r.event_id, r.name, r.description, r.team_min, r.team_max, r.fee, r.registration_opens,
       r.registration_closes, r.max_teams, r.created_at, r.updated_at);
}

void UpdateCompetition(Conn& c, const CompetitionRow& r) {
  Exec(c,
       "UPDATE competitions SET name = ?, description = ?, team_min = ?, team_max = ?, fee = ?, "
       "registration_opens = ?, registration_closes = ?, max_teams = ?, updated_at = ? WHERE id = ?",
       r.name, r.description, r.team_min, r.team_max, r.fee, r.registration_opens,
       r.registration_closes, r.max_teams, r.updated_at, r.id);
}

void DeleteCompetition(Conn& c, int64_t id) {
  Exec(c, "DELETE FROM competition_stages WHERE competition_id = ?", id);
  Exec(c, "DELETE FROM competitions WHERE id = ?", id);
}

std::vector<CompetitionRow> ListEventCompetitions(Conn& c, int64_t event_id) {
  Query q(c, "SELECT " LANYARD_COMPETITION_COLUMNS " FROM competitions WHERE event_id = ? ORDER BY id",
          event_id);
  std::vector<CompetitionRow> out;
  while (q.Next()) out.push_back(ReadCompetition(q));
  return out;
}

int64_t CountEventCompetitions(Conn& c, int64_t event_id) {
  return ScalarInt(c, "SELECT COUNT(*) FROM competitions WHERE event_id = ?", event_id).value_or(0);
}

std::vector<StageRow> ListStages(Conn& c, int64_t competition_id) {
  Query q(c,
          "SELECT " LANYARD_STAGE_COLUMNS
          " FROM competition_stages WHERE competition_id = ? ORDER BY position",
          competition_id);
  std::vector<StageRow> out;
  while (q.Next()) out.push_back(ReadStage(q));
  return out;
}

std::optional<StageRow> FindStage(Conn& c, int64_t id) {
  Query q(c, "SELECT " LANYARD_STAGE_COLUMNS " FROM competition_stages WHERE id = ?", id);
  if (!q.Next()) return std::nullopt;
  return ReadStage(q);
}

int64_t InsertStage(Conn& c, const StageRow& r) {
  return InsertId(c,
       "INSERT INTO competition_stages (competition_id, position, name, deadline, takes) "
       "VALUES (?, ?, ?, ?, ?) RETURNING id",
       r.competition_id, r.position, r.name, r.deadline, r.takes);
}

void UpdateStage(Conn& c, const StageRow& r) {
  Exec(c, "UPDATE competition_stages SET position = ?, name = ?, deadline = ?, takes = ? WHERE id = ?",
       r.position, r.name, r.deadline, r.takes, r.id);
}

void DeleteStage(Conn& c, int64_t id) {
  Exec(c, "DELETE FROM team_stage_reminders WHERE stage_id = ?", id);
  Exec(c, "DELETE FROM competition_stages WHERE id = ?", id);
}

int64_t CountStageSubmissions(Conn& c, int64_t stage_id) {
  return ScalarInt(c, "SELECT COUNT(*) FROM team_submissions WHERE stage_id = ?", stage_id).value_or(0);
}

void ParkStagePositions(Conn& c, int64_t competition_id) {
  Exec(c, "UPDATE competition_stages SET position = position + 1000000 WHERE competition_id = ?",
       competition_id);
}

std::optional<TeamRow> FindTeam(Conn& c, int64_t id) {
  Query q(c, "SELECT " LANYARD_TEAM_COLUMNS " FROM teams t WHERE t.id = ?", id);
  if (!q.Next()) return std::nullopt;
  return ReadTeam(q);
}

std::optional<TeamRow> FindTeamByOrder(Conn& c, int64_t order_id) {
  Query q(c, "SELECT " LANYARD_TEAM_COLUMNS " FROM teams t WHERE t.order_id = ?", order_id);
  if (!q.Next()) return std::nullopt;
  return ReadTeam(q);
}

std::optional<int64_t> InsertTeam(Conn& c, const TeamRow& r) {
  return ScalarInt(c,
           "INSERT INTO teams (competition_id, name, name_key, leader_id, status, created_at, "
           "updated_at) VALUES (?, ?, lower(?), ?, 'forming', ?, ?) "
           "ON CONFLICT (competition_id, name_key) DO NOTHING RETURNING id",
           r.competition_id, r.name, r.name, r.leader_id, r.created_at, r.updated_at);
}

void UpdateTeam(Conn& c, const TeamRow& r) {
  Exec(c,
       "UPDATE teams SET status = ?, leader_id = ?, order_id = ?, status_message = ?, "
       "registered_at = ?, confirmed_at = ?, updated_at = ? WHERE id = ?",
       r.status, r.leader_id, r.order_id, r.status_message, r.registered_at, r.confirmed_at,
       r.updated_at, r.id);
}

void DeleteTeam(Conn& c, int64_t id) {
  Exec(c, "DELETE FROM team_stage_reminders WHERE team_id = ?", id);
  Exec(c, "DELETE FROM team_submissions WHERE team_id = ?", id);
  Exec(c, "DELETE FROM team_invites WHERE team_id = ?", id);
  Exec(c, "DELETE FROM team_members WHERE team_id = ?", id);
  Exec(c, "DELETE FROM teams WHERE id = ?", id);
}

std::vector<TeamRow> ListUserTeams(Conn& c, int64_t user_id) {
  Query q(c,
          "SELECT " LANYARD_TEAM_COLUMNS
          " FROM teams t JOIN team_members m ON m.team_id = t.id WHERE m.user_id = ? "
          "ORDER BY t.id DESC",
          user_id);
  std::vector<TeamRow> out;
  while (q.Next()) out.push_back(ReadTeam(q));
  return out;
}

std::vector<TeamRow> ListCompetitionTeams(Conn& c, int64_t competition_id, const std::string& status,
                                          int limit, int offset, int64_t* total) {
  *total = ScalarInt(c,
                     "SELECT COUNT(*) FROM teams WHERE competition_id = ? AND (? = '' OR status = ?)",
                     competition_id, status, status)
               .value_or(0);
  Query q(c,
          "SELECT " LANYARD_TEAM_COLUMNS
          " FROM teams t WHERE t.competition_id = ? AND (? = '' OR t.status = ?) ORDER BY t.id "
          "LIMIT ? OFFSET ?",
          competition_id, status, status, limit, offset);
  std::vector<TeamRow> out;
  while (q.Next()) out.push_back(ReadTeam(q));
  return out;
}

int64_t CountCompetitionTeams(Conn& c, int64_t competition_id) {
  return ScalarInt(c, "SELECT COUNT(*) FROM teams WHERE competition_id = ?", competition_id).value_or(0);
}

int64_t CountRegisteredTeams(Conn& c, int64_t competition_id) {
  return ScalarInt(c,
                   "SELECT COUNT(*) FROM teams WHERE competition_id = ? "
                   "AND status IN ('registered', 'confirmed', 'finalist')",
                   competition_id)
      .value_or(0);
}

bool TeamNameTaken(Conn& c, int64_t competition_id, const std::string& name) {
  return ScalarInt(c, "SELECT 1 FROM teams WHERE competition_id = ? AND name_key = lower(?)",
                   competition_id, name)
      .has_value();
}

std::vector<MemberRow> ListMembers(Conn& c, int64_t team_id) {
  Query q(c,
          "SELECT u.id, u.name, u.email, u.locale, u.phone, m.joined_at FROM team_members m "
          "JOIN users u ON u.id = m.user_id WHERE m.team_id = ? ORDER BY m.joined_at, u.id",
          team_id);
  std::vector<MemberRow> out;
  while (q.Next()) {
    MemberRow m;
    q.Columns(m.user_id, m.name, m.email, m.locale, m.phone, m.joined_at);
    out.push_back(std::move(m));
  }
  return out;
}

int64_t CountMembers(Conn& c, int64_t team_id) {
  return ScalarInt(c, "SELECT COUNT(*) FROM team_members WHERE team_id = ?", team_id).value_or(0);
}

bool IsMember(Conn& c, int64_t team_id, int64_t user_id) {
  return ScalarInt(c, "SELECT 1 FROM team_members WHERE team_id = ? AND user_id = ?", team_id, user_id)
      .has_value();
}

std::optional<int64_t> UserTeamInCompetition(Conn& c, int64_t competition_id, int64_t user_id) {
  return ScalarInt(c, "SELECT team_id FROM team_members WHERE competition_id = ? AND user_id = ?",
                   competition_id, user_id);
}

void InsertMember(Conn& c, int64_t team_id, int64_t competition_id, int64_t user_id,
                  const std::string& now) {
  Exec(c, "INSERT INTO team_members (team_id, competition_id, user_id, joined_at) VALUES (?, ?, ?, ?)",
       team_id, competition_id, user_id, now);
}

bool DeleteMember(Conn& c, int64_t team_id, int64_t user_id) {
  return Exec(c, "DELETE FROM team_members WHERE team_id = ? AND user_id = ?", team_id, user_id) == 1;
}

int64_t InsertInvite(Conn& c, const InviteRow& r) {
  return InsertId(c,
       "INSERT INTO team_invites (team_id, token_hash, created_by, created_at, expires_at, max_uses) "
       "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
       r.team_id, r.token_hash, r.created_by, r.created_at, r.expires_at, r.max_uses);
}

std::optional<InviteRow> FindInviteByHash(Conn& c, const std::string& token_hash) {
  Query q(c, "SELECT " LANYARD_INVITE_COLUMNS " FROM team_invites WHERE token_hash = ?", token_hash);
  if (!q.Next()) return std::nullopt;
  return ReadInvite(q);
}

std::optional<InviteRow> FindInvite(Conn& c, int64_t id) {
  Query q(c, "SELECT " LANYARD_INVITE_COLUMNS " FROM team_invites WHERE id = ?", id);
  if (!q.Next()) return std::nullopt;
  return ReadInvite(q);
}

std::vector<InviteRow> ListTeamInvites(Conn& c, int64_t team_id) {
  Query q(c, "SELECT " LANYARD_INVITE_COLUMNS " FROM team_invites WHERE team_id = ? ORDER BY id DESC",
          team_id);
  std::vector<InviteRow> out;
  while (q.Next()) out.push_back(ReadInvite(q));
  return out;
}

bool RevokeInvite(Conn& c, int64_t id, const std::string& now) {
  return Exec(c, "UPDATE team_invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", now, id) == 1;
}

void CountInviteUse(Conn& c, int64_t id) {
  Exec(c, "UPDATE team_invites SET uses = uses + 1 WHERE id = ?", id);
}

int64_t UpsertSubmission(Conn& c, const SubmissionRow& r) {
  Exec(c,
       "INSERT INTO team_submissions (team_id, stage_id, kind, url, stored_name, filename, "
       "content_type, size, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
       "ON CONFLICT (team_id, stage_id) DO UPDATE SET kind = excluded.kind, url = excluded.url, "
       "stored_name = excluded.stored_name, filename = excluded.filename, "
       "content_type = excluded.content_type, size = excluded.size, "
       "submitted_by = excluded.submitted_by, submitted_at = excluded.submitted_at",
       r.team_id, r.stage_id, r.kind, r.url, r.stored_name, r.filename, r.content_type, r.size,
       r.submitted_by, r.submitted_at);
  return ScalarInt(c, "SELECT id FROM team_submissions WHERE team_id = ? AND stage_id = ?", r.team_id,
                   r.stage_id)
      .value_or(0);
}

std::optional<SubmissionRow> FindSubmission(Conn& c, int64_t id) {
  Query q(c, "SELECT " LANYARD_SUBMISSION_COLUMNS LANYARD_SUBMISSION_FROM "WHERE s.id = ?", id);
  if (!q.Next()) return std::nullopt;
  return ReadSubmission(q);
}

std::vector<SubmissionRow> ListTeamSubmissions(Conn& c, int64_t team_id) {
  Query q(c, "SELECT " LANYARD_SUBMISSION_COLUMNS LANYARD_SUBMISSION_FROM "WHERE s.team_id = ? ORDER BY s.stage_id",
          team_id);
  std::vector<SubmissionRow> out;
  while (q.Next()) out.push_back(ReadSubmission(q));
  return out;
}

std::vector<SubmissionRow> ListStageSubmissions(Conn& c, int64_t stage_id) {
  Query q(c, "SELECT " LANYARD_SUBMISSION_COLUMNS LANYARD_SUBMISSION_FROM "WHERE s.stage_id = ? ORDER BY s.team_id",
          stage_id);
  std::vector<SubmissionRow> out;
  while (q.Next()) out.push_back(ReadSubmission(q));
  return out;
}

std::vector<StageReminderDue> StageRemindersDue(Conn& c, const std::string& now,
                                                const std::string& remind_before, int limit) {
  Query q(c,
          "SELECT s.id, t.id FROM competition_stages s JOIN teams t ON t.competition_id = s.competition_id "
          "WHERE s.takes <> 'none' AND s.deadline > ? AND s.deadline <= ? "
          "AND t.status IN ('forming', 'registered', 'confirmed', 'finalist') "
          "AND NOT EXISTS (SELECT 1 FROM team_submissions x WHERE x.team_id = t.id AND x.stage_id = s.id) "
          "AND NOT EXISTS (SELECT 1 FROM team_stage_reminders r WHERE r.team_id = t.id AND r.stage_id = s.id) "
          "ORDER BY s.deadline, t.id LIMIT ?",
          now, remind_before, limit);
  std::vector<StageReminderDue> out;
  while (q.Next()) out.push_back({q.Int(0), q.Int(1)});
  return out;
}

bool RecordStageReminder(Conn& c, int64_t stage_id, int64_t team_id, const std::string& now) {
  return Exec(c,
              "INSERT INTO team_stage_reminders (stage_id, team_id, sent_at) VALUES (?, ?, ?) "
              "ON CONFLICT (stage_id, team_id) DO NOTHING",
              stage_id, team_id, now) == 1;
}

bool HoldsTeamPlaceWithOrganizer(Conn& c, int64_t person, int64_t organizer) {
  Query q(c,
          "SELECT 1 FROM team_members m JOIN teams t ON t.id = m.team_id "
          "JOIN competitions k ON k.id = m.competition_id JOIN events e ON e.id = k.event_id "
          "WHERE m.user_id = ? AND t.status <> 'withdrawn' AND e.organizer_id = ? LIMIT 1",
          person, organizer);
  return q.Next();
}

}  // namespace lanyard::storage
