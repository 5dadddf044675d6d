// Fuzz target "escpos": a print job, as the virtual printer and the tests read
// it back (drivers/printer/escpos_decode.hpp), and the status bytes a printer
// answers (drivers/printer/status.hpp).
//
// Properties beyond "no crash": every image block holds exactly
// bytes_per_row × height bytes (the preview reads them by index), every text
// run is valid UTF-8 and is its GB18030 bytes decoded, and a QR block has a
// module size a printer takes (1..16 dots) and is drawn the way the preview
// draws it.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "drivers/printer/escpos_decode.hpp"
#include "drivers/printer/raster.hpp"
#include "drivers/printer/status.hpp"
#include "tests/fuzz/check.hpp"

namespace {

using namespace hallq::printer;
using hallq::fuzz::fail;
using hallq::fuzz::valid_utf8;

constexpr const char* kTarget = "escpos";

void check(bool ok, const char* what, std::string_view a = {}, std::string_view b = {}) {
  if (!ok) fail(kTarget, what, a, b);
}

void check_document(const Document& d) {
  for (const Block& b : d.blocks) {
    const auto align = static_cast<unsigned>(b.align);  // an enum with unsigned storage
    check(align <= 2, "an alignment out of range");
    switch (b.kind) {
      case Block::Kind::line:
        for (const TextRun& r : b.runs) {
          check(!r.gbk.empty(), "an empty text run");
          check(r.utf8 == from_gbk(r.gbk), "a run's text is not its bytes decoded", r.utf8);
          check(valid_utf8(r.utf8), "a run's text is not UTF-8", r.utf8);
          check(r.width >= 1 && r.width <= 8 && r.height >= 1 && r.height <= 8, "a character size out of 1..8");
        }
        break;
      case Block::Kind::image:
        check(b.image.width >= 0 && b.image.height >= 0, "an image of negative size");
        check(b.image.bits.size() ==
                  static_cast<std::size_t>(b.image.bytes_per_row()) * static_cast<std::size_t>(b.image.height),
              "an image's bytes do not match its size");
        if (!b.image.empty()) {  // the corners the preview reads
          (void)b.image.black(0, 0);
          (void)b.image.black(b.image.width - 1, b.image.height - 1);
        }
        break;
      case Block::Kind::qr: {
        check(b.qr_module >= 1 && b.qr_module <= 16, "a QR module size outside 1..16");
        // As the preview draws it.
        Raster q = qr_raster(b.qr_data, std::max(1, b.qr_module));
        check(q.bits.size() == static_cast<std::size_t>(q.bytes_per_row()) * static_cast<std::size_t>(q.height),
              "a QR raster's bytes do not match its size");
        break;
      }
      case Block::Kind::feed:
        check(b.lines >= 0 && b.lines <= 255, "a feed out of 0..255");
        break;
      case Block::Kind::cut:
        break;
    }
  }
  check(valid_utf8(d.text()), "the document's text is not UTF-8");
}

void check_status(std::span<const std::uint8_t> in) {
  PrinterStatus s;
  for (std::size_t i = 0; i < in.size() && i < 16; ++i) {
    bool applied = apply_status(s, 1 + static_cast<int>(i % 4), in[i]);
    check(applied == is_status_byte(in[i]), "apply_status and is_status_byte disagree");
  }
  if (in.size() >= 4) apply_asb(s, in.first(4));
  (void)to_string(s.state());
  (void)s.describe();
  if (!in.empty()) {
    PrinterStatus p = from_port_status(in[0]);
    (void)to_string(p.state());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> job(data, size);
  Document d = decode(job);
  check_document(d);
  check_status(job);
  return 0;
}
