#pragma once
// Competitions, their stages, teams, members, invites, submissions and stage reminders: all
// their SQL (SPEC §9). Writes run inside the caller's unit of work; the schema's triggers
// (migrations/0010_teams.sql) back the capacity rules, so a write that would break one throws
// SQLite::Exception — core/teams decides the rules first and never relies on that.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/conn.h"

namespace lanyard::storage {

struct CompetitionRow {
  int64_t id = 0;
  int64_t event_id = 0;
  std::string name, description;
  int64_t team_min = 1, team_max = 1;
  int64_t fee = 0;  // minor units, per team
  std::optional<std::string> registration_opens, registration_closes;  // RFC 3339 UTC
  std::optional<int64_t> max_teams;  // null: unlimited
  std::string created_at, updated_at;
};

struct StageRow {
  int64_t id = 0;
  int64_t competition_id = 0;
  int64_t position = 0;  // 1, 2, ... in order
  std::string name;
  std::string deadline;  // RFC 3339 UTC
  std::string takes;     // file | link | none
};

std::optional<CompetitionRow> FindCompetition(Conn& c, int64_t id);
int64_t InsertCompetition(Conn& c, const CompetitionRow& row);
void UpdateCompetition(Conn& c, const CompetitionRow& row);  // every editable column
void DeleteCompetition(Conn& c, int64_t id);                 // with its stages; caller checked teams
std::vector<CompetitionRow> ListEventCompetitions(Conn& c, int64_t event_id);
int64_t CountEventCompetitions(Conn& c, int64_t event_id);

// Stages in position order.
std::vector<StageRow> ListStages(Conn& c, int64_t competition_id);
std::optional<StageRow> FindStage(Conn& c, int64_t id);
int64_t InsertStage(Conn& c, const StageRow& row);
void UpdateStage(Conn& c, const StageRow& row);  // position, name, deadline, takes
void DeleteStage(Conn& c, int64_t id);
int64_t CountStageSubmissions(Conn& c, int64_t stage_id);
// Moves every stage of the competition out of the way (position + 1000000), so new positions
// 1, 2, ... can be written one by one without meeting UNIQUE (competition_id, position).
void ParkStagePositions(Conn& c, int64_t competition_id);

struct TeamRow {
  int64_t id = 0;
  int64_t competition_id = 0;
  std::string name;
  int64_t leader_id = 0;
  std::string status = "forming";
  std::optional<int64_t> order_id;
  std::optional<std::string> status_message, registered_at, confirmed_at;
  std::string created_at, updated_at;
};

std::optional<TeamRow> FindTeam(Conn& c, int64_t id);
// The team whose latest fee order is `order_id`.
std::optional<TeamRow> FindTeamByOrder(Conn& c, int64_t order_id);
// nullopt when the name is taken in the competition (case-insensitively).
std::optional<int64_t> InsertTeam(Conn& c, const TeamRow& row);
// status, leader_id, order_id, status_message, registered_at, confirmed_at, updated_at.
void UpdateTeam(Conn& c, const TeamRow& row);
// Deletes a team with its members, invites, submissions and reminder records (a forming team
// whose leader left alone).
void DeleteTeam(Conn& c, int64_t id);
// Teams the user is a member of, newest first.
std::vector<TeamRow> ListUserTeams(Conn& c, int64_t user_id);
// A competition's teams by id; `status` filters when not empty.
std::vector<TeamRow> ListCompetitionTeams(Conn& c, int64_t competition_id, const std::string& status,
                                          int limit, int offset, int64_t* total);
int64_t CountCompetitionTeams(Conn& c, int64_t competition_id);
// Teams holding a place: registered, confirmed or finalist.
int64_t CountRegisteredTeams(Conn& c, int64_t competition_id);
bool TeamNameTaken(Conn& c, int64_t competition_id, const std::string& name_key);

struct MemberRow {
  int64_t user_id = 0;
  std::string name, email, locale;
  std::optional<std::string> phone;
  std::string joined_at;
};

// Members in the order they joined.
std::vector<MemberRow> ListMembers(Conn& c, int64_t team_id);
int64_t CountMembers(Conn& c, int64_t team_id);
bool IsMember(Conn& c, int64_t team_id, int64_t user_id);
// The team the user belongs to in the competition, if any.
std::optional<int64_t> UserTeamInCompetition(Conn& c, int64_t competition_id, int64_t user_id);
void InsertMember(Conn& c, int64_t team_id, int64_t competition_id, int64_t user_id,
                  const std::string& now);
bool DeleteMember(Conn& c, int64_t team_id, int64_t user_id);

struct InviteRow {
  int64_t id = 0;
  int64_t team_id = 0;
  std::string token_hash;  // hex SHA-256 of the token
  int64_t created_by = 0;
  std::string created_at, expires_at;
  std::optional<int64_t> max_uses;
  int64_t uses = 0;
  std::optional<std::string> revoked_at;
};

int64_t InsertInvite(Conn& c, const InviteRow& row);
std::optional<InviteRow> FindInviteByHash(Conn& c, const std::string& token_hash);
std::optional<InviteRow> FindInvite(Conn& c, int64_t id);
std::vector<InviteRow> ListTeamInvites(Conn& c, int64_t team_id);
bool RevokeInvite(Conn& c, int64_t id, const std::string& now);  // false when already revoked
void CountInviteUse(Conn& c, int64_t id);

struct SubmissionRow {
  int64_t id = 0;
  int64_t team_id = 0;
  int64_t stage_id = 0;
  std::string kind;  // file | link
  std::optional<std::string> url, stored_name, filename, content_type;
  std::optional<int64_t> size;
  int64_t submitted_by = 0;
  std::string submitted_at;
  // Joined for display.
  std::string submitted_by_name, team_name;
};

// Inserts or replaces the team's hand-in for the stage; returns its id.
int64_t UpsertSubmission(Conn& c, const SubmissionRow& row);
std::optional<SubmissionRow> FindSubmission(Conn& c, int64_t id);
std::vector<SubmissionRow> ListTeamSubmissions(Conn& c, int64_t team_id);
// Every team's hand-in for a stage, by team id.
std::vector<SubmissionRow> ListStageSubmissions(Conn& c, int64_t stage_id);

struct StageReminderDue {
  int64_t stage_id = 0;
  int64_t team_id = 0;
};
// Pairs (stage, team) whose deadline is between now and `remind_before`, with a team still
// competing (forming to finalist) that has not handed in and has not been reminded.
std::vector<StageReminderDue> StageRemindersDue(Conn& c, const std::string& now,
                                                const std::string& remind_before, int limit);
// False when the reminder was recorded already.
bool RecordStageReminder(Conn& c, int64_t stage_id, int64_t team_id, const std::string& now);

// Whether `person` has a place in a team (not withdrawn) of a competition of an event that
// `organizer` owns (SPEC §3: who may read a person's documents).
bool HoldsTeamPlaceWithOrganizer(Conn& c, int64_t person, int64_t organizer);

}  // namespace lanyard::storage
