// core/crypto: encodings, digests, random tokens, constant-time compare, password hashing and
// secret files.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>
#include <set>
#include <string>

#include "core/common/crypto.h"
#include "tests/support/temp_dir.h"

namespace crypto = lanyard::crypto;
using lanyard::testing::TempDir;

namespace {
std::string FromHex(const std::string& hex) {
  std::string out;
  REQUIRE(crypto::HexDecode(hex, &out));
  return out;
}
}  // namespace

TEST_CASE("crypto: base64url and base64 match RFC 4648 vectors") {
  const std::pair<const char*, const char*> url[] = {
      {"", ""},         {"f", "Zg"},          {"fo", "Zm8"},         {"foo", "Zm9v"},
      {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : url) {
    CHECK(crypto::Base64UrlEncode(plain) == encoded);
    std::string back;
    CHECK(crypto::Base64UrlDecode(encoded, &back));
    CHECK(back == plain);
  }
  CHECK(crypto::Base64Encode("foob") == "Zm9vYg==");
  CHECK(crypto::Base64Encode("fooba") == "Zm9vYmE=");
  CHECK(crypto::Base64Encode("foobar") == "Zm9vYmFy");
  // The URL alphabet uses - and _ where the standard one has + and /.
  const std::string bytes("\xfb\xff\xbf", 3);
  CHECK(crypto::Base64Encode(bytes) == "+/+/");
  CHECK(crypto::Base64UrlEncode(bytes) == "-_-_");
  std::string out;
  CHECK(crypto::Base64UrlDecode("-_-_", &out));
  CHECK(out == bytes);
}

TEST_CASE("crypto: base64url decoding refuses what no encoder produces") {
  std::string out;
  CHECK_FALSE(crypto::Base64UrlDecode("Zm9v=", &out));  // padding is not part of base64url here
  CHECK_FALSE(crypto::Base64UrlDecode("Zm+v", &out));   // standard alphabet
  CHECK_FALSE(crypto::Base64UrlDecode("Zm/v", &out));
  CHECK_FALSE(crypto::Base64UrlDecode("Zm9v Yg", &out));
  CHECK_FALSE(crypto::Base64UrlDecode("Z", &out));      // one leftover sextet
  CHECK_FALSE(crypto::Base64UrlDecode("Zm9vY", &out));
  // Round trip of every byte value.
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  CHECK(crypto::Base64UrlDecode(crypto::Base64UrlEncode(all), &out));
  CHECK(out == all);
}

TEST_CASE("crypto: hex encoding") {
  CHECK(crypto::HexEncode(std::string("\x00\x01\xab\xff", 4)) == "0001abff");
  std::string out;
  CHECK(crypto::HexDecode("0001ABff", &out));
  CHECK(out == std::string("\x00\x01\xab\xff", 4));
  CHECK_FALSE(crypto::HexDecode("abc", &out));
  CHECK_FALSE(crypto::HexDecode("zz", &out));
  CHECK(crypto::HexDecode("", &out));
  CHECK(out.empty());
}

TEST_CASE("crypto: SHA-256 and HMAC-SHA256 match published vectors") {
  CHECK(crypto::Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(crypto::Sha256Hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(crypto::Sha256("abc").size() == 32);
  // RFC 4231 test case 2.
  CHECK(crypto::HexEncode(crypto::HmacSha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // RFC 4231 test case 1.
  CHECK(crypto::HexEncode(crypto::HmacSha256(std::string(20, '\x0b'), "Hi There")) ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST_CASE("crypto: constant-time compare") {
  CHECK(crypto::ConstantTimeEquals("secret", "secret"));
  CHECK(crypto::ConstantTimeEquals("", ""));
  CHECK_FALSE(crypto::ConstantTimeEquals("secret", "secreT"));
  CHECK_FALSE(crypto::ConstantTimeEquals("secret", "secret!"));
  CHECK_FALSE(crypto::ConstantTimeEquals("secret", ""));
  CHECK_FALSE(crypto::ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST_CASE("crypto: random bytes, tokens and bounded integers") {
  CHECK(crypto::RandomBytes(0).empty());
  CHECK(crypto::RandomBytes(17).size() == 17);
  std::set<std::string> tokens;
  for (int i = 0; i < 200; ++i) {
    const std::string t = crypto::RandomToken();
    CHECK(t.size() == 43);  // 32 bytes, base64url without padding
    CHECK(t.find_first_not_of(
              "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
    tokens.insert(t);
  }
  CHECK(tokens.size() == 200);
  CHECK(crypto::RandomToken(16).size() == 22);
  CHECK(crypto::RandomBelow(0) == 0);
  CHECK(crypto::RandomBelow(1) == 0);
  std::set<uint64_t> seen;
  for (int i = 0; i < 2000; ++i) {
    const uint64_t v = crypto::RandomBelow(6);
    CHECK(v < 6);
    seen.insert(v);
  }
  CHECK(seen.size() == 6);
  for (int i = 0; i < 100; ++i) CHECK(crypto::RandomBelow(1000000) < 1000000);
}

TEST_CASE("crypto: standard password hashes are PBKDF2-SHA256 with 600,000 iterations") {
  const std::string stored = crypto::HashPassword("correct horse battery", crypto::KdfStrength::kStandard);
  CHECK(stored.rfind("pbkdf2-sha256$600000$", 0) == 0);
  // Four $-separated parts: scheme, iterations, 16-byte salt, 32-byte hash.
  const size_t salt_at = stored.find('$', 14) + 1;
  const size_t hash_at = stored.find('$', salt_at) + 1;
  REQUIRE(hash_at > salt_at);
  std::string salt, hash;
  CHECK(crypto::Base64UrlDecode(stored.substr(salt_at, hash_at - salt_at - 1), &salt));
  CHECK(crypto::Base64UrlDecode(stored.substr(hash_at), &hash));
  CHECK(salt.size() == 16);
  CHECK(hash.size() == 32);
  CHECK(crypto::VerifyPassword("correct horse battery", stored));
  CHECK_FALSE(crypto::VerifyPassword("correct horse batterY", stored));
  CHECK_FALSE(crypto::VerifyPassword("", stored));
  // A fresh salt each time.
  CHECK(crypto::HashPassword("correct horse battery", crypto::KdfStrength::kStandard) != stored);
}

TEST_CASE("crypto: fast hashes carry their own parameters and verify the same way") {
  const std::string stored = crypto::HashPassword("pässwörd ünïcode", crypto::KdfStrength::kFast);
  CHECK(stored.rfind("pbkdf2-sha256$1000$", 0) == 0);
  CHECK(crypto::VerifyPassword("pässwörd ünïcode", stored));
  CHECK_FALSE(crypto::VerifyPassword("passwort unicode", stored));
}

TEST_CASE("crypto: verification follows the stored parameters (RFC 7914 PBKDF2 vector)") {
  // PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1: the first 32 bytes of the RFC's output.
  const std::string derived =
      FromHex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
  const std::string stored = "pbkdf2-sha256$1$" + crypto::Base64UrlEncode("salt") + "$" +
                             crypto::Base64UrlEncode(derived);
  CHECK(crypto::VerifyPassword("passwd", stored));
  CHECK_FALSE(crypto::VerifyPassword("passwe", stored));
}

TEST_CASE("crypto: malformed stored hashes never verify and never throw") {
  const std::string good = crypto::HashPassword("password1", crypto::KdfStrength::kFast);
  const std::string salt_and_hash = good.substr(good.find('$', 14));  // "$salt$hash"
  const std::string cases[] = {
      "",
      "plain text password1",
      "pbkdf2-sha256",
      "pbkdf2-sha256$1000",
      "pbkdf2-sha256$1000$c2FsdA",
      "pbkdf2-sha1$1000" + salt_and_hash,
      "bcrypt$1000" + salt_and_hash,
      "pbkdf2-sha256$abc" + salt_and_hash,
      "pbkdf2-sha256$" + salt_and_hash,
      "pbkdf2-sha256$0" + salt_and_hash,
      "pbkdf2-sha256$-5" + salt_and_hash,
      "pbkdf2-sha256$99999999999999999999" + salt_and_hash,
      "pbkdf2-sha256$1000$!!notbase64!!$AAAA",
      "pbkdf2-sha256$1000$c2FsdA$!!notbase64!!",
      "pbkdf2-sha256$1000$c2FsdA$",
      "pbkdf2-sha256$1000$c2FsdA$AAAA",  // wrong length
      good + "$extra",
  };
  for (const std::string& stored : cases) {
    INFO("stored: ", stored);
    bool verified = true;
    CHECK_NOTHROW(verified = crypto::VerifyPassword("password1", stored));
    CHECK_FALSE(verified);
  }
  CHECK(crypto::VerifyPassword("password1", good));
}

TEST_CASE("crypto: LoadOrCreateSecret creates a 0600 file once and reads it back") {
  TempDir dir;
  const std::string path = dir.File("token_key");
  const std::string first = crypto::LoadOrCreateSecret(path, 32);
  CHECK(first.size() == 32);
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(st.st_size == 32);
  CHECK(crypto::LoadOrCreateSecret(path, 32) == first);
  // A file of the wrong size is an error, not silently replaced.
  CHECK_THROWS(crypto::LoadOrCreateSecret(path, 64));
  CHECK(crypto::LoadOrCreateSecret(path, 32) == first);
  // Different files get different secrets.
  CHECK(crypto::LoadOrCreateSecret(dir.File("other_key"), 32) != first);
  // An impossible place throws.
  CHECK_THROWS(crypto::LoadOrCreateSecret(dir.File("missing/dir/key"), 32));
}
