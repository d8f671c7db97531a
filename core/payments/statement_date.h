#pragma once
// Dates as bank exports write them. Day first, as Indonesian and European banks do (US month-first
// dates are not recognised): `05/11/2026`, `05-11-26`, `05.11.2026`, ISO `2026-11-05`,
// `2026/11/05`, `05 Nov 2026`, `05-Agu-2026` (English and Indonesian month names), a trailing time
// (`2026-11-05 10:22:11`, `2026-11-05T10:22:11`), and `05/11` without a year (BCA), which takes
// `default_year`. Pure, thread-safe.
#include <optional>
#include <string>
#include <string_view>

namespace lanyard::payments {

// "YYYY-MM-DD", or nullopt when `text` is not a valid calendar date in one of those forms.
std::optional<std::string> ParseStatementDate(std::string_view text, int default_year);

}  // namespace lanyard::payments
