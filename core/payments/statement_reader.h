#pragma once
// From a bank export (CSV bytes) to the credit lines of a statement: finds the header row and
// the date, amount (or credit/debit) and description columns, or uses the columns the user
// mapped; parses each row's date and amount; drops debits. Pure, thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.h"

namespace lanyard::payments {

// A column named by its header text (case-insensitive) or by its 0-based index ("3").
struct ColumnMapping {
  std::optional<std::string> date, amount, description;
  bool empty() const { return !date && !amount && !description; }
};

// Why a credit line cannot be matched before anyone looks at it.
inline constexpr const char* kAmountUnreadable = "amount_unreadable";
inline constexpr const char* kDateUnreadable = "date_unreadable";

struct StatementLine {
  int n = 0;                         // 1-based among the statement's credit lines
  std::optional<std::string> date;   // YYYY-MM-DD; nullopt when unreadable
  std::optional<int64_t> amount;     // minor units, > 0; nullopt when unreadable
  std::string description;           // one line, spaces collapsed, at most 500 characters
  std::string date_text, amount_text;  // the cells as written
  std::string problem;               // "", kAmountUnreadable or kDateUnreadable
};

struct ParsedStatement {
  char separator = ',';
  // The columns used, by header name where there is a header row ("" when none was used).
  std::string date_column, amount_column, description_column;
  std::vector<StatementLine> lines;  // credits only
  int debits_ignored = 0;
};

// validation_failed with field "columns" when the columns cannot be found or a mapped column
// does not exist, field "file" when the bytes are not a CSV table.
Result<ParsedStatement> ReadStatement(std::string_view bytes, const ColumnMapping& mapping,
                                      int minor_digits, int default_year);

}  // namespace lanyard::payments
