#include "core/nominations/nomination_views.h"

#include <algorithm>

#include "core/common/time_util.h"

namespace lanyard::nominations {

using nlohmann::json;

namespace {

json OptText(const std::optional<std::string>& v) { return v ? json(*v) : json(); }
json OptInt(const std::optional<int64_t>& v) { return v ? json(*v) : json(); }

// [open, close): both bounds set and now inside.
bool Inside(const std::optional<std::string>& open, const std::optional<std::string>& close,
            int64_t now) {
  if (!open || !close) return false;
  const auto o = ParseRfc3339(*open);
  const auto c = ParseRfc3339(*close);
  return o && c && *o <= now && now < *c;
}

}  // namespace

Windows WindowsAt(const std::optional<storage::NominationSettingsRow>& s, int64_t now) {
  Windows w;
  if (!s) return w;
  w.nominations_open = Inside(s->nominations_open, s->nominations_close, now);
  w.voting_open = Inside(s->voting_open, s->voting_close, now);
  if (s->voting_close) {
    const auto c = ParseRfc3339(*s->voting_close);
    w.voting_closed = c && *c <= now;
  }
  return w;
}

json SettingsJson(int64_t event_id, const std::optional<storage::NominationSettingsRow>& s,
                  int64_t now) {
  const Windows w = WindowsAt(s, now);
  return {{"event_id", event_id},
          {"nominations_open", s ? OptText(s->nominations_open) : json()},
          {"nominations_close", s ? OptText(s->nominations_close) : json()},
          {"voting_open", s ? OptText(s->voting_open) : json()},
          {"voting_close", s ? OptText(s->voting_close) : json()},
          {"voters", s ? s->voters : std::string("ticket_holders")},
          {"nominations_are_open", w.nominations_open},
          {"voting_is_open", w.voting_open},
          {"voting_closed", w.voting_closed}};
}

json NominationJson(const storage::NominationRow& n, bool show_votes, bool private_view,
                    std::optional<int64_t> my_vote) {
  json out = {{"id", n.id},
              {"event_id", n.event_id},
              {"nominee_user_id", OptInt(n.nominee_user_id)},
              {"nominee_name", n.nominee_name},
              {"talk_title", n.talk_title},
              {"abstract", n.abstract},
              {"self_nomination", n.self_nomination},
              {"nominator_name", n.nominator_name},
              {"nominee_response", n.nominee_response},
              {"status", n.status},
              {"session_id", OptInt(n.session_id)},
              {"decided_at", OptText(n.decided_at)},
              {"created_at", n.created_at},
              {"votes", show_votes ? json(n.votes) : json()},
              {"mine", my_vote && *my_vote == n.id}};
  if (private_view) {
    out["nominee_email"] = n.nominee_email;
    out["decision_message"] = OptText(n.decision_message);
  }
  return out;
}

json ResultsJson(int64_t event_id, std::vector<storage::NominationRow> rows, bool voting_closed,
                 int64_t total_votes) {
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.votes != b.votes ? a.votes > b.votes : a.id < b.id;
  });
  json items = json::array();
  for (size_t i = 0; i < rows.size(); ++i) {
    // Competition ranking: equal votes share the rank of the first of them.
    size_t first = i;
    while (first > 0 && rows[first - 1].votes == rows[i].votes) --first;
    const bool tied = (i > 0 && rows[i - 1].votes == rows[i].votes) ||
                      (i + 1 < rows.size() && rows[i + 1].votes == rows[i].votes);
    items.push_back({{"rank", static_cast<int64_t>(first + 1)},
                     {"tied", tied},
                     {"votes", rows[i].votes},
                     {"nomination_id", rows[i].id},
                     {"nominee_name", rows[i].nominee_name},
                     {"talk_title", rows[i].talk_title},
                     {"status", rows[i].status}});
  }
  return {{"event_id", event_id},
          {"voting_closed", voting_closed},
          {"total_votes", total_votes},
          {"items", std::move(items)}};
}

}  // namespace lanyard::nominations
