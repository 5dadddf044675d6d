#include "drivers/devices/devices.hpp"

#include <string.h>

#include <filesystem>

#include <boost/asio/post.hpp>

#include "drivers/usb/errors.hpp"

namespace hallq::devices {

namespace {

bool is_virtual(const std::string& spec) {
  return spec.rfind("file:", 0) == 0;
}

// file:out/tickets/ (or an existing directory): one file per ticket.
std::string virtual_path(const std::string& spec, const std::string& label) {
  std::string path = spec.substr(5);
  std::error_code ec;
  if (!path.empty() && (path.back() == '/' || std::filesystem::is_directory(path, ec)))
    return (std::filesystem::path(path) / ((label.empty() ? std::string("ticket") : label) + ".bin")).string();
  return path;
}

}  // namespace

void wipe(std::string& s) {
  if (!s.empty()) explicit_bzero(s.data(), s.size());
  s.clear();
  s.shrink_to_fit();
}

void wipe(cardreader::IdCard& c) {
  for (std::string* f :
       {&c.name, &c.name_en, &c.gender, &c.nation, &c.nationality, &c.birth, &c.address, &c.number, &c.authority,
        &c.valid_from, &c.valid_to, &c.pass_number, &c.issue_count, &c.renewals, &c.version, &c.old_number})
    wipe(*f);
  if (!c.photo.empty()) explicit_bzero(c.photo.data(), c.photo.size());
  c.photo.clear();
}

Devices::Devices(boost::asio::io_context& ui, DeviceOptions options) : ui_(ui), options_(std::move(options)) {
  health_.virtual_printer = is_virtual(options_.printer);
  if (options_.printer == "none") health_.printer = protocol::PrinterState::absent;
  thread_ = std::thread([this] { run(); });
}

Devices::~Devices() {
  *alive_ = false;
  cancel_read_ = true;
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Devices::post(Task task) {
  {
    std::lock_guard lock(mu_);
    tasks_.push_back(std::move(task));
  }
  cv_.notify_all();
}

void Devices::deliver(std::function<void()> fn) {
  boost::asio::post(ui_, [alive = alive_, fn = std::move(fn)] {
    if (*alive) fn();
  });
}

void Devices::publish(const Health& h) {
  deliver([this, h] {
    health_ = h;
    if (on_health) on_health(health_);
  });
}

void Devices::run() {
  publish(probe());
  std::unique_lock lock(mu_);
  while (!stop_) {
    if (tasks_.empty()) {
      if (!cv_.wait_for(lock, options_.health_every, [&] { return stop_ || !tasks_.empty(); })) {
        lock.unlock();
        publish(probe());
        lock.lock();
      }
      continue;
    }
    Task task = std::move(tasks_.front());
    tasks_.pop_front();
    lock.unlock();
    task();
    lock.lock();
  }
}

Health Devices::probe() {
  Health h;
  h.virtual_printer = is_virtual(options_.printer);
  // USB devices come and go: when the bus changed, open what is missing again.
  bool want_usb = options_.printer.rfind("usb", 0) == 0 || options_.reader.empty() || options_.reader == "usb";
  if (want_usb && !bus_) {
    try {
      bus_ = usb::open_usb_bus();
    } catch (const std::exception& e) {
      printer_error_ = std::string("cannot use USB: ") + e.what();
    }
  }
  std::uint64_t generation = bus_ ? bus_->generation() : 0;
  bool bus_changed = generation != bus_generation_;
  bus_generation_ = generation;

  // The printer.
  if (options_.printer == "none") {
    h.printer = protocol::PrinterState::absent;
    h.printer_detail = "no printer configured";
  } else if (h.virtual_printer) {
    h.printer = protocol::PrinterState::ready;
    h.printer_detail = "virtual printer " + options_.printer.substr(5);
  } else {
    if (!printer_ || bus_changed) {
      printer_.reset();
      std::string error;
      // The bus is lent for the call and taken back: it stays ours.
      auto opened = printer::open_printer_spec(options_.printer, options_.profile, error, std::move(bus_));
      bus_ = std::move(opened.bus);
      printer_ = std::move(opened.printer);
      printer_error_ = error;
    }
    if (!printer_) {
      h.printer = protocol::PrinterState::absent;
      h.printer_detail = printer_error_;
    } else {
      printer::PrinterStatus st;
      std::error_code ec = printer_->status(st);
      if (ec == usb::Errc::not_supported) {
        h.printer = protocol::PrinterState::ready;  // cannot tell: assume it prints, find out when it does not
        h.printer_detail = printer_->describe() + " cannot report its state";
      } else if (ec == usb::Errc::timeout) {
        // No answer to DLE EOT: it may still print. Try, and find out from the job.
        h.printer = protocol::PrinterState::unknown;
        h.printer_detail = printer_->describe() + ": no answer to a status request";
      } else if (ec) {
        h.printer = ec == usb::Errc::no_device ? protocol::PrinterState::absent : protocol::PrinterState::offline;
        h.printer_detail = printer_->describe() + ": " + ec.message();
        if (ec == usb::Errc::no_device) printer_.reset();
      } else {
        h.printer = st.state();
        h.printer_detail = printer_->describe() + ": " + st.describe();
      }
    }
  }

  // The card reader: opened once found; asked for its security module's state.
  if (options_.reader == "none") {
    h.reader = protocol::CardReaderState::absent;
  } else {
    if (reader_ && bus_changed && (options_.reader.empty() || options_.reader == "usb")) reader_.reset();
    if (!reader_) {
      std::string error;
      reader_ = cardreader::open_reader_spec(options_.reader, bus_, error);
    }
    if (!reader_) {
      h.reader = protocol::CardReaderState::absent;
    } else if (auto ec = reader_->sam_status(std::chrono::milliseconds{800})) {
      h.reader = ec == usb::Errc::no_device ? protocol::CardReaderState::absent : protocol::CardReaderState::error;
      if (ec == usb::Errc::no_device) reader_.reset();
    } else {
      h.reader = protocol::CardReaderState::ok;
    }
  }
  reader_state_ = h.reader;
  return h;
}

void Devices::check(std::function<void(const Health&)> done) {
  post([this, done = std::move(done)] {
    Health h = probe();
    publish(h);
    if (done) deliver([h, done] { done(h); });
  });
}

void Devices::print(std::vector<std::uint8_t> job, std::string label, std::function<void(const PrintResult&)> done) {
  post([this, job = std::move(job), label = std::move(label), done = std::move(done)] {
    PrintResult r;
    if (options_.printer == "none") {
      r.state = protocol::PrinterState::absent;
      r.reason = "no printer configured";
    } else if (is_virtual(options_.printer)) {
      r.file = virtual_path(options_.printer, label);
      std::string error;
      auto opened = printer::open_printer_spec("file:" + r.file, options_.profile, error);
      if (!opened.printer) {
        r.state = protocol::PrinterState::error;
        r.reason = error;
      } else {
        auto out = opened.printer->print(job);
        r.printed = out.printed;
        r.state = out.printed ? protocol::PrinterState::ready : protocol::PrinterState::error;
        r.reason = out.reason;
      }
    } else {
      if (!printer_) probe();
      if (!printer_) {
        r.state = protocol::PrinterState::absent;
        r.reason = printer_error_.empty() ? "no printer" : printer_error_;
      } else {
        auto out = printer_->print(job);
        r.printed = out.printed;
        r.state = out.state;
        r.reason = out.reason;
        if (out.error == usb::Errc::no_device) printer_.reset();
      }
    }
    Health h = probe();
    publish(h);
    if (!r.printed && r.state == protocol::PrinterState::ready) r.state = h.printer;
    deliver([r, done] { done(r); });
  });
}

void Devices::read_card(std::function<void(CardResult)> done) {
  cancel_read_ = false;
  post([this, done = std::move(done)] {
    CardResult r;
    if (!reader_) probe();
    if (!reader_) {
      r.error = usb::Errc::no_device;
      deliver([r, done] { done(r); });
      return;
    }
    // Short waits in a loop, so the citizen (or the idle timeout) can cancel.
    auto deadline = std::chrono::steady_clock::now() + options_.card_wait;
    cardreader::IdCard card;
    for (;;) {
      if (cancel_read_) {
        r.cancelled = true;
        break;
      }
      r.error = reader_->read(card, options_.read);
      if (r.error != cardreader::Errc::no_card || std::chrono::steady_clock::now() >= deadline) break;
    }
    if (!r.error && !r.cancelled) r.card = card;  // a copy: the local is wiped, not left in moved-from buffers
    wipe(card);
    if (r.error == usb::Errc::no_device) reader_.reset();
    deliver([r = std::move(r), done]() mutable { done(std::move(r)); });
  });
}

}  // namespace hallq::devices
