#include "storage/postgres/pg_sql.h"

#include <cctype>

namespace lanyard::storage::postgres {

namespace {

// Copies a quoted run starting at `i` (the opening quote) and returns the index after it.
// A doubled quote inside is part of the run.
size_t CopyQuoted(const std::string& sql, size_t i, char quote, std::string& out) {
  out += sql[i++];
  while (i < sql.size()) {
    out += sql[i];
    if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        out += sql[++i];
      } else {
        return i + 1;
      }
    }
    ++i;
  }
  return i;
}

}  // namespace

TranslatedSql TranslatePlaceholders(const std::string& sql) {
  TranslatedSql t;
  t.text.reserve(sql.size() + 16);
  auto mark = [&](int n) {
    if (n > t.parameter_count) t.parameter_count = n;
    if (static_cast<int>(t.named.size()) < n) t.named.resize(static_cast<size_t>(n), false);
    t.named[static_cast<size_t>(n - 1)] = true;
  };
  size_t i = 0;
  while (i < sql.size()) {
    const char ch = sql[i];
    if (ch == '\'' || ch == '"') {
      i = CopyQuoted(sql, i, ch, t.text);
    } else if (ch == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const size_t end = sql.find('\n', i);
      const size_t stop = end == std::string::npos ? sql.size() : end;
      t.text.append(sql, i, stop - i);
      i = stop;
    } else if (ch == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const size_t end = sql.find("*/", i + 2);
      const size_t stop = end == std::string::npos ? sql.size() : end + 2;
      t.text.append(sql, i, stop - i);
      i = stop;
    } else if (ch == '?') {
      size_t j = i + 1;
      int n = 0;
      while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) {
        n = n * 10 + (sql[j] - '0');
        ++j;
      }
      if (j == i + 1) n = t.parameter_count + 1;
      mark(n);
      t.text += '$';
      t.text += std::to_string(n);
      i = j;
    } else {
      t.text += ch;
      ++i;
    }
  }
  return t;
}

}  // namespace lanyard::storage::postgres
