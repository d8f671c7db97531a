// core/payments: amounts and dates as bank exports write them.
#include <doctest/doctest.h>

#include "core/payments/statement_amount.h"
#include "core/payments/statement_date.h"

using lanyard::payments::ParseAmount;
using lanyard::payments::ParseCreditDebitMarker;
using lanyard::payments::ParseStatementDate;

namespace {
int64_t Rupiah(const char* text) {
  auto a = ParseAmount(text, 0);
  REQUIRE_MESSAGE(a.has_value(), text);
  CHECK_MESSAGE(!a->debit, text);
  return a->minor;
}
}  // namespace

TEST_CASE("payments: rupiah amounts in every common writing") {
  CHECK(Rupiah("150000") == 150000);
  CHECK(Rupiah("150.000") == 150000);
  CHECK(Rupiah("150,000") == 150000);
  CHECK(Rupiah("150,000.00") == 150000);
  CHECK(Rupiah("150.000,00") == 150000);
  CHECK(Rupiah("Rp 150.000") == 150000);
  CHECK(Rupiah("Rp150.000,-") == 150000 - 0);  // trailing ",-" is not a minus on its own
  CHECK(Rupiah("Rp. 1.500.000") == 1500000);
  CHECK(Rupiah("IDR 150000.00") == 150000);
  CHECK(Rupiah("'150000.00") == 150000);
  CHECK(Rupiah("1 500 000") == 1500000);
  CHECK(Rupiah("150,000.00 CR") == 150000);
  CHECK(Rupiah("+75.000") == 75000);
}

TEST_CASE("payments: debit markers and signs") {
  for (const char* text : {"-150.000", "(150.000)", "150,000.00 DB", "DB 150.000", "150.000 D", "150.000-"}) {
    auto a = ParseAmount(text, 0);
    REQUIRE_MESSAGE(a.has_value(), text);
    CHECK_MESSAGE(a->debit, text);
    CHECK(a->minor == 150000);
  }
  bool debit = false;
  CHECK(ParseCreditDebitMarker("CR", &debit));
  CHECK_FALSE(debit);
  CHECK(ParseCreditDebitMarker("Db.", &debit));
  CHECK(debit);
  CHECK(ParseCreditDebitMarker(" k ", &debit));
  CHECK_FALSE(debit);
  CHECK_FALSE(ParseCreditDebitMarker("", &debit));
  CHECK_FALSE(ParseCreditDebitMarker("transfer", &debit));
}

TEST_CASE("payments: amounts with cents for a two-digit currency") {
  CHECK(ParseAmount("15.00", 2)->minor == 1500);
  CHECK(ParseAmount("15,50", 2)->minor == 1550);
  CHECK(ParseAmount("1.500,00", 2)->minor == 150000);
  CHECK(ParseAmount("1,500.5", 2)->minor == 150050);
  CHECK(ParseAmount("€15.00", 2)->minor == 1500);
  CHECK(ParseAmount("1.500", 2)->minor == 150000);  // three digits after one separator: thousands
  CHECK(ParseAmount("15", 2)->minor == 1500);
}

TEST_CASE("payments: what is not an amount") {
  for (const char* text : {"", "abc", "Rp", "12a", "1.2.3", "1,50.000", "150.000,5.0", "--5",
                           "99999999999999999999", "150000.50"}) {
    CHECK_MESSAGE(!ParseAmount(text, 0).has_value(), text);
  }
  CHECK_FALSE(ParseAmount("1.234.567,891", 2).has_value());  // a fraction of a cent
  CHECK_FALSE(ParseAmount("10000000000001", 0).has_value());  // over kMaxAmount
}

TEST_CASE("payments: statement dates, day first") {
  CHECK(ParseStatementDate("05/11/2026", 2000) == "2026-11-05");
  CHECK(ParseStatementDate("5/11/2026", 2000) == "2026-11-05");
  CHECK(ParseStatementDate("05-11-26", 2000) == "2026-11-05");
  CHECK(ParseStatementDate("05.11.2026", 2000) == "2026-11-05");
  CHECK(ParseStatementDate("2026-11-05", 2000) == "2026-11-05");
  CHECK(ParseStatementDate("2026/11/05", 2000) == "2026-11-05");
  CHECK(ParseStatementDate("2026-11-05 10:22:11", 2000) == "2026-11-05");
  CHECK(ParseStatementDate("2026-11-05T10:22:11Z", 2000) == "2026-11-05");
  CHECK(ParseStatementDate("05/11/2026 10:22", 2000) == "2026-11-05");
  CHECK(ParseStatementDate("05 Nov 2026", 2000) == "2026-11-05");
  CHECK(ParseStatementDate("17-Agu-2026", 2000) == "2026-08-17");
  CHECK(ParseStatementDate("1 Mei 2026", 2000) == "2026-05-01");
  CHECK(ParseStatementDate("24 Desember 2026", 2000) == "2026-12-24");
  CHECK(ParseStatementDate("'05/11", 2026) == "2026-11-05");
  CHECK(ParseStatementDate("29/02/2028", 2000) == "2028-02-29");
}

TEST_CASE("payments: what is not a statement date") {
  for (const char* text : {"", "PEND", "Saldo Awal", "31/02/2026", "29/02/2027", "13/13/2026",
                           "05/11/202", "2026-13-01", "05 Foo 2026", "11/05/2026/1", "10:22"}) {
    CHECK_MESSAGE(!ParseStatementDate(text, 2026).has_value(), text);
  }
}
