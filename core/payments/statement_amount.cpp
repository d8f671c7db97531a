#include "core/payments/statement_amount.h"

#include <algorithm>
#include <string>

#include "core/common/money.h"
#include "core/payments/statement_text.h"

namespace lanyard::payments {

namespace {

// Strips a leading or trailing word (currency or marker) from `s` when it is one of `words`;
// returns the word found or "".
std::string StripWord(std::string& s, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (s.size() > w.size() && s.compare(0, w.size(), w) == 0) {
      s = TrimAscii(s.substr(w.size()));
      return std::string(w);
    }
    if (s.size() > w.size() && s.compare(s.size() - w.size(), w.size(), w) == 0) {
      s = TrimAscii(s.substr(0, s.size() - w.size()));
      return std::string(w);
    }
  }
  return "";
}

// Digits grouped by `sep` in threes after the first group of 1-3 digits.
bool ValidGroups(const std::string& s, char sep) {
  size_t start = 0;
  bool first = true;
  while (true) {
    const size_t end = s.find(sep, start);
    const size_t len = (end == std::string::npos ? s.size() : end) - start;
    if (first ? (len < 1 || len > 3) : len != 3) return false;
    first = false;
    if (end == std::string::npos) return true;
    start = end + 1;
  }
}

std::string Without(const std::string& s, char c) {
  std::string out;
  for (char ch : s) {
    if (ch != c) out += ch;
  }
  return out;
}

}  // namespace

bool ParseCreditDebitMarker(std::string_view text, bool* debit) {
  std::string s = UpperAscii(TrimAscii(std::string(text)));
  while (!s.empty() && s.back() == '.') s.pop_back();
  static const std::string_view kDebit[] = {"DB", "DR", "D", "DEBET", "DEBIT"};
  static const std::string_view kCredit[] = {"CR", "C", "K", "KR", "KREDIT", "CREDIT"};
  for (auto w : kDebit) {
    if (s == w) return *debit = true;
  }
  for (auto w : kCredit) {
    if (s == w) {
      *debit = false;
      return true;
    }
  }
  return false;
}

std::optional<ParsedAmount> ParseAmount(std::string_view text, int minor_digits) {
  std::string s = UpperAscii(TrimAscii(std::string(text)));
  while (!s.empty() && (s.front() == '\'' || s.front() == '=')) s.erase(0, 1);  // spreadsheet guards
  s = TrimAscii(s);
  ParsedAmount out;
  bool negative = false;
  if (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
    negative = true;
    s = TrimAscii(s.substr(1, s.size() - 2));
  }
  for (int pass = 0; pass < 2; ++pass) {  // a marker and a currency, in either order
    const std::string marker = StripWord(s, {"CR", "DB", "DR", "D", "K", "C"});
    if (!marker.empty()) {
      bool debit = false;
      ParseCreditDebitMarker(marker, &debit);
      out.marked = true;
      out.debit = debit;
    }
    StripWord(s, {"RP.", "RP", "IDR", "EUR", "USD", "SGD", "\xE2\x82\xAC", "$"});
  }
  if (s.size() > 2 && (s.ends_with(",-") || s.ends_with(".-"))) s.resize(s.size() - 2);  // "150.000,-"
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = negative || s.front() == '-';
    s = TrimAscii(s.substr(1));
  } else if (!s.empty() && s.back() == '-') {
    negative = true;
    s = TrimAscii(s.substr(0, s.size() - 1));
  }
  // Spaces, non-breaking spaces and apostrophes group thousands too.
  std::string digits;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ' || s[i] == '\'') continue;
    if (s.compare(i, 2, "\xC2\xA0") == 0) {
      ++i;
      continue;
    }
    if (!IsDigit(s[i]) && s[i] != '.' && s[i] != ',') return std::nullopt;
    digits += s[i];
  }
  if (digits.empty()) return std::nullopt;
  const size_t last_dot = digits.rfind('.'), last_comma = digits.rfind(',');
  std::string whole = digits, fraction;
  if (last_dot != std::string::npos && last_comma != std::string::npos) {
    const char decimal = last_dot > last_comma ? '.' : ',';
    const char group = decimal == '.' ? ',' : '.';
    const size_t at = digits.rfind(decimal);
    whole = digits.substr(0, at);
    fraction = digits.substr(at + 1);
    if (fraction.find_first_of(".,") != std::string::npos || !ValidGroups(whole, group)) return std::nullopt;
    whole = Without(whole, group);
  } else if (last_dot != std::string::npos || last_comma != std::string::npos) {
    const char sep = last_dot != std::string::npos ? '.' : ',';
    const size_t count = static_cast<size_t>(std::count(digits.begin(), digits.end(), sep));
    const size_t after = digits.size() - digits.rfind(sep) - 1;
    if (count > 1 || (after == 3 && minor_digits != 3)) {
      if (!ValidGroups(digits, sep)) return std::nullopt;
      whole = Without(digits, sep);
    } else {
      whole = digits.substr(0, digits.rfind(sep));
      fraction = digits.substr(digits.rfind(sep) + 1);
    }
  }
  if (whole.empty()) whole.push_back('0');
  if (whole.size() > 15 || fraction.size() > 6) return std::nullopt;
  for (size_t i = static_cast<size_t>(minor_digits); i < fraction.size(); ++i) {
    if (fraction[i] != '0') return std::nullopt;  // a fraction of the smallest unit
  }
  fraction.resize(static_cast<size_t>(minor_digits), '0');
  int64_t value = 0;
  for (char c : whole + fraction) {
    if (!IsDigit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
    if (value > kMaxAmount) return std::nullopt;
  }
  out.minor = value;
  if (negative) out.debit = true;
  return out;
}

}  // namespace lanyard::payments
