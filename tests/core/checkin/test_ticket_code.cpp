#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/common/crypto.h"
#include "core/checkin/ticket_code.h"
#include "tests/support/temp_dir.h"

namespace lanyard {
namespace {

bool UrlSafe(const std::string& code) {
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

TEST_CASE("ticket code: issue and verify round trip") {
  const TicketSigner signer = TicketSigner::Generate();
  const std::string code = signer.Issue(12345, 3);
  CHECK(code.rfind("L1", 0) == 0);
  CHECK(code.size() == 102);
  const auto claims = signer.Verify(code);
  REQUIRE(claims.has_value());
  CHECK(claims->ticket_id == 12345);
  CHECK(claims->event_id == 3);
  CHECK(claims->nonce.size() == 8);

  // The offline check with only the raw public key agrees.
  const auto offline = VerifyTicketCode(code, signer.RawPublicKey());
  REQUIRE(offline.has_value());
  CHECK(offline->ticket_id == 12345);
  CHECK(offline->nonce == claims->nonce);
}

TEST_CASE("ticket code: length and alphabet over the whole id range") {
  const TicketSigner signer = TicketSigner::Generate();
  const std::vector<int64_t> ids = {1, 127, 128, 16383, 16384, 1000000, int64_t{1} << 40, kTicketCodeMaxId};
  size_t longest = 0;
  for (int64_t ticket : ids) {
    for (int64_t event : ids) {
      const std::string code = signer.Issue(ticket, event);
      CHECK(code.size() <= kTicketCodeMaxLength);
      CHECK(UrlSafe(code));
      longest = std::max(longest, code.size());
      const auto claims = signer.Verify(code);
      REQUIRE(claims.has_value());
      CHECK(claims->ticket_id == ticket);
      CHECK(claims->event_id == event);
    }
  }
  CHECK(longest == 120);
  CHECK_THROWS_AS((void)signer.Issue(0, 1), std::invalid_argument);
  CHECK_THROWS_AS((void)signer.Issue(1, -5), std::invalid_argument);
  CHECK_THROWS_AS((void)signer.Issue(kTicketCodeMaxId + 1, 1), std::invalid_argument);
}

TEST_CASE("ticket code: every code has a fresh random part") {
  const TicketSigner signer = TicketSigner::Generate();
  std::set<std::string> codes, nonces;
  for (int i = 0; i < 200; ++i) {
    const std::string code = signer.Issue(7, 1);
    codes.insert(code);
    nonces.insert(signer.Verify(code)->nonce);
  }
  CHECK(codes.size() == 200);
  CHECK(nonces.size() == 200);
}

TEST_CASE("ticket code: changing any character or byte fails") {
  const TicketSigner signer = TicketSigner::Generate();
  for (int64_t ticket : {int64_t{5}, int64_t{987654321}, kTicketCodeMaxId}) {
    const std::string code = signer.Issue(ticket, 42);
    REQUIRE(signer.Verify(code).has_value());
    static const std::string kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
    for (size_t i = 0; i < code.size(); ++i) {
      for (char c : kAlphabet) {
        if (c == code[i]) continue;
        std::string altered = code;
        altered[i] = c;
        INFO("position " << i << " -> " << c);
        CHECK_FALSE(signer.Verify(altered).has_value());
      }
    }
    // Truncated, extended, or with a flipped bit in the decoded bytes.
    for (size_t len = 0; len < code.size(); ++len)
      CHECK_FALSE(signer.Verify(code.substr(0, len)).has_value());
    CHECK_FALSE(signer.Verify(code + "A").has_value());
    CHECK_FALSE(signer.Verify(code + "AA").has_value());
    std::string blob;
    REQUIRE(crypto::Base64UrlDecode(code.substr(2), &blob));
    for (size_t i = 0; i < blob.size(); ++i) {
      for (int bit = 0; bit < 8; ++bit) {
        std::string flipped = blob;
        flipped[i] = static_cast<char>(flipped[i] ^ (1 << bit));
        CHECK_FALSE(signer.Verify("L1" + crypto::Base64UrlEncode(flipped)).has_value());
      }
    }
  }
}

TEST_CASE("ticket code: a code from another key fails") {
  const TicketSigner mine = TicketSigner::Generate();
  const TicketSigner other = TicketSigner::Generate();
  const std::string code = other.Issue(10, 2);
  CHECK(other.Verify(code).has_value());
  CHECK_FALSE(mine.Verify(code).has_value());
  CHECK_FALSE(VerifyTicketCode(code, mine.RawPublicKey()).has_value());
  CHECK(mine.KeyId() != other.KeyId());
}

TEST_CASE("ticket code: garbage input is rejected without crashing") {
  const TicketSigner signer = TicketSigner::Generate();
  const std::string valid = signer.Issue(1, 1);
  const std::vector<std::string> inputs = {
      "",
      "L",
      "L1",
      "L2" + valid.substr(2),
      "l1" + valid.substr(2),
      valid.substr(2),
      "L1!!!!",
      "L1" + std::string(86, 'A'),
      "L1" + std::string(118, 'A'),
      "L1" + std::string(118, '_'),
      "L1" + std::string(5000000, 'A'),
      std::string(1 << 20, '\xff'),
      std::string("L1\0\0\0", 5),
      "L1" + crypto::Base64UrlEncode(std::string(100, '\xff')),
      "L1" + crypto::Base64UrlEncode(std::string(9, '\x80') + std::string(72, 'x')),  // over-long varint
      "L1" + crypto::Base64UrlEncode(std::string("\x81\x00\x01", 3) + std::string(72, 'x')),  // non-minimal
  };
  for (const auto& input : inputs) {
    CHECK_FALSE(signer.Verify(input).has_value());
    CHECK_FALSE(VerifyTicketCode(input, signer.RawPublicKey()).has_value());
  }
  // A malformed public key is rejected, not trusted.
  CHECK_FALSE(VerifyTicketCode(valid, "").has_value());
  CHECK_FALSE(VerifyTicketCode(valid, std::string(31, 'k')).has_value());
  CHECK_FALSE(VerifyTicketCode(valid, std::string(33, 'k')).has_value());
}

TEST_CASE("ticket code: key file is created 0600 and reloaded") {
  testing::TempDir dir;
  const std::string path = dir.File("ticket_signing_key.pem");
  std::string first_key, first_code;
  {
    const TicketSigner signer = TicketSigner::LoadOrCreate(dir.path());
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    first_key = signer.PublicKeyBase64Url();
    first_code = signer.Issue(99, 4);
    CHECK(signer.PublicKeyPem().rfind("-----BEGIN PUBLIC KEY-----", 0) == 0);
    CHECK(signer.KeyId().size() == 16);
    CHECK(first_key.size() == 43);
  }
  const TicketSigner again = TicketSigner::LoadOrCreate(dir.path());
  CHECK(again.PublicKeyBase64Url() == first_key);
  CHECK(again.Verify(first_code).has_value());
  std::string raw;
  REQUIRE(crypto::Base64UrlDecode(first_key, &raw));
  CHECK(raw == again.RawPublicKey());
  CHECK(again.KeyId() == crypto::HexEncode(crypto::Sha256(raw).substr(0, 8)));
  // No temporary files left behind.
  struct stat st {};
  CHECK(::stat((path + ".tmp").c_str(), &st) != 0);
}

TEST_CASE("ticket code: a corrupt key file stops the start") {
  testing::TempDir dir;
  {
    std::FILE* f = std::fopen(dir.File("ticket_signing_key.pem").c_str(), "w");
    REQUIRE(f != nullptr);
    std::fputs("not a key\n", f);
    std::fclose(f);
  }
  CHECK_THROWS_AS(TicketSigner::LoadOrCreate(dir.path()), std::runtime_error);
  CHECK_THROWS_AS(TicketSigner::LoadOrCreate(dir.path() + "/missing/dir"), std::runtime_error);
}

TEST_CASE("ticket code: concurrent issue and verify on one signer") {
  const TicketSigner signer = TicketSigner::Generate();
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 1; i <= 300; ++i) {
        const std::string code = signer.Issue(i, t + 1);
        const auto claims = signer.Verify(code);
        if (!claims || claims->ticket_id != i || claims->event_id != t + 1) ++failures[t];
        std::string bad = code;
        bad[10] = bad[10] == 'A' ? 'B' : 'A';
        if (signer.Verify(bad)) ++failures[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int f : failures) CHECK(f == 0);
}

}  // namespace
}  // namespace lanyard
