#pragma once
// Shared input rules: trimming, e-mail shape, lengths counted in characters (UTF-8 code points).
#include <string>
#include <string_view>

namespace lanyard {

std::string Trim(std::string_view s);
std::string ToLower(std::string_view s);
size_t Utf8Length(std::string_view s);
bool IsValidUtf8(std::string_view s);
// A pragmatic address check: one @, non-empty local part, a dot in the domain, no spaces.
bool LooksLikeEmail(std::string_view email);
// Trimmed, lower-cased: how accounts are matched.
inline std::string NormalizeEmail(std::string_view email) { return ToLower(Trim(email)); }

}  // namespace lanyard

namespace lanyard {
// True when `s` holds a control character (C0 or DEL); newline and tab are allowed when
// `multiline` (abstracts, bodies), never in single-line fields (titles, names).
bool HasControlChars(std::string_view s, bool multiline);
}  // namespace lanyard
