#include "core/ops/tls_cert.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fcntl.h>

#include <cstdio>
#include <functional>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "core/common/crypto.h"

namespace lanyard {

namespace {

struct PkeyFree { void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); } };
struct X509Free { void operator()(X509* p) const { X509_free(p); } };
struct FileClose { void operator()(FILE* f) const { fclose(f); } };

std::string SubjectAltNames() {
  std::string san = "DNS:localhost,IP:127.0.0.1";
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) == 0 && host[0]) san += ",DNS:" + std::string(host);
  ifaddrs* addrs = nullptr;
  if (getifaddrs(&addrs) == 0) {
    for (ifaddrs* a = addrs; a; a = a->ifa_next) {
      if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET) continue;
      char ip[INET_ADDRSTRLEN];
      inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, ip, sizeof ip);
      if (std::string(ip) != "127.0.0.1") san += ",IP:" + std::string(ip);
    }
    freeifaddrs(addrs);
  }
  return san;
}

void WritePem(const std::string& path, const std::function<int(FILE*)>& write) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + path);
  std::unique_ptr<FILE, FileClose> f(fdopen(fd, "w"));
  if (!f || write(f.get()) != 1) throw std::runtime_error("cannot write " + path);
}

}  // namespace

std::string CertificateFingerprint(const std::string& cert_path) {
  std::unique_ptr<FILE, FileClose> f(fopen(cert_path.c_str(), "r"));
  if (!f) throw std::runtime_error("cannot read certificate " + cert_path);
  std::unique_ptr<X509, X509Free> cert(PEM_read_X509(f.get(), nullptr, nullptr, nullptr));
  if (!cert) throw std::runtime_error("not a PEM certificate: " + cert_path);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  X509_digest(cert.get(), EVP_sha256(), md, &len);
  std::string hex = crypto::HexEncode(std::string(reinterpret_cast<char*>(md), len));
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    if (!out.empty()) out += ':';
    out += static_cast<char>(std::toupper(hex[i]));
    out += static_cast<char>(std::toupper(hex[i + 1]));
  }
  return out;
}

TlsFiles EnsureSelfSignedCertificate(const std::string& data_dir) {
  TlsFiles files{data_dir + "/tls/cert.pem", data_dir + "/tls/key.pem", ""};
  if (!std::filesystem::exists(files.cert_path) || !std::filesystem::exists(files.key_path)) {
    std::filesystem::create_directories(data_dir + "/tls");
    chmod((data_dir + "/tls").c_str(), 0700);
    std::unique_ptr<EVP_PKEY, PkeyFree> key(EVP_EC_gen("P-256"));
    if (!key) throw std::runtime_error("cannot generate a TLS key");
    std::unique_ptr<X509, X509Free> cert(X509_new());
    X509_set_version(cert.get(), 2);
    const std::string serial = crypto::RandomBytes(8);
    uint64_t serial_value = 0;
    for (unsigned char c : serial) serial_value = (serial_value << 8) | c;
    ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert.get()), serial_value >> 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 825L * 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("Lanyard (self-signed)"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    const std::string san = SubjectAltNames();
    if (X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, san.c_str())) {
      X509_add_ext(cert.get(), ext, -1);
      X509_EXTENSION_free(ext);
    }
    if (!X509_sign(cert.get(), key.get(), EVP_sha256())) throw std::runtime_error("cannot sign certificate");
    WritePem(files.key_path, [&](FILE* f) {
      return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    WritePem(files.cert_path, [&](FILE* f) { return PEM_write_X509(f, cert.get()); });
  }
  files.sha256_fingerprint = CertificateFingerprint(files.cert_path);
  return files;
}

}  // namespace lanyard
