// Prize claims (SPEC §11): the winner's own claim, staff marking a prize claimed at the desk,
// and redrawing prizes left unclaimed past their deadline.
#include <map>
#include <set>

#include "core/common/time_util.h"
#include "core/common/write_unit.h"
#include "core/draws/draw_steps.h"
#include "core/draws/draws.h"

namespace lanyard::draws {

using nlohmann::json;

namespace {

using Holders = std::map<int64_t, const storage::DrawWinnerRow*>;  // slot → current holder

// The slots to redraw at `now`: the named ones (each must have an unclaimed holder past its
// deadline), or, when none are named, every unclaimed slot past its deadline.
Result<std::vector<size_t>> DueSlots(const Holders& holders, const std::vector<int64_t>& slots, int64_t now) {
  std::vector<size_t> due;
  if (!slots.empty()) {
    for (int64_t s : std::set<int64_t>(slots.begin(), slots.end())) {
      auto it = holders.find(s);
      const std::string slot = std::to_string(s);
      if (it == holders.end()) return Error::Invalid("slots", "slot " + slot + " has no winner");
      if (it->second->claimed_at) {
        return Error::Conflict(codes::kAlreadyClaimed, "The prize of slot " + slot + " has been claimed.");
      }
      if (!DeadlinePassed(it->second->claim_deadline, now)) {
        return Error::Conflict(codes::kClaimWindowOpen, "The claim window of slot " + slot + " is still open.");
      }
      due.push_back(static_cast<size_t>(s));
    }
    return due;
  }
  bool waiting = false;
  for (const auto& [slot, w] : holders) {
    if (w->claimed_at) continue;
    if (DeadlinePassed(w->claim_deadline, now)) {
      due.push_back(static_cast<size_t>(slot));
    } else {
      waiting = true;
    }
  }
  if (due.empty()) {
    return waiting ? Error::Conflict(codes::kClaimWindowOpen, "The claim window is still open.")
                   : Error::Conflict(codes::kAlreadyClaimed, "Every prize has been claimed.");
  }
  return due;
}

}  // namespace

Result<json> Claim(App& app, const AuthUser& user, int64_t draw_id) {
  Status claimed = WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto loaded = LoadDrawnDraw(c, user, draw_id, EventAccess::kView);
    if (!loaded) return loaded.error();
    const auto& d = loaded->draw;
    auto w = storage::WinnerByUser(c, d.id, user.id);
    if (!w) return Error::Make(codes::kNotAWinner, "You did not win a prize in this draw.");
    if (w->superseded_at) {
      return Error::Conflict(codes::kClaimWindowClosed,
                             "The claim window closed and your prize went to the next person drawn.");
    }
    if (w->claimed_at) return Error::Conflict(codes::kAlreadyClaimed, "You have claimed this prize already.");
    const int64_t now = NowSeconds();
    if (DeadlinePassed(w->claim_deadline, now)) {
      return Error::Conflict(codes::kClaimWindowClosed, "The claim window for this prize has closed.");
    }
    const std::string now_text = FormatRfc3339(now);
    storage::MarkWinnerClaimed(c, w->id, user.id, now_text);
    WriteAudit(c, user.id, "draw.claim", "draw", d.id, {{"slot", w->slot}, {"prize", w->prize}});
    CloseIfDone(c, d.id, now_text);
    return OkStatus();
  });
  if (!claimed) return claimed.error();
  return Get(app, &user, draw_id);
}

Result<json> MarkClaimed(App& app, const AuthUser& user, int64_t draw_id, int64_t slot) {
  Status marked = WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto loaded = LoadDrawnDraw(c, user, draw_id, EventAccess::kStaff);
    if (!loaded) return loaded.error();
    const auto& d = loaded->draw;
    auto w = storage::CurrentHolder(c, d.id, slot);
    if (!w) return Error::NotFound("No prize of this draw has that slot.");
    if (w->claimed_at) return Error::Conflict(codes::kAlreadyClaimed, "This prize has been claimed already.");
    const std::string now_text = NowRfc3339();
    storage::MarkWinnerClaimed(c, w->id, user.id, now_text);
    WriteAudit(c, user.id, "draw.claim_at_desk", "draw", d.id,
               {{"slot", w->slot}, {"prize", w->prize}, {"user_id", w->user_id}});
    CloseIfDone(c, d.id, now_text);
    return OkStatus();
  });
  if (!marked) return marked.error();
  return Get(app, &user, draw_id);
}

Result<json> Redraw(App& app, const AuthUser& user, int64_t draw_id, const std::vector<int64_t>& slots) {
  Status redrawn = WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto loaded = LoadDrawnDraw(c, user, draw_id, EventAccess::kManage);
    if (!loaded) return loaded.error();
    const auto& d = loaded->draw;
    const int64_t now = NowSeconds();
    const auto rows = storage::DrawWinners(c, d.id);
    Holders holders;
    std::vector<DrawRedraw> earlier;
    for (const auto& w : rows) {
      if (!w.superseded_at) holders[w.slot] = &w;
      if (w.redraw_no) {
        earlier.push_back(DrawRedraw{static_cast<size_t>(w.slot), w.prize, w.replaced_user_id.value_or(0),
                                     static_cast<size_t>(w.position), w.user_id});
      }
    }
    auto due = DueSlots(holders, slots, now);
    if (!due) return due.error();
    const std::vector<DrawRedraw> picked =
        PickDrawRedraws(SeedBytes(d), storage::Entrants(c, d.id), ParsePrizes(d.prizes_json), earlier, *due);
    if (picked.empty()) return Error::Conflict(codes::kNoEntrants, "No one is left in the draw sequence.");
    const std::string now_text = FormatRfc3339(now);
    const std::string deadline = FormatRfc3339(now + d.claim_window_minutes * 60);
    json audit = json::array();
    int64_t redraw_no = static_cast<int64_t>(earlier.size());
    for (const auto& r : picked) {
      storage::SupersedeWinner(c, holders.at(static_cast<int64_t>(r.slot))->id, now_text);
      storage::DrawWinnerRow row;
      row.draw_id = d.id;
      row.slot = static_cast<int64_t>(r.slot);
      row.prize = r.prize;
      row.position = static_cast<int64_t>(r.position);
      row.user_id = r.user_id;
      row.redraw_no = ++redraw_no;
      row.replaced_user_id = r.replaced_user_id;
      row.awarded_at = now_text;
      row.claim_deadline = deadline;
      storage::InsertWinner(c, row);
      if (auto fresh = storage::CurrentHolder(c, d.id, row.slot)) MailWinner(app, c, d, loaded->event, *fresh);
      audit.push_back({{"slot", r.slot},
                       {"prize", r.prize},
                       {"replaced_user_id", r.replaced_user_id},
                       {"position", r.position},
                       {"user_id", r.user_id}});
    }
    WriteAudit(c, user.id, "draw.redraw", "draw", d.id, {{"redraws", audit}});
    return OkStatus();
  });
  if (!redrawn) return redrawn.error();
  return Get(app, &user, draw_id);
}

}  // namespace lanyard::draws
