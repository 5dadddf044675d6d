#include "drivers/printer/escpos.hpp"

#include <iconv.h>

#include <algorithm>
#include <cerrno>

namespace hallq::printer {

std::string to_gbk(std::string_view utf8, int* replaced) {
  int bad = 0;
  std::string out;
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) {  // no converter: keep ASCII only
    for (char c : utf8) {
      if (static_cast<unsigned char>(c) < 0x80)
        out.push_back(c);
      else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        out.push_back('?');
        ++bad;
      }
    }
    if (replaced) *replaced = bad;
    return out;
  }
  // One code point at a time, so a character outside GBK can be replaced alone.
  for (std::size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    n = std::min(n, utf8.size() - i);
    if (n == 1 && c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    char in[4], conv[8];
    std::copy_n(utf8.data() + i, n, in);
    char* ip = in;
    char* op = conv;
    std::size_t il = n, ol = sizeof conv;
    std::size_t r = iconv(cd, &ip, &il, &op, &ol);
    std::size_t len = sizeof conv - ol;
    // GB18030's four-byte sequences (second byte 0x30-0x39) are not in printer fonts.
    if (r == static_cast<std::size_t>(-1) || len != 2) {
      out.push_back('?');
      ++bad;
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
    } else {
      out.append(conv, len);
    }
    i += n;
  }
  iconv_close(cd);
  if (replaced) *replaced = bad;
  return out;
}

EscPos& EscPos::init() {
  return raw({0x1B, 0x40});
}

EscPos& EscPos::chinese(bool on) {
  return on ? raw({0x1C, 0x26}) : raw({0x1C, 0x2E});
}

EscPos& EscPos::text(std::string_view utf8) {
  int bad = 0;
  std::string gbk = to_gbk(utf8, &bad);
  replaced_ += bad;
  out_.insert(out_.end(), gbk.begin(), gbk.end());
  return *this;
}

EscPos& EscPos::line(std::string_view utf8) {
  text(utf8);
  out_.push_back(0x0A);
  return *this;
}

EscPos& EscPos::size(int width, int height) {
  auto w = static_cast<std::uint8_t>(std::clamp(width, 1, 8) - 1);
  auto h = static_cast<std::uint8_t>(std::clamp(height, 1, 8) - 1);
  return raw({0x1D, 0x21, static_cast<std::uint8_t>((w << 4) | h)});
}

EscPos& EscPos::bold(bool on) {
  return raw({0x1B, 0x45, static_cast<std::uint8_t>(on ? 1 : 0)});
}

EscPos& EscPos::align(Align a) {
  return raw({0x1B, 0x61, static_cast<std::uint8_t>(a)});
}

EscPos& EscPos::feed(int lines) {
  return raw({0x1B, 0x64, static_cast<std::uint8_t>(std::clamp(lines, 0, 255))});
}

EscPos& EscPos::raster(const Raster& r) {
  if (r.empty()) return *this;
  const int bpr = r.bytes_per_row();
  // Bands of at most 255 rows: some printers' buffers cannot take a tall image at once.
  for (int y0 = 0; y0 < r.height; y0 += 255) {
    int rows = std::min(255, r.height - y0);
    raw({0x1D, 0x76, 0x30, 0x00, static_cast<std::uint8_t>(bpr & 0xFF), static_cast<std::uint8_t>(bpr >> 8),
         static_cast<std::uint8_t>(rows & 0xFF), static_cast<std::uint8_t>(rows >> 8)});
    auto from = r.bits.begin() + static_cast<std::ptrdiff_t>(y0 * bpr);
    out_.insert(out_.end(), from, from + static_cast<std::ptrdiff_t>(rows * bpr));
  }
  return *this;
}

EscPos& EscPos::qr(std::string_view data, int module, QrLevel level) {
  const std::size_t len = data.size() + 3;
  raw({0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00});  // model 2
  raw({0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, static_cast<std::uint8_t>(std::clamp(module, 1, 16))});
  raw({0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, static_cast<std::uint8_t>(level)});
  raw({0x1D, 0x28, 0x6B, static_cast<std::uint8_t>(len & 0xFF), static_cast<std::uint8_t>(len >> 8), 0x31, 0x50, 0x30});
  out_.insert(out_.end(), data.begin(), data.end());
  return raw({0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30});  // print
}

EscPos& EscPos::cut(bool partial, int feed_dots) {
  return raw({0x1D, 0x56, static_cast<std::uint8_t>(partial ? 0x42 : 0x41),
              static_cast<std::uint8_t>(std::clamp(feed_dots, 0, 255))});
}

EscPos& EscPos::raw(std::initializer_list<std::uint8_t> bytes) {
  out_.insert(out_.end(), bytes.begin(), bytes.end());
  return *this;
}

std::vector<std::uint8_t> status_request(int n) {
  return {0x10, 0x04, static_cast<std::uint8_t>(std::clamp(n, 1, 4))};
}

std::vector<std::uint8_t> automatic_status(bool on) {
  return {0x1D, 0x61, static_cast<std::uint8_t>(on ? 0xFF : 0x00)};
}

}  // namespace hallq::printer
