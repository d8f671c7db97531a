// Prize draws: creating, listing, entering and leaving, performing, and the proof. Claims and
// redraws are in draw_claims.cpp, the JSON in draw_views.cpp, shared steps in draw_steps.h.
#include "core/draws/draws.h"

#include <map>

#include "core/common/crypto.h"
#include "core/common/time_util.h"
#include "core/common/validation.h"
#include "core/common/write_unit.h"
#include "core/draws/draw_steps.h"
#include "core/draws/draw_views.h"
#include "core/events/event_access.h"

namespace lanyard::draws {

using nlohmann::json;

namespace {

std::map<std::string, std::string> CheckNewDraw(const NewDraw& d) {
  std::map<std::string, std::string> fields;
  const size_t title_len = Utf8Length(Trim(d.title));
  if (title_len < 1 || title_len > 200) fields["title"] = "must be 1 to 200 characters";
  if (d.prizes.empty() || d.prizes.size() > kMaxPrizes) {
    fields["prizes"] = "must list 1 to " + std::to_string(kMaxPrizes) + " prizes";
  } else {
    int64_t units = 0;
    for (size_t i = 0; i < d.prizes.size(); ++i) {
      const auto& p = d.prizes[i];
      const size_t len = Utf8Length(Trim(p.name));
      if (len < 1 || len > 200) {
        fields["prizes"] = "prize " + std::to_string(i + 1) + " needs a name of 1 to 200 characters";
        break;
      }
      if (p.quantity < 1 || p.quantity > kMaxPrizeQuantity) {
        fields["prizes"] = "prize " + std::to_string(i + 1) + " needs a quantity of 1 to " +
                           std::to_string(kMaxPrizeQuantity);
        break;
      }
      units += p.quantity;
    }
    if (!fields.count("prizes") && units > kMaxPrizeUnits) {
      fields["prizes"] = "at most " + std::to_string(kMaxPrizeUnits) + " prize units in total";
    }
  }
  if (!IsEligibility(d.eligibility)) {
    fields["eligibility"] = "must be checked_in, ticket_holders or opt_in";
  }
  if (d.claim_window_minutes &&
      (*d.claim_window_minutes < 0 || *d.claim_window_minutes > kMaxClaimWindowMinutes)) {
    fields["claim_window_minutes"] = "must be 0 to " + std::to_string(kMaxClaimWindowMinutes);
  }
  return fields;
}

}  // namespace

std::string DisplayName(std::string_view full_name) {
  std::vector<std::string> words;
  std::string word;
  for (char ch : full_name) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word.push_back(ch);
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  if (words.empty()) return "";
  if (words.size() == 1) return words[0];
  // The last word's first character, whole (a UTF-8 lead byte and its continuation bytes).
  const std::string& last = words.back();
  size_t len = 1;
  while (len < last.size() && (static_cast<unsigned char>(last[len]) & 0xC0) == 0x80) ++len;
  return words[0] + " " + last.substr(0, len) + ".";
}

Result<json> Create(App& app, const AuthUser& user, int64_t event_id, const NewDraw& draw) {
  {
    auto e = LoadEvent(app.db().Reader(), &user, event_id, EventAccess::kManage);
    if (!e) return e.error();
  }
  auto fields = CheckNewDraw(draw);
  if (!fields.empty()) return Error::Invalid(fields);

  // The seed comes from OpenSSL's CSPRNG; only its commitment leaves the server before the draw.
  const std::string seed = crypto::RandomBytes(kSeedBytes);
  storage::DrawRow row;
  row.event_id = event_id;
  row.title = Trim(draw.title);
  std::vector<DrawPrize> prizes;
  for (const auto& p : draw.prizes) prizes.push_back(DrawPrize{Trim(p.name), p.quantity});
  row.prizes_json = PrizesJson(prizes).dump();
  row.eligibility = draw.eligibility;
  row.entry_requires_check_in = draw.eligibility == "opt_in" && draw.entry_requires_check_in;
  row.claim_window_minutes = draw.claim_window_minutes.value_or(kDefaultClaimWindowMinutes);
  row.seed_hex = crypto::HexEncode(seed);
  row.commitment = DrawCommitment(seed);
  row.created_by = user.id;
  row.created_at = NowRfc3339();

  auto id = WriteUnit<int64_t>(app.db(), [&](storage::Conn& c) -> Result<int64_t> {
    auto e = LoadEventToChange(c, user, event_id, EventAccess::kManage, "This event is cancelled.");
    if (!e) return e.error();
    row.id = storage::InsertDraw(c, row);
    WriteAudit(c, user.id, "draw.create", "draw", row.id,
               {{"event_id", event_id},
                {"title", row.title},
                {"eligibility", row.eligibility},
                {"prizes", json::parse(row.prizes_json)},
                {"claim_window_minutes", row.claim_window_minutes},
                {"commitment", row.commitment}});
    return row.id;
  });
  if (!id) return id.error();
  return Get(app, &user, *id);
}

Result<json> ListForEvent(App& app, const AuthUser* user, int64_t event_id, ListPage page) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, user, event_id, EventAccess::kView);
  if (!e) return e.error();
  int64_t total = 0;
  const auto rows = storage::ListEventDraws(c, event_id, page.limit, page.offset, &total);
  json items = json::array();
  for (const auto& d : rows) items.push_back(DrawJson(c, user, d, *e));
  return json{{"items", std::move(items)}, {"total", total}, {"limit", page.limit}, {"offset", page.offset}};
}

Result<json> Get(App& app, const AuthUser* user, int64_t draw_id) {
  storage::Conn& c = app.db().Reader();
  auto loaded = LoadDraw(c, user, draw_id, EventAccess::kView);
  if (!loaded) return loaded.error();
  return DrawJson(c, user, loaded->draw, loaded->event);
}

Result<json> Enter(App& app, const AuthUser& user, int64_t draw_id) {
  Status entered = WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto loaded = LoadOpenDraw(c, user, draw_id, EventAccess::kView);
    if (!loaded) return loaded.error();
    const auto& d = loaded->draw;
    if (d.eligibility != "opt_in") {
      return Error::Conflict(codes::kInvalidState, "This draw takes no entries: everyone eligible takes part.");
    }
    if (storage::HasEntry(c, d.id, user.id)) {
      return Error::Conflict(codes::kAlreadyEntered, "You have entered this draw already.");
    }
    if (!storage::HoldsTicket(c, d.event_id, user.id, false)) {
      return Error::Make(codes::kNotEligible, "Only holders of a valid ticket for this event may enter.");
    }
    if (d.entry_requires_check_in && !storage::HoldsTicket(c, d.event_id, user.id, true)) {
      return Error::Make(codes::kNotEligible, "Check in at the event first, then enter this draw.");
    }
    storage::InsertEntry(c, d.id, user.id, NowRfc3339());
    WriteAudit(c, user.id, "draw.enter", "draw", d.id);
    return OkStatus();
  });
  if (!entered) return entered.error();
  return Get(app, &user, draw_id);
}

Status Leave(App& app, const AuthUser& user, int64_t draw_id) {
  return WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto loaded = LoadOpenDraw(c, user, draw_id, EventAccess::kView);
    if (!loaded) return loaded.error();
    if (!storage::DeleteEntry(c, draw_id, user.id)) return Error::NotFound("You have not entered this draw.");
    WriteAudit(c, user.id, "draw.leave", "draw", draw_id);
    return OkStatus();
  });
}

Result<json> Perform(App& app, const AuthUser& user, int64_t draw_id) {
  Status done = WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto loaded = LoadOpenDraw(c, user, draw_id, EventAccess::kManage);
    if (!loaded) return loaded.error();
    const auto& d = loaded->draw;
    // Frozen here, inside the writer: no entry, refund or check-in can slip in between.
    const std::vector<int64_t> entrants = CurrentEntrants(c, d);
    if (entrants.empty()) return Error::Conflict(codes::kNoEntrants, "Nobody is eligible for this draw yet.");
    const std::string seed = SeedBytes(d);
    const std::vector<DrawPrize> prizes = ParsePrizes(d.prizes_json);
    const std::vector<DrawWinner> picked = PickDrawWinners(seed, entrants, prizes);
    const std::string entrants_hash = EntrantsHash(entrants);
    const int64_t now = NowSeconds();
    const std::string now_text = FormatRfc3339(now);
    const std::string deadline = FormatRfc3339(now + d.claim_window_minutes * 60);

    if (!storage::MarkDrawn(c, d.id, entrants_hash, static_cast<int64_t>(entrants.size()), user.id,
                            now_text)) {
      return Error::Conflict(codes::kAlreadyDrawn, "This draw has been drawn already.");
    }
    storage::InsertEntrants(c, d.id, entrants);
    json audit_winners = json::array();
    for (const auto& w : picked) {
      storage::DrawWinnerRow row;
      row.draw_id = d.id;
      row.slot = static_cast<int64_t>(w.slot);
      row.prize = w.prize;
      row.position = static_cast<int64_t>(w.position);
      row.user_id = w.user_id;
      row.awarded_at = now_text;
      row.claim_deadline = deadline;
      storage::InsertWinner(c, row);
      audit_winners.push_back({{"slot", w.slot}, {"prize", w.prize}, {"user_id", w.user_id}});
    }
    for (const auto& w : storage::DrawWinners(c, d.id)) MailWinner(app, c, d, loaded->event, w);
    WriteAudit(c, user.id, "draw.perform", "draw", d.id,
               {{"event_id", d.event_id},
                {"entrant_count", entrants.size()},
                {"entrants_hash", entrants_hash},
                {"winners", audit_winners}});
    return OkStatus();
  });
  if (!done) return done.error();
  return Get(app, &user, draw_id);
}

Result<json> Proof(App& app, const AuthUser* user, int64_t draw_id) {
  storage::Conn& c = app.db().Reader();
  auto loaded = LoadDraw(c, user, draw_id, EventAccess::kView);
  if (!loaded) return loaded.error();
  if (!loaded->draw.drawn_at) return Error::Conflict(codes::kNotDrawn, "This draw has not been drawn yet.");
  return DrawProofView(c, loaded->draw);
}

}  // namespace lanyard::draws
