#include "drivers/printer/escpos.hpp"

#include <doctest/doctest.h>

#include "drivers/printer/escpos_decode.hpp"
#include "drivers/printer/status.hpp"
#include "drivers/printer/ticket.hpp"

using namespace hallq::printer;
using Bytes = std::vector<std::uint8_t>;

TEST_CASE("the encoder writes the documented ESC/POS byte sequences") {
  CHECK(EscPos().init().bytes() == Bytes{0x1B, 0x40});
  CHECK(EscPos().chinese(true).chinese(false).bytes() == Bytes{0x1C, 0x26, 0x1C, 0x2E});
  CHECK(EscPos().size(2, 2).bytes() == Bytes{0x1D, 0x21, 0x11});  // (w-1)<<4 | (h-1)
  CHECK(EscPos().size(4, 3).bytes() == Bytes{0x1D, 0x21, 0x32});
  CHECK(EscPos().size(9, 0).bytes() == Bytes{0x1D, 0x21, 0x70});  // clamped to 1..8
  CHECK(EscPos().bold(true).bold(false).bytes() == Bytes{0x1B, 0x45, 0x01, 0x1B, 0x45, 0x00});
  CHECK(EscPos().align(Align::center).bytes() == Bytes{0x1B, 0x61, 0x01});
  CHECK(EscPos().cut(true, 3).bytes() == Bytes{0x1D, 0x56, 0x42, 0x03});
  CHECK(EscPos().cut(false, 0).bytes() == Bytes{0x1D, 0x56, 0x41, 0x00});
  CHECK(status_request(1) == Bytes{0x10, 0x04, 0x01});
  CHECK(status_request(4) == Bytes{0x10, 0x04, 0x04});

  // QR: model 2, module size, error level, store (pL + 256·pH = len + 3), print.
  Bytes qr = EscPos().qr("AB", 6, QrLevel::M).bytes();
  Bytes expected = {0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00,       //
                    0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x06,             //
                    0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31,             //
                    0x1D, 0x28, 0x6B, 0x05, 0x00, 0x31, 0x50, 0x30, 'A',  'B',  //
                    0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30};
  CHECK(qr == expected);
  std::string long_data(300, 'x');
  Bytes big = EscPos().qr(long_data, 3).bytes();
  CHECK(big[25 + 3] == ((300 + 3) & 0xFF));  // pL of the store function
  CHECK(big[25 + 4] == ((300 + 3) >> 8));    // pH

  // Raster: GS v 0 m xL xH yL yH, then rows of bytes, MSB leftmost.
  Raster r = Raster::blank(10, 2);
  r.set(0, 0);
  r.set(9, 1);
  Bytes img = EscPos().raster(r).bytes();
  CHECK(img == Bytes{0x1D, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00, 0x80, 0x00, 0x00, 0x40});
  CHECK(to_pbm(r) == std::string("P4\n10 2\n\x80\x00\x00\x40", 12));
}

TEST_CASE("tall images go out in bands of at most 255 rows") {
  Raster r = Raster::blank(8, 600);
  Bytes b = EscPos().raster(r).bytes();
  CHECK(b.size() == 3 * 8 + 600);
  CHECK(b[6] == 255);  // first band
  CHECK(b[8 + 255 + 6] == 255);
  CHECK(b[2 * (8 + 255) + 6] == 90);
  Document d = decode(b);
  REQUIRE(d.blocks.size() == 1);  // read back as one image
  CHECK(d.blocks[0].image.height == 600);
}

TEST_CASE("text goes out as GB18030 within GBK — what a printer font lacks becomes ?") {
  int bad = -1;
  CHECK(to_gbk("A001 号", &bad) == std::string("A001 \xBA\xC5"));
  CHECK(bad == 0);
  CHECK(to_gbk("通辽") == std::string("\xCD\xA8\xC1\xC9"));
  CHECK(to_gbk("ᠮᠣᠩᠭᠣᠯ", &bad) == "??????");  // Mongolian: a raster job, never text
  CHECK(bad == 6);
  CHECK(to_gbk("😀x", &bad) == "?x");
  CHECK(from_gbk(to_gbk("请携带以下材料：居民身份证原件")) == "请携带以下材料：居民身份证原件");
  EscPos e;
  e.line("企业开办").text("ᠠ");
  CHECK(e.replaced() == 1);
}

TEST_CASE("status bytes fold into one printer state, cover and paper first") {
  PrinterStatus s;
  CHECK(s.state() == PrinterState::unknown);
  CHECK_FALSE(apply_status(s, 1, 0x00));  // fixed bits wrong: not a status byte
  CHECK_FALSE(apply_status(s, 1, 0x93));
  CHECK(apply_status(s, 1, 0x12));
  CHECK(apply_status(s, 2, 0x12));
  CHECK(apply_status(s, 3, 0x12));
  CHECK(apply_status(s, 4, 0x12));
  CHECK(s.state() == PrinterState::ready);
  CHECK(s.describe() == "ready");

  PrinterStatus low;
  apply_status(low, 4, 0x1E);  // 0x12 | 0x0C: paper near end
  CHECK(low.state() == PrinterState::paper_low);
  PrinterStatus out;
  apply_status(out, 1, 0x1A);  // offline
  apply_status(out, 2, 0x32);  // stopped by paper end
  apply_status(out, 4, 0x72);  // paper end
  CHECK(out.state() == PrinterState::paper_out);
  CHECK(out.describe() == "paper out, offline");
  PrinterStatus cover;
  apply_status(cover, 1, 0x1A);
  apply_status(cover, 2, 0x16);  // cover open
  CHECK(cover.state() == PrinterState::cover_open);
  PrinterStatus cutter;
  apply_status(cutter, 3, 0x1A);
  CHECK(cutter.state() == PrinterState::error);
  PrinterStatus off;
  apply_status(off, 1, 0x1A);
  CHECK(off.state() == PrinterState::offline);

  PrinterStatus asb;
  CHECK(apply_asb(asb, Bytes{0x10, 0x00, 0x0C, 0x00}));
  CHECK(asb.state() == PrinterState::paper_out);
  CHECK(apply_asb(asb, Bytes{0x30, 0x00, 0x00, 0x00}));
  CHECK(asb.state() == PrinterState::cover_open);
  CHECK(apply_asb(asb, Bytes{0x10, 0x00, 0x01, 0x00}));
  CHECK(asb.state() == PrinterState::paper_low);
  CHECK_FALSE(apply_asb(asb, Bytes{0x12, 0x00, 0x00, 0x00}));  // a DLE EOT answer, not ASB
  CHECK_FALSE(apply_asb(asb, Bytes{0x10, 0x00}));

  CHECK(from_port_status(0x18).state() == PrinterState::ready);
  CHECK(from_port_status(0x38).state() == PrinterState::paper_out);
  CHECK(from_port_status(0x08).state() == PrinterState::offline);
  CHECK(to_string(PrinterState::paper_low) == "paper_low");
}

TEST_CASE("a job decodes back to what the printer puts on paper") {
  EscPos e;
  e.init().chinese(true).align(Align::center).bold(true).line("通辽").bold(false);
  e.size(4, 4).line("A001").size(1, 1).align(Align::left).line("1. 居民身份证");
  e.qr("https://example/q", 5).feed(2).cut();
  Document d = decode(e.bytes());
  CHECK(d.problems.empty());
  REQUIRE(d.blocks.size() == 6);
  CHECK(d.blocks[0].align == Align::center);
  CHECK(d.blocks[0].runs[0].utf8 == "通辽");
  CHECK(d.blocks[0].runs[0].bold);
  CHECK(d.blocks[1].runs[0].utf8 == "A001");
  CHECK(d.blocks[1].runs[0].width == 4);
  CHECK(d.blocks[2].align == Align::left);
  CHECK(d.blocks[3].kind == Block::Kind::qr);
  CHECK(d.blocks[3].qr_data == "https://example/q");
  CHECK(d.blocks[3].qr_module == 5);
  CHECK(d.blocks[4].kind == Block::Kind::feed);
  CHECK(d.blocks[5].kind == Block::Kind::cut);
  CHECK(d.text() == "通辽\nA001\n1. 居民身份证\n");

  Bytes bad = {0x1B, 0x40, 0x1B, 0x7F, 'x', '\n', 0x10, 0x04, 0x01, 0x1D};
  Document b = decode(bad);
  CHECK(b.status_queries == 1);
  CHECK(b.problems.size() == 3);  // unknown 1B 7F, a status query, a truncated GS
}

TEST_CASE("text wraps at the paper width, CJK 24 dots, Latin 12") {
  CHECK(wrap_text("一二三四五", 72) == std::vector<std::string>{"一二三", "四五"});
  CHECK(wrap_text("please bring your card", 120) == std::vector<std::string>{"please", "bring your", "card"});
  CHECK(wrap_text("bring your card", 120) == std::vector<std::string>{"bring your", "card"});
  CHECK(wrap_text("", 100).empty());
  CHECK(wrap_text("居民身份证原件及复印件一份", 384).size() == 1);
}

TEST_CASE("the ticket layout fits 58 and 80 mm paper and carries every part of the slip") {
  TicketSlip s;
  s.hall = "通辽经济技术开发区政务服务中心";
  s.number_label = "您的号码";
  s.number = "A012";
  s.service = "企业开办";
  s.service_mongolian = Raster::blank(40, 120);
  s.service_mongolian.set(3, 3);
  s.info = {"前面还有 3 人", "预计等候约 15 分钟"};
  s.materials_title = "请携带以下材料：";
  s.materials = {"居民身份证原件", "公司章程"};
  s.qr_payload = "https://hallq.example/status?number=A012";
  s.qr_caption = "扫码查看排队进度";
  s.footer = "过号请到咨询台，谢谢！";
  for (Profile p : {Profile::paper_58(), Profile::paper_80()}) {
    CAPTURE(p.name);
    Document d = decode(layout_ticket(s, p));
    CHECK(d.problems.empty());
    std::string text = d.text();
    for (const char* want : {"通辽经济技术开发区政务服务中心", "您的号码", "A012", "企业开办", "前面还有 3 人",
                             "1. 居民身份证原件", "2. 公司章程", "扫码查看排队进度", "过号请到咨询台，谢谢！"})
      CHECK_MESSAGE(text.find(want) != std::string::npos, want);
    int images = 0, qrs = 0, cuts = 0;
    for (const auto& b : d.blocks) {
      images += b.kind == Block::Kind::image;
      qrs += b.kind == Block::Kind::qr;
      cuts += b.kind == Block::Kind::cut;
      if (b.kind == Block::Kind::image) CHECK(b.image.width <= p.width_dots);
      if (b.kind == Block::Kind::line) {
        int dots = 0;
        for (const auto& r : b.runs)
          for (std::size_t i = 0; i < r.utf8.size(); ++i)
            if ((static_cast<unsigned char>(r.utf8[i]) & 0xC0) != 0x80)
              dots += (static_cast<unsigned char>(r.utf8[i]) < 0x80 ? 12 : 24) * r.width;
        CHECK(dots <= p.width_dots);  // nothing the printer would wrap on its own
      }
    }
    CHECK(cuts == 1);
    if (p.native_qr) {
      CHECK(qrs == 1);
      CHECK(images == 1);  // the Mongolian name
    } else {
      CHECK(qrs == 0);
      CHECK(images == 2);  // the Mongolian name and the QR code
    }
  }
}

TEST_CASE("each slip line prints in the citizen's language first and Chinese second") {
  Raster mongolian = Raster::blank(60, 90);
  mongolian.set(5, 5);
  SlipText drawn("您的号码");
  drawn.image = mongolian;
  SlipText english("前面还有 3 人");
  english.text = "3 people ahead of you";
  TicketSlip s;
  s.number_label = drawn;
  s.number = "A012";
  s.info = {english, "取号时间 2026-11-26 09:41"};
  s.materials = {drawn};
  for (Profile p : {Profile::paper_58(), Profile::paper_80()}) {
    CAPTURE(p.name);
    Document d = decode(layout_ticket(s, p));
    CHECK(d.problems.empty());
    std::vector<std::string> seen;  // "image" or the line's text, in paper order
    for (const auto& b : d.blocks) {
      if (b.kind == Block::Kind::image) seen.push_back("image");
      if (b.kind != Block::Kind::line || b.runs.empty()) continue;
      std::string text;
      for (const auto& r : b.runs) text += r.utf8;
      if (text.find("---") == std::string::npos) seen.push_back(text);
    }
    CHECK(seen == std::vector<std::string>{"image", "您的号码", "A012", "3 people ahead of you", "前面还有 3 人",
                                           "取号时间 2026-11-26 09:41", "image", "1. 您的号码"});
  }
}
