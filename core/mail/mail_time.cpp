#include "core/mail/mail_time.h"

#include <string>

#include "core/common/time_util.h"

namespace lanyard {

namespace {

using nlohmann::json;

constexpr const char* kTimeKey = "$time";
constexpr const char* kZoneKey = "$zone";

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

// `zone`: the zone a time without its own leads with (the mail's event zone, else the
// deployment's); `deployment`: added in brackets when its offset differs.
void FormatIn(json& value, std::string_view zone, std::string_view deployment,
              std::string_view locale, int depth) {
  if (depth > 8) return;  // mail data is shallow; a bound keeps a hostile value harmless
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (IsUtcTimestamp(s)) {
      value = FormatLocalTime(std::string_view(s), zone, locale, TimeStyle::kDateTime, deployment);
    }
    return;
  }
  if (value.is_object()) {
    if (value.contains(kTimeKey)) {
      const std::string own = Text(value, "tz");
      value = FormatLocalTime(std::string_view(Text(value, kTimeKey)),
                              IsTimeZone(own) ? std::string_view(own) : zone, locale,
                              StyleFromString(Text(value, "style")), deployment);
      return;
    }
    for (auto& [key, inner] : value.items()) FormatIn(inner, zone, deployment, locale, depth + 1);
    return;
  }
  if (value.is_array()) {
    for (json& inner : value) FormatIn(inner, zone, deployment, locale, depth + 1);
  }
}

}  // namespace

json MailTime(int64_t utc_seconds, TimeStyle style, std::string_view zone) {
  json out = {{kTimeKey, FormatRfc3339(utc_seconds)}, {"style", StyleToString(style)}};
  if (!zone.empty()) out["tz"] = std::string(zone);
  return out;
}

json MailTime(std::string_view rfc3339, TimeStyle style, std::string_view zone) {
  const auto t = ParseRfc3339(rfc3339);
  if (!t) return std::string(rfc3339);
  return MailTime(*t, style, zone);
}

void SetMailZone(json& data, std::string_view zone) {
  if (zone.empty()) {
    data.erase(kZoneKey);
  } else {
    data[kZoneKey] = std::string(zone);
  }
}

void FormatMailTimes(json& values, std::string_view tz, std::string_view locale) {
  std::string zone(tz);
  if (values.is_object()) {
    const std::string own = Text(values, kZoneKey);
    if (IsTimeZone(own)) zone = own;
    values.erase(kZoneKey);
  }
  FormatIn(values, zone, tz, locale, 0);
}

}  // namespace lanyard
