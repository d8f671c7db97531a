#pragma once
// JSON of nominations, settings and results (core/nominations only). Pure functions of rows.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "storage/nominations_repo.h"

namespace lanyard::nominations {

// Window state at `now` (Unix seconds).
struct Windows {
  bool nominations_open = false;
  bool voting_open = false;
  bool voting_closed = false;  // voting_close set and passed
};
Windows WindowsAt(const std::optional<storage::NominationSettingsRow>& s, int64_t now);

nlohmann::json SettingsJson(int64_t event_id, const std::optional<storage::NominationSettingsRow>& s,
                            int64_t now);

// A nomination: id, event_id, nominee_user_id, nominee_name, talk_title, abstract,
// self_nomination, nominator_name, nominee_response, status, session_id, decided_at,
// created_at, votes (only when `show_votes`), mine (the caller's vote). `private_view` adds
// nominee_email and decision_message (the owner, the nominee, the nominator).
nlohmann::json NominationJson(const storage::NominationRow& n, bool show_votes, bool private_view,
                              std::optional<int64_t> my_vote);

// Sorted tallies with shared ranks for ties.
nlohmann::json ResultsJson(int64_t event_id, std::vector<storage::NominationRow> rows,
                           bool voting_closed, int64_t total_votes);

}  // namespace lanyard::nominations
