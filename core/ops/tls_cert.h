#pragma once
// `--tls auto`: a self-signed certificate for the venue LAN (phone cameras need HTTPS), made once
// with OpenSSL and kept in the data directory.
#include <string>

namespace lanyard {

struct TlsFiles {
  std::string cert_path;
  std::string key_path;
  std::string sha256_fingerprint;  // AA:BB:... as browsers show it
};

// Creates <data>/tls/cert.pem and key.pem (mode 0600) when missing; valid 825 days for
// localhost, 127.0.0.1 and this machine's addresses.
TlsFiles EnsureSelfSignedCertificate(const std::string& data_dir);
// The SHA-256 fingerprint of a PEM certificate file; throws when unreadable.
std::string CertificateFingerprint(const std::string& cert_path);

}  // namespace lanyard
