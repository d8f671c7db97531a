#pragma once
// Amounts as bank exports write them, in the deployment's currency: `150.000`, `150,000.00`,
// `Rp 150.000`, `IDR 150000.00`, `1.500,00`, `-15,00`, `(150.000)`, `150,000.00 CR`, `DB 50.000`.
// Pure functions, thread-safe.
#include <cstdint>
#include <optional>
#include <string_view>

namespace lanyard::payments {

struct ParsedAmount {
  int64_t minor = 0;   // the absolute amount in minor units (150000 for Rp 150.000)
  bool debit = false;  // a minus sign, parentheses or a DB/DR/D marker
  bool marked = false; // a CR/DB-style marker was present (so the sign is explicit)
};

// The amount in `text` for a currency with `minor_digits` (0 for IDR, 2 for EUR).
// A single separator followed by exactly three digits is a thousands separator
// (`150.000`, `1,500`); with both `.` and `,` the last one is the decimal mark. Decimals beyond
// the currency's digits must be zero (`150000.00` rupiah). nullopt when `text` is not an amount
// or exceeds kMaxAmount.
std::optional<ParsedAmount> ParseAmount(std::string_view text, int minor_digits);

// True when `text` is only a credit/debit marker (CR, DB, DR, K, D, C, Db., Cr., Kredit, Debet);
// `*debit` tells which.
bool ParseCreditDebitMarker(std::string_view text, bool* debit);

}  // namespace lanyard::payments
