// core/payments: bank exports (fixtures per bank layout) read into credit lines.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "core/payments/csv_table.h"
#include "core/payments/statement_reader.h"

using namespace lanyard::payments;

namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(LANYARD_SOURCE_DIR) + "/tests/fixtures/bank/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ParsedStatement Read(const std::string& bytes, int minor_digits = 0, ColumnMapping m = {}) {
  auto parsed = ReadStatement(bytes, m, minor_digits, 2026);
  REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
  return *parsed;
}

}  // namespace

TEST_CASE("payments: csv with quotes, doubled quotes, embedded newlines and a BOM") {
  auto t = ReadCsv("\xEF\xBB\xBF" "a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\n1,2,3\n");
  REQUIRE(t.ok());
  CHECK(t->separator == ',');
  REQUIRE(t->rows.size() == 3);
  CHECK(t->rows[0][0] == "a");
  CHECK(t->rows[1][0] == "x, y");
  CHECK(t->rows[1][1] == "say \"hi\"");
  CHECK(t->rows[1][2] == "two\nlines");
  auto semi = ReadCsv("a;b;c\n1,5;2,5;3\n4;5;6\n");
  REQUIRE(semi.ok());
  CHECK(semi->separator == ';');
  CHECK(semi->rows[1][0] == "1,5");
  auto tabs = ReadCsv("a\tb\tc\n1\t2\t3\n");
  REQUIRE(tabs.ok());
  CHECK(tabs->separator == '\t');
}

TEST_CASE("payments: csv that is not a table is refused with a field") {
  auto binary = ReadCsv(std::string("\x89PNG\r\n\x1a\n\0\0", 10));
  REQUIRE_FALSE(binary.ok());
  CHECK(binary.error().code == "validation_failed");
  CHECK(binary.error().fields.count("file") == 1);
  CHECK_FALSE(ReadCsv("\xC3\x28 not utf-8,a,b\n").ok());
  CHECK_FALSE(ReadCsv("just one line of words\n").ok());
  CHECK_FALSE(ReadCsv("").ok());
}

TEST_CASE("payments: BCA export with preamble, CR/DB column, PEND line and footer") {
  auto s = Read(Fixture("bca.csv"));
  CHECK(s.date_column == "Tanggal Transaksi");
  CHECK(s.amount_column == "Jumlah");
  CHECK(s.description_column == "Keterangan");
  CHECK(s.debits_ignored == 1);
  REQUIRE(s.lines.size() == 3);
  CHECK(s.lines[0].n == 1);
  CHECK(s.lines[0].date == "2026-11-01");
  CHECK(s.lines[0].amount == 150000);
  CHECK(s.lines[0].description.find("K7QX2M9A BUDI SANTOSO") != std::string::npos);
  CHECK(s.lines[0].description.front() == 'T');  // the spreadsheet guard ' is dropped
  CHECK(s.lines[1].amount == 75000);
  CHECK(s.lines[1].description == "SWITCHING CR TRF DARI BRI hn4p 8rtw SITI AMINAH");
  CHECK_FALSE(s.lines[2].date.has_value());
  CHECK(s.lines[2].problem == kDateUnreadable);
  CHECK(s.lines[2].amount == 50000);
}

TEST_CASE("payments: Mandiri export with two description columns and debit/credit columns") {
  auto s = Read(Fixture("mandiri.csv"));
  CHECK(s.date_column == "Date");
  CHECK(s.amount_column == "Credit");
  CHECK(s.debits_ignored == 1);
  REQUIRE(s.lines.size() == 2);
  CHECK(s.lines[0].date == "2026-11-05");
  CHECK(s.lines[0].amount == 150000);
  CHECK(s.lines[0].description == "TRANSFER DARI BUDI SANTOSO bayar tiket K7QX2M9A");
  CHECK(s.lines[1].amount == 300000);
  CHECK(s.lines[1].n == 2);
}

TEST_CASE("payments: BNI export with a type column before the amount and European decimals") {
  auto s = Read(Fixture("bni.csv"));
  CHECK(s.amount_column == "Nominal");
  CHECK(s.debits_ignored == 1);
  REQUIRE(s.lines.size() == 2);
  CHECK(s.lines[0].date == "2026-11-05");
  CHECK(s.lines[0].amount == 150000);
  CHECK(s.lines[1].date == "2026-11-07");
  CHECK(s.lines[1].amount == 300000);
}

TEST_CASE("payments: BRI export with timestamps and MUTASI_KREDIT") {
  auto s = Read(Fixture("bri.csv"));
  CHECK(s.date_column == "TGL_TRAN");
  CHECK(s.amount_column == "MUTASI_KREDIT");
  CHECK(s.description_column == "DESK_TRAN");
  CHECK(s.debits_ignored == 1);
  REQUIRE(s.lines.size() == 2);
  CHECK(s.lines[0].date == "2026-11-05");
  CHECK(s.lines[1].amount == 75000);
}

TEST_CASE("payments: semicolon European export with signed amounts in euro cents") {
  auto s = Read(Fixture("european.csv"), 2);
  CHECK(s.separator == ';');
  CHECK(s.date_column == "Buchungstag");
  CHECK(s.amount_column == "Betrag");
  CHECK(s.debits_ignored == 1);
  REQUIRE(s.lines.size() == 2);
  CHECK(s.lines[0].amount == 150000);
  CHECK(s.lines[0].description == "Gutschrift Ticket K7QX2M9A Budi");
  CHECK(s.lines[1].amount == 1550);
  CHECK(s.lines[1].description == "Gutschrift Anna; Zahlung HN4P8RTW");
}

TEST_CASE("payments: columns mapped by name or by index when the header is unknown") {
  const std::string csv =
      "Kapan,Siapa,Uang\n"
      "05/11/2026,Budi K7QX2M9A,150.000\n"
      "06/11/2026,Siti,abc\n";
  auto detected = ReadStatement(csv, {}, 0, 2026);
  REQUIRE_FALSE(detected.ok());
  CHECK(detected.error().fields.count("columns") == 1);
  auto by_name = Read(csv, 0, ColumnMapping{"kapan", "UANG", "Siapa"});
  REQUIRE(by_name.lines.size() == 2);
  CHECK(by_name.lines[0].amount == 150000);
  CHECK(by_name.lines[1].problem == kAmountUnreadable);
  CHECK(by_name.date_column == "Kapan");
  auto by_index = Read("05/11/2026,Budi K7QX2M9A,150.000\n", 0, ColumnMapping{"0", "2", "1"});
  REQUIRE(by_index.lines.size() == 1);
  CHECK(by_index.lines[0].description == "Budi K7QX2M9A");
  auto missing = ReadStatement(csv, ColumnMapping{"kapan", "Jumlah", "Siapa"}, 0, 2026);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().fields.count("columns.amount") == 1);
}
