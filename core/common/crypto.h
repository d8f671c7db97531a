#pragma once
// Small, safe wrappers over OpenSSL (the only place in core/ that includes it is crypto*.cpp).
#include <cstdint>
#include <string>
#include <string_view>

namespace lanyard::crypto {

// Cryptographically secure random bytes (OpenSSL RAND_bytes); throws if the CSPRNG fails.
std::string RandomBytes(size_t n);
// A random token of `bytes` random bytes, base64url without padding.
std::string RandomToken(size_t bytes = 32);
// A uniformly random integer in [0, bound) without modulo bias.
uint64_t RandomBelow(uint64_t bound);

std::string Sha256(std::string_view data);  // 32 raw bytes
std::string Sha256Hex(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);  // 32 raw bytes

std::string Base64UrlEncode(std::string_view bytes);  // no padding
bool Base64UrlDecode(std::string_view text, std::string* out);
std::string Base64Encode(std::string_view bytes);  // standard alphabet, padded
std::string HexEncode(std::string_view bytes);
bool HexDecode(std::string_view hex, std::string* out);

// Compares in time that depends only on the lengths, never on where the inputs differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Password hashing: PBKDF2-HMAC-SHA256 (OWASP: >= 600,000 iterations). The stored form carries
// its parameters: "pbkdf2-sha256$<iterations>$<salt b64url>$<hash b64url>".
enum class KdfStrength { kStandard, kFast };  // kFast only for test suites and benchmarks
std::string HashPassword(std::string_view password, KdfStrength strength);
bool VerifyPassword(std::string_view password, std::string_view stored);

// Reads a secret file, or creates it with `bytes` random bytes and mode 0600 when missing.
std::string LoadOrCreateSecret(const std::string& path, size_t bytes);

}  // namespace lanyard::crypto
