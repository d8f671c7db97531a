#pragma once
// Signed ticket codes (SPEC §7): the QR payload a door scanner checks with nothing but the public
// key. The deployment's Ed25519 key lives in the data directory; OpenSSL stays behind this header.
//
// Format, version 1 ("L1"):
//
//   code    = "L1" || base64url_nopad(payload || signature)
//   payload = uvarint(ticket_id) || uvarint(event_id) || nonce
//   nonce   = 8 random bytes (64 bits)
//   signature = Ed25519(private key, "lanyard-ticket-code-v1:" || payload)   (64 bytes)
//
// uvarint is unsigned LEB128 (7 bits per byte, least significant group first, high bit set on
// every byte but the last), minimal length only. Both ids must be in [1, 2^53 - 1], so each
// varint takes at most 8 bytes and the ids survive a JavaScript scanner's Number type. Longest
// code: 2 + ceil((8 + 8 + 8 + 64) * 8 / 6) = 120 characters; a typical one (ticket 12345,
// event 3) is 102. The alphabet is A-Z a-z 0-9 '-' '_' (URL-safe, no padding). The signature
// covers every payload byte, and decoding accepts only the canonical base64url text (the unused
// low bits of the last character must be zero), so changing any character of a code makes it
// fail verification. The context string keeps these signatures apart from anything else the key
// might ever sign.
//
// A verifier that is not the server (e.g. the scanner page) needs the raw 32-byte public key,
// served by GET /checkin/keys; VerifyTicketCode() below is the reference for that check.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace lanyard {

struct TicketCodeClaims {
  int64_t ticket_id = 0;
  int64_t event_id = 0;
  std::string nonce;  // the 8 raw random bytes
};

inline constexpr std::string_view kTicketCodePrefix = "L1";
inline constexpr size_t kTicketCodeMaxLength = 120;
inline constexpr int64_t kTicketCodeMaxId = (int64_t{1} << 53) - 1;

// Checks `code` against a raw 32-byte Ed25519 public key: prefix, canonical base64url, varints,
// id range, signature. nullopt for anything malformed or forged; never throws on input.
std::optional<TicketCodeClaims> VerifyTicketCode(std::string_view code, std::string_view raw_public_key);

// The ids a well-formed code names, WITHOUT checking its signature. Only for finding the
// ticket whose stored code the presented one is then compared with (constant time): a code
// equal to the stored one is genuine without spending an Ed25519 verification on it.
std::optional<TicketCodeClaims> ReadTicketCodeClaims(std::string_view code);

// Owns the deployment's signing key. Thread-safe: Issue() and Verify() may run concurrently on
// one instance (each call makes its own OpenSSL context; the key itself is never modified).
// Movable, not copyable.
class TicketSigner {
 public:
  // Loads <data_dir>/ticket_signing_key.pem (PKCS#8 PEM), or creates it with mode 0600 when it
  // does not exist yet (written to a temporary file, fsynced, then linked into place, so a crash
  // never leaves a half-written key and two processes starting at once agree on one key).
  // Throws std::runtime_error when the file exists but is not an Ed25519 private key, or when
  // it cannot be written: the server must not start without its key.
  static TicketSigner LoadOrCreate(const std::string& data_dir);
  // A fresh in-memory key (tests, tools).
  static TicketSigner Generate();
  // The key of a PKCS#8 PEM kept elsewhere (a shared database: core/ops/signing_keys.h);
  // `source` names it in the error. Throws std::runtime_error when it is not Ed25519.
  static TicketSigner FromPem(const std::string& pem, const std::string& source);
  // The PEM of <data_dir>/ticket_signing_key.pem when that file exists, else of a fresh key;
  // writes nothing. Throws std::runtime_error when the file exists but is not an Ed25519 key.
  static std::string LocalOrFreshPem(const std::string& data_dir);

  TicketSigner(TicketSigner&&) noexcept;
  TicketSigner& operator=(TicketSigner&&) noexcept;
  TicketSigner(const TicketSigner&) = delete;
  TicketSigner& operator=(const TicketSigner&) = delete;
  ~TicketSigner();

  // A new code with a fresh 64-bit random part. Both ids must be in [1, kTicketCodeMaxId];
  // throws std::invalid_argument otherwise (ids come from the database, never from users).
  std::string Issue(int64_t ticket_id, int64_t event_id) const;
  // VerifyTicketCode() against this signer's public key.
  std::optional<TicketCodeClaims> Verify(std::string_view code) const;

  std::string RawPublicKey() const { return raw_public_key_; }  // 32 bytes
  std::string PublicKeyBase64Url() const;                       // 43 characters
  std::string PublicKeyPem() const;                             // SubjectPublicKeyInfo PEM
  // First 8 bytes of SHA-256(raw public key), lowercase hex (16 characters).
  std::string KeyId() const;

 private:
  struct Key;
  explicit TicketSigner(std::unique_ptr<Key> key);

  std::unique_ptr<Key> key_;
  std::string raw_public_key_;
};

}  // namespace lanyard
