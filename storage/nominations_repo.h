#pragma once
// Speaker nominations and votes (migration 0012): ALL their SQL. Timestamps are RFC 3339 UTC.
// Call the writers inside a unit of work; readers take any connection.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/conn.h"

namespace lanyard::storage {

// An event's windows and voters; absent timestamps mean "not set" (the window is closed).
struct NominationSettingsRow {
  int64_t event_id = 0;
  std::optional<std::string> nominations_open, nominations_close, voting_open, voting_close;
  std::string voters = "ticket_holders";  // ticket_holders | users
  std::string updated_at;
};

std::optional<NominationSettingsRow> FindNominationSettings(Conn& c, int64_t event_id);
void UpsertNominationSettings(Conn& c, const NominationSettingsRow& s);

struct NominationRow {
  int64_t id = 0;
  int64_t event_id = 0;
  int64_t nominator_id = 0;
  std::optional<int64_t> nominee_user_id;
  std::string nominee_name;
  std::string nominee_email;
  bool self_nomination = false;
  std::string talk_title;
  std::string abstract;
  std::string nominee_response = "pending";  // pending | accepted | declined
  std::string status = "open";               // open | accepted | rejected
  std::optional<std::string> decision_message;
  std::optional<int64_t> session_id;
  std::optional<std::string> decided_at;
  std::string created_at;
  // Read with the row.
  std::string nominator_name;
  std::string nominee_locale;  // the nominee account's locale, "" without one (the default)
  int64_t votes = 0;
};

std::optional<NominationRow> FindNomination(Conn& c, int64_t id);
std::optional<NominationRow> FindNominationByTokenHash(Conn& c, const std::string& token_hash);
// Inserts; returns the id, or nullopt when the nominee already has a talk of that title here.
std::optional<int64_t> InsertNomination(Conn& c, const NominationRow& n,
                                        const std::optional<std::string>& response_token_hash);
// The event's nominations, oldest first, with their vote counts. `include_declined` keeps those
// the nominee declined (the owner's view).
std::vector<NominationRow> ListNominations(Conn& c, int64_t event_id, bool include_declined,
                                           int limit, int offset, int64_t* total);
void SetNomineeResponse(Conn& c, int64_t id, const std::string& response);
// open -> accepted | rejected; false when it was decided already.
bool DecideNomination(Conn& c, int64_t id, const std::string& status,
                      const std::optional<std::string>& message,
                      const std::optional<int64_t>& session_id, int64_t decided_by,
                      const std::string& now);

// Votes. Places or moves the voter's one vote for the event.
void UpsertVote(Conn& c, int64_t event_id, int64_t voter_id, int64_t nomination_id,
                const std::string& now);
// False when the voter had no vote.
bool DeleteVote(Conn& c, int64_t event_id, int64_t voter_id);
// Drops every vote for a nomination (the nominee declined); returns how many.
int DeleteVotesFor(Conn& c, int64_t nomination_id);
std::optional<int64_t> VoteOf(Conn& c, int64_t event_id, int64_t voter_id);
int64_t CountVotes(Conn& c, int64_t event_id);

}  // namespace lanyard::storage
