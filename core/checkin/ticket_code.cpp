#include "core/checkin/ticket_code.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "core/common/crypto.h"

namespace lanyard {

namespace {

constexpr std::string_view kSignContext = "lanyard-ticket-code-v1:";
constexpr size_t kNonceBytes = 8;
constexpr size_t kSignatureBytes = 64;
constexpr size_t kRawKeyBytes = 32;
constexpr size_t kMaxVarintBytes = 8;  // 8 * 7 = 56 bits >= 53
constexpr char kKeyFileName[] = "ticket_signing_key.pem";

struct PkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct BioDeleter {
  void operator()(BIO* p) const { BIO_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter>;
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

void AppendVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

// Reads a minimal-length uvarint of at most kMaxVarintBytes from `in` at *pos.
std::optional<uint64_t> ReadVarint(std::string_view in, size_t* pos) {
  uint64_t value = 0;
  for (size_t i = 0; i < kMaxVarintBytes; ++i) {
    if (*pos >= in.size()) return std::nullopt;
    const auto byte = static_cast<unsigned char>(in[(*pos)++]);
    value |= static_cast<uint64_t>(byte & 0x7F) << (7 * i);
    if (!(byte & 0x80)) {
      // A trailing zero group means a longer-than-needed encoding of the same number.
      if (i > 0 && byte == 0) return std::nullopt;
      return value;
    }
  }
  return std::nullopt;
}

bool ValidId(int64_t id) { return id >= 1 && id <= kTicketCodeMaxId; }

std::string SignedMessage(std::string_view payload) {
  std::string message(kSignContext);
  message.append(payload);
  return message;
}

struct DecodedCode {
  TicketCodeClaims claims;
  std::string payload;
  std::string signature;
};

std::optional<DecodedCode> Decode(std::string_view code) {
  if (code.size() > kTicketCodeMaxLength || code.substr(0, kTicketCodePrefix.size()) != kTicketCodePrefix) {
    return std::nullopt;
  }
  const std::string_view text = code.substr(kTicketCodePrefix.size());
  std::string blob;
  if (!crypto::Base64UrlDecode(text, &blob)) return std::nullopt;
  // Only the canonical text: otherwise the last character's spare bits could change unnoticed.
  if (crypto::Base64UrlEncode(blob) != text) return std::nullopt;
  if (blob.size() < kSignatureBytes + kNonceBytes + 2) return std::nullopt;

  const std::string_view all(blob);
  const std::string_view payload = all.substr(0, all.size() - kSignatureBytes);
  size_t pos = 0;
  const auto ticket_id = ReadVarint(payload, &pos);
  if (!ticket_id) return std::nullopt;
  const auto event_id = ReadVarint(payload, &pos);
  if (!event_id) return std::nullopt;
  if (payload.size() - pos != kNonceBytes) return std::nullopt;
  if (*ticket_id > static_cast<uint64_t>(kTicketCodeMaxId) ||
      *event_id > static_cast<uint64_t>(kTicketCodeMaxId)) {
    return std::nullopt;
  }
  DecodedCode out{{static_cast<int64_t>(*ticket_id), static_cast<int64_t>(*event_id),
                   std::string(payload.substr(pos))},
                  std::string(payload),
                  std::string(all.substr(all.size() - kSignatureBytes))};
  if (!ValidId(out.claims.ticket_id) || !ValidId(out.claims.event_id)) return std::nullopt;
  return out;
}

std::optional<TicketCodeClaims> VerifyWithKey(std::string_view code, EVP_PKEY* key) {
  auto decoded = Decode(code);
  if (!decoded) return std::nullopt;
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1) return std::nullopt;
  const std::string message = SignedMessage(decoded->payload);
  if (EVP_DigestVerify(ctx.get(), Bytes(decoded->signature), decoded->signature.size(), Bytes(message),
                       message.size()) != 1) {
    return std::nullopt;
  }
  return decoded->claims;
}

std::string RawPublicKeyOf(EVP_PKEY* key) {
  std::string raw(kRawKeyBytes, '\0');
  size_t len = raw.size();
  if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(raw.data()), &len) != 1 ||
      len != kRawKeyBytes) {
    throw std::runtime_error("cannot read the ticket signing public key");
  }
  return raw;
}

PkeyPtr GenerateKey() {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1) {
    throw std::runtime_error("cannot generate an Ed25519 key");
  }
  return PkeyPtr(raw);
}

std::string PrivateKeyPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    throw std::runtime_error("cannot encode the ticket signing key");
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

PkeyPtr ParsePrivateKeyPem(const std::string& pem, const std::string& path) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  PkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_ED25519) {
    throw std::runtime_error("ticket signing key " + path + " is not an Ed25519 private key");
  }
  return key;
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

void FsyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

// Writes `contents` to a private temporary file and links it to `path`. Returns false when
// `path` already exists (someone else created it first).
bool CreateKeyFile(const std::string& dir, const std::string& path, const std::string& contents) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  ::unlink(tmp.c_str());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + tmp + ": " + std::strerror(errno));
  bool ok = ::fchmod(fd, 0600) == 0;  // independent of the umask
  ok = ok && ::write(fd, contents.data(), contents.size()) == static_cast<ssize_t>(contents.size());
  ok = ok && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  if (!ok) {
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot write " + tmp);
  }
  const int linked = ::link(tmp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0) {
    if (link_errno == EEXIST) return false;
    throw std::runtime_error("cannot create " + path + ": " + std::strerror(link_errno));
  }
  FsyncDirectory(dir);
  return true;
}

}  // namespace

struct TicketSigner::Key {
  PkeyPtr pkey;
};

TicketSigner::TicketSigner(std::unique_ptr<Key> key)
    : key_(std::move(key)), raw_public_key_(RawPublicKeyOf(key_->pkey.get())) {}
TicketSigner::TicketSigner(TicketSigner&&) noexcept = default;
TicketSigner& TicketSigner::operator=(TicketSigner&&) noexcept = default;
TicketSigner::~TicketSigner() = default;

TicketSigner TicketSigner::Generate() { return TicketSigner(std::make_unique<Key>(Key{GenerateKey()})); }

TicketSigner TicketSigner::LoadOrCreate(const std::string& data_dir) {
  const std::string path = data_dir + "/" + kKeyFileName;
  std::string pem;
  if (!ReadFile(path, &pem)) {
    PkeyPtr fresh = GenerateKey();
    const std::string fresh_pem = PrivateKeyPem(fresh.get());
    if (CreateKeyFile(data_dir, path, fresh_pem)) {
      return TicketSigner(std::make_unique<Key>(Key{std::move(fresh)}));
    }
    if (!ReadFile(path, &pem)) throw std::runtime_error("cannot read " + path);
  }
  return TicketSigner(std::make_unique<Key>(Key{ParsePrivateKeyPem(pem, path)}));
}

TicketSigner TicketSigner::FromPem(const std::string& pem, const std::string& source) {
  return TicketSigner(std::make_unique<Key>(Key{ParsePrivateKeyPem(pem, source)}));
}

std::string TicketSigner::LocalOrFreshPem(const std::string& data_dir) {
  const std::string path = data_dir + "/" + kKeyFileName;
  std::string pem;
  if (ReadFile(path, &pem)) return PrivateKeyPem(ParsePrivateKeyPem(pem, path).get());
  return PrivateKeyPem(GenerateKey().get());
}

std::string TicketSigner::Issue(int64_t ticket_id, int64_t event_id) const {
  if (!ValidId(ticket_id) || !ValidId(event_id)) {
    throw std::invalid_argument("ticket code ids must be in [1, 2^53 - 1]");
  }
  std::string payload;
  AppendVarint(static_cast<uint64_t>(ticket_id), &payload);
  AppendVarint(static_cast<uint64_t>(event_id), &payload);
  payload += crypto::RandomBytes(kNonceBytes);

  const std::string message = SignedMessage(payload);
  std::string signature(kSignatureBytes, '\0');
  size_t sig_len = signature.size();
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_->pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &sig_len, Bytes(message),
                     message.size()) != 1 ||
      sig_len != kSignatureBytes) {
    throw std::runtime_error("Ed25519 signing failed");
  }
  return std::string(kTicketCodePrefix) + crypto::Base64UrlEncode(payload + signature);
}

std::optional<TicketCodeClaims> TicketSigner::Verify(std::string_view code) const {
  return VerifyWithKey(code, key_->pkey.get());
}

std::string TicketSigner::PublicKeyBase64Url() const { return crypto::Base64UrlEncode(raw_public_key_); }

std::string TicketSigner::PublicKeyPem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key_->pkey.get()) != 1) {
    throw std::runtime_error("cannot encode the ticket public key");
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

std::string TicketSigner::KeyId() const {
  return crypto::HexEncode(crypto::Sha256(raw_public_key_).substr(0, 8));
}

std::optional<TicketCodeClaims> ReadTicketCodeClaims(std::string_view code) {
  auto decoded = Decode(code);
  if (!decoded) return std::nullopt;
  return decoded->claims;
}

std::optional<TicketCodeClaims> VerifyTicketCode(std::string_view code, std::string_view raw_public_key) {
  if (raw_public_key.size() != kRawKeyBytes) return std::nullopt;
  PkeyPtr key(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, Bytes(raw_public_key), raw_public_key.size()));
  if (!key) return std::nullopt;
  return VerifyWithKey(code, key.get());
}

}  // namespace lanyard
