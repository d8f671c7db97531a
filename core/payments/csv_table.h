#pragma once
// Reading a bank's CSV export into rows of cells. Parsing (quotes, doubled quotes, separators
// and newlines inside quoted cells) is libcsv's (Debian libcsv-dev); this file adds what bank
// exports need around it: a UTF-8 byte-order mark is dropped, and the separator (`,` `;` tab
// or `|`) is detected from the content. Pure functions, thread-safe.
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.h"

namespace lanyard::payments {

using CsvRow = std::vector<std::string>;

struct CsvTable {
  char separator = ',';
  std::vector<CsvRow> rows;  // blank lines dropped; cells as written (quotes removed)
};

// Parses `bytes` with the given separator. validation_failed (field "file") when the bytes are
// not CSV (unbalanced quotes, NUL bytes) or not UTF-8.
Result<CsvTable> ParseCsv(std::string_view bytes, char separator);

// Detects the separator, then parses: the candidate whose rows most often share one column
// count of at least 3 wins (preamble lines of an export have fewer cells).
Result<CsvTable> ReadCsv(std::string_view bytes);

}  // namespace lanyard::payments
