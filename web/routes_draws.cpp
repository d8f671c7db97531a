// SPEC §11: prize draws. The rules live in core/draws.h; here only shapes and routes.
#include "core/draws/draws.h"
#include "web/router.h"

namespace lanyard::web {

namespace {

using nlohmann::json;

// {title, prizes:[{name, quantity}], eligibility, claim_window_minutes?, entry_requires_check_in?}
Result<draws::NewDraw> ParseNewDraw(const json& body) {
  BodyReader r(body);
  draws::NewDraw d;
  d.title = r.StrOr("title", "");
  d.eligibility = r.StrOr("eligibility", "");
  d.claim_window_minutes = r.Int("claim_window_minutes");
  d.entry_requires_check_in = r.Bool("entry_requires_check_in").value_or(false);
  if (!r.ok()) return r.error();
  if (const json* prizes = r.Raw("prizes")) {
    auto wrong = [](const std::string& why) {
      Error e = Error::BadRequest("Field 'prizes' must be a list of {name, quantity}.");
      e.fields["prizes"] = why;
      return e;
    };
    if (!prizes->is_array()) return wrong("must be a list");
    for (const json& p : *prizes) {
      if (!p.is_object()) return wrong("each prize must be an object");
      DrawPrize prize;
      auto name = p.find("name");
      if (name != p.end() && !name->is_null()) {
        if (!name->is_string()) return wrong("name must be a string");
        prize.name = name->get<std::string>();
      }
      auto quantity = p.find("quantity");
      if (quantity != p.end() && !quantity->is_null()) {
        if (!quantity->is_number_integer()) return wrong("quantity must be an integer");
        if (quantity->is_number_unsigned() && quantity->get<uint64_t>() > INT64_MAX) {
          return wrong("quantity is out of range");
        }
        prize.quantity = quantity->get<int64_t>();
      }
      d.prizes.push_back(std::move(prize));
    }
  }
  return d;
}

// {slots?: [1, 3]}: the prize slots to redraw; absent or empty for every one that is due.
Result<std::vector<int64_t>> ParseSlots(const json& body) {
  std::vector<int64_t> slots;
  auto it = body.find("slots");
  if (it == body.end() || it->is_null()) return slots;
  Error wrong = Error::BadRequest("Field 'slots' must be a list of slot numbers.");
  wrong.fields["slots"] = "must be a list of positive integers";
  if (!it->is_array()) return wrong;
  for (const json& s : *it) {
    if (!s.is_number_integer() || (s.is_number_unsigned() && s.get<uint64_t>() > INT64_MAX) ||
        s.get<int64_t>() < 1) {
      return wrong;
    }
    slots.push_back(s.get<int64_t>());
  }
  return slots;
}

const AuthUser* Caller(const Ctx& ctx) { return ctx.user ? &*ctx.user : nullptr; }

void CreateDraw(Ctx& ctx) {
  nlohmann::json body;
  if (!ctx.ReadJson(&body)) return;
  auto draw = ParseNewDraw(body);
  if (!draw) return ctx.Fail(draw.error());
  ctx.Reply(draws::Create(ctx.app, ctx.me(), *ctx.Id(), *draw), 201);
}

void RedrawDraw(Ctx& ctx) {
  nlohmann::json body;
  if (!ctx.ReadJson(&body)) return;
  auto slots = ParseSlots(body);
  if (!slots) return ctx.Fail(slots.error());
  ctx.Reply(draws::Redraw(ctx.app, ctx.me(), *ctx.Id(), *slots));
}

void MarkClaimed(Ctx& ctx) {
  auto slot = ctx.Id(2);
  if (!slot || *slot < 1) return ctx.Fail(Error::NotFound("No prize of this draw has that slot."));
  ctx.Reply(draws::MarkClaimed(ctx.app, ctx.me(), *ctx.Id(), *slot));
}

constexpr const char* kDrawObject =
    "A draw: id, event_id, title, prizes[{name, quantity}], eligibility (checked_in | "
    "ticket_holders | opt_in), entry_requires_check_in, claim_window_minutes, status (open | drawn "
    "| closed), algorithm, commitment (always), seed and entrants_hash (null until drawn), "
    "entrant_count, created_at, drawn_at, closed_at, winners[{slot, prize, position, "
    "display_name (first name and initial), claim_deadline, claimed, claimed_at, redrawn, mine}] "
    "(staff of the event also see user_id, name, email), redraws[], and for a signed-in caller "
    "my{entered, winner}.";

// The algorithm in brief; docs/draw-algorithm.md is the full definition with a worked example.
constexpr const char* kAlgorithm =
    "Algorithm lanyard-draw-v1. commitment = hex(SHA-256(seed)) over the 32 seed bytes. "
    "entrants: user ids ascending; entrants_hash = hex(SHA-256(ids in decimal joined with \",\")). "
    "Random stream: blocks SHA-256(seed || entrants_hash as 64 ASCII hex || uint64_be(i)), i = 0, "
    "1, ..., read as big-endian 64-bit words. uniform(m): r = 2^64 mod m; read words until v < "
    "2^64 - r; return v mod m (rejection sampling: unbiased). Sequence: partial Fisher-Yates over "
    "the sorted entrants: for k = 0, 1, ...: j = k + uniform(n - k); swap pool[k], pool[j]; "
    "position k + 1 is pool[k]. Slots: each prize repeated quantity times, in list order; slot s "
    "goes to position s for s <= min(slots, n). Redraw r (counted across the draw, slots in "
    "ascending order when several) takes position W + r and replaces the slot's holder. A proof "
    "verifies when the seed hashes to the commitment, the entrants to entrants_hash, and every "
    "winner and redraw equals the recomputation.";

}  // namespace

void AddDrawRoutes(RouteTable& t) {
  t.Add({"POST", "/events/{id}/draws", Access::kOrganizer, "draws",
         "Create a draw {title, prizes:[{name, quantity}], eligibility, claim_window_minutes?, "
         "entry_requires_check_in?}. Publishes the seed's commitment at once. Audited.",
         {201, 400, 401, 403, 404, 409}, CreateDraw,
         false,
         std::string("The server draws a 32-byte seed from the CSPRNG and publishes commitment = "
                     "SHA-256(seed); the seed stays secret until the draw. claim_window_minutes "
                     "defaults to 30 (0 to 10080; 0 makes unclaimed prizes redrawable at once). "
                     "entry_requires_check_in (opt_in draws) makes entering need a checked-in "
                     "ticket. ") + kDrawObject});
  t.Add({"GET", "/events/{id}/draws", Access::kOptional, "draws",
         "The event's draws, as the event is visible.", {200, 400, 404},
         [](Ctx& ctx) {
           auto page = ctx.Page();
           if (!page) return ctx.Fail(page.error());
           ctx.Reply(draws::ListForEvent(ctx.app, Caller(ctx), *ctx.Id(), *page));
         },
         false, kDrawObject});
  t.Add({"GET", "/draws/{id}", Access::kOptional, "draws",
         "One draw: the commitment always; after the draw the seed, entrants_hash and winners.",
         {200, 404},
         [](Ctx& ctx) { ctx.Reply(draws::Get(ctx.app, Caller(ctx), *ctx.Id())); }, false,
         kDrawObject});
  t.Add({"POST", "/draws/{id}/entries", Access::kAuth, "draws",
         "Enter an opt_in draw: holders of a valid ticket for the event (checked in when "
         "entry_requires_check_in). One entry per person. Audited.",
         {201, 401, 403, 404, 409},
         [](Ctx& ctx) { ctx.Reply(draws::Enter(ctx.app, ctx.me(), *ctx.Id()), 201); }, false,
         "409 already_entered the second time, already_drawn after the draw, invalid_state for "
         "draws that take no entries (checked_in, ticket_holders); 403 not_eligible without a "
         "valid (or checked-in) ticket."});
  t.Add({"DELETE", "/draws/{id}/entries/me", Access::kAuth, "draws",
         "Withdraw the caller's entry before the draw.", {204, 401, 404, 409},
         [](Ctx& ctx) {
           auto status = draws::Leave(ctx.app, ctx.me(), *ctx.Id());
           if (!status) return ctx.Fail(status.error());
           ctx.NoContent();
         }});
  t.Add({"POST", "/draws/{id}/perform", Access::kOrganizer, "draws",
         "Perform the draw: freeze the entrants (ascending ids), hash them, pick the winners "
         "(lanyard-draw-v1), publish the seed, mail draw_won. Audited.",
         {200, 401, 403, 404, 409},
         [](Ctx& ctx) { ctx.Reply(draws::Perform(ctx.app, ctx.me(), *ctx.Id())); }, false,
         "Owner or admin. 409 already_drawn the second time, no_entrants when nobody is eligible. "
         "Entrants: checked_in — people with a checked-in valid ticket; ticket_holders — people "
         "with a valid ticket; opt_in — people who entered and still hold a valid (checked-in "
         "when required) ticket."});
  t.Add({"GET", "/draws/{id}/proof", Access::kOptional, "draws",
         "Everything needed to recompute the result: {algorithm, seed, commitment, entrants, "
         "entrants_hash, prizes, winners, redraws} (+ draw_id, event_id, title, created_at, "
         "drawn_at). `lanyard draw verify` and /draws/{id}/verify check it.",
         {200, 404, 409},
         [](Ctx& ctx) { ctx.Reply(draws::Proof(ctx.app, Caller(ctx), *ctx.Id())); }, false,
         std::string("409 not_drawn before the draw. ") + kAlgorithm});
  t.Add({"POST", "/draws/{id}/claim", Access::kAuth, "draws",
         "The winner claims their prize within the claim window. Audited.",
         {200, 401, 403, 404, 409},
         [](Ctx& ctx) { ctx.Reply(draws::Claim(ctx.app, ctx.me(), *ctx.Id())); }, false,
         "403 not_a_winner; 409 not_drawn, already_claimed, claim_window_closed (deadline "
         "passed or the prize was redrawn)."});
  t.Add({"POST", "/draws/{id}/winners/{slot}/claimed", Access::kStaff, "draws",
         "Staff mark a prize slot claimed at the desk (as long as it was not redrawn). Audited.",
         {200, 401, 403, 404, 409}, MarkClaimed, false,
         "Staff and admins, the event's organizer. 409 not_drawn, already_claimed; 404 when the "
         "slot has no winner."});
  t.Add({"POST", "/draws/{id}/redraw", Access::kOrganizer, "draws",
         "Give unclaimed prizes whose claim window has passed to the next entrants of the same "
         "sequence {slots?}. Mails the new winners. Audited.",
         {200, 400, 401, 403, 404, 409}, RedrawDraw, false,
         "Owner or admin. Without slots every due prize is redrawn. 409 not_drawn, "
         "claim_window_open, already_claimed (nothing left to redraw), no_entrants (the sequence "
         "is used up); 400 validation_failed for a slot without a winner."});
}

}  // namespace lanyard::web
