#pragma once
// QR images of short texts (ticket codes), for GET /tickets/{id}/qr.svg and qr.png. qrcodegen
// stays behind this header. Error correction is at least level M (15%): qrcodegen raises it
// when that fits in the same symbol size. Dark modules are black on white.
#include <string>
#include <string_view>

namespace lanyard {

// A standalone SVG document ("<svg ..." with a viewBox of size+2*border modules, one <path> for
// the dark modules), scalable to any size. `border` is the quiet zone in modules (>= 0; the
// QR standard asks for 4). Throws std::length_error when the text does not fit in any QR
// version (more than ~2300 bytes); ticket codes (<= 120 characters) always fit.
std::string QrSvg(std::string_view text, int border = 4);

// A PNG (1-bit grayscale) with each module `scale` x `scale` pixels (scale in [1, 64], border
// in [0, 64], std::invalid_argument otherwise). A 120-character code at the default scale is
// about 424 x 424 pixels and well under 2 KiB. Same std::length_error as QrSvg.
std::string QrPng(std::string_view text, int scale = 8, int border = 4);

}  // namespace lanyard
