#include "drivers/cardreader/frame.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace hallq::cardreader {

std::string_view describe(std::uint8_t sw3) {
  switch (static_cast<Sw3>(sw3)) {
    case Sw3::ok:
      return "ok";
    case Sw3::card_found:
      return "card found";
    case Sw3::checksum_error:
      return "checksum error";
    case Sw3::length_error:
      return "length error";
    case Sw3::bad_command:
      return "bad command";
    case Sw3::not_authorised:
      return "not authorised";
    case Sw3::unknown_error:
      return "unknown error";
    case Sw3::auth_failed_1:
    case Sw3::auth_failed_2:
      return "mutual authentication failed";
    case Sw3::verify_error:
      return "verification error";
    case Sw3::unknown_card:
      return "unknown card type";
    case Sw3::read_failed:
      return "card read failed";
    case Sw3::random_failed:
      return "random number failed";
    case Sw3::sam_self_test_failed:
      return "SAM self-test failed";
    case Sw3::sam_not_authorised:
      return "SAM not authorised";
    case Sw3::no_card:
      return "no card";
    case Sw3::select_failed:
      return "card select failed";
    case Sw3::no_content:
      return "no content";
  }
  return "unknown status";
}

std::string status_name(std::uint8_t sw3) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", sw3);
  return std::string(describe(sw3)) + " (" + hex + ")";
}

std::uint8_t checksum(std::span<const std::uint8_t> bytes) {
  std::uint8_t x = 0;
  for (std::uint8_t b : bytes) x ^= b;
  return x;
}

std::vector<std::uint8_t> build_command(Command c, std::span<const std::uint8_t> data) {
  std::size_t len = 2 + data.size() + 1;  // CMD PARA DATA CHK
  std::vector<std::uint8_t> f(std::begin(kPreamble), std::end(kPreamble));
  f.push_back(static_cast<std::uint8_t>(len >> 8));
  f.push_back(static_cast<std::uint8_t>(len & 0xFF));
  f.push_back(c.cmd);
  f.push_back(c.para);
  f.insert(f.end(), data.begin(), data.end());
  f.push_back(checksum(std::span(f).subspan(5)));
  return f;
}

int body_length(std::span<const std::uint8_t> header) {
  if (header.size() < kHeaderSize || !std::equal(std::begin(kPreamble), std::end(kPreamble), header.begin())) return -1;
  return (header[5] << 8) | header[6];
}

ParseResult parse_answer(std::span<const std::uint8_t> bytes, Answer& out, std::size_t& consumed) {
  consumed = 0;
  if (bytes.size() < kHeaderSize) {
    std::size_t n = std::min(bytes.size(), std::size(kPreamble));
    return std::equal(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n), std::begin(kPreamble))
               ? ParseResult::need_more
               : ParseResult::bad_preamble;
  }
  int len = body_length(bytes);
  if (len < 0) return ParseResult::bad_preamble;
  if (len < 4) {  // SW1 SW2 SW3 CHK at least
    consumed = kHeaderSize;
    return ParseResult::bad_length;
  }
  std::size_t total = kHeaderSize + static_cast<std::size_t>(len);
  if (bytes.size() < total) return ParseResult::need_more;
  consumed = total;
  if (checksum(bytes.subspan(5, total - 6)) != bytes[total - 1]) return ParseResult::bad_checksum;
  out.sw1 = bytes[7];
  out.sw2 = bytes[8];
  out.sw3 = bytes[9];
  out.data.assign(bytes.begin() + 10, bytes.begin() + static_cast<std::ptrdiff_t>(total - 1));
  return ParseResult::ok;
}

std::string_view sam_id_text(std::span<const std::uint8_t> d, std::string& out) {
  if (d.size() < 16) return out = {};
  auto u16 = [&](std::size_t i) { return static_cast<unsigned>(d[i] | (d[i + 1] << 8)); };
  auto u32 = [&](std::size_t i) {
    return static_cast<unsigned long>(d[i]) | (static_cast<unsigned long>(d[i + 1]) << 8) |
           (static_cast<unsigned long>(d[i + 2]) << 16) | (static_cast<unsigned long>(d[i + 3]) << 24);
  };
  char buf[64];
  std::snprintf(buf, sizeof buf, "%02u.%02u-%08lu-%010lu-%010lu", u16(0), u16(2), u32(4), u32(8), u32(12));
  return out = buf;
}

}  // namespace hallq::cardreader
