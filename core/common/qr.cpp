#include "core/common/qr.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <qrcodegen/qrcodegen.hpp>
#include <stdexcept>
#include <vector>

namespace lanyard {

namespace {

qrcodegen::QrCode Encode(std::string_view text) {
  constexpr auto kEcc = qrcodegen::QrCode::Ecc::MEDIUM;
  // encodeText() picks the compact numeric/alphanumeric modes but reads a C string, so a text
  // with an embedded NUL goes through the byte mode instead. Both throw data_too_long, a
  // std::length_error.
  if (text.find('\0') == std::string_view::npos) {
    return qrcodegen::QrCode::encodeText(std::string(text).c_str(), kEcc);
  }
  return qrcodegen::QrCode::encodeBinary(std::vector<uint8_t>(text.begin(), text.end()), kEcc);
}

void PutU32(uint32_t v, std::string* out) {
  out->push_back(static_cast<char>(v >> 24));
  out->push_back(static_cast<char>(v >> 16));
  out->push_back(static_cast<char>(v >> 8));
  out->push_back(static_cast<char>(v));
}

void PutChunk(const char type[4], const std::string& data, std::string* out) {
  PutU32(static_cast<uint32_t>(data.size()), out);
  const std::string body = std::string(type, 4) + data;
  out->append(body);
  PutU32(static_cast<uint32_t>(
             crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))),
         out);
}

}  // namespace

std::string QrSvg(std::string_view text, int border) {
  if (border < 0 || border > 64) throw std::invalid_argument("QR border out of range");
  const qrcodegen::QrCode qr = Encode(text);
  const int size = qr.getSize();
  const std::string dim = std::to_string(size + 2 * border);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 " + dim + " " +
                    dim + "\" stroke=\"none\" shape-rendering=\"crispEdges\">";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/><path d=\"";
  bool first = true;
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      if (!qr.getModule(x, y)) continue;
      if (!first) svg += ' ';
      first = false;
      svg += 'M' + std::to_string(x + border) + ',' + std::to_string(y + border) + "h1v1h-1z";
    }
  }
  svg += "\" fill=\"#000000\"/></svg>\n";
  return svg;
}

std::string QrPng(std::string_view text, int scale, int border) {
  if (scale < 1 || scale > 64) throw std::invalid_argument("QR scale out of range");
  if (border < 0 || border > 64) throw std::invalid_argument("QR border out of range");
  const qrcodegen::QrCode qr = Encode(text);
  const int size = qr.getSize();
  const int modules = size + 2 * border;
  const uint32_t pixels = static_cast<uint32_t>(modules * scale);
  const size_t row_bytes = (pixels + 7) / 8;

  // 1-bit grayscale, 0 = black; each row starts with filter type 0 (none).
  std::string raw;
  raw.reserve((row_bytes + 1) * pixels);
  std::string row(row_bytes, '\0');
  for (int my = 0; my < modules; ++my) {
    std::fill(row.begin(), row.end(), '\0');
    for (uint32_t px = 0; px < pixels; ++px) {
      const int mx = static_cast<int>(px) / scale;
      const int qx = mx - border, qy = my - border;
      const bool dark = qx >= 0 && qy >= 0 && qx < size && qy < size && qr.getModule(qx, qy);
      if (!dark) row[px / 8] = static_cast<char>(row[px / 8] | (0x80 >> (px % 8)));
    }
    for (int repeat = 0; repeat < scale; ++repeat) {
      raw.push_back('\0');
      raw.append(row);
    }
  }

  uLongf compressed_len = compressBound(static_cast<uLong>(raw.size()));
  std::string compressed(compressed_len, '\0');
  if (compress2(reinterpret_cast<Bytef*>(compressed.data()), &compressed_len,
                reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()),
                Z_BEST_COMPRESSION) != Z_OK) {
    throw std::runtime_error("zlib compress2 failed");
  }
  compressed.resize(compressed_len);

  std::string ihdr;
  PutU32(pixels, &ihdr);
  PutU32(pixels, &ihdr);
  ihdr += '\x01';  // bit depth
  ihdr += '\x00';  // colour type: grayscale
  ihdr += '\x00';  // compression: deflate
  ihdr += '\x00';  // filter method 0
  ihdr += '\x00';  // no interlace

  std::string png("\x89PNG\r\n\x1a\n", 8);
  PutChunk("IHDR", ihdr, &png);
  PutChunk("IDAT", compressed, &png);
  PutChunk("IEND", "", &png);
  return png;
}

}  // namespace lanyard
