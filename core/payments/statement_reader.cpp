#include "core/payments/statement_reader.h"

#include <algorithm>
#include <set>

#include "core/payments/csv_table.h"
#include "core/payments/statement_amount.h"
#include "core/payments/statement_date.h"
#include "core/payments/statement_text.h"

namespace lanyard::payments {

namespace {

constexpr size_t kMaxHeaderSearchRows = 40;
constexpr size_t kMaxDescriptionChars = 500;

// The columns of a layout, as indexes into a row; -1 when absent.
struct Layout {
  int header_row = -1;  // -1: no header row, data from the first row
  int date = -1, amount = -1, credit = -1, debit = -1, marker = -1;
  std::vector<int> description;
};

// A header cell as lower-case words.
std::vector<std::string> Words(const std::string& cell) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : LowerAscii(cell) + " ") {
    if ((c >= 'a' && c <= 'z') || IsDigit(c) || static_cast<unsigned char>(c) >= 0x80) {
      cur += c;
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  return out;
}

bool HasWord(const std::vector<std::string>& words, std::initializer_list<const char*> any) {
  for (const auto& w : words) {
    for (const char* a : any) {
      if (w == a) return true;
    }
  }
  return false;
}

enum class HeaderKind { kNone, kDate, kValueDate, kDescription, kCredit, kDebit, kAmount, kMarker, kBalance };

HeaderKind Classify(const std::string& cell) {
  const auto w = Words(cell);
  if (w.empty()) return HeaderKind::kNone;
  if (HasWord(w, {"saldo", "balance", "kontostand"})) return HeaderKind::kBalance;
  if (HasWord(w, {"tanggal", "tgl", "date", "datum", "buchungstag"})) {
    return HasWord(w, {"val", "value", "valuta", "effective", "efektif"}) ? HeaderKind::kValueDate : HeaderKind::kDate;
  }
  if (HasWord(w, {"valuta", "wertstellung"})) return HeaderKind::kValueDate;
  if (HasWord(w, {"keterangan", "uraian", "description", "deskripsi", "desk", "rincian", "berita",
                  "remark", "remarks", "narrative", "verwendungszweck", "buchungstext", "details",
                  "memo"})) {
    return HeaderKind::kDescription;
  }
  if (HasWord(w, {"kredit", "credit", "cr", "masuk", "haben"})) {
    return HasWord(w, {"debet", "debit", "db", "dr"}) ? HeaderKind::kMarker : HeaderKind::kCredit;
  }
  if (HasWord(w, {"debet", "debit", "db", "dr", "keluar", "soll"})) return HeaderKind::kDebit;
  if (HasWord(w, {"jumlah", "amount", "nominal", "mutasi", "betrag", "nilai", "umsatz"})) return HeaderKind::kAmount;
  if (HasWord(w, {"tipe", "type", "dk", "jenis"}) || (w.size() == 2 && w[0] == "d" && w[1] == "k")) {
    return HeaderKind::kMarker;
  }
  return HeaderKind::kNone;
}

// The layout a header row describes, or nullopt when it lacks a date, a description or an amount.
std::optional<Layout> LayoutFromHeader(const CsvRow& row, int index) {
  Layout l;
  l.header_row = index;
  int value_date = -1;
  for (int i = 0; i < static_cast<int>(row.size()); ++i) {
    switch (Classify(row[static_cast<size_t>(i)])) {
      case HeaderKind::kDate: if (l.date < 0) l.date = i; break;
      case HeaderKind::kValueDate: if (value_date < 0) value_date = i; break;
      case HeaderKind::kDescription: l.description.push_back(i); break;
      case HeaderKind::kCredit: if (l.credit < 0) l.credit = i; break;
      case HeaderKind::kDebit: if (l.debit < 0) l.debit = i; break;
      case HeaderKind::kAmount: if (l.amount < 0) l.amount = i; break;
      case HeaderKind::kMarker: if (l.marker < 0) l.marker = i; break;
      default: break;
    }
  }
  if (l.date < 0) l.date = value_date;
  if (l.credit >= 0) l.amount = -1;
  if (l.date < 0 || l.description.empty() || (l.amount < 0 && l.credit < 0)) return std::nullopt;
  // A nameless column right after the amount holds its CR/DB marker (BCA).
  if (l.amount >= 0 && l.marker < 0 && static_cast<size_t>(l.amount + 1) < row.size() &&
      TrimAscii(row[static_cast<size_t>(l.amount + 1)]).empty()) {
    l.marker = l.amount + 1;
  }
  return l;
}

std::optional<int> ColumnIndex(const std::string& spec, const CsvRow* header) {
  const std::string s = TrimAscii(spec);
  if (!s.empty() && s.size() <= 3 && std::all_of(s.begin(), s.end(), IsDigit)) return std::stoi(s);
  if (!header) return std::nullopt;
  for (size_t i = 0; i < header->size(); ++i) {
    if (LowerAscii(TrimAscii((*header)[i])) == LowerAscii(s)) return static_cast<int>(i);
  }
  return std::nullopt;
}

// Applies the user's mapping over the detected layout (or over none).
Result<Layout> MappedLayout(const CsvTable& t, const ColumnMapping& m, std::optional<Layout> detected) {
  // The header is the first row that names every column mapped by name; with indexes only, the
  // detected header row (if any).
  const CsvRow* header = nullptr;
  Layout l = detected.value_or(Layout{});
  if (detected) header = &t.rows[static_cast<size_t>(detected->header_row)];
  bool by_name = false;
  for (const auto* spec : {&m.date, &m.amount, &m.description}) by_name = by_name || (*spec && !ColumnIndex(**spec, nullptr));
  for (size_t r = 0; by_name && r < std::min(t.rows.size(), kMaxHeaderSearchRows); ++r) {
    bool all = true;
    for (const auto* spec : {&m.date, &m.amount, &m.description}) {
      if (*spec && !ColumnIndex(**spec, nullptr) && !ColumnIndex(**spec, &t.rows[r])) all = false;
    }
    if (!all) continue;
    header = &t.rows[r];
    if (!detected || detected->header_row != static_cast<int>(r)) {
      l = LayoutFromHeader(t.rows[r], static_cast<int>(r)).value_or(Layout{});
      l.header_row = static_cast<int>(r);
    }
    break;
  }
  std::map<std::string, std::string> bad;
  auto apply = [&](const std::optional<std::string>& spec, const char* name) -> int {
    if (!spec) return -2;
    auto index = ColumnIndex(*spec, header);
    if (!index) {
      bad[std::string("columns.") + name] = "no column '" + *spec + "' in the file";
      return -1;
    }
    return *index;
  };
  if (int i = apply(m.date, "date"); i != -2) l.date = i;
  if (int i = apply(m.amount, "amount"); i != -2) {
    l.amount = i;
    l.credit = l.debit = -1;
    l.marker = (header && static_cast<size_t>(i + 1) < header->size() &&
                TrimAscii((*header)[static_cast<size_t>(i + 1)]).empty())
                   ? i + 1
                   : -1;
  }
  if (int i = apply(m.description, "description"); i != -2) l.description = {i};
  if (!bad.empty()) return Error::Invalid(bad);
  if (!header) l.header_row = -1;
  if (l.date < 0 || l.description.empty() || (l.amount < 0 && l.credit < 0)) {
    return Error::Invalid("columns", "map the date, amount and description columns");
  }
  return l;
}

std::string Cell(const CsvRow& row, int i) {
  return i >= 0 && static_cast<size_t>(i) < row.size() ? TrimAscii(row[static_cast<size_t>(i)]) : "";
}

// One line of text: control characters become spaces, runs of spaces one, a leading
// spreadsheet guard (') dropped, cut at kMaxDescriptionChars characters.
std::string CleanDescription(const std::string& text) {
  std::string out;
  size_t chars = 0;
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    if (out.empty() && c == '\'') continue;
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && ++chars > kMaxDescriptionChars) break;
    out += c;
  }
  return TrimAscii(out);
}

std::string HeaderName(const CsvTable& t, const Layout& l, int column) {
  if (l.header_row < 0 || column < 0) return column < 0 ? "" : std::to_string(column);
  return Cell(t.rows[static_cast<size_t>(l.header_row)], column);
}

}  // namespace

Result<ParsedStatement> ReadStatement(std::string_view bytes, const ColumnMapping& mapping,
                                      int minor_digits, int default_year) {
  auto table = ReadCsv(bytes);
  if (!table) return table.error();
  std::optional<Layout> detected;
  for (size_t r = 0; r < std::min(table->rows.size(), kMaxHeaderSearchRows) && !detected; ++r) {
    detected = LayoutFromHeader(table->rows[r], static_cast<int>(r));
  }
  Layout layout;
  if (!mapping.empty()) {
    auto mapped = MappedLayout(*table, mapping, detected);
    if (!mapped) return mapped.error();
    layout = *mapped;
  } else if (detected) {
    layout = *detected;
  } else {
    return Error::Invalid("columns", "no header row names the date, amount and description columns: map them");
  }
  ParsedStatement out;
  out.separator = table->separator;
  out.date_column = HeaderName(*table, layout, layout.date);
  out.amount_column = HeaderName(*table, layout, layout.credit >= 0 ? layout.credit : layout.amount);
  out.description_column = HeaderName(*table, layout, layout.description.front());
  for (size_t r = static_cast<size_t>(layout.header_row + 1); r < table->rows.size(); ++r) {
    const CsvRow& row = table->rows[r];
    StatementLine line;
    line.date_text = Cell(row, layout.date);
    line.date = ParseStatementDate(line.date_text, default_year);
    std::optional<ParsedAmount> amount;
    if (layout.credit >= 0) {
      line.amount_text = Cell(row, layout.credit);
      amount = ParseAmount(line.amount_text, minor_digits);
      if (line.amount_text.empty() || (amount && amount->minor == 0)) {
        auto debit = ParseAmount(Cell(row, layout.debit), minor_digits);
        if (debit && debit->minor > 0) ++out.debits_ignored;
        continue;
      }
      if (amount) amount->debit = false;
    } else {
      line.amount_text = Cell(row, layout.amount);
      if (line.amount_text.empty()) continue;
      amount = ParseAmount(line.amount_text, minor_digits);
      bool debit = false;
      if (amount && !amount->marked && ParseCreditDebitMarker(Cell(row, layout.marker), &debit)) {
        amount->debit = amount->debit || debit;
      }
    }
    // Preamble, subtotal and footer rows ("Saldo Awal", "Mutasi Kredit") carry no date; a
    // pending transfer (BCA's "PEND") or a malformed date is kept for a person to see.
    const bool dated_row = line.date || line.date_text.find_first_of("0123456789") != std::string::npos ||
                           UpperAscii(line.date_text).find("PEND") != std::string::npos;
    if (!dated_row || (!line.date && !amount)) continue;
    if (amount && amount->debit) {
      ++out.debits_ignored;
      continue;
    }
    if (amount && amount->minor == 0) continue;
    std::string description;
    for (int col : layout.description) {
      const std::string cell = Cell(row, col);
      if (!cell.empty()) description += (description.empty() ? "" : " ") + cell;
    }
    line.description = CleanDescription(description);
    if (amount) line.amount = amount->minor;
    line.problem = !amount ? kAmountUnreadable : !line.date ? kDateUnreadable : "";
    line.n = static_cast<int>(out.lines.size()) + 1;
    out.lines.push_back(std::move(line));
  }
  return out;
}

}  // namespace lanyard::payments
