// Reading orders and proofs (SPEC §6): the buyer's own, an event's for its staff, one proof file.
#include "core/common/uploads.h"
#include "core/common/validation.h"
#include "core/events/event_access.h"
#include "core/orders/order_views.h"
#include "core/orders/orders.h"

namespace lanyard::orders {

using nlohmann::json;

namespace {

// Whether `user` may see order `o`: its buyer, or staff of its event.
bool MaySee(storage::Conn& c, const AuthUser& user, const storage::OrderRow& o) {
  if (o.user_id == user.id) return true;
  auto e = storage::FindEvent(c, o.event_id);
  return e && CanStaffEvent(&user, *e);
}

json Page(json items, int64_t total, ListPage page) {
  return json{{"items", std::move(items)}, {"total", total}, {"limit", page.limit}, {"offset", page.offset}};
}

}  // namespace

Result<json> Get(App& app, const AuthUser& user, int64_t id) {
  storage::Conn& c = app.db().Reader();
  auto o = storage::FindOrder(c, id);
  if (!o || !MaySee(c, user, *o)) return Error::NotFound("No such order.");
  return LoadOrderView(c, *o, *app.settings().Snapshot());
}

Result<json> ListOwn(App& app, const AuthUser& user, ListPage page) {
  storage::Conn& c = app.db().Reader();
  int64_t total = 0;
  const auto settings = app.settings().Snapshot();
  json items = json::array();
  for (const auto& o : storage::ListUserOrders(c, user.id, page.limit, page.offset, &total)) {
    items.push_back(LoadOrderView(c, o, *settings));
  }
  return Page(std::move(items), total, page);
}

Result<json> ListForEvent(App& app, const AuthUser& user, int64_t event_id,
                          const EventOrdersQuery& query, ListPage page) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, &user, event_id, EventAccess::kStaff);
  if (!e) return e.error();
  std::map<std::string, std::string> fields;
  const auto status = ParseOrderStatus(query.status);
  if (!query.status.empty() && !status) {
    fields["status"] = "must be pending, paid, expired, cancelled or refunded";
  }
  if (!query.awaiting_review.empty() && query.awaiting_review != "true" && query.awaiting_review != "false") {
    fields["awaiting_review"] = "must be true or false";
  }
  if (!fields.empty()) return Error::Invalid(fields);
  storage::EventOrderFilter f;
  f.event_id = event_id;
  f.status = status;
  f.awaiting_review = query.awaiting_review == "true";
  f.q = Trim(query.q);
  f.limit = page.limit;
  f.offset = page.offset;
  int64_t total = 0;
  const auto settings = app.settings().Snapshot();
  json items = json::array();
  for (const auto& o : storage::ListEventOrders(c, f, &total)) items.push_back(LoadOrderView(c, o, *settings));
  return Page(std::move(items), total, page);
}

Result<ProofFile> GetProof(App& app, const AuthUser& user, int64_t proof_id) {
  storage::Conn& c = app.db().Reader();
  auto p = storage::FindProof(c, proof_id);
  if (!p) return Error::NotFound("No such proof.");
  auto o = storage::FindOrder(c, p->order_id);
  if (!o || !MaySee(c, user, *o)) return Error::NotFound("No such proof.");
  auto bytes = ReadUpload(app.uploads(), p->stored_name);
  if (!bytes) return Error::NotFound("The file is missing.");
  return ProofFile{p->content_type, p->filename, std::move(*bytes)};
}

}  // namespace lanyard::orders
