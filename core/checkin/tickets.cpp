#include "core/checkin/tickets.h"

#include <map>

#include "core/checkin/ticket_ref.h"
#include "core/checkin/ticket_share.h"
#include "core/events/event_access.h"
#include "core/common/qr.h"
#include "core/common/time_util.h"
#include "core/common/validation.h"
#include "core/common/write_unit.h"
#include "storage/events_repo.h"

namespace lanyard {

using nlohmann::json;

std::vector<json> IssueTickets(storage::Conn& c, const TicketSigner& signer,
                               const TicketIssueRequest& request) {
  std::vector<json> issued;
  const std::string now = NowRfc3339();
  std::map<int64_t, const storage::OrderHolderRow*> named;
  for (const auto& h : request.holders) named[h.position] = &h;
  int64_t position = 0;
  for (const auto& [type_id, quantity] : request.items) {
    const std::string type_name = storage::TicketTypeName(c, type_id);
    for (int64_t unit = 0; unit < quantity; ++unit) {
      storage::TicketRow row;
      row.order_id = request.order_id;
      row.event_id = request.event_id;
      row.ticket_type_id = type_id;
      row.user_id = request.user_id;
      row.holder_name = request.holder_name;
      row.holder_email = request.holder_email;
      if (auto h = named.find(++position); h != named.end()) {
        if (!h->second->name.empty()) row.holder_name = h->second->name;
        if (!h->second->email.empty()) row.holder_email = h->second->email;
      }
      row.created_at = now;
      const int64_t id = storage::InsertTicket(c, row);
      // The signed code names the ticket id, so it can only be made once the row exists.
      const std::string code = signer.Issue(id, request.event_id);
      storage::SetTicketCode(c, id, code);
      auto stored = storage::FindTicket(c, id);
      const std::string ref =
          stored ? FormatTicketRef(stored->order_code, stored->number_in_order) : std::string();
      issued.push_back({{"id", id},
                        {"code", code},
                        {"ref", ref},
                        {"holder_name", row.holder_name},
                        {"ticket_type", type_name}});
    }
  }
  return issued;
}

void VoidTickets(storage::Conn& c, int64_t order_id) { storage::VoidOrderTickets(c, order_id); }

// Key by key (see OrderView in core/orders/order_views.cpp): a door scan's reply builds it.
json TicketJson(const storage::TicketRow& t) {
  json j = json::object();
  j["id"] = t.id;
  j["order_id"] = t.order_id;
  j["event_id"] = t.event_id;
  j["ticket_type_id"] = t.ticket_type_id;
  j["ticket_type"] = t.ticket_type_name;
  j["holder_name"] = t.holder_name;
  j["holder_email"] = t.holder_email;
  j["code"] = t.code;
  j["status"] = ToString(t.status);
  j["checked_in_at"] = t.checked_in_at ? json(*t.checked_in_at) : json();
  j["created_at"] = t.created_at;
  if (!t.order_code.empty()) {
    j["order_code"] = t.order_code;
    if (t.number_in_order > 0) j["ref"] = FormatTicketRef(t.order_code, t.number_in_order);
  }
  if (!t.event_title.empty()) j["event_title"] = t.event_title;
  // The zone its times (check-in) are shown in by the pages: null = the deployment's.
  j["event_time_zone"] = t.event_time_zone.empty() ? json() : json(t.event_time_zone);
  return j;
}

std::vector<json> OrderTicketsJson(storage::Conn& c, int64_t order_id) {
  std::vector<json> out;
  for (const auto& t : storage::ListOrderTickets(c, order_id)) out.push_back(TicketJson(t));
  return out;
}

namespace tickets {

namespace {

enum class TicketNeed { kView, kOwner };

// The ticket when the caller may see it: its holder account, staff and admins, the event's
// organizer. Anyone else gets 404 (no leaking that it exists). kOwner then refuses a visible
// ticket that is not the caller's with 403.
Result<storage::TicketRow> LoadTicket(storage::Conn& c, const AuthUser& user, int64_t id,
                                      TicketNeed need) {
  auto t = storage::FindTicket(c, id);
  if (!t) return Error::NotFound("No such ticket.");
  const bool owner = t->user_id == user.id;
  if (!owner) {
    bool staff = user.role == Role::kStaff || user.IsAdmin();
    if (!staff && user.role == Role::kOrganizer) {
      auto e = storage::FindEvent(c, t->event_id);
      staff = e && CanStaffEvent(&user, *e);
    }
    if (!staff) return Error::NotFound("No such ticket.");
    if (need == TicketNeed::kOwner) return Error::Forbidden("Only the ticket's owner may change it.");
  }
  return *t;
}

}  // namespace

json ListOwn(App& app, const AuthUser& user, ListPage page) {
  int64_t total = 0;
  json items = json::array();
  for (const auto& t :
       storage::ListUserTickets(app.db().Reader(), user.id, page.limit, page.offset, &total)) {
    items.push_back(TicketJson(t));
  }
  return {{"items", items}, {"total", total}, {"limit", page.limit}, {"offset", page.offset}};
}

Result<json> Get(App& app, const AuthUser& user, int64_t id) {
  auto t = LoadTicket(app.db().Reader(), user, id, TicketNeed::kView);
  if (!t) return t.error();
  return TicketJson(*t);
}

Result<QrImage> Qr(App& app, const AuthUser& user, int64_t id, QrFormat format) {
  auto t = LoadTicket(app.db().Reader(), user, id, TicketNeed::kView);
  if (!t) return t.error();
  if (t->code.empty()) return Error::NotFound("This ticket has no code yet.");
  if (format == QrFormat::kPng) return QrImage{"image/png", QrPng(t->code)};
  return QrImage{"image/svg+xml", QrSvg(t->code)};
}

Result<json> UpdateHolder(App& app, const AuthUser& user, int64_t id, const HolderPatch& patch) {
  std::map<std::string, std::string> fields;
  std::optional<std::string> name, email;
  if (patch.holder_name) {
    name = Trim(*patch.holder_name);
    const size_t len = Utf8Length(*name);
    if (len < 1 || len > 200 || !IsValidUtf8(*name)) {
      fields["holder_name"] = "must be 1 to 200 characters";
    }
  }
  if (patch.holder_email) {
    email = Trim(*patch.holder_email);
    if (!LooksLikeEmail(*email) || email->size() > 254) {
      fields["holder_email"] = "must be an e-mail address";
    }
  }
  if (!fields.empty()) return Error::Invalid(fields);

  auto updated = WriteUnit<storage::TicketRow>(app.db(), [&](storage::Conn& c) -> Result<storage::TicketRow> {
    auto t = LoadTicket(c, user, id, TicketNeed::kOwner);
    if (!t) return t;
    if (t->status != TicketStatus::kValid) return Error::Conflict(codes::kTicketVoid, "This ticket is void.");
    if (t->checked_in_at) {
      Error e = Error::Conflict(codes::kAlreadyCheckedIn, "This ticket was checked in already.");
      e.extra["first_checked_in_at"] = *t->checked_in_at;
      return e;
    }
    const std::string before = NormalizeEmail(t->holder_email);
    t->holder_name = name.value_or(t->holder_name);
    t->holder_email = email.value_or(t->holder_email);
    storage::UpdateTicketHolder(c, id, t->holder_name, t->holder_email);
    // A companion's own address: they get the ticket by mail, with a link that needs no
    // account. The buyer's own address needs no mail (the ticket is in their account).
    const std::string after = NormalizeEmail(t->holder_email);
    if (after != before && after != NormalizeEmail(user.email)) {
      QueueHolderMail(app, c, *t, user.name, user.locale);
    }
    return t;
  });
  if (!updated) return updated.error();
  return TicketJson(*updated);
}

}  // namespace tickets
}  // namespace lanyard
