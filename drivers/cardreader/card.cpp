#include "drivers/cardreader/card.hpp"

#include "core/domain/id_number.hpp"

namespace hallq::cardreader {

std::string_view to_string(CardType t) {
  switch (t) {
    case CardType::resident:
      return "resident";
    case CardType::hk_mo_tw:
      return "hk_mo_tw";
    case CardType::foreign_2017:
      return "foreign_2017";
    case CardType::foreign_2023:
      return "foreign_2023";
  }
  return "resident";
}

std::string ucs2_field(std::span<const std::uint8_t> b) {
  std::string out;
  std::size_t end = b.size() / 2;
  auto unit = [&](std::size_t i) { return static_cast<char32_t>(b[2 * i] | (b[2 * i + 1] << 8)); };
  while (end > 0 && (unit(end - 1) == u' ' || unit(end - 1) == 0)) --end;
  for (std::size_t i = 0; i < end; ++i) {
    char32_t c = unit(i);
    if (c >= 0xD800 && c <= 0xDFFF) {  // UCS-2 has no surrogates: not a character
      out += "\xEF\xBF\xBD";
      continue;
    }
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

namespace {

// YYYYMMDD → YYYY-MM-DD; anything else (长期) as it is.
std::string date(std::string s) {
  if (s.size() == 8 && s.find_first_not_of("0123456789") == std::string::npos)
    return s.substr(0, 4) + "-" + s.substr(4, 2) + "-" + s.substr(6, 2);
  return s;
}

struct Field {
  std::size_t offset, size;
};

std::string field(std::span<const std::uint8_t> t, Field f) {
  return ucs2_field(t.subspan(f.offset, f.size));
}

}  // namespace

std::optional<IdCard> decode_text(std::span<const std::uint8_t> t, std::string* error) {
  if (t.size() != 256) {
    if (error) *error = "text block is " + std::to_string(t.size()) + " bytes, not 256";
    return std::nullopt;
  }
  IdCard c;
  char32_t type = static_cast<char32_t>(t[248] | (t[249] << 8));
  if (type == u' ' || type == 0) {
    c.type = CardType::resident;
  } else if (type == u'J') {
    c.type = CardType::hk_mo_tw;
  } else if (type == u'I') {
    c.type = CardType::foreign_2017;
  } else if (type == u'Y') {
    c.type = CardType::foreign_2023;
  } else {
    if (error) *error = "unknown card type in the text block";
    return std::nullopt;
  }
  switch (c.type) {
    case CardType::resident:
    case CardType::hk_mo_tw:
      c.name = field(t, {0, 30});
      c.gender = field(t, {30, 2});
      c.nation = field(t, {32, 4});
      c.birth = date(field(t, {36, 16}));
      c.address = field(t, {52, 70});
      c.number = field(t, {122, 36});
      c.authority = field(t, {158, 30});
      c.valid_from = date(field(t, {188, 16}));
      c.valid_to = date(field(t, {204, 16}));
      if (c.type == CardType::hk_mo_tw) {
        c.pass_number = field(t, {220, 18});
        c.issue_count = field(t, {238, 4});
      }
      c.number_checked = domain::valid_id_number(c.number);
      break;
    case CardType::foreign_2017:
      c.name_en = field(t, {0, 120});
      c.gender = field(t, {120, 2});
      c.number = field(t, {122, 30});
      c.nationality = field(t, {152, 6});
      c.name = field(t, {158, 30});
      c.valid_from = date(field(t, {188, 16}));
      c.valid_to = date(field(t, {204, 16}));
      c.birth = date(field(t, {220, 16}));
      c.version = field(t, {236, 4});
      c.authority = field(t, {240, 8});
      break;
    case CardType::foreign_2023:
      c.name = field(t, {0, 30});
      c.gender = field(t, {30, 2});
      c.renewals = field(t, {32, 4});
      c.birth = date(field(t, {36, 16}));
      c.name_en = field(t, {52, 70}) + field(t, {220, 22});  // the English name continues near the end
      c.number = field(t, {122, 36});
      c.valid_from = date(field(t, {188, 16}));
      c.valid_to = date(field(t, {204, 16}));
      c.nationality = field(t, {242, 6});
      c.old_number = field(t, {250, 6});
      c.number_checked = domain::valid_id_number(c.number);
      break;
  }
  return c;
}

std::string_view gender_name(std::string_view code) {
  if (code == "1") return "男";
  if (code == "2") return "女";
  if (code == "9") return "未说明";
  if (code == "0") return "未知";
  return "";
}

std::string_view nation_name(std::string_view code) {
  static constexpr std::string_view kNames[] = {
      "汉",   "蒙古",   "回",   "藏",     "维吾尔",   "苗",   "彝",       "壮",     "布依",   "朝鲜", "满",   "侗",
      "瑶",   "白",     "土家", "哈尼",   "哈萨克",   "傣",   "黎",       "傈僳",   "佤",     "畲",   "高山", "拉祜",
      "水",   "东乡",   "纳西", "景颇",   "柯尔克孜", "土",   "达斡尔",   "仫佬",   "羌",     "布朗", "撒拉", "毛南",
      "仡佬", "锡伯",   "阿昌", "普米",   "塔吉克",   "怒",   "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固",
      "京",   "塔塔尔", "独龙", "鄂伦春", "赫哲",     "门巴", "珞巴",     "基诺"};
  if (code == "97") return "其他";
  if (code == "98") return "外国血统中国籍人士";
  if (code.size() != 2 || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9') return "";
  int n = (code[0] - '0') * 10 + (code[1] - '0');
  return n >= 1 && n <= 56 ? kNames[n - 1] : "";
}

}  // namespace hallq::cardreader
