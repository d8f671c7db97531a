#include "core/draws/draws.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/common/crypto.h"
#include "core/events/event_access.h"
#include "core/mail/mail_outbox.h"
#include "core/common/time_util.h"
#include "core/common/validation.h"
#include "core/common/write_unit.h"
#include "storage/draws_repo.h"

namespace lanyard::draws {

using nlohmann::json;

namespace {

constexpr size_t kSeedBytes = 32;

struct Loaded {
  storage::DrawRow draw;
  storage::EventRow event;
};

// The draw and its event, with the event's access rule applied (404 for a draw on an event the
// caller may not see).
Result<Loaded> LoadDraw(storage::Conn& c, const AuthUser* user, int64_t draw_id, EventAccess need) {
  auto d = storage::FindDraw(c, draw_id);
  if (!d) return Error::NotFound("No such draw.");
  auto e = LoadEvent(c, user, d->event_id, need);
  if (!e) {
    if (e.error().code == "not_found") return Error::NotFound("No such draw.");
    return e.error();
  }
  return Loaded{std::move(*d), std::move(e.value())};
}

std::vector<DrawPrize> ParsePrizes(const std::string& text) {
  std::vector<DrawPrize> out;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& p : j) {
    out.push_back(DrawPrize{p.value("name", std::string()), p.value("quantity", int64_t{1})});
  }
  return out;
}

json PrizesJson(const std::vector<DrawPrize>& prizes) {
  json out = json::array();
  for (const auto& p : prizes) out.push_back({{"name", p.name}, {"quantity", p.quantity}});
  return out;
}

std::string SeedBytes(const storage::DrawRow& d) {
  std::string raw;
  if (!crypto::HexDecode(d.seed_hex, &raw) || raw.size() != kSeedBytes) {
    throw std::runtime_error("draw " + std::to_string(d.id) + " has a malformed seed");
  }
  return raw;
}

bool DeadlinePassed(const std::string& deadline, int64_t now) {
  auto t = ParseRfc3339(deadline);
  return !t || *t <= now;
}

json OptText(const std::optional<std::string>& v) { return v ? json(*v) : json(); }

bool IsEligibility(const std::string& e) {
  return e == "checked_in" || e == "ticket_holders" || e == "opt_in";
}

bool EntryNeedsCheckIn(const storage::DrawRow& d) {
  return d.eligibility == "checked_in" || (d.eligibility == "opt_in" && d.entry_requires_check_in);
}

// The people who take part if the draw were performed now, ascending.
std::vector<int64_t> CurrentEntrants(storage::Conn& c, const storage::DrawRow& d) {
  if (d.eligibility == "opt_in") {
    return storage::QualifiedEntryIds(c, d.id, d.event_id, d.entry_requires_check_in);
  }
  return storage::TicketHolderIds(c, d.event_id, d.eligibility == "checked_in");
}

int64_t CurrentEntrantCount(storage::Conn& c, const storage::DrawRow& d) {
  if (d.eligibility == "opt_in") return storage::CountEntries(c, d.id);
  return storage::CountTicketHolders(c, d.event_id, d.eligibility == "checked_in");
}

json DrawJson(storage::Conn& c, const AuthUser* user, const storage::DrawRow& d,
              const storage::EventRow& e) {
  const bool drawn = d.drawn_at.has_value();
  const bool staff = CanStaffEvent(user, e);
  const int64_t now = NowSeconds();
  json out = {{"id", d.id},
              {"event_id", d.event_id},
              {"title", d.title},
              {"prizes", PrizesJson(ParsePrizes(d.prizes_json))},
              {"eligibility", d.eligibility},
              {"entry_requires_check_in", d.eligibility == "opt_in" && d.entry_requires_check_in},
              {"claim_window_minutes", d.claim_window_minutes},
              {"status", d.status},
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

// After a claim: a draw whose every awarded prize is claimed is closed.
void CloseIfDone(storage::Conn& c, int64_t draw_id, const std::string& now) {
  if (storage::CountUnclaimedHolders(c, draw_id) == 0) storage::MarkClosed(c, draw_id, now);
}

void MailWinner(App& app, storage::Conn& c, const storage::DrawRow& d, const storage::EventRow& e,
                const storage::DrawWinnerRow& w) {
  const std::string url = app.BaseUrl() + "/draws/" + std::to_string(d.id);
  // The template takes prize_name / claim_until / draw_url; the other names are kept for
  // templates edited by the committee.
  QueueMail(c, "draw_won", w.user_email, w.user_name, w.user_locale,
            {{"event_title", e.title},
             {"draw_title", d.title},
             {"prize", w.prize},
             {"prize_name", w.prize},
             {"claim_url", url},
             {"draw_url", url},
             {"claim_deadline", w.claim_deadline},
             {"claim_until", w.claim_deadline}});
}

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
  std::optional<Error> failure;
  app.db().Write([&](storage::Conn& c) {
    auto loaded = LoadDraw(c, &user, draw_id, EventAccess::kView);
    if (!loaded) {
      failure = loaded.error();
      return false;
    }
    const auto& d = loaded->draw;
    if (d.status != "open") {
      failure = Error::Conflict("already_drawn", "This draw has been drawn already.");
      return false;
    }
    if (d.eligibility != "opt_in") {
      failure = Error::Conflict("invalid_state",
                                "This draw takes no entries: everyone eligible takes part.");
      return false;
    }
    if (storage::HasEntry(c, d.id, user.id)) {
      failure = Error::Conflict("already_entered", "You have entered this draw already.");
      return false;
    }
    if (!storage::HoldsTicket(c, d.event_id, user.id, false)) {
      failure = Error::Make("not_eligible", "Only holders of a valid ticket for this event may enter.");
      return false;
    }
    if (d.entry_requires_check_in && !storage::HoldsTicket(c, d.event_id, user.id, true)) {
      failure = Error::Make("not_eligible", "Check in at the event first, then enter this draw.");
      return false;
    }
    storage::InsertEntry(c, d.id, user.id, NowRfc3339());
    WriteAudit(c, user.id, "draw.enter", "draw", d.id);
    return true;
  });
  if (failure) return *failure;
  return Get(app, &user, draw_id);
}

Status Leave(App& app, const AuthUser& user, int64_t draw_id) {
  std::optional<Error> failure;
  app.db().Write([&](storage::Conn& c) {
    auto loaded = LoadDraw(c, &user, draw_id, EventAccess::kView);
    if (!loaded) {
      failure = loaded.error();
      return false;
    }
    if (loaded->draw.status != "open") {
      failure = Error::Conflict("already_drawn", "This draw has been drawn already.");
      return false;
    }
    if (!storage::DeleteEntry(c, draw_id, user.id)) {
      failure = Error::NotFound("You have not entered this draw.");
      return false;
    }
    WriteAudit(c, user.id, "draw.leave", "draw", draw_id);
    return true;
  });
  if (failure) return *failure;
  return OkStatus();
}

Result<json> Perform(App& app, const AuthUser& user, int64_t draw_id) {
  std::optional<Error> failure;
  app.db().Write([&](storage::Conn& c) {
    auto loaded = LoadDraw(c, &user, draw_id, EventAccess::kManage);
    if (!loaded) {
      failure = loaded.error();
      return false;
    }
    const auto& d = loaded->draw;
    if (d.status != "open") {
      failure = Error::Conflict("already_drawn", "This draw has been drawn already.");
      return false;
    }
    // Frozen here, inside the writer: no entry, refund or check-in can slip in between.
    const std::vector<int64_t> entrants = CurrentEntrants(c, d);
    if (entrants.empty()) {
      failure = Error::Conflict("no_entrants", "Nobody is eligible for this draw yet.");
      return false;
    }
    const std::string seed = SeedBytes(d);
    const std::vector<DrawPrize> prizes = ParsePrizes(d.prizes_json);
    const std::vector<DrawWinner> picked = PickDrawWinners(seed, entrants, prizes);
    const std::string entrants_hash = EntrantsHash(entrants);
    const int64_t now = NowSeconds();
    const std::string now_text = FormatRfc3339(now);
    const std::string deadline = FormatRfc3339(now + d.claim_window_minutes * 60);

    if (!storage::MarkDrawn(c, d.id, entrants_hash, static_cast<int64_t>(entrants.size()), user.id,
                            now_text)) {
      failure = Error::Conflict("already_drawn", "This draw has been drawn already.");
      return false;
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
    return true;
  });
  if (failure) return *failure;
  return Get(app, &user, draw_id);
}

Result<json> Proof(App& app, const AuthUser* user, int64_t draw_id) {
  storage::Conn& c = app.db().Reader();
  auto loaded = LoadDraw(c, user, draw_id, EventAccess::kView);
  if (!loaded) return loaded.error();
  const auto& d = loaded->draw;
  if (!d.drawn_at) return Error::Conflict("not_drawn", "This draw has not been drawn yet.");
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

Result<json> Claim(App& app, const AuthUser& user, int64_t draw_id) {
  std::optional<Error> failure;
  app.db().Write([&](storage::Conn& c) {
    auto loaded = LoadDraw(c, &user, draw_id, EventAccess::kView);
    if (!loaded) {
      failure = loaded.error();
      return false;
    }
    const auto& d = loaded->draw;
    if (!d.drawn_at) {
      failure = Error::Conflict("not_drawn", "This draw has not been drawn yet.");
      return false;
    }
    auto w = storage::WinnerByUser(c, d.id, user.id);
    if (!w) {
      failure = Error::Make("not_a_winner", "You did not win a prize in this draw.");
      return false;
    }
    if (w->superseded_at) {
      failure = Error::Conflict("claim_window_closed",
                                "The claim window closed and your prize went to the next person drawn.");
      return false;
    }
    if (w->claimed_at) {
      failure = Error::Conflict("already_claimed", "You have claimed this prize already.");
      return false;
    }
    const int64_t now = NowSeconds();
    if (DeadlinePassed(w->claim_deadline, now)) {
      failure = Error::Conflict("claim_window_closed", "The claim window for this prize has closed.");
      return false;
    }
    const std::string now_text = FormatRfc3339(now);
    storage::MarkWinnerClaimed(c, w->id, user.id, now_text);
    WriteAudit(c, user.id, "draw.claim", "draw", d.id, {{"slot", w->slot}, {"prize", w->prize}});
    CloseIfDone(c, d.id, now_text);
    return true;
  });
  if (failure) return *failure;
  return Get(app, &user, draw_id);
}

Result<json> MarkClaimed(App& app, const AuthUser& user, int64_t draw_id, int64_t slot) {
  std::optional<Error> failure;
  app.db().Write([&](storage::Conn& c) {
    auto loaded = LoadDraw(c, &user, draw_id, EventAccess::kStaff);
    if (!loaded) {
      failure = loaded.error();
      return false;
    }
    const auto& d = loaded->draw;
    if (!d.drawn_at) {
      failure = Error::Conflict("not_drawn", "This draw has not been drawn yet.");
      return false;
    }
    auto w = storage::CurrentHolder(c, d.id, slot);
    if (!w) {
      failure = Error::NotFound("No prize of this draw has that slot.");
      return false;
    }
    if (w->claimed_at) {
      failure = Error::Conflict("already_claimed", "This prize has been claimed already.");
      return false;
    }
    const std::string now_text = NowRfc3339();
    storage::MarkWinnerClaimed(c, w->id, user.id, now_text);
    WriteAudit(c, user.id, "draw.claim_at_desk", "draw", d.id,
               {{"slot", w->slot}, {"prize", w->prize}, {"user_id", w->user_id}});
    CloseIfDone(c, d.id, now_text);
    return true;
  });
  if (failure) return *failure;
  return Get(app, &user, draw_id);
}

Result<json> Redraw(App& app, const AuthUser& user, int64_t draw_id, const std::vector<int64_t>& slots) {
  std::optional<Error> failure;
  app.db().Write([&](storage::Conn& c) {
    auto loaded = LoadDraw(c, &user, draw_id, EventAccess::kManage);
    if (!loaded) {
      failure = loaded.error();
      return false;
    }
    const auto& d = loaded->draw;
    if (!d.drawn_at) {
      failure = Error::Conflict("not_drawn", "This draw has not been drawn yet.");
      return false;
    }
    const int64_t now = NowSeconds();
    const auto rows = storage::DrawWinners(c, d.id);
    std::map<int64_t, const storage::DrawWinnerRow*> holders;  // slot → current holder
    std::vector<DrawRedraw> earlier;
    for (const auto& w : rows) {
      if (!w.superseded_at) holders[w.slot] = &w;
      if (w.redraw_no) {
        earlier.push_back(DrawRedraw{static_cast<size_t>(w.slot), w.prize, w.replaced_user_id.value_or(0),
                                     static_cast<size_t>(w.position), w.user_id});
      }
    }

    std::vector<size_t> due;
    if (!slots.empty()) {
      for (int64_t s : std::set<int64_t>(slots.begin(), slots.end())) {
        auto it = holders.find(s);
        if (it == holders.end()) {
          failure = Error::Invalid("slots", "slot " + std::to_string(s) + " has no winner");
          return false;
        }
        if (it->second->claimed_at) {
          failure = Error::Conflict("already_claimed",
                                    "The prize of slot " + std::to_string(s) + " has been claimed.");
          return false;
        }
        if (!DeadlinePassed(it->second->claim_deadline, now)) {
          failure = Error::Conflict("claim_window_open", "The claim window of slot " + std::to_string(s) +
                                                             " is still open.");
          return false;
        }
        due.push_back(static_cast<size_t>(s));
      }
    } else {
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
        failure = waiting ? Error::Conflict("claim_window_open", "The claim window is still open.")
                          : Error::Conflict("already_claimed", "Every prize has been claimed.");
        return false;
      }
    }

    const std::string seed = SeedBytes(d);
    const std::vector<int64_t> entrants = storage::Entrants(c, d.id);
    const std::vector<DrawRedraw> picked =
        PickDrawRedraws(seed, entrants, ParsePrizes(d.prizes_json), earlier, due);
    if (picked.empty()) {
      failure = Error::Conflict("no_entrants", "No one is left in the draw sequence.");
      return false;
    }
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
    return true;
  });
  if (failure) return *failure;
  return Get(app, &user, draw_id);
}

}  // namespace lanyard::draws
