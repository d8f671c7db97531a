#pragma once
// Small ASCII text helpers shared by the statement readers. Pure, thread-safe.
#include <string>
#include <string_view>

namespace lanyard::payments {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Without leading and trailing spaces, tabs, CR and LF.
std::string TrimAscii(std::string_view s);
// ASCII letters upper-cased; other bytes (UTF-8 included) unchanged.
std::string UpperAscii(std::string_view s);
std::string LowerAscii(std::string_view s);

}  // namespace lanyard::payments
