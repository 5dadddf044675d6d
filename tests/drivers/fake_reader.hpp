#pragma once
// A fake resident-ID reader's firmware (GA 467), for serial (pty) and USB
// split-pipe fakes: commands in, answer frames out, with a card or without,
// with corrupt checksums or a slow answer on request. Also builds the
// 256-byte text blocks of the four card types.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "drivers/cardreader/frame.hpp"

namespace hallq::test {

using Bytes = std::vector<std::uint8_t>;

// UTF-8 → UCS-2 LE, padded with spaces to `bytes`.
inline Bytes ucs2(const std::string& utf8, std::size_t bytes) {
  Bytes out;
  for (std::size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    char32_t cp;
    if (c < 0x80) {
      cp = c;
      i += 1;
    } else if ((c >> 5) == 6) {
      cp = ((c & 0x1F) << 6) | (utf8[i + 1] & 0x3F);
      i += 2;
    } else {
      cp = ((c & 0x0F) << 12) | ((utf8[i + 1] & 0x3F) << 6) | (utf8[i + 2] & 0x3F);
      i += 3;
    }
    out.push_back(static_cast<std::uint8_t>(cp & 0xFF));
    out.push_back(static_cast<std::uint8_t>(cp >> 8));
  }
  while (out.size() < bytes) {
    out.push_back(0x20);
    out.push_back(0x00);
  }
  out.resize(bytes);
  return out;
}

struct TextField {
  std::size_t offset, size;
  std::string value;
};

inline Bytes text_block(const std::vector<TextField>& fields, char type) {
  Bytes b = ucs2("", 256);
  for (const auto& f : fields) {
    Bytes v = ucs2(f.value, f.size);
    std::copy(v.begin(), v.end(), b.begin() + static_cast<std::ptrdiff_t>(f.offset));
  }
  b[248] = static_cast<std::uint8_t>(type);
  b[249] = 0;
  return b;
}

// 包巴特尔, a Mongolian man from Horqin, Tongliao.
inline Bytes resident_block() {
  return text_block({{0, 30, "包巴特尔"},
                     {30, 2, "1"},
                     {32, 4, "02"},
                     {36, 16, "19880215"},
                     {52, 70, "内蒙古通辽市科尔沁区建国路12号"},
                     {122, 36, "150502198802151230"},
                     {158, 30, "通辽市公安局科尔沁区分局"},
                     {188, 16, "20180301"},
                     {204, 16, "20380301"}},
                    ' ');
}

inline std::string answer(std::uint8_t sw3, const Bytes& data = {}, bool corrupt = false) {
  Bytes f(std::begin(cardreader::kPreamble), std::end(cardreader::kPreamble));
  std::size_t len = 3 + data.size() + 1;
  f.push_back(static_cast<std::uint8_t>(len >> 8));
  f.push_back(static_cast<std::uint8_t>(len & 0xFF));
  f.push_back(0);
  f.push_back(0);
  f.push_back(sw3);
  f.insert(f.end(), data.begin(), data.end());
  std::uint8_t chk = cardreader::checksum(std::span(f).subspan(5));
  f.push_back(corrupt ? static_cast<std::uint8_t>(chk ^ 0x5A) : chk);
  return std::string(f.begin(), f.end());
}

struct ReaderFirmware {
  bool card = true;
  Bytes text = resident_block();
  int corrupt_answers = 0;             // this many answers get a wrong checksum
  std::chrono::milliseconds delay{0};  // answers take this long
  // What a faulty reader or card answers instead of 90: to SAM status (60: the
  // SAM's self-test failed), to select (24: unknown error), to reading the
  // card (41: a damaged chip).
  std::uint8_t sam_status = 0x90, select_status = 0x90, read_status = 0x90;
  int read_status_times = -1;          // reads answer read_status this many times, then 90 (-1: every time)
  std::vector<std::uint8_t> commands;  // CMD of every command seen

  // The answer frame to a complete command frame ("" for garbage).
  std::string handle(const Bytes& frame) {
    if (frame.size() < 10) return {};
    std::uint8_t cmd = frame[7], para = frame[8];
    commands.push_back(cmd);
    bool corrupt = corrupt_answers > 0;
    if (corrupt) --corrupt_answers;
    if (cmd == 0x11) return answer(sam_status, {}, corrupt);
    if (cmd == 0x12)
      return answer(0x90,
                    {0x05, 0x00, 0x01, 0x00, 0x09, 0xB8, 0x32, 0x01, 0x05, 0xBE, 0x12, 0x00, 0xAD, 0xC5, 0xB1, 0x11},
                    corrupt);
    if (cmd == 0x20 && para == 0x01) return card ? answer(0x9F, {0, 0, 0, 0}, corrupt) : answer(0x80, {}, corrupt);
    if (cmd == 0x20 && para == 0x02) {
      if (!card) return answer(0x81, {}, corrupt);
      return select_status == 0x90 ? answer(0x90, Bytes(8, 0), corrupt) : answer(select_status, {}, corrupt);
    }
    if (cmd == 0x30) {
      if (!card) return answer(0x41, {}, corrupt);
      if (read_status != 0x90 && read_status_times != 0) {
        if (read_status_times > 0) --read_status_times;
        return answer(read_status, {}, corrupt);
      }
      Bytes data = {0x01, 0x00, 0x04, 0x00};
      data.insert(data.end(), text.begin(), text.end());
      for (int i = 0; i < 1024; ++i) data.push_back(static_cast<std::uint8_t>(i * 7));
      return answer(0x90, data, corrupt);
    }
    return answer(0x21, {}, corrupt);
  }
};

}  // namespace hallq::test
