#include "storage/search_match.h"

namespace lanyard::storage {

namespace {

size_t CodePoints(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

std::optional<std::string> TrigramMatch(const std::string& text,
                                        const std::vector<std::string>& columns) {
  if (CodePoints(text) < 3) return std::nullopt;
  // FTS5's query parser ends a string at a NUL byte ("unterminated string", an exception):
  // such a search takes the LIKE path, which compares the bound bytes.
  if (text.find('\0') != std::string::npos) return std::nullopt;
  std::string out;
  if (!columns.empty()) {
    out += '{';
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i) out += ' ';
      out += columns[i];
    }
    out += "} : ";
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::optional<std::string> TextIndexMatch(Dialect dialect, const std::string& text,
                                          const std::vector<std::string>& columns) {
  if (dialect != Dialect::kSqlite) return std::nullopt;
  return TrigramMatch(text, columns);
}

std::string LikePattern(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

}  // namespace lanyard::storage
