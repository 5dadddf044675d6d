// The ticket slip in the citizen's language first and Chinese second, laid out
// for 58 and 80 mm paper and read back from the ESC/POS bytes the printer gets:
// which lines are printer text and which are drawn (Mongolian), in which order.
#include "kiosk/slip.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "drivers/printer/escpos_decode.hpp"
#include "drivers/printer/preview.hpp"
#include "tests/support/process.hpp"

using namespace hallq;
using printer::Block;

namespace {

protocol::HallInfo slip_hall() {
  protocol::HallInfo h;
  h.names = {"测试大厅", "ᠰᠢᠯᠭᠠᠯᠲᠠ ᠶᠢᠨ ᠲᠠᠩᠬᠢᠮ", "Test hall"};
  protocol::HallService s;
  s.code = "A";
  s.names = {"企业开办", "ᠠᠵᠤ ᠠᠬᠤᠢ ᠨᠡᠭᠡᠭᠡᠬᠦ", "Business start-up"};
  s.materials = {{"居民身份证原件", "ᠢᠷᠭᠡᠨ\u202fᠦ ᠦᠨᠡᠮᠯᠡᠯ", "ID card"}};
  h.services.push_back(s);
  return h;
}

protocol::TicketInfo ticket() {
  protocol::TicketInfo t;
  t.number = "A012";
  t.service = "A";
  t.ahead = 3;
  t.ewt_s = 15 * 60;
  return t;
}

// A block as a letter: T a text line, I an image; `what` collects the lines' text.
struct Read {
  std::string kinds;
  std::vector<std::string> lines;
  std::vector<Block> blocks;
};

Read read(const printer::TicketSlip& slip, const printer::Profile& p) {
  printer::Document d = printer::decode(printer::layout_ticket(slip, p));
  CHECK(d.problems.empty());
  Read r;
  for (const auto& b : d.blocks) {
    if (b.kind == Block::Kind::line) {
      std::string text;
      for (const auto& run : b.runs) text += run.utf8;
      if (text.empty()) continue;
      r.kinds += 'T';
      r.lines.push_back(text);
      r.blocks.push_back(b);
    } else if (b.kind == Block::Kind::image) {
      r.kinds += 'I';
      r.lines.push_back("");
      r.blocks.push_back(b);
      CHECK(b.image.width <= p.width_dots);
    }
  }
  return r;
}

// Where `text` starts a line; -1 if nowhere.
int at(const Read& r, const std::string& text) {
  for (std::size_t i = 0; i < r.lines.size(); ++i)
    if (r.lines[i].rfind(text, 0) == 0) return static_cast<int>(i);
  return -1;
}

}  // namespace

TEST_CASE("the slip follows the citizen's language with Chinese second, on 58 and 80 mm paper") {
  ui::FontSet fonts;
  kiosk::Words words(test::source_path("assets/i18n"), "zh");
  for (printer::Profile p : {printer::Profile::paper_58(), printer::Profile::paper_80()}) {
    CAPTURE(p.name);
    auto slip_in = [&](const char* lang) {
      words.set_lang(lang);
      return read(make_slip(ticket(), slip_hall(), words, fonts, p, "https://hallq.test/v/x", "2026-11-26 09:41"), p);
    };

    SUBCASE("Chinese: Chinese text, the service's Mongolian name drawn under it") {
      Read r = slip_in("zh");
      int service = at(r, "企业开办");
      REQUIRE(service >= 0);
      CHECK(r.kinds[static_cast<std::size_t>(service + 1)] == 'I');
      CHECK(at(r, "您的号码") == at(r, "测试大厅") + 2);  // hall, the rule, the label: no drawing between
      CHECK(at(r, "Your number") == -1);
    }
    SUBCASE("Mongolian: every line drawn in Mongolian first, then in Chinese") {
      Read r = slip_in("mn");
      for (const char* zh : {"测试大厅", "您的号码", "企业开办", "前面还有 3 人", "预计等候约 15 分钟", "取号时间",
                             "请携带以下材料", "1. 居民身份证原件", "扫码查看排队进度", "过号请到咨询台"}) {
        CAPTURE(zh);
        int i = at(r, zh);
        REQUIRE(i > 0);
        CHECK(r.kinds[static_cast<std::size_t>(i - 1)] == 'I');  // its Mongolian, just before it
      }
      // The number is still text, and big.
      int number = at(r, "A012");
      REQUIRE(number >= 0);
      CHECK(r.blocks[static_cast<std::size_t>(number)].runs[0].width >= 4);
    }
    SUBCASE("English: each line in English first, then in Chinese, all printer text") {
      Read r = slip_in("en");
      CHECK(r.kinds.find('I') == r.kinds.rfind('I'));  // one image only: the QR code (58 mm) or none
      const std::pair<const char*, const char*> pairs[] = {{"Test hall", "测试大厅"},
                                                           {"Your number", "您的号码"},
                                                           {"Business start-up", "企业开办"},
                                                           {"3 people ahead of you", "前面还有 3 人"},
                                                           {"Estimated wait about 15 min", "预计等候约 15 分钟"},
                                                           {"1. ID card", "1. 居民身份证原件"},
                                                           {"Scan to follow the queue", "扫码查看排队进度"}};
      for (const auto& [en, zh] : pairs) {
        CAPTURE(en);
        int e = at(r, en), z = at(r, zh);
        REQUIRE(e >= 0);
        CHECK(z > e);
        for (int i = e + 1; i < z; ++i) CHECK(r.kinds[static_cast<std::size_t>(i)] == 'T');  // wrapped English
      }
    }
  }
}

TEST_CASE("a wide wait range is printed as a range, a narrow one as one number") {
  ui::FontSet fonts;
  kiosk::Words words(test::source_path("assets/i18n"), "en");
  printer::Profile p = printer::Profile::paper_58();
  protocol::TicketInfo t = ticket();
  t.ewt_lo_s = 10 * 60;
  t.ewt_hi_s = 15 * 60;
  Read wide = read(make_slip(t, slip_hall(), words, fonts, p, "", "2026-11-26 09:41"), p);
  CHECK(at(wide, "Estimated wait about 10–15 min") >= 0);
  CHECK(at(wide, "预计等候约 10–15 分钟") >= 0);
  t.ewt_lo_s = 13 * 60;
  t.ewt_hi_s = 17 * 60;  // four minutes apart: one number
  Read narrow = read(make_slip(t, slip_hall(), words, fonts, p, "", "2026-11-26 09:41"), p);
  CHECK(at(narrow, "预计等候约 15 分钟") >= 0);
  CHECK(at(narrow, "预计等候约 13") == -1);
}

TEST_CASE("one person ahead and a wait under a minute read as a person would say them, as the screen says them") {
  ui::FontSet fonts;
  kiosk::Words words(test::source_path("assets/i18n"), "en");
  printer::Profile p = printer::Profile::paper_58();
  protocol::TicketInfo t = ticket();
  t.ahead = 1;
  t.ewt_s = 30;
  Read r = read(make_slip(t, slip_hall(), words, fonts, p, "", "2026-11-26 09:41"), p);
  CHECK(at(r, "1 person ahead of you") >= 0);  // not "1 people"
  CHECK(at(r, "前面还有 1 人") >= 0);
  // Under a minute: the words of the kiosk's result page (kiosk.ewt_soon), not "about 1 min".
  CHECK(at(r, "Estimated wait under 1 min") >= 0);
  CHECK(at(r, "预计等候不到 1 分钟") >= 0);
  CHECK(words.t("kiosk.ewt_soon") == "Estimated wait under 1 min");
  CHECK(at(r, "Estimated wait about") == -1);
  t.ahead = 2;
  t.ewt_s = 90;
  Read two = read(make_slip(t, slip_hall(), words, fonts, p, "", "2026-11-26 09:41"), p);
  CHECK(at(two, "2 people ahead of you") >= 0);
  CHECK(at(two, "Estimated wait about 2 min") >= 0);
}

TEST_CASE("a training hall's slip says first that its number is for training, in both languages") {
  ui::FontSet fonts;
  kiosk::Words words(test::source_path("assets/i18n"), "en");
  printer::Profile p = printer::Profile::paper_58();
  Read training = read(make_slip(ticket(), slip_hall(), words, fonts, p, "", "2026-11-26 09:41", true), p);
  int en = at(training, "Training number"), zh = at(training, "培训用号");
  REQUIRE(en >= 0);
  CHECK(zh > en);
  CHECK(zh < at(training, "3 people ahead of you"));
  Read real = read(make_slip(ticket(), slip_hall(), words, fonts, p, "", "2026-11-26 09:41"), p);
  CHECK(at(real, "Training number") == -1);
  CHECK(at(real, "培训用号") == -1);
}
