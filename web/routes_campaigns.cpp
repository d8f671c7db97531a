// SPEC §10: mail campaigns and the RFC 8058 unsubscribe. The rules live in core/campaigns; here
// only shapes and routes.
#include "core/campaigns/campaigns.h"
#include "core/events/events.h"
#include "core/campaigns/unsubscribe.h"
#include "web/router.h"

namespace lanyard::web {

namespace {

using nlohmann::json;

// {subject, body, audience: {kind, id?}, scheduled_at?, nomination_id?}
Result<campaigns::NewCampaign> ParseCampaign(const json& body) {
  BodyReader r(body);
  campaigns::NewCampaign c;
  c.subject = r.StrOr("subject", "");
  c.body = r.StrOr("body", "");
  c.scheduled_at = r.Str("scheduled_at");
  c.nomination_id = r.Int("nomination_id");
  if (!r.ok()) return r.error();
  if (const json* audience = r.Raw("audience")) {
    if (!audience->is_object()) {
      Error e = Error::BadRequest("Field 'audience' must be an object {kind, id?}.");
      e.fields["audience"] = "must be an object";
      return e;
    }
    BodyReader a(*audience);
    c.audience.kind = a.StrOr("kind", "");
    c.audience.id = a.Int("id");
    if (!a.ok()) return a.error();
  }
  return c;
}

// Refuses a caller who may not manage the event before the body is read (SPEC §1).
bool MayManageEvent(Ctx& ctx) {
  return ctx.Allowed(events::CheckAccess(ctx.app, ctx.me(), *ctx.Id(), EventAccess::kManage));
}

void CreateCampaign(Ctx& ctx) {
  if (!MayManageEvent(ctx)) return;
  json body;
  if (!ctx.ReadJson(&body)) return;
  auto in = ParseCampaign(body);
  if (!in) return ctx.Fail(in.error());
  ctx.Reply(campaigns::Create(ctx.app, ctx.me(), *ctx.Id(), *in), 201);
}

void PreviewCampaign(Ctx& ctx) {
  if (!MayManageEvent(ctx)) return;
  json body;
  if (!ctx.ReadJson(&body)) return;
  auto in = ParseCampaign(body);
  if (!in) return ctx.Fail(in.error());
  ctx.Reply(campaigns::Preview(ctx.app, ctx.me(), *ctx.Id(), *in));
}

void CountAudience(Ctx& ctx) {
  if (!MayManageEvent(ctx)) return;
  campaigns::Audience audience;
  audience.kind = ctx.Query("kind");
  const std::string id = ctx.Query("id");
  if (!id.empty()) {
    if (id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos) {
      return ctx.Fail(Error::Invalid("id", "must be a positive integer"));
    }
    audience.id = std::stoll(id);
  }
  ctx.Reply(campaigns::CountAudience(ctx.app, ctx.me(), *ctx.Id(), audience));
}

void SetMine(Ctx& ctx) {
  json body;
  if (!ctx.ReadJson(&body)) return;
  BodyReader r(body);
  const auto subscribed = r.Bool("subscribed");
  if (!ctx.Check(r)) return;
  if (!subscribed) return ctx.Fail(Error::Invalid("subscribed", "must be true or false"));
  ctx.Reply(campaigns::SetMySubscription(ctx.app, ctx.me(), *subscribed));
}

constexpr const char* kCampaignObject =
    "A campaign: id, event_id, subject, body (Markdown), audience {kind, id}, nomination_id, "
    "on_behalf_of (the nominee's name), status (scheduled | sending | sent | cancelled), "
    "scheduled_at, recipients, sent, failed, queued, created_at, started_at, finished_at, "
    "cancelled_at.";

constexpr const char* kSubscriptionObject =
    "{email (masked on the public routes), subscribed, unsubscribed_at}.";

}  // namespace

void AddCampaignRoutes(RouteTable& t) {
  t.Add({"POST", "/events/{id}/campaigns", Access::kOrganizer, "campaigns",
         "Create a campaign {subject, body (Markdown), audience {kind, id?}, scheduled_at?, "
         "nomination_id?}: one personal mail per recipient through the outbox, at scheduled_at "
         "or now. Audited.",
         {201, 400, 401, 403, 404}, CreateCampaign, false,
         std::string(
             "Owner or admin. audience.kind: ticket_holders, ticket_type (id = a ticket type of "
             "the event), checked_in, teams (members of the event's teams that did not "
             "withdraw; id = one competition of the event, optional), session (id = a session "
             "of the event, required: the people holding its seats, not its waitlist), "
             "nominees, all_users (admins only: 403 otherwise); an id of another event is 400 "
             "validation_failed (fields.audience). The body is "
             "CommonMark rendered to HTML and text (raw HTML is escaped, never passed through); "
             "{{name}} in subject or body is the recipient's name. Unsubscribed addresses are "
             "skipped. Mails carry List-Unsubscribe and List-Unsubscribe-Post (RFC 8058) and "
             "go out at the setting rate_campaign_mails_per_minute. ") +
             kCampaignObject});
  t.Add({"GET", "/events/{id}/campaigns", Access::kOrganizer, "campaigns",
         "The event's campaigns, newest first (owner, admin).", {200, 400, 401, 403, 404},
         [](Ctx& ctx) {
           auto page = ctx.Page();
           if (!page) return ctx.Fail(page.error());
           ctx.Reply(campaigns::ListForEvent(ctx.app, ctx.me(), *ctx.Id(), *page));
         },
         false, kCampaignObject});
  t.Add({"GET", "/events/{id}/campaigns/audience", Access::kOrganizer, "campaigns",
         "How many people an audience reaches now (?kind=&id=), without the unsubscribed.",
         {200, 400, 401, 403, 404}, CountAudience, false, "→ {kind, id, recipients}."});
  t.Add({"POST", "/events/{id}/campaigns/preview", Access::kOrganizer, "campaigns",
         "Render {subject, body, nomination_id?} as the caller would receive it.",
         {200, 400, 401, 403, 404}, PreviewCampaign, false,
         "→ {subject, html (the body's HTML fragment), text, on_behalf_of}."});
  t.Add({"GET", "/campaigns/{id}", Access::kOrganizer, "campaigns",
         "A campaign with its progress (recipients, sent, failed, queued).",
         {200, 401, 403, 404},
         [](Ctx& ctx) { ctx.Reply(campaigns::Get(ctx.app, ctx.me(), *ctx.Id())); }, false,
         kCampaignObject});
  t.Add({"POST", "/campaigns/{id}/cancel", Access::kOrganizer, "campaigns",
         "Cancel a campaign before it starts sending. Audited.", {200, 401, 403, 404, 409},
         [](Ctx& ctx) { ctx.Reply(campaigns::Cancel(ctx.app, ctx.me(), *ctx.Id())); }, false,
         "409 campaign_not_cancellable once it is sending, sent or cancelled."});
  t.Add({"POST", "/campaigns/{id}/test", Access::kOrganizer, "campaigns",
         "Mail the campaign once to the caller (subject prefixed [TEST]).",
         {200, 401, 403, 404},
         [](Ctx& ctx) { ctx.Reply(campaigns::TestSend(ctx.app, ctx.me(), *ctx.Id())); }, false,
         "→ {queued: true, to}."});
  t.Add({"GET", "/unsubscribe/{token}", Access::kPublic, "campaigns",
         "What an unsubscribe link is about (with event_title: the event whose campaign reached "
         "the address last, null before any). Never changes anything (GET and HEAD are safe).",
         {200, 404},
         [](Ctx& ctx) { ctx.Reply(campaigns::DescribeSubscription(ctx.app, ctx.Param())); },
         false, kSubscriptionObject});
  t.Add({"POST", "/unsubscribe/{token}", Access::kPublic, "campaigns",
         "RFC 8058 one-click unsubscribe: no login, any body (List-Unsubscribe=One-Click).",
         {200, 404},
         [](Ctx& ctx) {
           ctx.Reply(campaigns::SetSubscription(ctx.app, ctx.Param(), /*subscribe=*/false));
         },
         false, std::string("Later campaigns skip the address; transactional mails still "
                            "come. ") + kSubscriptionObject});
  t.Add({"POST", "/unsubscribe/{token}/resubscribe", Access::kPublic, "campaigns",
         "Subscribe again with the same link.", {200, 404},
         [](Ctx& ctx) {
           ctx.Reply(campaigns::SetSubscription(ctx.app, ctx.Param(), /*subscribe=*/true));
         },
         false, kSubscriptionObject});
  t.Add({"GET", "/me/mail-subscription", Access::kAuth, "campaigns",
         "The caller's campaign-mail choice.", {200, 401},
         [](Ctx& ctx) { ctx.Reply(campaigns::MySubscription(ctx.app, ctx.me())); }, false,
         kSubscriptionObject});
  t.Add({"PUT", "/me/mail-subscription", Access::kAuth, "campaigns",
         "Set the caller's campaign-mail choice {subscribed}.", {200, 400, 401}, SetMine, false,
         kSubscriptionObject});
}

}  // namespace lanyard::web
