#include "drivers/cardreader/reader.hpp"

#include <algorithm>
#include <thread>

#include "drivers/usb/errors.hpp"

namespace hallq::cardreader {

namespace {
class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "hallq.cardreader"; }
  std::string message(int ev) const override {
    switch (static_cast<Errc>(ev)) {
      case Errc::no_card:
        return "no card was put on the reader";
      case Errc::bad_frame:
        return "the reader sent an unreadable answer";
      case Errc::checksum:
        return "the reader's answers failed their checksum";
      case Errc::unreadable:
        return "the card's data could not be read";
      case Errc::read_failed:
        return "a card is on the reader but its chip could not be read: put it down again; if it keeps failing, "
               "the card may be damaged";
    }
    return "card reader error";
  }
};

class StatusCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "hallq.cardreader.status"; }
  std::string message(int ev) const override {
    return "the reader refused: " + status_name(static_cast<std::uint8_t>(ev & 0xFF));
  }
};

constexpr std::uint8_t kOutHeader = 0x02, kOutBody = 0x06, kInHeader = 0x81, kInBody = 0x85;
}  // namespace

const std::error_category& category() noexcept {
  static const Category c;
  return c;
}
std::error_code make_error_code(Errc e) noexcept {
  return {static_cast<int>(e), category()};
}

const std::error_category& status_category() noexcept {
  static const StatusCategory c;
  return c;
}
std::error_code status_error(std::uint8_t sw3) noexcept {
  return {0x100 | sw3, status_category()};
}
std::uint8_t status_of(const std::error_code& ec) noexcept {
  return static_cast<std::uint8_t>(ec.value() & 0xFF);
}

// ---------------------------------------------------------------- split pipe

SplitPipe::SplitPipe(std::unique_ptr<usb::UsbDevice> device) : device_(std::move(device)) {}

std::string SplitPipe::describe() const {
  const auto& i = device_->info();
  return "usb " + i.id() + " " + i.where() + " (split pipe)";
}

std::error_code SplitPipe::send(std::span<const std::uint8_t> frame, Millis timeout) {
  if (frame.size() < kHeaderSize) return usb::Errc::invalid;
  std::size_t sent = 0;
  if (auto ec = device_->bulk_write(kOutHeader, frame.first(kHeaderSize), sent, timeout)) return ec;
  if (sent != kHeaderSize) return usb::Errc::io;
  auto body = frame.subspan(kHeaderSize);
  if (auto ec = device_->bulk_write(kOutBody, body, sent, timeout)) return ec;
  return sent == body.size() ? std::error_code{} : std::error_code(usb::Errc::io);
}

std::error_code SplitPipe::receive(Answer& out, Millis timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto left = [&] {
    return std::max(Millis{1}, std::chrono::duration_cast<Millis>(deadline - std::chrono::steady_clock::now()));
  };
  std::uint8_t header[64];
  std::size_t got = 0;
  if (auto ec = device_->bulk_read(kInHeader, header, got, left())) return ec;
  int len = body_length({header, got});
  if (got != kHeaderSize || len < 4) return Errc::bad_frame;
  std::vector<std::uint8_t> frame(header, header + kHeaderSize);
  frame.resize(kHeaderSize + static_cast<std::size_t>(len));
  std::size_t have = 0;
  while (have < static_cast<std::size_t>(len)) {
    if (std::chrono::steady_clock::now() >= deadline) return usb::Errc::timeout;
    // Ask for whole packets' worth: the body may span several.
    std::size_t want = static_cast<std::size_t>(len) - have;
    std::size_t ask = (want + 63) / 64 * 64;
    std::vector<std::uint8_t> chunk(ask);
    if (auto ec = device_->bulk_read(kInBody, chunk, got, left())) return ec;
    if (got == 0) return usb::Errc::timeout;
    got = std::min(got, want);
    std::copy_n(chunk.begin(), got, frame.begin() + static_cast<std::ptrdiff_t>(kHeaderSize + have));
    have += got;
  }
  std::size_t used = 0;
  switch (parse_answer(frame, out, used)) {
    case ParseResult::ok:
      return {};
    case ParseResult::bad_checksum:
      return Errc::checksum;
    default:
      return Errc::bad_frame;
  }
}

// ---------------------------------------------------------------- byte stream

StreamFrames::StreamFrames(std::unique_ptr<usb::Transport> stream) : stream_(std::move(stream)) {}

std::error_code StreamFrames::send(std::span<const std::uint8_t> frame, Millis timeout) {
  buf_.clear();  // an answer to an earlier command is stale now
  return stream_->write(frame, timeout);
}

std::error_code StreamFrames::receive(Answer& out, Millis timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::size_t used = 0;
    ParseResult r = parse_answer(buf_, out, used);
    if (r == ParseResult::ok) {
      buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(used));
      return {};
    }
    if (r == ParseResult::bad_checksum) {
      buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(used));
      return Errc::checksum;
    }
    if (r == ParseResult::bad_preamble || r == ParseResult::bad_length) {
      // Drop bytes up to the next preamble start.
      auto next = std::search(buf_.begin() + 1, buf_.end(), std::begin(kPreamble), std::end(kPreamble));
      buf_.erase(buf_.begin(), next);
      continue;
    }
    auto left = std::chrono::duration_cast<Millis>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return usb::Errc::timeout;
    std::uint8_t chunk[512];
    std::size_t got = 0;
    if (auto ec = stream_->read(chunk, got, left)) return ec;
    buf_.insert(buf_.end(), chunk, chunk + got);
    if (buf_.size() > 1 << 16) return Errc::bad_frame;  // never a frame this long
  }
}

// ---------------------------------------------------------------- session

std::error_code IdReader::exchange(Command c, Answer& a, const ReadOptions& o) {
  std::error_code last;
  for (int attempt = 0; attempt <= o.retries; ++attempt) {
    if (auto ec = t_->send(build_command(c), o.answer)) return ec;
    last = t_->receive(a, o.answer);
    if (!last) {
      // The reader's own transfer trouble: worth another try.
      if (a.sw3 == static_cast<std::uint8_t>(Sw3::checksum_error) ||
          a.sw3 == static_cast<std::uint8_t>(Sw3::length_error)) {
        last = Errc::checksum;
        continue;
      }
      return {};
    }
    if (last != Errc::checksum && last != Errc::bad_frame) return last;
  }
  return last;
}

std::error_code IdReader::sam_status(Millis timeout) {
  ReadOptions o;
  o.answer = timeout;
  Answer a;
  if (auto ec = exchange(kSamStatus, a, o)) return ec;
  return a.sw3 == static_cast<std::uint8_t>(Sw3::ok) ? std::error_code{} : status_error(a.sw3);
}

std::error_code IdReader::sam_id(std::string& out, Millis timeout) {
  ReadOptions o;
  o.answer = timeout;
  Answer a;
  if (auto ec = exchange(kSamId, a, o)) return ec;
  if (a.sw3 != static_cast<std::uint8_t>(Sw3::ok)) return status_error(a.sw3);
  sam_id_text(a.data, out);
  return out.empty() ? std::error_code(Errc::unreadable) : std::error_code{};
}

std::error_code IdReader::read(IdCard& out, const ReadOptions& o) {
  auto deadline = std::chrono::steady_clock::now() + o.wait_for_card;
  int failed_reads = 0;  // in a row, of a card that stays on the reader
  for (;;) {
    Answer a;
    if (auto ec = exchange(kFindCard, a, o)) return ec;
    bool found = a.sw3 == static_cast<std::uint8_t>(Sw3::card_found) || a.sw3 == static_cast<std::uint8_t>(Sw3::ok);
    if (!found) failed_reads = 0;  // taken away: the next card starts afresh
    bool read_failed_now = false;
    if (found) {
      if (auto ec = exchange(kSelectCard, a, o)) return ec;
      if (a.sw3 == static_cast<std::uint8_t>(Sw3::ok)) {
        if (auto ec = exchange(kReadText, a, o)) return ec;
        if (a.sw3 == static_cast<std::uint8_t>(Sw3::ok)) {
          if (a.data.size() < 4) return Errc::unreadable;
          std::size_t text_len = (std::size_t{a.data[0]} << 8) | a.data[1];
          std::size_t photo_len = (std::size_t{a.data[2]} << 8) | a.data[3];
          if (text_len != 256 || a.data.size() < 4 + text_len + photo_len) return Errc::unreadable;
          auto card = decode_text(std::span(a.data).subspan(4, text_len));
          if (!card) return Errc::unreadable;
          card->photo.assign(a.data.begin() + 4 + static_cast<std::ptrdiff_t>(text_len),
                             a.data.begin() + 4 + static_cast<std::ptrdiff_t>(text_len + photo_len));
          out = std::move(*card);
          return {};
        }
      }
      // Found and selected, but its chip gave no data: a card still moving may
      // do that once, a damaged one every time. Never "no card": there is one.
      if (a.sw3 == static_cast<std::uint8_t>(Sw3::read_failed)) {
        read_failed_now = true;
        if (++failed_reads >= o.read_attempts) return Errc::read_failed;
      } else if (a.sw3 != static_cast<std::uint8_t>(Sw3::select_failed) &&
                 a.sw3 != static_cast<std::uint8_t>(Sw3::no_card)) {
        return status_error(a.sw3);
      }
      // Select failed (the card moved away): start again while time is left.
    } else if (a.sw3 != static_cast<std::uint8_t>(Sw3::no_card)) {
      return status_error(a.sw3);
    }
    // The wait is for a card to be put down; one that is down and failing gets its read_attempts.
    if (!read_failed_now && std::chrono::steady_clock::now() + o.poll >= deadline)
      return failed_reads > 0 ? Errc::read_failed : Errc::no_card;
    std::this_thread::sleep_for(o.poll);
  }
}

// ---------------------------------------------------------------- discovery

std::vector<usb::DeviceInfo> find_usb_readers(const std::vector<usb::DeviceInfo>& devices) {
  std::vector<usb::DeviceInfo> out;
  for (const auto& d : devices)
    if (d.vid == 0x0400 && d.pid == 0xC35A) out.push_back(d);
  return out;
}

std::error_code open_usb_reader(usb::UsbBus& bus, const usb::DeviceInfo& device, std::unique_ptr<IdReader>& out) {
  if (device.interfaces.empty()) return usb::Errc::not_found;
  std::unique_ptr<usb::UsbDevice> dev;
  if (auto ec = bus.open(device, device.interfaces.front().number, dev)) return ec;
  out = std::make_unique<IdReader>(std::make_unique<SplitPipe>(std::move(dev)));
  return {};
}

std::unique_ptr<IdReader> find_serial_reader(const std::vector<std::string>& ports, Millis timeout) {
  std::unique_ptr<IdReader> faulty;  // answers, with a SAM fault: taken when no healthy reader answers
  for (const auto& p : ports) {
    try {
      auto reader = std::make_unique<IdReader>(std::make_unique<StreamFrames>(usb::open_serial(p)));
      auto ec = reader->sam_status(timeout);
      if (!ec) return reader;
      if (ec.category() == status_category() && !faulty) faulty = std::move(reader);
    } catch (const std::system_error&) {
      // Not ours to open (permissions, busy): skip it.
    }
  }
  return faulty;
}

bool valid_reader_spec(const std::string& spec) {
  return spec.empty() || spec == "usb" || spec == "serial" || (spec.rfind("serial:", 0) == 0 && spec.size() > 7);
}

std::unique_ptr<IdReader> open_reader_spec(const std::string& spec, std::unique_ptr<usb::UsbBus>& bus,
                                           std::string& error) {
  if (!valid_reader_spec(spec)) {
    error = "the card reader must be usb, serial or serial:PATH";
    return nullptr;
  }
  std::unique_ptr<IdReader> reader;
  if (spec.empty() || spec == "usb") {
    try {
      if (!bus) bus = usb::open_usb_bus();
    } catch (const std::exception& e) {
      error = std::string("cannot use USB: ") + e.what();
    }
    auto found = bus ? find_usb_readers(bus->list()) : std::vector<usb::DeviceInfo>{};
    if (!found.empty()) {
      if (auto ec = open_usb_reader(*bus, found.front(), reader)) {
        error = "cannot open the card reader " + found.front().id() + ": " + ec.message();
        return nullptr;
      }
      return reader;
    }
  }
  if (spec.empty() || spec.rfind("serial", 0) == 0) {
    std::vector<std::string> ports =
        spec.rfind("serial:", 0) == 0 ? std::vector<std::string>{spec.substr(7)} : usb::serial_ports();
    if ((reader = find_serial_reader(ports))) return reader;
  }
  error = "no ID-card reader found (" + (spec.empty() ? std::string("any") : spec) + ")";
  return nullptr;
}

}  // namespace hallq::cardreader
