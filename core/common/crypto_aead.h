#pragma once
// Authenticated encryption over OpenSSL (kept out of crypto.h so that its many includers do not
// rebuild for it). Thread-safe: every call makes its own cipher context.
#include <optional>
#include <string>
#include <string_view>

namespace lanyard::crypto {

// AES-256-GCM with a fresh random 96-bit IV → iv (12) || ciphertext || tag (16). `key` must be
// 32 bytes (throws std::invalid_argument otherwise). WebCrypto's AES-GCM (tag appended to the
// ciphertext) opens the same layout.
std::string Aes256GcmSeal(std::string_view key, std::string_view plaintext);
// The inverse; nullopt when the key is wrong, the input is too short or a byte was changed.
std::optional<std::string> Aes256GcmOpen(std::string_view key, std::string_view sealed);

}  // namespace lanyard::crypto
