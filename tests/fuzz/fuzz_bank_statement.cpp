// Bank statement exports as an organizer uploads them (core/payments/statement_reader.h): any
// bytes as CSV, with or without a column mapping, in currencies with 0, 2 or 3 minor digits.
// Properties: every credit line read has a positive amount or names why it has none, and a
// description of at most 500 characters.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdlib>
#include <string>

#include "core/payments/statement_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lanyard::payments;
  FuzzedDataProvider in(data, size);
  ColumnMapping mapping;
  if (in.ConsumeBool()) mapping.date = in.ConsumeRandomLengthString(16);
  if (in.ConsumeBool()) mapping.amount = in.ConsumeRandomLengthString(16);
  if (in.ConsumeBool()) mapping.description = in.ConsumeRandomLengthString(16);
  const int minor_digits = in.PickValueInArray({0, 2, 3});
  const int year = in.ConsumeIntegralInRange(1990, 2100);
  const std::string bytes = in.ConsumeRemainingBytesAsString();
  auto read = ReadStatement(bytes, mapping, minor_digits, year);
  if (!read) return 0;
  for (const StatementLine& line : read.value().lines) {
    if (line.amount && *line.amount <= 0) std::abort();
    if (!line.amount && line.problem.empty()) std::abort();
    if (line.description.size() > 500 * 4) std::abort();  // 500 characters of up to 4 bytes
  }
  return 0;
}
