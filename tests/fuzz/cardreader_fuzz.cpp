// Fuzz target "cardreader": the bytes an ID-card reader sends back (GA 467
// answer frames, drivers/cardreader/frame.hpp) and the card's text block
// (drivers/cardreader/card.hpp).
//
//  - parse_answer over the input as a stream, resynchronising on the preamble
//    as a serial reader's driver does: an answer it accepts, framed again,
//    must be the very bytes it consumed;
//  - the input's first 256 bytes as a text block, every field decoded (and
//    each name looked up as the kiosk shows it);
//  - the whole driver session (IdReader over StreamFrames) reading a card from
//    a serial "reader" whose answers are the input.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/cardreader/card.hpp"
#include "drivers/cardreader/frame.hpp"
#include "drivers/cardreader/reader.hpp"
#include "drivers/usb/errors.hpp"
#include "tests/fuzz/check.hpp"

namespace {

using namespace hallq::cardreader;
using hallq::fuzz::fail;
using hallq::fuzz::valid_utf8;
using Bytes = std::vector<std::uint8_t>;

constexpr const char* kTarget = "cardreader";

void check(bool ok, const char* what, std::string_view a = {}) {
  if (!ok) fail(kTarget, what, a);
}

// An answer frame as a reader builds it (hardware.md).
Bytes frame_of(const Answer& a) {
  Bytes f(std::begin(kPreamble), std::end(kPreamble));
  std::size_t len = 3 + a.data.size() + 1;
  f.push_back(static_cast<std::uint8_t>(len >> 8));
  f.push_back(static_cast<std::uint8_t>(len & 0xFF));
  f.push_back(a.sw1);
  f.push_back(a.sw2);
  f.push_back(a.sw3);
  f.insert(f.end(), a.data.begin(), a.data.end());
  f.push_back(checksum(std::span(f).subspan(5)));
  return f;
}

void check_card(const IdCard& c) {
  for (const std::string* f :
       {&c.name, &c.name_en, &c.gender, &c.nation, &c.nationality, &c.birth, &c.address, &c.number, &c.authority,
        &c.valid_from, &c.valid_to, &c.pass_number, &c.issue_count, &c.renewals, &c.version, &c.old_number})
    check(valid_utf8(*f), "a card field is not UTF-8", *f);
  (void)to_string(c.type);
  (void)gender_name(c.gender);
  (void)nation_name(c.nation);
}

void check_stream(std::span<const std::uint8_t> in) {
  Bytes buf(in.begin(), in.end());
  while (!buf.empty()) {
    Answer a;
    std::size_t used = 0;
    ParseResult r = parse_answer(buf, a, used);
    check(used <= buf.size(), "parse_answer consumed more than it was given");
    if (r == ParseResult::ok) {
      Bytes again = frame_of(a);
      check(used == again.size() && std::equal(again.begin(), again.end(), buf.begin()),
            "an accepted answer, framed again, is not the bytes it came from");
      check(body_length(buf) == static_cast<int>(used - kHeaderSize), "body_length disagrees with parse_answer");
      (void)describe(a.sw3);
      std::string id;
      std::string_view text = sam_id_text(a.data, id);
      check(text.size() == id.size() && (a.data.size() < 16 ? id.empty() : id.size() < 64), "a SAM id of odd size");
      if (a.data.size() >= 4 + 256) {  // a read answer: lengths, then the text block
        if (auto card = decode_text(std::span(a.data).subspan(4, 256))) check_card(*card);
      }
      buf.erase(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(used));
    } else if (r == ParseResult::need_more) {
      return;
    } else {
      if (r == ParseResult::bad_checksum) check(used > 0, "a bad checksum consumed nothing");
      // As StreamFrames does: drop up to the next preamble.
      auto next = std::search(buf.begin() + 1, buf.end(), std::begin(kPreamble), std::end(kPreamble));
      buf.erase(buf.begin(), next);
    }
  }
}

// A serial reader whose answers are the fuzz input. Like a device, it says
// something only after each command: the next frame (as long as its header
// says) or, when the input does not start with a preamble, up to 64 bytes of
// noise. Silence (a timeout, at once) when nothing is left.
class ScriptedReader final : public hallq::usb::Transport {
 public:
  explicit ScriptedReader(std::span<const std::uint8_t> answers) : in_(answers) {}
  std::error_code write(std::span<const std::uint8_t>, hallq::usb::Millis) override {
    int len = body_length(in_);
    std::size_t n = len >= 0 ? kHeaderSize + static_cast<std::size_t>(len) : 64;
    released_ = in_.first(std::min(n, in_.size()));
    in_ = in_.subspan(released_.size());
    return {};
  }
  std::error_code read(std::span<std::uint8_t> buf, std::size_t& got, hallq::usb::Millis) override {
    got = 0;
    if (released_.empty()) return hallq::usb::Errc::timeout;
    // Serial reads come in pieces; an odd size crosses field boundaries.
    got = std::min({buf.size(), released_.size(), std::size_t{61}});
    std::copy_n(released_.begin(), got, buf.begin());
    released_ = released_.subspan(got);
    return {};
  }
  bool can_read() const override { return true; }
  std::string describe() const override { return "fuzz input"; }

 private:
  std::span<const std::uint8_t> in_;
  std::span<const std::uint8_t> released_;
};

void check_session(std::span<const std::uint8_t> in) {
  IdReader reader(std::make_unique<StreamFrames>(std::make_unique<ScriptedReader>(in)));
  ReadOptions o;
  o.wait_for_card = hallq::usb::Millis{0};  // one round: no sleeping between attempts
  o.poll = hallq::usb::Millis{0};
  IdCard card;
  if (!reader.read(card, o)) {
    check_card(card);
    check(card.photo.size() <= in.size(), "a photo larger than what the reader sent");
  }
  IdReader sam(std::make_unique<StreamFrames>(std::make_unique<ScriptedReader>(in)));
  if (!sam.sam_status()) {
    std::string id;
    if (!sam.sam_id(id)) check(!id.empty(), "a SAM id read without text");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> in(data, size);
  check_stream(in);
  if (size >= 256) {
    std::string error;
    if (auto card = decode_text(in.first(256), &error))
      check_card(*card);
    else
      check(!error.empty(), "a refused text block has no error");
  }
  check(valid_utf8(ucs2_field(in.first(size & ~std::size_t{1}))), "ucs2_field made invalid UTF-8");
  check_session(in);
  return 0;
}
