#include "core/common/time_zone_list.h"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <map>
#include <sstream>

namespace lanyard {

namespace {

// Indonesia's zones, west to east: the committees this serves mostly pick one of them.
constexpr const char* kFeatured[] = {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"};

std::string TzdataPath() {
  const char* dir = std::getenv("TZDIR");
  return std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/tzdata.zi";
}

// Every name the date library knows (zones and links), as before tzdata.zi was read.
std::vector<std::string> LibraryNames() {
  std::vector<std::string> names;
  try {
    for (const date::time_zone& z : date::get_tzdb().zones) names.emplace_back(z.name());
  } catch (const std::exception&) {
    return {"UTC"};
  }
  std::erase_if(names, [](const std::string& n) {
    return n.empty() || n.rfind("posix/", 0) == 0 || n.rfind("right/", 0) == 0;
  });
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::vector<std::string> LoadNames() {
  std::ifstream in(TzdataPath());
  if (in) {
    std::ostringstream text;
    text << in.rdbuf();
    std::vector<std::string> names = ParseTzdataZones(text.str());
    if (!names.empty()) return names;
  }
  return LibraryNames();
}

// The zone's abbreviation now ("WIB"), "" when the library cannot tell.
std::string AbbrevNow(const std::string& name) {
  try {
    return date::locate_zone(name)->get_info(std::chrono::system_clock::now()).abbrev;
  } catch (const std::exception&) {
    return "";
  }
}

}  // namespace

std::vector<std::string> ParseTzdataZones(std::string_view text) {
  std::vector<std::string> names;
  while (!text.empty()) {
    const size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (line.size() < 3 || line.substr(0, 2) != "Z ") continue;
    line.remove_prefix(2);
    const std::string_view name = line.substr(0, line.find_first_of(" \t"));
    if (!name.empty() && name != "Factory") names.emplace_back(name);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

const std::vector<std::string>& TimeZoneNames() {
  static const std::vector<std::string> names = LoadNames();
  return names;
}

nlohmann::json TimeZonePickerJson() {
  const std::vector<std::string>& names = TimeZoneNames();
  nlohmann::json featured = nlohmann::json::array();
  for (const char* name : kFeatured) {
    if (std::binary_search(names.begin(), names.end(), name)) {
      featured.push_back({{"name", name}, {"abbrev", AbbrevNow(name)}});
    }
  }
  std::map<std::string, std::vector<std::string>> regions;
  std::vector<std::string> other;
  for (const std::string& n : names) {
    if (std::find(std::begin(kFeatured), std::end(kFeatured), n) != std::end(kFeatured)) continue;
    const size_t slash = n.find('/');
    if (slash == std::string::npos) other.push_back(n);
    else regions[n.substr(0, slash)].push_back(n);
  }
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& [region, zones] : regions) groups.push_back({{"region", region}, {"zones", zones}});
  if (!other.empty()) groups.push_back({{"region", "Other"}, {"zones", other}});
  return {{"items", names}, {"featured", featured}, {"groups", groups}};
}

}  // namespace lanyard
