#include "web/static_assets.h"

#include <zlib.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/common/crypto.h"
#include "storage/embedded_file.h"

namespace lanyard::embedded_web {
const EmbeddedFile* Files(size_t* count);
}
namespace lanyard::embedded_vendor {
const EmbeddedFile* Files(size_t* count);
}

namespace lanyard::web {

namespace {

// The gzip form of an asset, made on its first use: compressing every asset at level 9 took
// about a tenth of a second of each start-up.
struct LazyGzip {
  std::once_flag once;
  std::string bytes;  // empty when compression does not pay
};

struct Asset {
  std::string body;
  std::string content_type;
  std::string etag;
  bool compressible = false;
  std::unique_ptr<LazyGzip> gzip = std::make_unique<LazyGzip>();

  // The gzip form, or "" when the asset is sent as it is. Thread-safe (std::call_once).
  const std::string& Gzipped() const;
};

std::string ContentTypeFor(const std::string& path) {
  static const std::unordered_map<std::string, std::string> kTypes = {
      {"html", "text/html; charset=utf-8"}, {"css", "text/css; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"}, {"mjs", "text/javascript; charset=utf-8"},
      {"json", "application/json; charset=utf-8"}, {"svg", "image/svg+xml"},
      {"png", "image/png"}, {"ico", "image/x-icon"}, {"webmanifest", "application/manifest+json"},
      {"woff2", "font/woff2"}, {"txt", "text/plain; charset=utf-8"}, {"mp3", "audio/mpeg"},
      {"wav", "audio/wav"}};
  const size_t dot = path.rfind('.');
  if (dot != std::string::npos) {
    auto it = kTypes.find(path.substr(dot + 1));
    if (it != kTypes.end()) return it->second;
  }
  return "application/octet-stream";
}

std::string Gzip(const std::string& data) {
  z_stream zs{};
  if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return "";
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : "";
}

const std::string& Asset::Gzipped() const {
  std::call_once(gzip->once, [this] {
    if (!compressible) return;
    std::string z = Gzip(body);
    if (!z.empty() && z.size() < body.size() * 9 / 10) gzip->bytes = std::move(z);
  });
  return gzip->bytes;
}

Asset MakeAsset(const EmbeddedFile& f) {
  Asset a;
  a.body.assign(reinterpret_cast<const char*>(f.data), f.size);
  a.content_type = ContentTypeFor(f.path);
  a.etag = "\"" + crypto::Sha256Hex(a.body).substr(0, 20) + "\"";
  a.compressible = (a.content_type.rfind("text/", 0) == 0 ||
                    a.content_type.find("json") != std::string::npos ||
                    a.content_type.find("svg") != std::string::npos) &&
                   a.body.size() > 1024;
  return a;
}

using AssetMap = std::unordered_map<std::string, Asset>;

const AssetMap& Assets() {
  static const AssetMap assets = [] {
    AssetMap map;
    size_t count = 0;
    const EmbeddedFile* files = embedded_web::Files(&count);
    for (size_t i = 0; i < count; ++i) map.emplace(files[i].path, MakeAsset(files[i]));
    files = embedded_vendor::Files(&count);
    for (size_t i = 0; i < count; ++i) {
      map.emplace(std::string("vendor/") + files[i].path, MakeAsset(files[i]));
    }
    return map;
  }();
  return assets;
}

void Serve(const Asset& a, const httplib::Request& req, httplib::Response& res, bool revalidate) {
  res.set_header("ETag", a.etag);
  res.set_header("Cache-Control", revalidate ? "no-cache" : "public, max-age=300");
  if (req.get_header_value("If-None-Match") == a.etag) {
    res.status = 304;
    return;
  }
  res.status = 200;
  const bool gzip_ok = req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos;
  const std::string* gzipped = gzip_ok ? &a.Gzipped() : nullptr;
  if (gzipped && !gzipped->empty()) {
    res.set_header("Content-Encoding", "gzip");
    res.set_header("Vary", "Accept-Encoding");
    res.set_content(*gzipped, a.content_type.c_str());
  } else {
    res.set_content(a.body, a.content_type.c_str());
  }
}

void ServeNamed(const std::string& name, const httplib::Request& req, httplib::Response& res) {
  auto it = Assets().find(name);
  if (it == Assets().end()) {
    res.status = 404;
    res.set_content("This page is not part of this build.", "text/plain; charset=utf-8");
    return;
  }
  Serve(it->second, req, res, true);
}

}  // namespace

void InstallStaticAssets(httplib::Server& server) {
  Assets();  // build the table (hashes) at start-up, not on the first request; gzip on use
  server.Get("/assets/([A-Za-z0-9_./-]{1,200})", [](const httplib::Request& req, httplib::Response& res) {
    const std::string path = req.matches[1].str();
    auto it = path.find("..") == std::string::npos ? Assets().find(path) : Assets().end();
    if (it == Assets().end()) {
      res.status = 404;
      return;
    }
    Serve(it->second, req, res, true);
  });
  auto shell = [](const httplib::Request& req, httplib::Response& res) {
    ServeNamed("index.html", req, res);
  };
  server.Get("/", shell);
  server.Get("/(events|account|staff|admin|draws|join|nominations|unsubscribe)(/[^?]{0,300})?", shell);
  server.Get("/invite/[A-Za-z0-9_-]{1,200}", shell);
  server.Get("/setup", shell);
  server.Get("/docs", [](const httplib::Request& req, httplib::Response& res) {
    ServeNamed("docs.html", req, res);
  });
  // The door scanner's service worker lives at the root so that its scope may be /staff/scan
  // (a worker's scope cannot be above its own path); text/javascript, revalidated every time.
  server.Get("/scanner-sw.js", [](const httplib::Request& req, httplib::Response& res) {
    ServeNamed("js/scanner/sw.js", req, res);
  });
  server.Get("/favicon.ico", [](const httplib::Request& req, httplib::Response& res) {
    ServeNamed("favicon.svg", req, res);
  });
}

}  // namespace lanyard::web
