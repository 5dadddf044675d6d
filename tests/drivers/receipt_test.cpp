// The generic receipt layout (drivers/printer/receipt.cpp) read back the way a
// person and a phone would: its text through iconv, its QR code through
// zbarimg (58 mm: a raster) or the job's own QR command (80 mm).
#include <doctest/doctest.h>

#include <algorithm>

#include "core/ui/fonts.hpp"
#include "drivers/printer/escpos_decode.hpp"
#include "drivers/printer/preview.hpp"
#include "drivers/printer/receipt.hpp"
#include "tests/support/printed.hpp"

using namespace hallq;
using namespace hallq::printer;
using namespace hallq::test;

namespace {

Receipt notice() {
  Receipt r;
  r.hall = "通辽经济技术开发区政务服务中心";
  r.title = "补正材料一次性告知书";
  r.code_label = "补正码";
  r.code = "40817263";
  r.lines = {"办理事项：企业开办", "办件编号：F-20261126-0001", "日期：2026-11-26"};
  r.list_title = "请补正以下材料：";
  r.list = {"公司章程", "经营场所使用证明"};
  return r;
}

}  // namespace

TEST_CASE("the supplement notice carries the code large, the missing materials, the case and the date") {
  ui::FontSet fonts;
  Receipt r = notice();
  r.title_mongolian = mongolian_raster(
      fonts, "ᠮᠠᠲ᠋ᠧᠷᠢᠶᠠᠯ ᠨᠥᠬᠥᠪᠥᠷᠢᠯᠡᠬᠦ ᠮᠡᠳᠡᠭᠳᠡᠯ", 30, 200);
  r.mongolian = {mongolian_raster(fonts, "ᠺᠣᠮᠫᠠᠨᠢ ᠶᠢᠨ ᠳᠦᠷᠢᠮ", 26, 200),
                 mongolian_raster(fonts, "ᠠᠵᠢᠯ ᠠᠵᠢᠯᠯᠠᠭᠠᠨ ᠤ ᠭᠠᠵᠠᠷ ᠤᠨ ᠭᠡᠷᠡᠴᠢᠯᠡᠭᠡ", 26, 200)};
  for (const Profile& p : {Profile::paper_58(), Profile::paper_80()}) {
    CAPTURE(p.width_dots);
    TempDir dir;
    auto job = layout_receipt(r, p);
    std::string text = text_by_iconv(job, dir);
    for (const char* part : {"补正材料一次性告知书", "40817263", "1. 公司章程", "2. 经营场所使用证明",
                             "F-20261126-0001", "2026-11-26", "企业开办"})
      CHECK_MESSAGE(has(text, part), part << " is not on the paper:\n" << text);
    auto doc = decode(job);
    CHECK(doc.problems.empty());
    // The code is printed large: the biggest characters on the paper, and it fits.
    int code_width = 0;
    for (const auto& b : doc.blocks)
      for (const auto& run : b.runs)
        if (run.utf8 == "40817263") code_width = run.width;
    CHECK(code_width >= 3);
    CHECK(8 * 12 * code_width <= p.width_dots);
    // The Mongolian: the title and both materials, side by side in one row on 80 mm paper.
    int images = static_cast<int>(std::count_if(doc.blocks.begin(), doc.blocks.end(),
                                                [](const Block& b) { return b.kind == Block::Kind::image; }));
    CHECK(images >= 2);
    for (const auto& b : doc.blocks)
      if (b.kind == Block::Kind::image) CHECK(b.image.width <= p.width_dots);
    CHECK(doc.blocks.back().kind == Block::Kind::cut);
  }
}

TEST_CASE("the acceptance receipt's QR code reads back as the case's status link on both papers") {
  Receipt r;
  r.title = "受理回执";
  r.lines = {"办件编号：F-20261126-0002", "承诺办结日期：2026-12-01", "领取窗口：统一出件窗口"};
  r.qr_payload = "https://hallq.test/q?hall=t&day=2026-11-26&number=F-20261126-0002";
  r.qr_caption = "扫码查看办理进度";
  TempDir dir;
  auto small = layout_receipt(r, Profile::paper_58());
  CHECK(qr_in_job(small, dir) == std::vector<std::string>{r.qr_payload});
  auto big = layout_receipt(r, Profile::paper_80());
  std::vector<std::string> native;
  for (const auto& b : decode(big).blocks)
    if (b.kind == Block::Kind::qr) native.push_back(b.qr_data);
  CHECK(native == std::vector<std::string>{r.qr_payload});
  std::string text = text_by_iconv(big, dir);
  CHECK(has(text, "F-20261126-0002"));
  CHECK(has(text, "2026-12-01"));
  CHECK(has(text, "统一出件窗口"));
  CHECK_FALSE(has(text, "补正码"));  // no code: no code line
}

TEST_CASE("Mongolian blocks go side by side, a new row when the paper is full") {
  auto block = [](int w, int h) {
    Raster r = Raster::blank(w, h);
    r.set(0, 0);
    r.set(w - 1, h - 1);
    return r;
  };
  auto rows = side_by_side({block(100, 50), block(100, 80), block(100, 60)}, 10, 250);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].width == 210);
  CHECK(rows[0].height == 80);
  CHECK(rows[0].black(0, 0));
  CHECK(rows[0].black(110, 0));   // the second block starts after the gap
  CHECK(rows[0].black(209, 79));  // and keeps its own pixels
  CHECK(rows[1].width == 100);
  CHECK(side_by_side({Raster{}, block(400, 10)}, 10, 250).size() == 1);  // too wide: alone, empty ones skipped
}
