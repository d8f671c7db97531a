#include "core/common/qr.h"

#include <png.h>

#include <algorithm>
#include <cstdint>
#include <csetjmp>
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

// libpng's write callback: appends the encoded bytes to the std::string given as io pointer.
void AppendToString(png_structp png, png_bytep data, size_t length) {
  auto* out = static_cast<std::string*>(png_get_io_ptr(png));
  out->append(reinterpret_cast<const char*>(data), length);
}

// Owns the libpng write and info structures.
class PngWriter {
 public:
  PngWriter() {
    png_ = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    if (!png_) throw std::runtime_error("png_create_write_struct failed");
    info_ = png_create_info_struct(png_);
    if (!info_) {
      png_destroy_write_struct(&png_, nullptr);
      throw std::runtime_error("png_create_info_struct failed");
    }
  }
  ~PngWriter() { png_destroy_write_struct(&png_, &info_); }
  PngWriter(const PngWriter&) = delete;
  PngWriter& operator=(const PngWriter&) = delete;

  // A 1-bit grayscale image of `pixels` x `pixels` from packed rows (MSB first, 1 = white).
  std::string Write(uint32_t pixels, std::vector<std::string>& rows) {
    std::string out;
    std::vector<png_bytep> row_pointers;
    row_pointers.reserve(rows.size());
    for (std::string& row : rows) row_pointers.push_back(reinterpret_cast<png_bytep>(row.data()));
    // libpng reports errors by longjmp back here; nothing with a destructor is created between
    // setjmp and the calls below.
    if (setjmp(png_jmpbuf(png_))) throw std::runtime_error("libpng could not write the QR image");
    png_set_write_fn(png_, &out, AppendToString, nullptr);
    png_set_IHDR(png_, info_, pixels, pixels, 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png_, 9);
    png_set_filter(png_, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_rows(png_, info_, row_pointers.data());
    png_write_png(png_, info_, PNG_TRANSFORM_IDENTITY, nullptr);
    return out;
  }

 private:
  png_structp png_ = nullptr;
  png_infop info_ = nullptr;
};

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

  // 1-bit grayscale, 0 = black, rows packed MSB first.
  std::vector<std::string> rows;
  rows.reserve(pixels);
  std::string row(row_bytes, '\0');
  for (int my = 0; my < modules; ++my) {
    std::fill(row.begin(), row.end(), '\0');
    for (uint32_t px = 0; px < pixels; ++px) {
      const int mx = static_cast<int>(px) / scale;
      const int qx = mx - border, qy = my - border;
      const bool dark = qx >= 0 && qy >= 0 && qx < size && qy < size && qr.getModule(qx, qy);
      if (!dark) row[px / 8] = static_cast<char>(row[px / 8] | (0x80 >> (px % 8)));
    }
    for (int repeat = 0; repeat < scale; ++repeat) rows.push_back(row);
  }
  PngWriter writer;
  return writer.Write(pixels, rows);
}

}  // namespace lanyard
