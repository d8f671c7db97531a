// SPEC §10: speaker nominations and votes. The rules live in core/nominations; here only
// shapes and routes.
#include "core/events/events.h"
#include "core/nominations/nominations.h"
#include "web/router.h"

namespace lanyard::web {

namespace {

using nlohmann::json;

const AuthUser* Caller(const Ctx& ctx) { return ctx.user ? &*ctx.user : nullptr; }

// A timestamp field that may be null (cleared) or absent (cleared too: PUT replaces).
bool ReadTime(Ctx& ctx, BodyReader& r, const char* key, std::optional<std::string>* out) {
  *out = r.Str(key);
  return ctx.Check(r);
}

void PutSettings(Ctx& ctx) {
  // Access before the body: a caller who may not change the event gets 403/404, never a 400 for
  // a body it had no business sending (as every other route).
  if (!ctx.Allowed(events::CheckAccess(ctx.app, ctx.me(), *ctx.Id(), EventAccess::kManage))) return;
  json body;
  if (!ctx.ReadJson(&body)) return;
  BodyReader r(body);
  nominations::SettingsInput in;
  if (!ReadTime(ctx, r, "nominations_open", &in.nominations_open) ||
      !ReadTime(ctx, r, "nominations_close", &in.nominations_close) ||
      !ReadTime(ctx, r, "voting_open", &in.voting_open) ||
      !ReadTime(ctx, r, "voting_close", &in.voting_close)) {
    return;
  }
  in.voters = r.StrOr("voters", "ticket_holders");
  if (!ctx.Check(r)) return;
  ctx.Reply(nominations::PutSettings(ctx.app, ctx.me(), *ctx.Id(), in));
}

void Nominate(Ctx& ctx) {
  json body;
  if (!ctx.ReadJson(&body)) return;
  BodyReader r(body);
  nominations::NominationInput in;
  in.nominee_user_id = r.Int("nominee_user_id");
  in.nominee_email = r.StrOr("nominee_email", "");
  in.nominee_name = r.StrOr("nominee_name", "");
  in.talk_title = r.StrOr("talk_title", "");
  in.abstract = r.StrOr("abstract", "");
  if (!ctx.Check(r)) return;
  ctx.Reply(nominations::Nominate(ctx.app, ctx.me(), *ctx.Id(), in), 201);
}

void Decide(Ctx& ctx) {
  json body;
  if (!ctx.ReadJson(&body)) return;
  BodyReader r(body);
  nominations::DecisionInput in;
  in.decision = r.StrOr("decision", "");
  in.session_id = r.Int("session_id");
  in.message = r.StrOr("message", "");
  if (!ctx.Check(r)) return;
  ctx.Reply(nominations::Decide(ctx.app, ctx.me(), *ctx.Id(), in));
}

constexpr const char* kNominationObject =
    "A nomination: id, event_id, nominee_user_id, nominee_name, talk_title, abstract, "
    "self_nomination, nominator_name, nominee_response (pending | accepted | declined), status "
    "(open | accepted | rejected), session_id, decided_at, created_at, votes (null unless the "
    "caller owns the event or voting has closed), mine (the caller's vote is on it); the owner, "
    "the nominee and the nominator also see nominee_email and decision_message.";

constexpr const char* kSettingsObject =
    "Settings: event_id, nominations_open, nominations_close, voting_open, voting_close (RFC 3339 "
    "or null: an unset bound keeps the window closed), voters (ticket_holders, the default: a "
    "valid ticket for the event; users: any confirmed account), and the derived "
    "nominations_are_open, voting_is_open, voting_closed.";

}  // namespace

void AddNominationRoutes(RouteTable& t) {
  t.Add({"GET", "/events/{id}/nomination-settings", Access::kOptional, "nominations",
         "The event's nomination and voting windows and who may vote (also fields of GET "
         "/events/{id}), with the derived window states.", {200, 404},
         [](Ctx& ctx) { ctx.Reply(nominations::GetSettings(ctx.app, Caller(ctx), *ctx.Id())); },
         false, kSettingsObject});
  t.Add({"PUT", "/events/{id}/nomination-settings", Access::kOrganizer, "nominations",
         "Set the windows {nominations_open, nominations_close, voting_open, voting_close, "
         "voters} (owner, admin). Audited.",
         {200, 400, 401, 403, 404}, PutSettings, false,
         std::string("Replaces all five (an absent timestamp clears it). SPEC §10 names these "
                     "as event fields: GET and PATCH /events/{id} read and change them too (PATCH "
                     "changes only the keys it names); this route is the older alias. Access "
                     "is checked before the body. 400 validation_failed for a malformed timestamp, a close before its open, "
                     "unknown voters. ") + kSettingsObject});
  t.Add({"POST", "/events/{id}/nominations", Access::kAuth, "nominations",
         "Nominate a speaker {nominee_user_id | nominee_email + nominee_name, talk_title, "
         "abstract}. Nominating oneself is a talk proposal; anyone else is mailed "
         "nomination_received with a link to accept or decline.",
         {201, 400, 401, 404, 409}, Nominate, false,
         std::string("409 nominations_closed outside the window, already_nominated for the same "
                     "nominee and title, invalid_state on a cancelled event; 400 "
                     "validation_failed (talk_title 1-200, abstract up to 5000, nominee_email, "
                     "nominee_name, nominee_user_id). An address of an existing account names "
                     "that account. ") + kNominationObject});
  t.Add({"GET", "/events/{id}/nominations", Access::kOptional, "nominations",
         "The public list of nominations (without those the nominee declined; the owner sees "
         "them) with settings and the caller's my_vote.",
         {200, 400, 404},
         [](Ctx& ctx) {
           auto page = ctx.Page();
           if (!page) return ctx.Fail(page.error());
           ctx.Reply(nominations::List(ctx.app, Caller(ctx), *ctx.Id(), *page));
         },
         false, std::string("{items, total, limit, offset, settings, my_vote}. ") + kNominationObject});
  t.Add({"GET", "/events/{id}/nominations/results", Access::kOptional, "nominations",
         "Sorted tallies: the owner at any time, everyone once voting closed.",
         {200, 403, 404},
         [](Ctx& ctx) { ctx.Reply(nominations::Results(ctx.app, Caller(ctx), *ctx.Id())); }, false,
         "{event_id, voting_closed, total_votes, items:[{rank, tied, votes, nomination_id, "
         "nominee_name, talk_title, status}]} sorted by votes; equal votes share a rank (1, 1, 3) "
         "and are marked tied. 403 forbidden before voting closed for anyone but the owner."});
  t.Add({"GET", "/nominations/{id}", Access::kOptional, "nominations", "One nomination.",
         {200, 404},
         [](Ctx& ctx) { ctx.Reply(nominations::Get(ctx.app, Caller(ctx), *ctx.Id())); }, false,
         kNominationObject});
  t.Add({"POST", "/nominations/{id}/vote", Access::kAuth, "nominations",
         "Vote for this nomination: one vote per person per event; voting again moves it.",
         {200, 401, 403, 404, 409},
         [](Ctx& ctx) { ctx.Reply(nominations::Vote(ctx.app, ctx.me(), *ctx.Id())); }, false,
         "→ {event_id, nomination_id, previous_nomination_id}. 409 voting_closed outside the "
         "voting window, invalid_state for a rejected nomination; 403 not_eligible without a "
         "valid ticket (voters ticket_holders) or a confirmed address (voters users)."});
  t.Add({"DELETE", "/events/{id}/votes/me", Access::kAuth, "nominations",
         "Withdraw the caller's vote.", {204, 401, 404, 409},
         [](Ctx& ctx) {
           auto status = nominations::Withdraw(ctx.app, ctx.me(), *ctx.Id());
           if (!status) return ctx.Fail(status.error());
           ctx.NoContent();
         },
         false, "404 when the caller has no vote; 409 voting_closed outside the window."});
  t.Add({"POST", "/nominations/{id}/decision", Access::kOrganizer, "nominations",
         "The owner's decision {decision: accept|reject, message?, session_id?}; mails "
         "nomination_decided. Audited.",
         {200, 400, 401, 403, 404, 409}, Decide, false,
         std::string("With session_id (accept only) the nominee becomes that session's speaker "
                     "(speaker_name, and speaker_user_id when they have an account) in the same "
                     "transaction, and the mail names the session. 409 invalid_state when "
                     "decided already or declined by the nominee; 400 validation_failed for "
                     "another decision, a session_id with reject, or a session that is not one "
                     "of the event (fields.session_id). ") + kNominationObject});
  t.Add({"POST", "/nominations/{id}/response", Access::kAuth, "nominations",
         "The nominee, signed in, accepts or declines being nominated {response: "
         "accept|decline}.",
         {200, 400, 401, 403, 404, 409},
         [](Ctx& ctx) {
           std::string response;
           if (!ctx.ReadStringField("response", &response)) return;
           ctx.Reply(nominations::Respond(ctx.app, ctx.me(), *ctx.Id(), response));
         },
         false, "404 for anyone but the nominee; 409 invalid_state once the organizer decided. "
                "Declining removes the nomination from the vote (its votes are dropped)."});
  t.Add({"GET", "/nomination-responses/{token}", Access::kPublic, "nominations",
         "What a nominee's mailed link is about: the nomination and event_title.", {200, 404},
         [](Ctx& ctx) { ctx.Reply(nominations::DescribeToken(ctx.app, ctx.Param())); }, false,
         "404 for an unknown token. The page /nominations/respond/{token} uses it."});
  t.Add({"POST", "/nomination-responses/{token}", Access::kPublic, "nominations",
         "The nominee accepts or declines through the mailed link {response: accept|decline}.",
         {200, 400, 404, 409},
         [](Ctx& ctx) {
           std::string response;
           if (!ctx.ReadStringField("response", &response)) return;
           ctx.Reply(nominations::RespondWithToken(ctx.app, ctx.Param(), response));
         },
         false, "No login: the token is the nominee's. 404 for an unknown token; 409 "
                "invalid_state once the organizer decided."});
}

}  // namespace lanyard::web
