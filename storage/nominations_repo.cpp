#include "storage/nominations_repo.h"

#include "storage/query.h"

namespace lanyard::storage {

namespace {

#define LANYARD_NOMINATION_COLUMNS                                                              \
  "n.id, n.event_id, n.nominator_id, n.nominee_user_id, n.nominee_name, n.nominee_email, "     \
  "n.self_nomination, n.talk_title, n.abstract, n.nominee_response, n.status, "               \
  "n.decision_message, n.session_id, n.decided_at, n.created_at, nominator.name, "            \
  "COALESCE(nominee.locale, ''), "                                                          \
  "(SELECT COUNT(*) FROM nomination_votes v WHERE v.nomination_id = n.id)"

#define LANYARD_NOMINATION_FROM                                       \
  " FROM nominations n JOIN users nominator ON nominator.id = n.nominator_id " \
  "LEFT JOIN users nominee ON nominee.id = n.nominee_user_id "

NominationRow ReadNomination(Query& q) {
  NominationRow n;
  n.id = q.Int(0);
  n.event_id = q.Int(1);
  n.nominator_id = q.Int(2);
  n.nominee_user_id = q.OptInt(3);
  n.nominee_name = q.Text(4);
  n.nominee_email = q.Text(5);
  n.self_nomination = q.Bool(6);
  n.talk_title = q.Text(7);
  n.abstract = q.Text(8);
  n.nominee_response = q.Text(9);
  n.status = q.Text(10);
  n.decision_message = q.OptText(11);
  n.session_id = q.OptInt(12);
  n.decided_at = q.OptText(13);
  n.created_at = q.Text(14);
  n.nominator_name = q.Text(15);
  n.nominee_locale = q.Text(16);
  n.votes = q.Int(17);
  return n;
}

}  // namespace

std::optional<NominationSettingsRow> FindNominationSettings(Conn& c, int64_t event_id) {
  Query q(c,
          "SELECT event_id, nominations_open, nominations_close, voting_open, voting_close, voters, "
          "updated_at FROM nomination_settings WHERE event_id = ?",
          event_id);
  if (!q.Next()) return std::nullopt;
  NominationSettingsRow s;
  s.event_id = q.Int(0);
  s.nominations_open = q.OptText(1);
  s.nominations_close = q.OptText(2);
  s.voting_open = q.OptText(3);
  s.voting_close = q.OptText(4);
  s.voters = q.Text(5);
  s.updated_at = q.Text(6);
  return s;
}

void UpsertNominationSettings(Conn& c, const NominationSettingsRow& s) {
  Exec(c,
       "INSERT INTO nomination_settings (event_id, nominations_open, nominations_close, "
       "voting_open, voting_close, voters, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
       "ON CONFLICT(event_id) DO UPDATE SET nominations_open = excluded.nominations_open, "
       "nominations_close = excluded.nominations_close, voting_open = excluded.voting_open, "
       "voting_close = excluded.voting_close, voters = excluded.voters, "
       "updated_at = excluded.updated_at",
       s.event_id, s.nominations_open, s.nominations_close, s.voting_open, s.voting_close,
       s.voters, s.updated_at);
}

std::optional<NominationRow> FindNomination(Conn& c, int64_t id) {
  Query q(c, "SELECT " LANYARD_NOMINATION_COLUMNS LANYARD_NOMINATION_FROM "WHERE n.id = ?", id);
  if (!q.Next()) return std::nullopt;
  return ReadNomination(q);
}

std::optional<NominationRow> FindNominationByTokenHash(Conn& c, const std::string& token_hash) {
  Query q(c,
          "SELECT " LANYARD_NOMINATION_COLUMNS LANYARD_NOMINATION_FROM
          "WHERE n.response_token_hash = ?",
          token_hash);
  if (!q.Next()) return std::nullopt;
  return ReadNomination(q);
}

std::optional<int64_t> InsertNomination(Conn& c, const NominationRow& n,
                                        const std::optional<std::string>& response_token_hash) {
  return ScalarInt(
      c,
      "INSERT INTO nominations (event_id, nominator_id, nominee_user_id, nominee_name, "
      "nominee_email, nominee_email_norm, self_nomination, talk_title, abstract, "
      "nominee_response, response_token_hash, status, created_at) "
      "VALUES (?, ?, ?, ?, ?, lower(trim(?)), ?, ?, ?, ?, ?, 'open', ?) "
      "ON CONFLICT DO NOTHING RETURNING id",
      n.event_id, n.nominator_id, n.nominee_user_id, n.nominee_name, n.nominee_email,
      n.nominee_email, n.self_nomination, n.talk_title, n.abstract, n.nominee_response,
      response_token_hash, n.created_at);
}

std::vector<NominationRow> ListNominations(Conn& c, int64_t event_id, bool include_declined,
                                           int limit, int offset, int64_t* total) {
  *total = ScalarInt(c,
                     "SELECT COUNT(*) FROM nominations WHERE event_id = ? "
                     "AND (? OR nominee_response <> 'declined')",
                     event_id, include_declined)
               .value_or(0);
  Query q(c,
          "SELECT " LANYARD_NOMINATION_COLUMNS LANYARD_NOMINATION_FROM
          "WHERE n.event_id = ? AND (? OR n.nominee_response <> 'declined') "
          "ORDER BY n.id LIMIT ? OFFSET ?",
          event_id, include_declined, limit, offset);
  std::vector<NominationRow> out;
  while (q.Next()) out.push_back(ReadNomination(q));
  return out;
}

void SetNomineeResponse(Conn& c, int64_t id, const std::string& response) {
  Exec(c, "UPDATE nominations SET nominee_response = ? WHERE id = ?", response, id);
}

bool DecideNomination(Conn& c, int64_t id, const std::string& status,
                      const std::optional<std::string>& message,
                      const std::optional<int64_t>& session_id, int64_t decided_by,
                      const std::string& now) {
  return Exec(c,
              "UPDATE nominations SET status = ?, decision_message = ?, session_id = ?, "
              "decided_by = ?, decided_at = ? WHERE id = ? AND status = 'open'",
              status, message, session_id, decided_by, now, id) == 1;
}

void UpsertVote(Conn& c, int64_t event_id, int64_t voter_id, int64_t nomination_id,
                const std::string& now) {
  Exec(c,
       "INSERT INTO nomination_votes (event_id, voter_id, nomination_id, created_at, updated_at) "
       "VALUES (?, ?, ?, ?, ?) ON CONFLICT(event_id, voter_id) DO UPDATE SET "
       "nomination_id = excluded.nomination_id, updated_at = excluded.updated_at",
       event_id, voter_id, nomination_id, now, now);
}

bool DeleteVote(Conn& c, int64_t event_id, int64_t voter_id) {
  return Exec(c, "DELETE FROM nomination_votes WHERE event_id = ? AND voter_id = ?", event_id,
              voter_id) == 1;
}

int DeleteVotesFor(Conn& c, int64_t nomination_id) {
  return Exec(c, "DELETE FROM nomination_votes WHERE nomination_id = ?", nomination_id);
}

std::optional<int64_t> VoteOf(Conn& c, int64_t event_id, int64_t voter_id) {
  return ScalarInt(c,
                   "SELECT nomination_id FROM nomination_votes WHERE event_id = ? AND voter_id = ?",
                   event_id, voter_id);
}

int64_t CountVotes(Conn& c, int64_t event_id) {
  return ScalarInt(c, "SELECT COUNT(*) FROM nomination_votes WHERE event_id = ?", event_id)
      .value_or(0);
}

}  // namespace lanyard::storage
