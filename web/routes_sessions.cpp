// SPEC §10: the programme — sessions, registrations and waitlists, attendance at the door, and
// "my agenda" with its calendar feed. The rules live in core/programme/; here only shapes.
#include "core/programme/agenda.h"
#include "core/programme/registrations.h"
#include "core/programme/session_access.h"
#include "core/events/events.h"
#include "core/programme/sessions.h"
#include "web/router.h"

namespace lanyard::web {

namespace {

using nlohmann::json;

const AuthUser* Caller(const Ctx& ctx) { return ctx.user ? &*ctx.user : nullptr; }

// A nullable integer field: absent → nullopt; null → {nullopt}; a number → {n}.
bool ReadNullableInt(const json& body, const char* key, std::optional<std::optional<int64_t>>* out,
                     Error* error) {
  auto it = body.find(key);
  if (it == body.end()) return true;
  if (it->is_null()) {
    *out = std::optional<int64_t>();
    return true;
  }
  if (!it->is_number_integer() ||
      (it->is_number_unsigned() && it->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))) {
    *error = Error::BadRequest(std::string("Field '") + key + "' must be an integer or null.");
    error->fields[key] = "must be an integer or null";
    return false;
  }
  *out = std::optional<int64_t>(it->get<int64_t>());
  return true;
}

// {kind, title, abstract?, speaker_name?, speaker_user_id?, room?, starts_at, ends_at,
//  capacity?, requires_ticket?, ticket_type_ids?}; every field optional on a PATCH.
Result<programme::SessionInput> ParseSession(const json& body) {
  BodyReader r(body);
  programme::SessionInput in;
  in.kind = r.Str("kind");
  in.title = r.Str("title");
  in.abstract = r.Str("abstract");
  in.speaker_name = r.Str("speaker_name");
  in.room = r.Str("room");
  in.starts_at = r.Str("starts_at");
  in.ends_at = r.Str("ends_at");
  in.requires_ticket = r.Bool("requires_ticket");
  if (!r.ok()) return r.error();
  Error error;
  if (!ReadNullableInt(body, "speaker_user_id", &in.speaker_user_id, &error)) return error;
  if (!ReadNullableInt(body, "capacity", &in.capacity, &error)) return error;
  auto types = body.find("ticket_type_ids");
  if (types != body.end()) {
    Error wrong = Error::BadRequest("Field 'ticket_type_ids' must be a list of ticket type ids.");
    wrong.fields["ticket_type_ids"] = "must be a list of integers";
    std::vector<int64_t> ids;
    if (!types->is_null()) {
      if (!types->is_array()) return wrong;
      for (const json& id : *types) {
        if (!id.is_number_integer() ||
            (id.is_number_unsigned() && id.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))) {
          return wrong;
        }
        ids.push_back(id.get<int64_t>());
      }
    }
    in.ticket_type_ids = std::move(ids);
  }
  return in;
}

// Refuse a caller without `need` on the event (/events/{id}/...) or on the session's event
// (/sessions/{id}/...) before the body is read (SPEC §1).
bool MayOnEvent(Ctx& ctx, EventAccess need) {
  return ctx.Allowed(events::CheckAccess(ctx.app, ctx.me(), *ctx.Id(), need));
}

bool MayOnSession(Ctx& ctx, EventAccess need) {
  return ctx.Allowed(programme::CheckSessionAccess(ctx.app, ctx.me(), *ctx.Id(), need));
}

bool ReadSession(Ctx& ctx, programme::SessionInput* in) {
  json body;
  if (!ctx.ReadJson(&body)) return false;
  auto parsed = ParseSession(body);
  if (!parsed) {
    ctx.Fail(parsed.error());
    return false;
  }
  *in = std::move(*parsed);
  return true;
}

void CreateSession(Ctx& ctx) {
  if (!MayOnEvent(ctx, EventAccess::kManage)) return;
  programme::SessionInput in;
  if (!ReadSession(ctx, &in)) return;
  ctx.Reply(programme::Create(ctx.app, ctx.me(), *ctx.Id(), in), 201);
}

void UpdateSession(Ctx& ctx) {
  if (!MayOnSession(ctx, EventAccess::kManage)) return;
  programme::SessionInput in;
  if (!ReadSession(ctx, &in)) return;
  ctx.Reply(programme::Update(ctx.app, ctx.me(), *ctx.Id(), in));
}

void ListSessions(Ctx& ctx) {
  auto page = ctx.Page();
  if (!page) return ctx.Fail(page.error());
  ctx.Reply(programme::ListForEvent(ctx.app, Caller(ctx), *ctx.Id(), ctx.Query("kind"), *page));
}

void UpdateSettings(Ctx& ctx) {
  if (!MayOnEvent(ctx, EventAccess::kManage)) return;
  json body;
  if (!ctx.ReadJson(&body)) return;
  BodyReader r(body);
  auto no_overlap = r.Bool("no_overlapping_sessions");
  if (!ctx.Check(r)) return;
  ctx.Reply(programme::UpdateSettings(ctx.app, ctx.me(), *ctx.Id(), no_overlap));
}

void ListRegistrations(Ctx& ctx) {
  if (!MayOnSession(ctx, EventAccess::kStaff)) return;
  const std::string format = ctx.Query("format", "json");
  if (format != "json" && format != "csv") {
    return ctx.Fail(Error::Invalid("format", "must be json or csv"));
  }
  if (format == "csv") {
    auto csv = programme::RegistrationsCsvFor(ctx.app, ctx.me(), *ctx.Id());
    if (!csv) return ctx.Fail(csv.error());
    ctx.SendFile("text/csv; charset=utf-8", "session-" + ctx.Param() + "-registrations.csv", *csv,
                 false);
    return;
  }
  auto page = ctx.Page();
  if (!page) return ctx.Fail(page.error());
  ctx.Reply(programme::ListRegistrations(ctx.app, ctx.me(), *ctx.Id(), *page));
}

void SessionCheckIn(Ctx& ctx) {
  if (!MayOnSession(ctx, EventAccess::kStaff)) return;
  std::string code;
  if (!ctx.ReadStringField("code", &code)) return;
  ctx.Reply(programme::CheckIn(ctx.app, ctx.me(), *ctx.Id(), code));
}

// The feed answers a calendar app (token) or a signed-in caller (bearer).
void AgendaIcs(Ctx& ctx) {
  Result<std::string> ics = Error::Unauthorized("Sign in, or use your private feed URL.");
  const std::string token = ctx.Query("token");
  if (!token.empty()) {
    ics = programme::AgendaIcsByToken(ctx.app, token);
  } else if (ctx.user) {
    ics = programme::AgendaIcs(ctx.app, ctx.user->id);
  }
  if (!ics) return ctx.Fail(ics.error());
  ctx.res.status = 200;
  ctx.res.set_header("Cache-Control", "private, no-store");
  ctx.res.set_header("Content-Disposition", "inline; filename=\"agenda.ics\"");
  ctx.res.set_content(*ics, "text/calendar; charset=utf-8");
}

constexpr const char* kSessionObject =
    "A session: id, event_id, kind (talk | workshop | keynote), title, abstract, speaker_name, "
    "speaker_user_id, room, starts_at, ends_at, capacity (null = unlimited), requires_ticket "
    "(default true), ticket_type_ids[] (only holders of these types may register; empty = any "
    "valid ticket of the event), registered, waitlisted, seats_left (null when unlimited), full, "
    "created_at, updated_at, and for a signed-in caller my {status: registered | waitlisted, "
    "position (waitlist place, else null), checked_in_at} or null.";

}  // namespace

void AddSessionRoutes(RouteTable& t) {
  t.Add({"GET", "/events/{id}/sessions", Access::kOptional, "programme",
         "The event's programme, by start time, as the event is visible; kind= filters.",
         {200, 400, 404}, ListSessions, false,
         std::string("Also carries no_overlapping_sessions, the event's rule; each item carries "
                     "event_time_zone (the event's IANA zone, null = the deployment's). ") +
             kSessionObject});
  t.Add({"POST", "/events/{id}/sessions", Access::kOrganizer, "programme",
         "Add a session {kind, title, abstract?, speaker_name?, speaker_user_id?, room?, starts_at, "
         "ends_at, capacity?, requires_ticket?, ticket_type_ids?}. Owner or admin. Audited.",
         {201, 400, 401, 403, 404, 409}, CreateSession, false,
         std::string("400 validation_failed with fields; 409 invalid_state on a cancelled event. ") +
             kSessionObject});
  t.Add({"GET", "/sessions/{id}", Access::kOptional, "programme",
         "One session (with event_title, event_time_zone and no_overlapping_sessions), as its "
         "event is visible.",
         {200, 404}, [](Ctx& ctx) { ctx.Reply(programme::Get(ctx.app, Caller(ctx), *ctx.Id())); },
         false, kSessionObject});
  t.Add({"PATCH", "/sessions/{id}", Access::kOrganizer, "programme",
         "Change a session (any field of the create). Moving its time or room mails everyone "
         "registered or waiting (session_changed); raising the capacity promotes the waitlist.",
         {200, 400, 401, 403, 404, 409}, UpdateSession, false,
         "Owner or admin. 409 capacity_below_registered when the new capacity is under the seats "
         "already taken (the body carries registered)."});
  t.Add({"DELETE", "/sessions/{id}", Access::kOrganizer, "programme",
         "Remove a session with its registrations. Owner or admin. Audited.", {204, 401, 403, 404},
         [](Ctx& ctx) {
           auto done = programme::Delete(ctx.app, ctx.me(), *ctx.Id());
           if (!done) return ctx.Fail(done.error());
           ctx.NoContent();
         },
         false, "Registrations, waitlists and attendance of the session are removed with it."});
  t.Add({"GET", "/events/{id}/session-settings", Access::kOptional, "programme",
         "The event's programme rules: {event_id, no_overlapping_sessions}.", {200, 404},
         [](Ctx& ctx) { ctx.Reply(programme::GetSettings(ctx.app, Caller(ctx), *ctx.Id())); },
         false, "As the event is visible; off by default."});
  t.Add({"PATCH", "/events/{id}/session-settings", Access::kOrganizer, "programme",
         "Set {no_overlapping_sessions}: when true nobody may hold places in two overlapping "
         "sessions of the event (409 schedule_conflict). Owner or admin.",
         {200, 400, 401, 403, 404}, UpdateSettings, false,
         "Places already held are kept; the rule applies to registrations from then on."});
  t.Add({"POST", "/sessions/{id}/registrations", Access::kAuth, "programme",
         "Register the caller → 201 {status: registered | waitlisted, position, session}. First "
         "come, first served; capacity is never exceeded. Mails session_registered.",
         {201, 401, 403, 404, 409},
         [](Ctx& ctx) { ctx.Reply(programme::Register(ctx.app, ctx.me(), *ctx.Id()), 201); }, false,
         "403 ticket_required without a valid ticket of the event (of one of ticket_type_ids when "
         "set) while requires_ticket; 409 already_registered the second time (waitlisted too), "
         "schedule_conflict when the event forbids overlapping sessions, invalid_state when the "
         "event is not published or the session is over."});
  t.Add({"DELETE", "/sessions/{id}/registrations/me", Access::kAuth, "programme",
         "Leave the session or its waitlist. A freed seat goes at once to the first person "
         "waiting (mailed session_waitlist_promoted). Registering again queues at the back.",
         {204, 401, 404},
         [](Ctx& ctx) {
           auto done = programme::Cancel(ctx.app, ctx.me(), *ctx.Id());
           if (!done) return ctx.Fail(done.error());
           ctx.NoContent();
         },
         false, "404 when the caller holds no seat and no place on the waitlist."});
  t.Add({"GET", "/sessions/{id}/registrations", Access::kStaff, "programme",
         "Who registered (first) and who waits (in order, with position), with checked_in_at; "
         "format=csv gives text/csv. Staff, admins, the event's organizer.",
         {200, 400, 401, 403, 404}, ListRegistrations, false,
         "Items: id, session_id, user_id, name, email, status, position, created_at, "
         "registered_at, checked_in_at. The reply also carries the session."});
  t.Add({"POST", "/sessions/{id}/checkin", Access::kStaff, "programme",
         "Record attendance at the session's door {code} (a ticket's QR code or short reference "
         "K7QX2M9A-2) → {result:\"ok\", "
         "session_id, ticket_id, holder_name, user_name, checked_in_at}.",
         {200, 400, 401, 403, 404, 409}, SessionCheckIn, false,
         "400 invalid_code, validation_failed (no code); 404 unknown_ticket; 409 wrong_event, "
         "ticket_void, not_registered (no seat: not registered or only waiting), "
         "already_checked_in (with first_checked_in_at). Staff, admins, the event's organizer."});
  t.Add({"GET", "/me/agenda", Access::kAuth, "programme",
         "The caller's sessions across events by start time, with my {status, position}.",
         {200, 401}, [](Ctx& ctx) { ctx.Json(200, programme::Agenda(ctx.app, ctx.me())); }, false,
         std::string("Items are sessions plus event_title and event_time_zone (the event's IANA "
                     "zone, null = the deployment's). ") +
             kSessionObject});
  t.Add({"POST", "/me/agenda/feed", Access::kAuth, "programme",
         "Make the caller's private calendar feed URL → 201 {token, url}; the previous URL stops "
         "working. The token is shown only here.",
         {201, 401}, [](Ctx& ctx) { ctx.Json(201, programme::NewAgendaFeed(ctx.app, ctx.me())); },
         false, "url = {base_url}/api/v1/me/agenda.ics?token={token}; the token is 256 random bits, "
         "stored hashed."});
  t.Add({"GET", "/me/agenda.ics", Access::kOptional, "programme",
         "The caller's agenda as an RFC 5545 calendar (text/calendar): ?token= from the private "
         "feed URL, or a bearer token.",
         {200, 401, 404}, AgendaIcs, false,
         "One VEVENT per session: UID session-{id}@{host}, DTSTART/DTEND in UTC, SUMMARY, "
         "LOCATION (room), DESCRIPTION, URL, STATUS CONFIRMED (a seat) or TENTATIVE (waiting; the "
         "summary starts with \"(Waitlist)\"). 404 for an unknown token."});
}

}  // namespace lanyard::web
