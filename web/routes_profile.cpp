// SPEC §3: the caller's profile and documents.
#include "core/accounts/profile.h"
#include "web/router.h"

namespace lanyard::web {

void AddProfileRoutes(RouteTable& t) {
  t.Add({"GET", "/me", Access::kAuth, "accounts", "The caller's profile.", {200, 401},
         [](Ctx& ctx) { ctx.Reply(profile::GetMe(ctx.app, ctx.me())); }});
  t.Add({"PATCH", "/me", Access::kAuth, "accounts",
         "Update name, phone, organization, diet, diet_note, locale (email and role are ignored).",
         {200, 400, 401},
         [](Ctx& ctx) {
           nlohmann::json body;
           if (!ctx.ReadJson(&body)) return;
           BodyReader r(body);
           profile::ProfilePatch p;
           p.name = r.Str("name");
           p.phone = r.Str("phone");
           p.organization = r.Str("organization");
           p.diet = r.Str("diet");
           p.diet_note = r.Str("diet_note");
           p.locale = r.Str("locale");
           if (!ctx.Check(r)) return;
           ctx.Reply(profile::UpdateMe(ctx.app, ctx.me(), p));
         }});
  t.Add({"POST", "/me/documents", Access::kAuth, "accounts",
         "Upload a document (multipart: file = PNG, JPEG, WebP or PDF up to 5 MB; kind). Past the "
         "user's upload quota (settings upload_max_files_per_user, upload_max_bytes_per_user; "
         "documents and payment proofs count): 409 upload_quota; disk nearly full: 507 "
         "insufficient_storage.",
         {201, 400, 401, 409, 413, 415, 507},
         [](Ctx& ctx) {
           auto file = ctx.FilePart();
           if (!file) return ctx.Fail(file.error());
           ctx.Reply(profile::UploadDocument(ctx.app, ctx.me(), ctx.FormField("kind"),
                                             file->filename, file->content),
                     201);
         },
         true});
  t.Add({"GET", "/me/documents", Access::kAuth, "accounts", "The caller's documents.", {200, 401},
         [](Ctx& ctx) { ctx.Json(200, profile::ListDocuments(ctx.app, ctx.me())); }});
  t.Add({"GET", "/documents/{id}", Access::kAuth, "accounts",
         "Download a document: its owner, staff, admins, and an organizer only for people holding a "
         "ticket or a team place in one of their events (anyone else: 404).", {200, 401, 404},
         [](Ctx& ctx) {
           auto file = profile::DownloadDocument(ctx.app, ctx.me(), *ctx.Id());
           if (!file) return ctx.Fail(file.error());
           ctx.SendFile(file->content_type, file->filename, file->bytes, false);
         }});
}

}  // namespace lanyard::web
