#pragma once
// Order codes (the payment reference on a transfer, typed at the door, found in bank statement
// descriptions): kOrderCodeLength characters of kOrderCodeAlphabet, upper case, without the
// look-alikes 0/O and 1/I. The one place that defines them; constants, thread-safe.
#include <cstddef>
#include <string_view>

namespace lanyard {

// 32 characters: a random byte & 31 picks one without modulo bias.
inline constexpr std::string_view kOrderCodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
inline constexpr size_t kOrderCodeLength = 8;

// Whether `c` (already upper case) belongs to the alphabet.
constexpr bool IsOrderCodeChar(char c) { return kOrderCodeAlphabet.find(c) != std::string_view::npos; }

}  // namespace lanyard
