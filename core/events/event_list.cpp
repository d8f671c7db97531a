// Listing events (SPEC §4): the public list with its filters, and an organizer's own.
#include "core/common/local_time.h"
#include "core/common/time_util.h"
#include "core/common/validation.h"
#include "core/events/events.h"

namespace lanyard::events {

using nlohmann::json;

namespace {

std::optional<int64_t> ParseInt(const std::string& s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool IsTrue(const std::string& s) { return s == "true" || s == "1"; }
bool IsBoolText(const std::string& s) { return s.empty() || s == "true" || s == "false" || s == "1" || s == "0"; }

}  // namespace

std::optional<std::pair<std::string, std::string>> DatePeriod(const std::string& text,
                                                              const std::string& tz) {
  int y = 0, m = 0, d = 0;
  auto digits = [&](size_t pos, size_t n, int* out) {
    if (pos + n > text.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      v = v * 10 + (text[i] - '0');
    }
    *out = v;
    return true;
  };
  std::optional<int64_t> start, end;
  if (text.size() == 4 && digits(0, 4, &y)) {
    start = CivilToUnix(y, 1, 1);
    end = CivilToUnix(y + 1, 1, 1);
  } else if (text.size() == 7 && text[4] == '-' && digits(0, 4, &y) && digits(5, 2, &m)) {
    start = CivilToUnix(y, m, 1);
    end = m == 12 ? CivilToUnix(y + 1, 1, 1) : CivilToUnix(y, m + 1, 1);
  } else if (text.size() == 10 && text[4] == '-' && text[7] == '-' && digits(0, 4, &y) &&
             digits(5, 2, &m) && digits(8, 2, &d)) {
    start = CivilToUnix(y, m, d);
    if (start) end = *start + 86400;
  }
  if (!start || !end) return std::nullopt;
  // The civil days found above, as they begin where the deployment is.
  const auto where = [&](int64_t utc_midnight) {
    const std::string day = FormatRfc3339(utc_midnight);
    return LocalDayStart(std::stoi(day.substr(0, 4)), std::stoi(day.substr(5, 2)),
                         std::stoi(day.substr(8, 2)), tz);
  };
  start = where(*start);
  end = where(*end);
  if (!start || !end) return std::nullopt;
  return std::make_pair(FormatRfc3339(*start), FormatRfc3339(*end));
}

Result<json> List(App& app, const AuthUser* user, const ListQuery& in, ListPage page) {
  std::map<std::string, std::string> fields;
  storage::EventFilter f;
  f.q = Trim(in.q);
  f.title = Trim(in.title);
  f.location = Trim(in.location);
  f.city = Trim(in.city);
  f.category = Trim(in.category);
  f.now = NowRfc3339();
  f.limit = page.limit;
  f.offset = page.offset;
  if (!in.organizer.empty()) {
    f.organizer_id = ParseInt(in.organizer);
    if (!f.organizer_id) fields["organizer"] = "must be a user id";
  }
  if (!in.date.empty()) {
    auto period = DatePeriod(in.date, app.settings().Snapshot()->value("timezone", "UTC"));
    if (!period) {
      fields["date"] = "must be YYYY, YYYY-MM or YYYY-MM-DD";
    } else {
      f.overlap_from = period->first;   // ends at or after the period's start
      f.overlap_to = period->second;    // starts before the period's end
    }
  }
  if (!in.from.empty()) {
    auto d = ParseDate(in.from);
    if (!d) fields["from"] = "must be a date YYYY-MM-DD";
    else if (!f.overlap_from || FormatRfc3339(*d) > *f.overlap_from) f.overlap_from = FormatRfc3339(*d);
  }
  if (!in.to.empty()) {
    auto d = ParseDate(in.to);
    if (!d) fields["to"] = "must be a date YYYY-MM-DD";
    else if (!f.overlap_to || FormatRfc3339(*d + 86400) < *f.overlap_to) f.overlap_to = FormatRfc3339(*d + 86400);
  }
  if (!in.min_price.empty()) {
    f.min_price = ParseInt(in.min_price);
    if (!f.min_price) fields["min_price"] = "must be a non-negative integer";
  }
  if (!in.max_price.empty()) {
    f.max_price = ParseInt(in.max_price);
    if (!f.max_price) fields["max_price"] = "must be a non-negative integer";
  }
  if (!IsBoolText(in.include_past)) fields["include_past"] = "must be true or false";
  if (!IsBoolText(in.mine)) fields["mine"] = "must be true or false";
  f.include_past = IsTrue(in.include_past) || !in.date.empty() || !in.from.empty();
  if (!in.sort.empty() && in.sort != "starts_at" && in.sort != "-starts_at" && in.sort != "title" &&
      in.sort != "-created_at") {
    fields["sort"] = "must be starts_at, -starts_at, title or -created_at";
  }
  f.sort = in.sort.empty() ? "starts_at" : in.sort;
  if (!fields.empty()) return Error::Invalid(fields);
  if (IsTrue(in.mine)) {
    if (!user) return Error::Unauthorized("Sign in to list your own events.");
    if (!user->AtLeast(Role::kOrganizer)) return Error::Forbidden("Only organizers have events.");
    f.mine_of = user->id;
  }
  int64_t total = 0;
  json items = json::array();
  for (const auto& e : storage::ListEvents(app.db().Reader(), f, &total)) items.push_back(EventJson(e));
  return json{{"items", items}, {"total", total}, {"limit", page.limit}, {"offset", page.offset}};
}

}  // namespace lanyard::events
