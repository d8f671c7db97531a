#include "core/payments/csv_table.h"

#include <csv.h>

#include <map>

namespace lanyard::payments {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

struct Collector {
  std::vector<CsvRow> rows;
  CsvRow row;
};

void OnCell(void* data, size_t len, void* out) {
  auto* c = static_cast<Collector*>(out);
  c->row.emplace_back(data ? static_cast<const char*>(data) : "", data ? len : 0);
}

void OnRowEnd(int, void* out) {
  auto* c = static_cast<Collector*>(out);
  bool blank = true;
  for (const auto& cell : c->row) blank = blank && cell.empty();
  if (!blank) c->rows.push_back(std::move(c->row));
  c->row.clear();
}

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    const size_t extra = b < 0x80 ? 0 : (b >> 5) == 6 ? 1 : (b >> 4) == 14 ? 2 : (b >> 3) == 30 ? 3 : 4;
    if (extra == 4 || i + extra >= s.size()) return false;  // bad lead byte or cut short
    for (size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    }
    i += extra + 1;
  }
  return true;
}

// The largest number of rows that share one column count of at least 3.
size_t ConsistentRows(const CsvTable& t) {
  std::map<size_t, size_t> by_width;
  for (const auto& row : t.rows) {
    if (row.size() >= 3) ++by_width[row.size()];
  }
  size_t best = 0;
  for (const auto& [width, count] : by_width) best = std::max(best, count);
  return best;
}

}  // namespace

Result<CsvTable> ParseCsv(std::string_view bytes, char separator) {
  if (bytes.substr(0, kBom.size()) == kBom) bytes.remove_prefix(kBom.size());
  if (bytes.find('\0') != std::string_view::npos || !ValidUtf8(bytes)) {
    return Error::Invalid("file", "is not a UTF-8 text file");
  }
  csv_parser parser;
  if (csv_init(&parser, CSV_APPEND_NULL) != 0) return Error::Make(codes::kInternal, "CSV parser unavailable.");
  csv_set_delim(&parser, static_cast<unsigned char>(separator));
  Collector collector;
  const bool parsed = csv_parse(&parser, bytes.data(), bytes.size(), OnCell, OnRowEnd, &collector) == bytes.size();
  csv_fini(&parser, OnCell, OnRowEnd, &collector);
  csv_free(&parser);
  if (!parsed) return Error::Invalid("file", "is not a readable CSV file");
  CsvTable table;
  table.separator = separator;
  table.rows = std::move(collector.rows);
  return table;
}

Result<CsvTable> ReadCsv(std::string_view bytes) {
  std::optional<CsvTable> best;
  size_t best_rows = 0;
  for (char separator : {',', ';', '\t', '|'}) {
    auto table = ParseCsv(bytes, separator);
    if (!table) return table.error();
    const size_t rows = ConsistentRows(*table);
    if (!best || rows > best_rows) {
      best_rows = rows;
      best = std::move(*table);
    }
  }
  if (best_rows == 0) return Error::Invalid("file", "has no table of at least 3 columns");
  return std::move(*best);
}

}  // namespace lanyard::payments
