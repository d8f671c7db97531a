// SPEC §7: the attendee's tickets, their QR images and their holder.
#include "core/checkin/ticket_share.h"
#include "core/checkin/tickets.h"
#include "web/router.h"

namespace lanyard::web {

namespace {

void ServeQr(Ctx& ctx, tickets::QrFormat format) {
  auto id = ctx.Id();
  if (!id) return ctx.Fail(Error::NotFound("No such ticket."));
  auto qr = tickets::Qr(ctx.app, ctx.me(), *id, format);
  if (!qr) return ctx.Fail(qr.error());
  const std::string name = "ticket-" + std::to_string(*id) +
                           (format == tickets::QrFormat::kPng ? ".png" : ".svg");
  ctx.SendFile(qr->content_type, name, qr->bytes, true);
}

void PatchTicket(Ctx& ctx) {
  auto id = ctx.Id();
  if (!id) return ctx.Fail(Error::NotFound("No such ticket."));
  nlohmann::json body;
  if (!ctx.ReadJson(&body)) return;
  BodyReader r(body);
  tickets::HolderPatch patch;
  patch.holder_name = r.Str("holder_name");
  patch.holder_email = r.Str("holder_email");
  if (!ctx.Check(r)) return;
  ctx.Reply(tickets::UpdateHolder(ctx.app, ctx.me(), *id, patch));
}

}  // namespace

void AddTicketRoutes(RouteTable& t) {
  t.Add({"GET", "/tickets", Access::kAuth, "tickets", "The caller's own tickets, newest first.",
         {200, 400, 401},
         [](Ctx& ctx) {
           auto page = ctx.Page();
           if (!page) return ctx.Fail(page.error());
           ctx.Json(200, tickets::ListOwn(ctx.app, ctx.me(), *page));
         }});
  t.Add({"GET", "/tickets/{id}", Access::kAuth, "tickets",
         "One ticket: its owner, staff and admins, the event's organizer.", {200, 401, 404},
         [](Ctx& ctx) {
           auto id = ctx.Id();
           if (!id) return ctx.Fail(Error::NotFound("No such ticket."));
           ctx.Reply(tickets::Get(ctx.app, ctx.me(), *id));
         }});
  t.Add({"GET", "/tickets/{id}/qr.svg", Access::kAuth, "tickets",
         "The QR image (SVG) of the ticket's code; owner, staff+. Not cached.", {200, 401, 404},
         [](Ctx& ctx) { ServeQr(ctx, tickets::QrFormat::kSvg); }});
  t.Add({"GET", "/tickets/{id}/qr.png", Access::kAuth, "tickets",
         "The QR image (PNG) of the ticket's code; owner, staff+. Not cached.", {200, 401, 404},
         [](Ctx& ctx) { ServeQr(ctx, tickets::QrFormat::kPng); }});
  t.Add({"GET", "/tickets/{id}/shared", Access::kPublic, "tickets",
         "The ticket for its holder, without an account: key= from the ticket_holder mail's "
         "link ({base_url}/account/tickets/{id}?key=K). 404 for a wrong or outdated key "
         "(the holder address changed) and for a void ticket.",
         {200, 404},
         [](Ctx& ctx) {
           auto id = ctx.Id();
           if (!id) return ctx.Fail(Error::NotFound("No such ticket."));
           ctx.Reply(tickets::GetShared(ctx.app, *id, ctx.Query("key")));
         }});
  t.Add({"GET", "/tickets/{id}/shared/qr.svg", Access::kPublic, "tickets",
         "The ticket's QR image (SVG) for its holder, with key= as /tickets/{id}/shared.",
         {200, 404},
         [](Ctx& ctx) {
           auto id = ctx.Id();
           if (!id) return ctx.Fail(Error::NotFound("No such ticket."));
           auto qr = tickets::QrShared(ctx.app, *id, ctx.Query("key"), tickets::QrFormat::kSvg);
           if (!qr) return ctx.Fail(qr.error());
           ctx.SendFile(qr->content_type, "ticket-" + std::to_string(*id) + ".svg", qr->bytes,
                        true);
         }});
  t.Add({"PATCH", "/tickets/{id}", Access::kAuth, "tickets",
         "Change {holder_name, holder_email} before check-in (owner only); a new holder "
         "address (not the buyer's) is mailed the ticket (ticket_holder) with a link that "
         "needs no account.",
         {200, 400, 401, 403, 404, 409}, PatchTicket});
}

}  // namespace lanyard::web
