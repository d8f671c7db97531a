// The password-hashing pool: results as the plain functions give, bounded queue, many callers.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "core/common/crypto.h"
#include "core/accounts/kdf_pool.h"

using lanyard::KdfPool;
namespace crypto = lanyard::crypto;

TEST_CASE("kdf pool: hashes with its strength and verifies") {
  KdfPool fast(crypto::KdfStrength::kFast);
  CHECK(fast.strength() == crypto::KdfStrength::kFast);
  auto hash = fast.Hash("open sesame");
  REQUIRE(hash.ok());
  CHECK(hash.value().rfind("pbkdf2-sha256$1000$", 0) == 0);
  auto good = fast.Verify("open sesame", hash.value());
  REQUIRE(good.ok());
  CHECK(good.value());
  auto bad = fast.Verify("open sesamE", hash.value());
  REQUIRE(bad.ok());
  CHECK_FALSE(bad.value());
  auto malformed = fast.Verify("open sesame", "not a hash");
  REQUIRE(malformed.ok());
  CHECK_FALSE(malformed.value());

  KdfPool standard(crypto::KdfStrength::kStandard);
  auto strong = standard.Hash("open sesame");
  REQUIRE(strong.ok());
  CHECK(strong.value().rfind("pbkdf2-sha256$600000$", 0) == 0);
  // Either pool verifies either hash: the parameters travel with the hash.
  CHECK(fast.Verify("open sesame", strong.value()).value());
}

TEST_CASE("kdf pool: a full queue refuses at once with rate_limited") {
  KdfPool none(crypto::KdfStrength::kFast, 1, 0);
  auto hash = none.Hash("whatever password");
  REQUIRE_FALSE(hash.ok());
  CHECK(hash.error().code == "rate_limited");
  auto verify = none.Verify("whatever password", "pbkdf2-sha256$1$c2FsdA$AAAA");
  REQUIRE_FALSE(verify.ok());
  CHECK(verify.error().code == "rate_limited");
}

TEST_CASE("kdf pool: under a flood, callers beyond the queue are refused, the rest served") {
  // One worker, room for two waiting jobs; standard hashes keep the worker busy long enough
  // (hundreds of ms each) for the flood to find the queue full.
  KdfPool pool(crypto::KdfStrength::kStandard, 1, 2);
  constexpr int kCallers = 12;
  std::atomic<int> served{0}, refused{0}, other{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&] {
      auto r = pool.Hash("flooding password");
      if (r.ok()) {
        ++served;
      } else if (r.error().code == "rate_limited") {
        ++refused;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : callers) t.join();
  CHECK(other.load() == 0);
  CHECK(served.load() + refused.load() == kCallers);
  CHECK(served.load() >= 1);
  CHECK(refused.load() >= 1);
  MESSAGE("served ", served.load(), ", refused ", refused.load());
  // After the flood the pool works again.
  CHECK(pool.Verify("x", "pbkdf2-sha256$1$c2FsdA$AAAA").ok());
}

TEST_CASE("kdf pool: many concurrent callers on several workers all get correct answers") {
  KdfPool pool(crypto::KdfStrength::kFast, 2, 256);
  constexpr int kCallers = 24;
  std::atomic<int> wrong{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] {
      const std::string password = "password number " + std::to_string(i);
      auto hash = pool.Hash(password);
      if (!hash.ok()) {
        ++wrong;
        return;
      }
      auto yes = pool.Verify(password, hash.value());
      auto no = pool.Verify(password + "!", hash.value());
      if (!yes.ok() || !yes.value() || !no.ok() || no.value()) ++wrong;
    });
  }
  for (auto& t : callers) t.join();
  CHECK(wrong.load() == 0);
}

TEST_CASE("kdf pool: destruction with idle workers returns promptly") {
  const auto start = std::chrono::steady_clock::now();
  { KdfPool pool(crypto::KdfStrength::kFast, 4); }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}
