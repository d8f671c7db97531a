// SPEC §4: an event's attendee list, as JSON pages or as one CSV file.
#include "core/events/attendees.h"
#include "web/router.h"

namespace lanyard::web {

namespace {

void ListAttendees(Ctx& ctx) {
  auto id = ctx.Id();
  if (!id) return ctx.Fail(Error::NotFound("No such event."));
  const std::string format = ctx.Query("format", "json");
  if (format != "json" && format != "csv") {
    return ctx.Fail(Error::Invalid("format", "must be json or csv"));
  }
  attendees::Query query;
  query.event_id = *id;
  query.q = ctx.Query("q");
  if (format == "csv") {
    auto csv = attendees::Csv(ctx.app, ctx.me(), query);
    if (!csv) return ctx.Fail(csv.error());
    ctx.SendFile("text/csv; charset=utf-8", "attendees-event-" + std::to_string(*id) + ".csv",
                 *csv, false);
    return;
  }
  auto page = ctx.Page();
  if (!page) return ctx.Fail(page.error());
  query.page = *page;
  ctx.Reply(attendees::List(ctx.app, ctx.me(), query));
}

}  // namespace

void AddAttendeeRoutes(RouteTable& t) {
  t.Add({"GET", "/events/{id}/attendees", Access::kStaff, "events",
         "Valid tickets with holder, ticket type, order code, ref and checked_in_at; q= (name, "
         "email, order code); format=csv gives text/csv (every row, with a header) with the "
         "columns ticket_id, holder_name, holder_email, ticket_type, order_code, status, "
         "checked_in_at (RFC 3339 UTC), ticket_ref (the short reference the door reads out), "
         "checked_in_local (YYYY-MM-DD HH:MM:SS in the event's zone) and time_zone (that zone: "
         "the event's own, else the deployment's).",
         {200, 400, 401, 403, 404}, ListAttendees});
}

}  // namespace lanyard::web
