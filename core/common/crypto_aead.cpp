#include "core/common/crypto_aead.h"

#include <openssl/evp.h>

#include <memory>
#include <optional>
#include <stdexcept>

#include "core/common/crypto.h"

namespace lanyard::crypto {

namespace {

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* p) const { EVP_CIPHER_CTX_free(p); }
};

}  // namespace

std::string Aes256GcmSeal(std::string_view key, std::string_view plaintext) {
  if (key.size() != 32) throw std::invalid_argument("AES-256-GCM needs a 32-byte key");
  const std::string iv = RandomBytes(12);
  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter> ctx(EVP_CIPHER_CTX_new());
  if (!ctx) throw std::runtime_error("EVP_CIPHER_CTX_new failed");
  const auto* k = reinterpret_cast<const unsigned char*>(key.data());
  const auto* v = reinterpret_cast<const unsigned char*>(iv.data());
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, k, v) != 1) {
    throw std::runtime_error("AES-256-GCM init failed");
  }
  std::string out = iv;
  out.resize(iv.size() + plaintext.size() + 16);
  auto* dst = reinterpret_cast<unsigned char*>(out.data()) + iv.size();
  int len = 0;
  if (EVP_EncryptUpdate(ctx.get(), dst, &len, reinterpret_cast<const unsigned char*>(plaintext.data()),
                        static_cast<int>(plaintext.size())) != 1) {
    throw std::runtime_error("AES-256-GCM encrypt failed");
  }
  int tail = 0;
  if (EVP_EncryptFinal_ex(ctx.get(), dst + len, &tail) != 1) {
    throw std::runtime_error("AES-256-GCM final failed");
  }
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, dst + len + tail) != 1) {
    throw std::runtime_error("AES-256-GCM tag failed");
  }
  return out;
}

std::optional<std::string> Aes256GcmOpen(std::string_view key, std::string_view sealed) {
  if (key.size() != 32 || sealed.size() < 12 + 16) return std::nullopt;
  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter> ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(sealed.data());
  if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr,
                         reinterpret_cast<const unsigned char*>(key.data()), bytes) != 1) {
    return std::nullopt;
  }
  const size_t body = sealed.size() - 12 - 16;
  std::string out(body, '\0');
  int len = 0;
  if (EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, bytes + 12,
                        static_cast<int>(body)) != 1) {
    return std::nullopt;
  }
  std::string tag(sealed.substr(12 + body));
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, 16, tag.data()) != 1) return std::nullopt;
  int tail = 0;
  if (EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + len, &tail) != 1) {
    return std::nullopt;
  }
  return out;
}

}  // namespace lanyard::crypto
