#include "core/mail/mail_time.h"

#include <string>

#include "core/common/time_util.h"

namespace lanyard {

namespace {

using nlohmann::json;

constexpr const char* kTimeKey = "$time";

struct StyleName {
  TimeStyle style;
  std::string_view name;
};
constexpr StyleName kStyleNames[] = {{TimeStyle::kDateTime, "datetime"},
                                     {TimeStyle::kDate, "date"},
                                     {TimeStyle::kTime, "time"},
                                     {TimeStyle::kShortDate, "short_date"}};

std::string_view StyleToString(TimeStyle style) {
  for (const StyleName& s : kStyleNames) {
    if (s.style == style) return s.name;
  }
  return "datetime";
}

TimeStyle StyleFromString(std::string_view name) {
  for (const StyleName& s : kStyleNames) {
    if (s.name == name) return s.style;
  }
  return TimeStyle::kDateTime;
}

// Exactly "YYYY-MM-DDTHH:MM:SSZ": what FormatRfc3339 writes. Free text that merely contains a
// date is never touched.
bool IsUtcTimestamp(const std::string& s) {
  if (s.size() != 20 || s[10] != 'T' || s[19] != 'Z') return false;
  return ParseRfc3339(s).has_value();
}

std::string Text(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void FormatIn(json& value, std::string_view tz, std::string_view locale, int depth) {
  if (depth > 8) return;  // mail data is shallow; a bound keeps a hostile value harmless
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (IsUtcTimestamp(s)) value = FormatLocalTime(std::string_view(s), tz, locale);
    return;
  }
  if (value.is_object()) {
    if (value.contains(kTimeKey)) {
      value = FormatLocalTime(std::string_view(Text(value, kTimeKey)), tz, locale,
                              StyleFromString(Text(value, "style")), Text(value, "tz"));
      return;
    }
    for (auto& [key, inner] : value.items()) FormatIn(inner, tz, locale, depth + 1);
    return;
  }
  if (value.is_array()) {
    for (json& inner : value) FormatIn(inner, tz, locale, depth + 1);
  }
}

}  // namespace

json MailTime(int64_t utc_seconds, TimeStyle style, std::string_view also_tz) {
  json out = {{kTimeKey, FormatRfc3339(utc_seconds)}, {"style", StyleToString(style)}};
  if (!also_tz.empty()) out["tz"] = std::string(also_tz);
  return out;
}

json MailTime(std::string_view rfc3339, TimeStyle style, std::string_view also_tz) {
  const auto t = ParseRfc3339(rfc3339);
  if (!t) return std::string(rfc3339);
  return MailTime(*t, style, also_tz);
}

void FormatMailTimes(json& values, std::string_view tz, std::string_view locale) {
  FormatIn(values, tz, locale, 0);
}

}  // namespace lanyard
