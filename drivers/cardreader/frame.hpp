#pragma once
// GA 467 frames, as resident ID-card readers speak them (hardware.md):
//   command: AA AA AA 96 69 | L1 L2 | CMD PARA [DATA] | CHK   (L counts CMD..CHK)
//   answer:  AA AA AA 96 69 | L1 L2 | SW1 SW2 SW3 [DATA] | CHK (L counts SW1..CHK)
// CHK = XOR of every byte from L1 to the byte before CHK. Lengths big-endian.
// Pure: bytes in, a frame or an error out.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hallq::cardreader {

inline constexpr std::uint8_t kPreamble[5] = {0xAA, 0xAA, 0xAA, 0x96, 0x69};
inline constexpr std::size_t kHeaderSize = 7;  // preamble + length

// Commands (CMD, PARA).
struct Command {
  std::uint8_t cmd, para;
};
inline constexpr Command kSamStatus{0x11, 0xFF};
inline constexpr Command kSamId{0x12, 0xFF};
inline constexpr Command kFindCard{0x20, 0x01};
inline constexpr Command kSelectCard{0x20, 0x02};
inline constexpr Command kReadText{0x30, 0x01};        // text + photo
inline constexpr Command kReadWithFinger{0x30, 0x10};  // text + photo + fingerprint

// SW3 status codes.
enum class Sw3 : std::uint8_t {
  ok = 0x90,
  card_found = 0x9F,
  checksum_error = 0x10,
  length_error = 0x11,
  bad_command = 0x21,
  not_authorised = 0x23,
  unknown_error = 0x24,
  auth_failed_1 = 0x31,
  auth_failed_2 = 0x32,
  verify_error = 0x33,
  unknown_card = 0x40,
  read_failed = 0x41,
  random_failed = 0x47,
  sam_self_test_failed = 0x60,
  sam_not_authorised = 0x66,
  no_card = 0x80,
  select_failed = 0x81,
  no_content = 0x91,
};
// "no card", "checksum error", … (English); "unknown status" for others.
std::string_view describe(std::uint8_t sw3);
// The name with the byte, for messages: "SAM self-test failed (0x60)", "unknown status (0x5A)".
std::string status_name(std::uint8_t sw3);

std::uint8_t checksum(std::span<const std::uint8_t> from_length_to_last);

std::vector<std::uint8_t> build_command(Command c, std::span<const std::uint8_t> data = {});

struct Answer {
  std::uint8_t sw1 = 0, sw2 = 0, sw3 = 0;
  std::vector<std::uint8_t> data;
};

enum class ParseResult { ok, need_more, bad_preamble, bad_length, bad_checksum };

// Parses the answer frame at the start of `bytes`; `consumed` is its size
// when ok (and the bytes to drop on bad_checksum / bad_length).
ParseResult parse_answer(std::span<const std::uint8_t> bytes, Answer& out, std::size_t& consumed);

// The body length announced by a 7-byte answer header; -1 if it is not one.
int body_length(std::span<const std::uint8_t> header);

// The SAM id (answer to 12 FF) as "05.01-20101129-0001228293-0296863149".
std::string_view sam_id_text(std::span<const std::uint8_t> data, std::string& out);

}  // namespace hallq::cardreader
