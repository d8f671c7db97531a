#include "core/draws/draw_views.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/common/time_util.h"
#include "core/draws/draw_steps.h"
#include "core/draws/draws.h"
#include "core/events/event_access.h"
#include "core/events/event_views.h"

namespace lanyard::draws {

using nlohmann::json;

namespace {
json OptText(const std::optional<std::string>& v) { return v ? json(*v) : json(); }
}  // namespace

json DrawJson(storage::Conn& c, const AuthUser* user, const storage::DrawRow& d,
              const storage::EventRow& e) {
  const bool drawn = d.drawn_at.has_value();
  const bool staff = CanStaffEvent(user, e);
  const int64_t now = NowSeconds();
  json out = {{"id", d.id},
              {"event_id", d.event_id},
              {"event_time_zone", events::EventZoneJson(e)},  // its times' zone for pages
              {"title", d.title},
              {"prizes", PrizesJson(ParsePrizes(d.prizes_json))},
              {"eligibility", d.eligibility},
              {"entry_requires_check_in", d.eligibility == "opt_in" && d.entry_requires_check_in},
              {"claim_window_minutes", d.claim_window_minutes},
              {"status", ToString(d.status)},
              {"algorithm", kDrawAlgorithm},
              {"commitment", d.commitment},
              // The seed stays secret until the draw: only a drawn draw shows it.
              {"seed", drawn ? json(d.seed_hex) : json()},
              {"entrants_hash", OptText(d.entrants_hash)},
              {"entrant_count", drawn ? d.entrant_count.value_or(0) : CurrentEntrantCount(c, d)},
              {"created_at", d.created_at},
              {"drawn_at", OptText(d.drawn_at)},
              {"closed_at", OptText(d.closed_at)}};

  json winners = json::array();
  json redraws = json::array();
  json my_winner;  // null unless the caller won something here
  if (drawn) {
    const auto rows = storage::DrawWinners(c, d.id);
    std::map<int64_t, std::string> names;  // user id → display name, for "replaced"
    for (const auto& w : rows) names[w.user_id] = DisplayName(w.user_name);
    std::vector<const storage::DrawWinnerRow*> holders;
    for (const auto& w : rows) {
      if (!w.superseded_at) holders.push_back(&w);
      if (w.redraw_no) {
        redraws.push_back({{"redraw", *w.redraw_no},
                           {"slot", w.slot},
                           {"prize", w.prize},
                           {"position", w.position},
                           {"display_name", DisplayName(w.user_name)},
                           {"replaced_display_name",
                            w.replaced_user_id ? json(names[*w.replaced_user_id]) : json()},
                           {"awarded_at", w.awarded_at}});
      }
      if (user && w.user_id == user->id) {
        const bool current = !w.superseded_at;
        my_winner = {{"slot", w.slot},
                     {"prize", w.prize},
                     {"claim_deadline", w.claim_deadline},
                     {"claimed_at", OptText(w.claimed_at)},
                     {"redrawn", !current},
                     {"can_claim", current && !w.claimed_at && !DeadlinePassed(w.claim_deadline, now)}};
      }
    }
    std::sort(holders.begin(), holders.end(), [](auto* a, auto* b) { return a->slot < b->slot; });
    for (const auto* w : holders) {
      json item = {{"slot", w->slot},
                   {"prize", w->prize},
                   {"position", w->position},
                   {"display_name", DisplayName(w->user_name)},
                   {"claim_deadline", w->claim_deadline},
                   {"claimed", w->claimed_at.has_value()},
                   {"claimed_at", OptText(w->claimed_at)},
                   {"redrawn", w->redraw_no.has_value()},
                   {"mine", user && w->user_id == user->id}};
      if (staff) {
        item["user_id"] = w->user_id;
        item["name"] = w->user_name;
        item["email"] = w->user_email;
      }
      winners.push_back(std::move(item));
    }
  }
  out["winners"] = std::move(winners);
  out["redraws"] = std::move(redraws);
  if (user) {
    out["my"] = {{"entered", d.eligibility == "opt_in" && storage::HasEntry(c, d.id, user->id)},
                 {"winner", my_winner}};
  }
  return out;
}

json DrawProofView(storage::Conn& c, const storage::DrawRow& d) {
  const std::vector<int64_t> entrants = storage::Entrants(c, d.id);
  const auto rows = storage::DrawWinners(c, d.id);
  std::vector<DrawRedraw> redraws;
  json first = json::array();
  for (const auto& w : rows) {
    if (w.redraw_no) {
      redraws.push_back(DrawRedraw{static_cast<size_t>(w.slot), w.prize, w.replaced_user_id.value_or(0),
                                   static_cast<size_t>(w.position), w.user_id});
    } else {
      first.push_back({{"position", w.position}, {"prize", w.prize}, {"user_id", w.user_id}});
    }
  }
  json proof = DrawProofJson(SeedBytes(d), entrants, ParsePrizes(d.prizes_json), redraws);
  // The winners the server stored and announced (the algorithm's own output is what a
  // verifier compares them with).
  proof["winners"] = std::move(first);
  proof["draw_id"] = d.id;
  proof["event_id"] = d.event_id;
  proof["title"] = d.title;
  proof["created_at"] = d.created_at;
  proof["drawn_at"] = *d.drawn_at;
  // The commitment stored at creation, not one recomputed from the seed: if they ever differed
  // the verifier must say so.
  proof["commitment"] = d.commitment;
  return proof;
}

}  // namespace lanyard::draws
