// SPEC §8: mail templates and the outbox, for admins.
#include "core/mail/mail_admin.h"
#include "core/mail/mail_settings.h"
#include "core/common/time_util.h"
#include "web/router.h"

namespace lanyard::web {

namespace {

void PutTemplate(Ctx& ctx) {
  nlohmann::json body;
  if (!ctx.ReadJson(&body)) return;
  ctx.Reply(SaveMailTemplate(ctx.app.db(), ctx.Param(1), body, ctx.me().id));
}

}  // namespace

void AddMailRoutes(RouteTable& t) {
  t.Add({"GET", "/mail/templates", Access::kAdmin, "mail",
         "Every mail kind with its placeholders and whether en / id are overridden.",
         {200, 401, 403},
         [](Ctx& ctx) { ctx.Json(200, ListMailTemplates(ctx.app.db().Reader())); }});
  t.Add({"GET", "/mail/templates/{kind}", Access::kAdmin, "mail",
         "One kind: its placeholders and, per locale (en, id), the template in force, whether it "
         "is overridden, and the default.",
         {200, 401, 403, 404},
         [](Ctx& ctx) { ctx.Reply(GetMailTemplate(ctx.app.db().Reader(), ctx.Param(1))); }});
  t.Add({"PUT", "/mail/templates/{kind}", Access::kAdmin, "mail",
         "Override a kind's template: {locale, subject, text, html} or {en: {...}, id: {...}}; "
         "{reset: true} (or null) for a locale restores its default. Audited.",
         {200, 400, 401, 403, 404}, PutTemplate,
         false,
         "Templates use {{placeholder}}, {{#flag}}...{{/flag}} and {{^flag}}...{{/flag}}. Only "
         "the kind's placeholders and site_name, base_url, recipient_name are allowed; anything "
         "else is refused with validation_failed naming the placeholder (fields: subject, text, "
         "html, or en.html etc. in the multi-locale form). Values are HTML-escaped in the html "
         "part."});
  t.Add({"POST", "/mail/templates/{kind}/preview", Access::kAdmin, "mail",
         "Render {locale?, subject?, text?, html?, data?} (missing parts: the template in force; "
         "data: sample values) → {subject, text, html}.",
         {200, 400, 401, 403, 404},
         [](Ctx& ctx) {
           nlohmann::json body;
           if (!ctx.ReadJson(&body)) return;
           ctx.Reply(PreviewMailTemplate(ctx.app.db().Reader(), ctx.Param(1), body,
                                         MailSettingsOf(ctx.app), NowSeconds()));
         }});
  t.Add({"GET", "/mail/outbox", Access::kAdmin, "mail",
         "The outbox, newest first; status=queued|sent|failed filters. Placeholder values are "
         "not shown.",
         {200, 400, 401, 403},
         [](Ctx& ctx) {
           auto page = ctx.Page();
           if (!page) return ctx.Fail(page.error());
           ctx.Reply(ListOutbox(ctx.app.db().Reader(), ctx.Query("status"), page->limit,
                                page->offset));
         }});
  t.Add({"POST", "/mail/outbox/{id}/retry", Access::kAdmin, "mail",
         "Queue a failed mail again, due now, with its attempts reset (a "
         "delivered one: 409 conflict).",
         {200, 401, 403, 404, 409},
         [](Ctx& ctx) {
           const std::optional<int64_t> id = ctx.Id();
           if (!id) return ctx.Fail(Error::NotFound("No such mail."));
           ctx.Reply(RetryOutboxMail(ctx.app.db(), *id, NowSeconds()));
         }});
}

}  // namespace lanyard::web
