#pragma once
// Speaker nominations and votes (SPEC §10). Every change is one write unit (core/common/
// write_unit.h) with its audit row and mails; JSON views come from nomination_views.cpp.
//
// Who may do what (core/events/event_access.h on the nomination's event):
//   settings: read as the event (kView); change — kManage (the event's owner, admins)
//   nominate, vote, withdraw a vote — any signed-in caller who may view the event
//   list — as the event; vote counts only to kManage callers until voting closed
//   results — kManage callers; everyone once voting closed (else 403 forbidden)
//   decide — kManage; nominee response — the nominee (account or mailed link token)
//
// Windows: nominations are taken while nominations_open <= now < nominations_close, votes while
// voting_open <= now < voting_close; an unset bound means the window is not open. Voters are
// people: one vote per user per event (the votes table's primary key), voting again moves it.
// `voters`: ticket_holders — a valid ticket for the event; users — any confirmed account.
//
// Thread safety: free functions over App; safe from any thread.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"
#include "core/ops/audit.h"

namespace lanyard::nominations {

inline constexpr size_t kMaxTitle = 200;
inline constexpr size_t kMaxAbstract = 5000;
inline constexpr size_t kMaxName = 200;

enum class Voters { kTicketHolders, kUsers };
const char* VotersName(Voters v);
std::optional<Voters> ParseVoters(std::string_view text);

// PUT /events/{id}/nomination-settings. Timestamps RFC 3339 (null clears); voters as text.
struct SettingsInput {
  std::optional<std::string> nominations_open, nominations_close, voting_open, voting_close;
  std::string voters = "ticket_holders";
};
// → {event_id, nominations_open, nominations_close, voting_open, voting_close, voters,
// nominations_are_open, voting_is_open, voting_closed}. validation_failed per field (bad
// timestamp, close before open, unknown voters).
Result<nlohmann::json> PutSettings(App& app, const AuthUser& user, int64_t event_id,
                                   const SettingsInput& in);
Result<nlohmann::json> GetSettings(App& app, const AuthUser* user, int64_t event_id);

// POST /events/{id}/nominations: a user (nominee_user_id) or a name and address. Nominating
// oneself is a talk proposal (accepted by the nominee at once); anyone else is mailed
// nomination_received with a link to accept or decline.
struct NominationInput {
  std::optional<int64_t> nominee_user_id;
  std::string nominee_email, nominee_name, talk_title, abstract;
};
// → 201 the nomination. nominations_closed (409) outside the window; validation_failed
// (talk_title, abstract, nominee_email, nominee_name, nominee_user_id); conflict (409
// already_nominated) for the same nominee and title twice.
Result<nlohmann::json> Nominate(App& app, const AuthUser& user, int64_t event_id,
                                const NominationInput& in);
// GET /events/{id}/nominations → {items, total, limit, offset, settings, my_vote}.
Result<nlohmann::json> List(App& app, const AuthUser* user, int64_t event_id, ListPage page);
// GET /nominations/{id}: as in the list; the nominator, nominee and owner see a declined one.
Result<nlohmann::json> Get(App& app, const AuthUser* user, int64_t nomination_id);

// The nominee accepts or declines being nominated: signed in as the nominee (by id), or with
// the mailed token. response: accept | decline. not_found for a wrong token or a caller who is
// not the nominee; invalid_state once the organizer decided.
Result<nlohmann::json> Respond(App& app, const AuthUser& user, int64_t nomination_id,
                               const std::string& response);
Result<nlohmann::json> RespondWithToken(App& app, const std::string& token,
                                        const std::string& response);
// GET /nomination-responses/{token}: what the link is about (event, talk, nominee, response).
Result<nlohmann::json> DescribeToken(App& app, const std::string& token);

// POST /nominations/{id}/decision {decision: accept|reject, session_id?, message?} → the
// nomination; mails nomination_decided (naming the session). With session_id (accept only) the
// nominee becomes that session's speaker (name, and account when they have one) in the same
// unit. invalid_state when decided already or declined by the nominee; validation_failed for
// another decision, a session_id with reject, or a session that is not one of the event.
struct DecisionInput {
  std::string decision;
  std::optional<int64_t> session_id;
  std::string message;
};
Result<nlohmann::json> Decide(App& app, const AuthUser& user, int64_t nomination_id,
                              const DecisionInput& in);

// POST /nominations/{id}/vote → {event_id, nomination_id, previous_nomination_id}.
// voting_closed (409), not_eligible (403), invalid_state (409) for a declined or rejected one.
Result<nlohmann::json> Vote(App& app, const AuthUser& user, int64_t nomination_id);
// DELETE /events/{id}/votes/me; not_found when the caller has no vote; voting_closed.
Status Withdraw(App& app, const AuthUser& user, int64_t event_id);
// GET /events/{id}/nominations/results → {event_id, voting_closed, total_votes, items:[{rank,
// tied, votes, nomination...}]} sorted by votes (then id); equal votes share a rank (1, 1, 3)
// and are marked tied. forbidden for non-owners before voting closed.
Result<nlohmann::json> Results(App& app, const AuthUser* user, int64_t event_id);

}  // namespace lanyard::nominations
