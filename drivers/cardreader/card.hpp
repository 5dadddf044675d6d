#pragma once
// The card's 256-byte text block (UCS-2 little-endian, space padded) decoded
// into UTF-8 fields, for the four card types a resident-ID reader returns.
// The 1024-byte photo is vendor-compressed ("WLT") and kept opaque.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hallq::cardreader {

enum class CardType {
  resident,      // 居民身份证
  hk_mo_tw,      // 港澳台居民居住证 ("J")
  foreign_2017,  // 外国人永久居留身份证, 2017 ("I")
  foreign_2023,  // 外国人永久居留身份证, 2023 ("Y")
};
std::string_view to_string(CardType t);  // "resident", "hk_mo_tw", "foreign_2017", "foreign_2023"

struct IdCard {
  CardType type = CardType::resident;
  std::string name;                 // Chinese name
  std::string name_en;              // foreigners: English name
  std::string gender;               // code: 0 unknown, 1 male, 2 female, 9 unspecified
  std::string nation;               // resident/J: ethnic group code "01".."56"
  std::string nationality;          // foreigners: ISO 3166 alpha-3 code
  std::string birth;                // YYYY-MM-DD
  std::string address;              // resident/J
  std::string number;               // the card's number (ID number, permanent residence number)
  std::string authority;            // issuing authority (name, or a code on 2017 cards)
  std::string valid_from;           // YYYY-MM-DD
  std::string valid_to;             // YYYY-MM-DD or 长期 (no expiry)
  std::string pass_number;          // J: the travel permit number
  std::string issue_count;          // J: times issued
  std::string renewals;             // Y: times renewed
  std::string version;              // I: card version
  std::string old_number;           // Y: link to the 2017 number
  bool number_checked = false;      // the number has a check digit (GB 11643) and it is right
  std::vector<std::uint8_t> photo;  // opaque
};

// Decodes a text block; nullopt (with `error` set) if the block is not 256
// bytes or its type byte is unknown.
std::optional<IdCard> decode_text(std::span<const std::uint8_t> text, std::string* error = nullptr);

// UCS-2 LE → UTF-8 with trailing spaces and NULs trimmed.
std::string ucs2_field(std::span<const std::uint8_t> bytes);

// "01" → "汉", … (GB/T 3304); empty for unknown codes.
std::string_view nation_name(std::string_view code);
// "1" → "男", "2" → "女", "0" → "未知", "9" → "未说明".
std::string_view gender_name(std::string_view code);

}  // namespace hallq::cardreader
