#include "core/nominations/nominations.h"

#include <map>

#include "core/common/crypto.h"
#include "core/common/time_util.h"
#include "core/common/validation.h"
#include "core/common/write_unit.h"
#include "core/events/event_access.h"
#include "core/mail/mail_outbox.h"
#include "core/nominations/event_windows.h"
#include "core/nominations/nomination_views.h"
#include "core/programme/session_speaker.h"
#include "storage/nominations_repo.h"
#include "storage/statuses.h"
#include "storage/users_repo.h"

namespace lanyard::nominations {

using nlohmann::json;

namespace {

constexpr size_t kTokenBytes = 24;

const char* const kResponses[] = {"accept", "decline"};

bool IsResponse(const std::string& r) { return r == kResponses[0] || r == kResponses[1]; }

std::string NominationsUrl(App& app, int64_t event_id) {
  return app.BaseUrl() + "/events/" + std::to_string(event_id) + "/nominations";
}

// A text field: trimmed length in range, no control characters.
void CheckText(std::map<std::string, std::string>& fields, const char* name,
               const std::string& value, size_t min, size_t max, bool multiline) {
  const size_t len = Utf8Length(Trim(value));
  if (!IsValidUtf8(value) || HasControlChars(value, multiline)) {
    fields[name] = "must be text without control characters";
  } else if (len < min || len > max) {
    fields[name] = "must be " + std::to_string(min) + " to " + std::to_string(max) + " characters";
  }
}

// The nomination with its event, 404 when the caller may not see the event.
struct Loaded {
  storage::NominationRow nomination;
  storage::EventRow event;
};
Result<Loaded> LoadNomination(storage::Conn& c, const AuthUser* user, int64_t id, EventAccess need) {
  auto n = storage::FindNomination(c, id);
  if (!n) return Error::NotFound("No such nomination.");
  auto e = LoadEvent(c, user, n->event_id, need);
  if (!e) {
    if (e.error().code == codes::kNotFound) return Error::NotFound("No such nomination.");
    return e.error();
  }
  return Loaded{std::move(*n), std::move(e.value())};
}

bool IsNominee(const AuthUser* user, const storage::NominationRow& n) {
  if (!user) return false;
  if (n.nominee_user_id) return *n.nominee_user_id == user->id;
  return NormalizeEmail(n.nominee_email) == NormalizeEmail(user->email);
}

bool PrivateView(const AuthUser* user, const storage::NominationRow& n, const storage::EventRow& e) {
  return CanManageEvent(user, e) || IsNominee(user, n) || (user && user->id == n.nominator_id);
}

// A nominee without an account reads it in the deciding organizer's language (`actor_locale`):
// the person whose action causes the mail (README "Languages").
void MailDecision(App& app, storage::Conn& c, const storage::NominationRow& n,
                  const storage::EventRow& e, const std::string& decision,
                  const std::string& message, const std::string& session_title,
                  const std::string& actor_locale) {
  QueueMail(c, "nomination_decided", n.nominee_email, n.nominee_name,
            n.nominee_locale.empty() ? actor_locale : n.nominee_locale,
            {{"event_title", e.title},
             {"talk_title", n.talk_title},
             {"decision", decision},
             {"message", message},
             {"session_title", session_title},
             {"nomination_url", NominationsUrl(app, e.id)}});
}

Result<json> ApplyResponse(storage::Conn& c, const storage::NominationRow& n,
                           std::optional<int64_t> actor, const std::string& response) {
  if (!IsResponse(response)) return Error::Invalid("response", "must be accept or decline");
  if (n.status != "open") {
    return Error::Conflict(codes::kInvalidState, "The organizers have decided on this nomination.");
  }
  const std::string value = response == "accept" ? "accepted" : "declined";
  storage::SetNomineeResponse(c, n.id, value);
  // A declined nomination leaves the vote: its voters may vote for someone else.
  if (value == "declined") storage::DeleteVotesFor(c, n.id);
  WriteAudit(c, actor, "nomination.respond", "nomination", n.id, {{"response", value}});
  auto updated = storage::FindNomination(c, n.id);
  return NominationJson(*updated, false, true, std::nullopt);
}

}  // namespace

const char* VotersName(Voters v) { return v == Voters::kUsers ? "users" : "ticket_holders"; }

std::optional<Voters> ParseVoters(std::string_view text) {
  if (text == "ticket_holders") return Voters::kTicketHolders;
  if (text == "users") return Voters::kUsers;
  return std::nullopt;
}

Result<json> PutSettings(App& app, const AuthUser& user, int64_t event_id, const SettingsInput& in) {
  // PUT replaces: every field is set, an absent timestamp clears its bound.
  WindowsPatch patch;
  patch.nominations_open = in.nominations_open;
  patch.nominations_close = in.nominations_close;
  patch.voting_open = in.voting_open;
  patch.voting_close = in.voting_close;
  patch.voters = in.voters;
  auto saved = WriteUnit<storage::NominationSettingsRow>(
      app.db(), [&](storage::Conn& c) -> Result<storage::NominationSettingsRow> {
        auto e = LoadEvent(c, &user, event_id, EventAccess::kManage);
        if (!e) return e.error();
        storage::NominationSettingsRow row;
        row.event_id = event_id;
        Status st = ApplyWindows(patch, row);  // after the access check: refused callers get 403/404
        if (!st.ok()) return st.error();
        row.updated_at = NowRfc3339();
        storage::UpsertNominationSettings(c, row);
        WriteAudit(c, user.id, "nomination.settings", "event", event_id);
        return row;
      });
  if (!saved) return saved.error();
  return SettingsJson(event_id, *saved, NowSeconds());
}

Result<json> GetSettings(App& app, const AuthUser* user, int64_t event_id) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, user, event_id, EventAccess::kView);
  if (!e) return e.error();
  return SettingsJson(event_id, storage::FindNominationSettings(c, event_id), NowSeconds());
}

Result<json> Nominate(App& app, const AuthUser& user, int64_t event_id, const NominationInput& in) {
  std::map<std::string, std::string> fields;
  CheckText(fields, "talk_title", in.talk_title, 1, kMaxTitle, false);
  CheckText(fields, "abstract", in.abstract, 0, kMaxAbstract, true);
  if (!in.nominee_user_id) {
    if (!LooksLikeEmail(Trim(in.nominee_email))) fields["nominee_email"] = "must be an e-mail address";
    CheckText(fields, "nominee_name", in.nominee_name, 1, kMaxName, false);
  }
  if (!fields.empty()) return Error::Invalid(fields);
  const std::string token = crypto::RandomToken(kTokenBytes);
  const std::string now = NowRfc3339();
  struct Out {
    storage::NominationRow row;
  };
  auto out = WriteUnit<Out>(app.db(), [&](storage::Conn& c) -> Result<Out> {
    auto e = LoadEvent(c, &user, event_id, EventAccess::kView);
    if (!e) return e.error();
    if (e->status == EventStatus::kCancelled) {
      return Error::Conflict(codes::kInvalidState, "The event is cancelled.");
    }
    if (!WindowsAt(storage::FindNominationSettings(c, event_id), NowSeconds()).nominations_open) {
      return Error::Conflict(codes::kNominationsClosed, "Nominations are not open for this event.");
    }
    storage::NominationRow n;
    n.event_id = event_id;
    n.nominator_id = user.id;
    n.talk_title = Trim(in.talk_title);
    n.abstract = Trim(in.abstract);
    n.created_at = now;
    std::optional<storage::UserRow> nominee;
    if (in.nominee_user_id) {
      nominee = storage::FindUserById(c, *in.nominee_user_id);
      if (!nominee || !nominee->active) return Error::Invalid("nominee_user_id", "no such user");
    } else {
      nominee = storage::FindUserByEmail(c, NormalizeEmail(in.nominee_email));
    }
    if (nominee) {
      n.nominee_user_id = nominee->id;
      n.nominee_name = nominee->name;
      n.nominee_email = nominee->email;
      n.nominee_locale = nominee->locale;
    } else {
      n.nominee_name = Trim(in.nominee_name);
      n.nominee_email = Trim(in.nominee_email);
      n.nominee_locale = "";  // no account: the mail goes in the nominator's language
    }
    n.self_nomination = NormalizeEmail(n.nominee_email) == NormalizeEmail(user.email);
    // A talk proposal is the nominee's own wish; others are asked.
    n.nominee_response = n.self_nomination ? "accepted" : "pending";
    std::optional<std::string> token_hash;
    if (!n.self_nomination) token_hash = crypto::Sha256Hex(token);
    auto id = storage::InsertNomination(c, n, token_hash);
    if (!id) {
      return Error::Conflict(codes::kAlreadyNominated,
                             "This person is already nominated with a talk of this title.");
    }
    WriteAudit(c, user.id, "nomination.create", "nomination", *id);
    if (!n.self_nomination) {
      QueueMail(c, "nomination_received", n.nominee_email, n.nominee_name,
                n.nominee_locale.empty() ? user.locale : n.nominee_locale,
                {{"event_title", e->title},
                 {"talk_title", n.talk_title},
                 {"nominator_name", user.name},
                 {"nomination_url", NominationsUrl(app, event_id)},
                 {"respond_url", app.BaseUrl() + "/nominations/respond/" + token}});
    }
    return Out{*storage::FindNomination(c, *id)};
  });
  if (!out) return out.error();
  return NominationJson(out->row, false, true, std::nullopt);
}

Result<json> List(App& app, const AuthUser* user, int64_t event_id, ListPage page) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, user, event_id, EventAccess::kView);
  if (!e) return e.error();
  const auto settings = storage::FindNominationSettings(c, event_id);
  const int64_t now = NowSeconds();
  const bool owner = CanManageEvent(user, *e);
  const bool show_votes = owner || WindowsAt(settings, now).voting_closed;
  std::optional<int64_t> my_vote;
  if (user) my_vote = storage::VoteOf(c, event_id, user->id);
  int64_t total = 0;
  json items = json::array();
  for (const auto& n : storage::ListNominations(c, event_id, owner, page.limit, page.offset, &total)) {
    items.push_back(NominationJson(n, show_votes, PrivateView(user, n, *e), my_vote));
  }
  return json{{"items", std::move(items)},
              {"total", total},
              {"limit", page.limit},
              {"offset", page.offset},
              {"settings", SettingsJson(event_id, settings, now)},
              {"my_vote", my_vote ? json(*my_vote) : json()}};
}

Result<json> Get(App& app, const AuthUser* user, int64_t nomination_id) {
  storage::Conn& c = app.db().Reader();
  auto l = LoadNomination(c, user, nomination_id, EventAccess::kView);
  if (!l) return l.error();
  const bool priv = PrivateView(user, l->nomination, l->event);
  if (l->nomination.nominee_response == "declined" && !priv) {
    return Error::NotFound("No such nomination.");
  }
  const bool show_votes =
      CanManageEvent(user, l->event) ||
      WindowsAt(storage::FindNominationSettings(c, l->event.id), NowSeconds()).voting_closed;
  std::optional<int64_t> my_vote;
  if (user) my_vote = storage::VoteOf(c, l->event.id, user->id);
  return NominationJson(l->nomination, show_votes, priv, my_vote);
}

Result<json> Respond(App& app, const AuthUser& user, int64_t nomination_id,
                     const std::string& response) {
  return WriteUnit<json>(app.db(), [&](storage::Conn& c) -> Result<json> {
    auto l = LoadNomination(c, &user, nomination_id, EventAccess::kView);
    if (!l) return l.error();
    // The nomination is visible (SPEC §1): a caller who is not its nominee is refused, not told it is missing.
    if (!IsNominee(&user, l->nomination)) return Error::Forbidden("Only the nominee may answer this nomination.");
    return ApplyResponse(c, l->nomination, user.id, response);
  });
}

Result<json> RespondWithToken(App& app, const std::string& token, const std::string& response) {
  return WriteUnit<json>(app.db(), [&](storage::Conn& c) -> Result<json> {
    auto n = storage::FindNominationByTokenHash(c, crypto::Sha256Hex(token));
    if (!n) return Error::NotFound("This link is not valid.");
    return ApplyResponse(c, *n, std::nullopt, response);
  });
}

Result<json> DescribeToken(App& app, const std::string& token) {
  storage::Conn& c = app.db().Reader();
  auto n = storage::FindNominationByTokenHash(c, crypto::Sha256Hex(token));
  if (!n) return Error::NotFound("This link is not valid.");
  auto e = storage::FindEvent(c, n->event_id);
  if (!e) return Error::NotFound("This link is not valid.");
  json out = NominationJson(*n, false, false, std::nullopt);
  out["event_title"] = e->title;
  return out;
}

Result<json> Decide(App& app, const AuthUser& user, int64_t nomination_id, const DecisionInput& in) {
  return WriteUnit<json>(app.db(), [&](storage::Conn& c) -> Result<json> {
    auto l = LoadNomination(c, &user, nomination_id, EventAccess::kManage);
    if (!l) return l.error();
    // The input is checked after access: a caller who may not decide learns nothing more.
    if (in.decision != "accept" && in.decision != "reject") {
      return Error::Invalid("decision", "must be accept or reject");
    }
    if (in.session_id && in.decision != "accept") {
      return Error::Invalid("session_id", "only an accepted nomination gets a session");
    }
    if (HasControlChars(in.message, true) || Utf8Length(in.message) > kMaxAbstract) {
      return Error::Invalid("message", "must be text of at most 5000 characters");
    }
    if (l->nomination.nominee_response == "declined") {
      return Error::Conflict(codes::kInvalidState, "The nominee declined this nomination.");
    }
    const std::string status = in.decision == "accept" ? "accepted" : "rejected";
    const std::string message = Trim(in.message);
    // The accepted nominee becomes the session's speaker in the same unit as the decision.
    std::string session_title;
    if (in.session_id) {
      const auto& n = l->nomination;
      auto title = programme::AssignSpeakerInUnit(c, n.event_id, *in.session_id,
                                                  n.nominee_user_id, n.nominee_name);
      if (!title) return title.error();
      session_title = *title;
    }
    if (!storage::DecideNomination(c, nomination_id, status,
                                   message.empty() ? std::nullopt : std::optional(message),
                                   in.session_id, user.id, NowRfc3339())) {
      return Error::Conflict(codes::kInvalidState, "This nomination was decided already.");
    }
    WriteAudit(c, user.id, "nomination.decide", "nomination", nomination_id,
               {{"decision", status}, {"session_id", in.session_id ? json(*in.session_id) : json()}});
    MailDecision(app, c, l->nomination, l->event, in.decision, message, session_title,
                 user.locale);
    return NominationJson(*storage::FindNomination(c, nomination_id), true, true, std::nullopt);
  });
}

}  // namespace lanyard::nominations
