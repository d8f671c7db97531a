#include "core/programme/registrations.h"

#include "core/checkin/ticket_code.h"
#include "core/checkin/ticket_ref.h"
#include "core/common/crypto.h"
#include "core/common/time_util.h"
#include "core/common/write_unit.h"
#include "core/events/event_access.h"
#include "core/programme/programme_types.h"
#include "core/programme/session_access.h"
#include "core/programme/session_mail.h"
#include "core/programme/session_views.h"
#include "storage/sessions_repo.h"
#include "storage/tickets_repo.h"

namespace lanyard::programme {

using nlohmann::json;

namespace {

bool NeedsTicket(const storage::SessionRow& s, const std::vector<int64_t>& types) {
  return s.requires_ticket || !types.empty();
}

bool HasFreeSeat(const storage::SessionRow& s) {
  return !s.capacity || s.registered < *s.capacity;
}

// Removes a place and gives a freed seat to the people waiting.
void Release(App& app, storage::Conn& c, const storage::RegistrationRow& r,
             const std::string& event_title) {
  storage::DeleteRegistration(c, r);
  if (r.status == "registered") PromoteWaitlistInUnit(app, c, r.session_id, event_title);
}

struct Registered {
  std::string status;
  std::optional<int64_t> position;
};

}  // namespace

int PromoteWaitlistInUnit(App& app, storage::Conn& c, int64_t session_id,
                          const std::string& event_title) {
  int promoted = 0;
  for (;;) {
    auto s = storage::FindSession(c, session_id);
    if (!s || !HasFreeSeat(*s)) break;
    // A cancelled (or unpublished) event gives no seats away.
    auto e = storage::FindEvent(c, s->event_id);
    if (!e || e->status != EventStatus::kPublished) break;
    auto next = storage::FirstWaitlisted(c, session_id);
    if (!next) break;
    // Someone whose ticket was voided while waiting no longer qualifies: they leave the line.
    const auto types = storage::SessionTicketTypes(c, session_id);
    if (NeedsTicket(*s, types) && !storage::HoldsValidTicket(c, s->event_id, next->user_id, types)) {
      storage::DeleteRegistration(c, *next);
      continue;
    }
    const std::string now = NowRfc3339();
    if (!storage::PromoteRegistration(c, next->id, session_id, now)) break;
    next->status = "registered";
    next->registered_at = now;
    s->registered += 1;
    MailPromoted(app, c, *s, event_title, *next);
    WriteAudit(c, std::nullopt, "session.promote", "session", session_id,
               {{"user_id", next->user_id}});
    ++promoted;
  }
  return promoted;
}

Result<json> Register(App& app, const AuthUser& user, int64_t session_id) {
  auto outcome = WriteUnit<Registered>(app.db(), [&](storage::Conn& c) -> Result<Registered> {
    auto loaded = LoadSession(c, &user, session_id, EventAccess::kView);
    if (!loaded) return loaded.error();
    const auto& s = loaded->session;
    const auto& e = loaded->event;
    if (e.status != EventStatus::kPublished) {
      return Error::Conflict(codes::kInvalidState, "Registration is open only for published events.");
    }
    const int64_t now_s = NowSeconds();
    if (auto ends = ParseRfc3339(s.ends_at); ends && *ends <= now_s) {
      return Error::Conflict(codes::kInvalidState, "This session is over.");
    }
    const auto types = storage::SessionTicketTypes(c, s.id);
    if (NeedsTicket(s, types) && !storage::HoldsValidTicket(c, s.event_id, user.id, types)) {
      return Error::Make(codes::kTicketRequired, types.empty()
                                              ? "Registering needs a valid ticket for this event."
                                              : "Registering needs a ticket of a type this session admits.");
    }
    if (storage::FindRegistration(c, s.id, user.id)) {
      return Error::Conflict(codes::kAlreadyRegistered, "You are registered for this session already.");
    }
    if (storage::NoOverlappingSessions(c, s.event_id)) {
      if (auto other = storage::OverlappingRegistration(c, s.event_id, user.id, s.id, s.starts_at,
                                                        s.ends_at)) {
        Error err = Error::Conflict(codes::kScheduleConflict,
                                    "You hold a place in an overlapping session: " + *other + ".");
        err.extra["conflicting_session"] = *other;
        return err;
      }
    }
    const std::string status = HasFreeSeat(s) ? "registered" : "waitlisted";
    const std::string now = NowRfc3339();
    const int64_t id = storage::InsertRegistration(c, s.id, user.id, status, now);
    auto row = storage::FindRegistration(c, s.id, user.id);
    MailRegistered(app, c, s, e.title, *row);
    Registered out{status, std::nullopt};
    if (status == "waitlisted") out.position = storage::WaitlistPosition(c, s.id, id);
    return out;
  });
  if (!outcome) return outcome.error();
  json session;
  storage::Conn& r = app.db().Reader();
  if (auto s = storage::FindSession(r, session_id)) {
    session = SessionJson(*s, storage::SessionTicketTypes(r, s->id), true,
                          MyPlace{outcome->status, outcome->position, std::nullopt});
  }
  return json{{"status", outcome->status},
              {"position", outcome->position ? json(*outcome->position) : json()},
              {"session", session}};
}

Status Cancel(App& app, const AuthUser& user, int64_t session_id) {
  return WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto loaded = LoadSession(c, &user, session_id, EventAccess::kView);
    if (!loaded) return loaded.error();
    auto r = storage::FindRegistration(c, session_id, user.id);
    if (!r) return Error::NotFound("You hold no place in this session.");
    Release(app, c, *r, loaded->event.title);
    return OkStatus();
  });
}

Result<json> ListRegistrations(App& app, const AuthUser& user, int64_t session_id, ListPage page) {
  storage::Conn& c = app.db().Reader();
  auto loaded = LoadSession(c, &user, session_id, EventAccess::kStaff);
  if (!loaded) return loaded.error();
  int64_t total = 0;
  const auto rows = storage::ListRegistrations(c, session_id, page.limit, page.offset, &total);
  // The list is registered first, then the waitlist in order: positions follow from the offset.
  int64_t position = std::max<int64_t>(0, page.offset - loaded->session.registered);
  json items = json::array();
  for (const auto& r : rows) {
    std::optional<int64_t> pos;
    if (r.status == "waitlisted") pos = ++position;
    items.push_back(RegistrationJson(r, pos));
  }
  return json{{"items", std::move(items)},
              {"total", total},
              {"limit", page.limit},
              {"offset", page.offset},
              {"session", SessionJson(loaded->session, storage::SessionTicketTypes(c, session_id),
                                      false, std::nullopt)}};
}

Result<std::string> RegistrationsCsvFor(App& app, const AuthUser& user, int64_t session_id) {
  storage::Conn& c = app.db().Reader();
  auto loaded = LoadSession(c, &user, session_id, EventAccess::kStaff);
  if (!loaded) return loaded.error();
  int64_t total = 0;
  return RegistrationsCsv(storage::ListRegistrations(c, session_id, 1000000, 0, &total));
}

Result<json> CheckIn(App& app, const AuthUser& user, int64_t session_id, const std::string& code) {
  if (code.empty()) return Error::Invalid("code", "is required");
  storage::Conn& reader = app.db().Reader();
  {
    auto loaded = LoadSession(reader, &user, session_id, EventAccess::kStaff);
    if (!loaded) return loaded.error();
  }
  // The ticket the code names: a signed QR code (checked against the stored one), or the short
  // reference staff type when the camera cannot read it.
  int64_t ticket_id = 0;
  if (auto named = ReadTicketCodeClaims(code)) {
    auto t = storage::FindTicket(reader, named->ticket_id);
    if (!t || t->code.empty() || !crypto::ConstantTimeEquals(t->code, code)) {
      // Signature checking is CPU work: here on the request thread, never on the writer.
      if (!t && app.ticket_signer().Verify(code)) {
        return Error::Make(codes::kUnknownTicket, "No ticket has this code.");
      }
      return Error::Make(codes::kInvalidCode, "This is not a valid ticket code.");
    }
    ticket_id = t->id;
  } else if (auto ref = ParseTicketRef(code)) {
    auto t = storage::FindTicketByRef(reader, ref->order_code, ref->number);
    if (!t) return Error::Make(codes::kUnknownTicket, "No ticket has this reference.");
    ticket_id = t->id;
  } else {
    return Error::Make(codes::kInvalidCode, "This is not a valid ticket code.");
  }
  return WriteUnit<json>(app.db(), [&](storage::Conn& c) -> Result<json> {
    auto loaded = LoadSession(c, &user, session_id, EventAccess::kStaff);
    if (!loaded) return loaded.error();
    auto t = storage::FindTicket(c, ticket_id);
    if (!t) return Error::Make(codes::kUnknownTicket, "No ticket has this code.");
    auto refuse = [&](const char* error_code, const std::string& message) {
      Error e = Error::Make(error_code, message);
      e.extra["holder_name"] = t->holder_name;
      return e;
    };
    if (t->event_id != loaded->session.event_id) {
      return Error::Conflict(codes::kWrongEvent, "This ticket is for another event.");
    }
    if (t->status != TicketStatus::kValid) return refuse(codes::kTicketVoid, "This ticket is void.");
    auto r = storage::FindRegistration(c, session_id, t->user_id);
    if (!r || r->status != "registered") {
      return refuse(codes::kNotRegistered, r ? "This person is on the waiting list, without a seat."
                                      : "This person is not registered for this session.");
    }
    const std::string now = NowRfc3339();
    if (r->checked_in_at || !storage::MarkSessionCheckedIn(c, r->id, user.id, now)) {
      Error e = refuse(codes::kAlreadyCheckedIn, "This person is in already.");
      e.extra["first_checked_in_at"] = r->checked_in_at.value_or(now);
      return e;
    }
    return json{{"result", "ok"},
                {"session_id", session_id},
                {"ticket_id", t->id},
                {"holder_name", t->holder_name},
                {"user_name", r->user_name},
                {"checked_in_at", now}};
  });
}

int ReleaseSeatsOfOrderInUnit(App& app, storage::Conn& c, int64_t order_id) {
  auto owner = storage::FindOrderOwner(c, order_id);
  if (!owner) return 0;
  int released = 0;
  for (const auto& r : storage::UserRegistrationsInEvent(c, owner->event_id, owner->user_id)) {
    auto s = storage::FindSession(c, r.session_id);
    if (!s) continue;
    const auto types = storage::SessionTicketTypes(c, s->id);
    if (!NeedsTicket(*s, types)) continue;
    if (storage::HoldsValidTicket(c, s->event_id, owner->user_id, types)) continue;
    auto e = storage::FindEvent(c, s->event_id);
    Release(app, c, r, e ? e->title : std::string());
    WriteAudit(c, std::nullopt, "session.release", "session", s->id,
               {{"user_id", owner->user_id}, {"order_id", order_id}});
    ++released;
  }
  return released;
}

}  // namespace lanyard::programme
