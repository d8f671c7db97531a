#include "core/payments/statement_date.h"

#include <cstdio>
#include <vector>

#include "core/payments/statement_text.h"

namespace lanyard::payments {

namespace {

// 1..12 for an English or Indonesian month name or abbreviation; 0 when none.
int MonthFromName(const std::string& word) {
  static const char* kNames[][4] = {
      {"jan", nullptr}, {"feb", "peb", nullptr}, {"mar", nullptr}, {"apr", nullptr},
      {"may", "mei", nullptr}, {"jun", nullptr}, {"jul", nullptr}, {"aug", "agu", "agt", nullptr},
      {"sep", nullptr}, {"oct", "okt", nullptr}, {"nov", "nop", nullptr}, {"dec", "des", nullptr}};
  if (word.size() < 3) return 0;
  const std::string head = LowerAscii(word.substr(0, 3));
  for (int m = 0; m < 12; ++m) {
    for (int k = 0; k < 4 && kNames[m][k]; ++k) {
      if (head == kNames[m][k]) return m + 1;
    }
  }
  return 0;
}

bool ValidDate(int y, int m, int d) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1970 || y > 2200 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m != 2 || d <= 28 || leap;
}

int ToInt(const std::string& digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

std::optional<std::string> ParseStatementDate(std::string_view text, int default_year) {
  std::string s = TrimAscii(text);
  while (!s.empty() && s.front() == '\'') s.erase(0, 1);
  // Drop a time of day: from the 'T' or the last space before the first ':'.
  if (const size_t colon = s.find(':'); colon != std::string::npos) {
    size_t cut = s.find_last_of(" T", colon);
    if (cut == std::string::npos) return std::nullopt;
    s = s.substr(0, cut);
  }
  std::vector<std::string> parts;
  std::string cur;
  bool cur_digits = false;
  for (char c : s + " ") {
    const bool digit = IsDigit(c), alpha = IsAsciiAlpha(c);
    if ((digit || alpha) && (cur.empty() || cur_digits == digit)) {
      cur += c;
      cur_digits = digit;
      continue;
    }
    if (!cur.empty()) parts.push_back(cur);
    cur.clear();
    if (digit || alpha) {
      cur += c;
      cur_digits = digit;
    } else if (c != ' ' && c != '/' && c != '-' && c != '.' && c != ',') {
      return std::nullopt;
    }
  }
  if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i != 1 && !IsDigit(parts[i][0])) return std::nullopt;
  }
  int y = 0, m = 0, d = 0;
  if (parts.size() == 3 && parts[0].size() == 4) {  // ISO order
    y = ToInt(parts[0]);
    if (!IsDigit(parts[1][0]) || parts[1].size() > 2 || parts[2].size() > 2) return std::nullopt;
    m = ToInt(parts[1]);
    d = ToInt(parts[2]);
  } else {
    if (parts[0].size() > 2) return std::nullopt;
    d = ToInt(parts[0]);
    if (IsDigit(parts[1][0])) {
      if (parts[1].size() > 2) return std::nullopt;
      m = ToInt(parts[1]);
    } else {
      m = MonthFromName(parts[1]);
    }
    if (parts.size() == 2) {
      y = default_year;
    } else if (parts[2].size() == 4) {
      y = ToInt(parts[2]);
    } else if (parts[2].size() == 2) {
      y = 2000 + ToInt(parts[2]);
    } else {
      return std::nullopt;
    }
  }
  if (!ValidDate(y, m, d)) return std::nullopt;
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
  return std::string(out);
}

}  // namespace lanyard::payments
