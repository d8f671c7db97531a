#pragma once
// The time-zone picker's list (issue 15): the canonical zones of the system's tzdata, without
// the backward-compatible aliases (tzdata's `backward` links such as Asia/Calcutta or
// US/Eastern; every link names a zone that is listed under its own name), Indonesia's three
// zones first (with their abbreviations WIB, WITA, WIT read from the data), the rest grouped by
// region. The settings keep accepting any name IsTimeZone() knows, aliases included.
//
// Thread safety: every function may be called from any thread (the list is read once).
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace lanyard {

// The zone names (the "Z <name> ..." lines) of a compiled tzdata.zi text, sorted and unique;
// links ("L ...") and comments are skipped, and so is "Factory".
std::vector<std::string> ParseTzdataZones(std::string_view tzdata_zi);

// The canonical zones of $TZDIR/tzdata.zi (default /usr/share/zoneinfo), sorted: "Africa/Abidjan"
// ... "Pacific/Wallis". When that file cannot be read, every zone the date library knows (links
// included), so the picker is never empty.
const std::vector<std::string>& TimeZoneNames();

// GET /time-zones without `default`: {items:[every name of TimeZoneNames()], featured:[{name,
// abbrev}] (Asia/Jakarta WIB, Asia/Makassar WITA, Asia/Jayapura WIT), groups:[{region, zones:
// [names]}]} — regions by the name's first part in alphabetical order, names without a region
// under "Other" last; the featured zones are not repeated in their region.
nlohmann::json TimeZonePickerJson();

}  // namespace lanyard
