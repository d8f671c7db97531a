#include <doctest/doctest.h>
#include <zlib.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "core/common/qr.h"
#include "core/checkin/ticket_code.h"
#include "tests/support/temp_dir.h"

namespace lanyard {
namespace {

uint32_t ReadU32(const std::string& s, size_t at) {
  return (static_cast<uint32_t>(static_cast<unsigned char>(s[at])) << 24) |
         (static_cast<uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16) |
         (static_cast<uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8) |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

bool HaveZbarimg() { return std::system("command -v zbarimg >/dev/null 2>&1") == 0; }

// Runs zbarimg on `path` and returns what it decoded (raw, trailing newline removed).
std::string Zbar(const std::string& path) {
  const std::string command = "zbarimg --raw -q '" + path + "' 2>/dev/null";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  std::array<char, 4096> buffer{};
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  ::pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

std::string RealisticCode() {
  // Large ids make a code of 118 characters, near the longest a ticket code can be.
  const TicketSigner signer = TicketSigner::Generate();
  return signer.Issue((int64_t{1} << 50) + 12345, (int64_t{1} << 45) + 7);
}

TEST_CASE("qr: PNG structure is valid") {
  const std::string png = QrPng("hello", 4, 2);
  REQUIRE(png.size() > 8 + 25 + 12);
  CHECK(png.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
  CHECK(ReadU32(png, 8) == 13);
  CHECK(png.substr(12, 4) == "IHDR");
  const uint32_t width = ReadU32(png, 16);
  CHECK(width == ReadU32(png, 20));
  CHECK(width == (21 + 2 * 2) * 4);  // "hello" fits version 1 (21 modules)
  CHECK(png[24] == 1);               // bit depth
  CHECK(png[25] == 0);               // grayscale
  // Every chunk's CRC is right, and the file ends with IEND.
  size_t at = 8;
  std::string last_type;
  while (at < png.size()) {
    const uint32_t len = ReadU32(png, at);
    const std::string type_and_data = png.substr(at + 4, 4 + len);
    const uint32_t crc = ReadU32(png, at + 8 + len);
    CHECK(crc == crc32(0L, reinterpret_cast<const Bytef*>(type_and_data.data()),
                       static_cast<uInt>(type_and_data.size())));
    last_type = type_and_data.substr(0, 4);
    at += 12 + len;
  }
  CHECK(at == png.size());
  CHECK(last_type == "IEND");
}

TEST_CASE("qr: PNG of a ticket code decodes back to the code") {
  const std::string code = RealisticCode();
  REQUIRE(code.size() == 118);
  const std::string png = QrPng(code);
  CHECK(png.size() < 4096);
  if (!HaveZbarimg()) {
    MESSAGE("zbarimg not installed (Debian package zbar-tools): decode check skipped");
    return;
  }
  testing::TempDir dir;
  WriteFile(dir.File("code.png"), png);
  CHECK(Zbar(dir.File("code.png")) == code);

  // Small modules and other texts decode too.
  WriteFile(dir.File("small.png"), QrPng(code, 3, 4));
  CHECK(Zbar(dir.File("small.png")) == code);
  WriteFile(dir.File("digits.png"), QrPng("0123456789012345678901234567890"));
  CHECK(Zbar(dir.File("digits.png")) == "0123456789012345678901234567890");
}

TEST_CASE("qr: SVG is a well-formed standalone document") {
  const std::string code = RealisticCode();
  const std::string svg = QrSvg(code);
  CHECK(svg.rfind("<svg", 0) == 0);
  CHECK(svg.find("viewBox=\"0 0 ") != std::string::npos);
  CHECK(svg.find("xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
  CHECK(svg.find("</svg>") != std::string::npos);
  CHECK(svg.find("<path d=\"M") != std::string::npos);
  // Equal numbers of opening and self-closing/closing tags: <svg>...</svg>, <rect/>, <path/>.
  size_t opens = 0, closes = 0;
  for (size_t i = 0; i < svg.size(); ++i) {
    if (svg[i] == '<' && svg[i + 1] != '/') ++opens;
    if ((svg[i] == '/' && svg[i + 1] == '>') || (svg[i] == '<' && svg[i + 1] == '/')) ++closes;
  }
  CHECK(opens == 3);
  CHECK(closes == 3);
  // The viewBox covers the symbol plus the border on both sides.
  const std::string small = QrSvg("hello", 0);
  CHECK(small.find("viewBox=\"0 0 21 21\"") != std::string::npos);
  CHECK(QrSvg("hello").find("viewBox=\"0 0 29 29\"") != std::string::npos);
}

TEST_CASE("qr: text that does not fit and bad parameters throw") {
  CHECK_THROWS_AS(QrPng(std::string(5000, 'x')), std::length_error);
  CHECK_THROWS_AS(QrSvg(std::string(5000, 'x')), std::length_error);
  CHECK_THROWS_AS(QrPng("x", 0), std::invalid_argument);
  CHECK_THROWS_AS(QrPng("x", 8, -1), std::invalid_argument);
  CHECK_NOTHROW(QrPng(std::string("a\0b", 3)));
}

}  // namespace
}  // namespace lanyard
