#pragma once
// Key derivation beside core/common/crypto.h (kept apart so that adding it rebuilt nothing):
// PBKDF2-HMAC-SHA256 as WebCrypto's deriveBits({name: "PBKDF2", hash: "SHA-256"}, 256 bits)
// computes it. Pure function of its inputs; thread-safe. Throws std::runtime_error only when
// OpenSSL fails (never for valid input). Defined in crypto.cpp.
#include <string>
#include <string_view>

namespace lanyard::crypto {

// → 32 raw bytes. iterations >= 1.
std::string Pbkdf2Sha256(std::string_view password, std::string_view salt, int iterations);

}  // namespace lanyard::crypto
