// The real libusb code against fake USB devices (umockdev): printers that
// answer status, run out of paper or get unplugged mid-job, one bound to usblp,
// and the split-pipe ID-card reader.
#include <doctest/doctest.h>

#include <thread>

#include "drivers/cardreader/reader.hpp"
#include "drivers/printer/escpos.hpp"
#include "drivers/printer/printer.hpp"
#include "drivers/printer/ticket.hpp"
#include "drivers/usb/errors.hpp"
#include "tests/drivers/fake_reader.hpp"
#include "tests/drivers/fake_usb.hpp"
#include "tests/drivers/usb_fakes.hpp"

using namespace hallq;
using namespace hallq::test;
using namespace std::chrono_literals;

namespace {

printer::Timeouts quick_timeouts() {
  return {std::chrono::milliseconds(300), std::chrono::milliseconds(400)};
}

Bytes sample_job() {
  printer::TicketSlip s;
  s.hall = "通辽经济技术开发区政务服务中心";
  s.number = "A001";
  s.service = "企业开办";
  s.qr_payload = "https://hallq.example/status?number=A001";
  return printer::layout_ticket(s, printer::Profile::paper_58());
}

std::unique_ptr<printer::Printer> open_first(usb::UsbBus& bus) {
  auto found = printer::find_printers(bus.list());
  REQUIRE(found.size() == 1);
  std::unique_ptr<printer::Printer> p;
  auto ec = printer::open_printer(bus, found[0], printer::Profile::paper_58(), p, quick_timeouts());
  REQUIRE_MESSAGE(!ec, ec.message());
  return p;
}

}  // namespace

TEST_CASE("the USB bus lists fake devices with their descriptors and strings") {
  FakeBus fake;
  fake.plug(printer_spec(), std::make_shared<PrinterFirmware>());
  fake.plug(reader_spec(), std::make_shared<SplitPipeReader>());
  auto bus = usb::open_usb_bus();
  auto devices = bus->list();
  REQUIRE(devices.size() == 2);
  const auto& p = devices[0].vid == 0x0416 ? devices[0] : devices[1];
  CHECK(p.id() == "0416:5011");
  CHECK(p.product == "POS58 Printer");
  CHECK(p.manufacturer == "Zjiang");
  REQUIRE(p.interfaces.size() == 1);
  CHECK(p.interfaces[0].cls == 7);
  CHECK(p.interfaces[0].endpoints.size() == 2);
  CHECK(printer::find_printers(devices).size() == 1);
  CHECK(printer::find_printers(devices)[0].why == "printer class");
  CHECK(cardreader::find_usb_readers(devices).size() == 1);
}

TEST_CASE("a printer-class printer answers status between jobs and prints the whole job") {
  FakeBus fake;
  auto fw = std::make_shared<PrinterFirmware>();
  int dev = fake.plug(printer_spec(), fw);
  auto bus = usb::open_usb_bus();
  auto p = open_first(*bus);
  CHECK(fake.claims(dev) == 1);
  printer::PrinterStatus st;
  REQUIRE_FALSE(p->status(st));
  CHECK(st.state() == printer::PrinterState::ready);
  Bytes job = sample_job();
  auto r = p->print(job);
  CHECK(r.printed);
  CHECK(r.state == printer::PrinterState::ready);
  fake.with(dev, [&](Firmware&) {
    CHECK(fw->printed == job);        // every byte, in order, and no status query inside it
    CHECK(fw->status_queries == 12);  // status() above, then 4 before and 4 after the job
  });
}

TEST_CASE("a printer bound to the kernel's usblp is detached for the job and given back after") {
  FakeBus fake;
  DeviceSpec spec = printer_spec();
  spec.bound_to_usblp = true;
  auto fw = std::make_shared<PrinterFirmware>();
  int dev = fake.plug(spec, fw);
  CHECK(fake.driver_bound(dev));
  auto bus = usb::open_usb_bus();
  {
    auto p = open_first(*bus);
    CHECK_FALSE(fake.driver_bound(dev));
    CHECK(p->print(sample_job()).printed);
  }
  CHECK(fake.driver_bound(dev));  // released: the kernel driver is back
}

TEST_CASE("paper low still prints — paper out and an open cover refuse before sending anything") {
  FakeBus fake;
  auto fw = std::make_shared<PrinterFirmware>();
  int dev = fake.plug(printer_spec(), fw);
  auto bus = usb::open_usb_bus();
  auto p = open_first(*bus);
  fake.with(dev, [&](Firmware&) { fw->paper_low = true; });
  auto low = p->print(sample_job());
  CHECK(low.printed);
  CHECK(low.state == printer::PrinterState::paper_low);
  fake.with(dev, [&](Firmware&) {
    fw->paper_low = false;
    fw->paper_out = true;
    fw->printed.clear();
  });
  auto out = p->print(sample_job());
  CHECK_FALSE(out.printed);
  CHECK(out.state == printer::PrinterState::paper_out);
  CHECK(out.reason.find("paper out") != std::string::npos);
  fake.with(dev, [&](Firmware&) {
    CHECK(fw->printed.empty());
    fw->paper_out = false;
    fw->cover_open = true;
  });
  auto cover = p->print(sample_job());
  CHECK_FALSE(cover.printed);
  CHECK(cover.state == printer::PrinterState::cover_open);
}

TEST_CASE("paper running out in the middle of a job is reported, not dropped") {
  FakeBus fake;
  auto fw = std::make_shared<PrinterFirmware>();
  fw->paper_runs_out_after = 1500;
  fake.plug(printer_spec(), fw);
  auto bus = usb::open_usb_bus();
  auto p = open_first(*bus);
  Bytes job(6000, 'x');
  auto r = p->print(job);
  CHECK_FALSE(r.printed);
  CHECK(r.state == printer::PrinterState::paper_out);
  CHECK(r.reason == "paper ran out while printing");
  CHECK(r.error == usb::Errc::timeout);
}

TEST_CASE("a printer unplugged mid-job is reported, and found again when plugged back in") {
  FakeBus fake;
  auto fw = std::make_shared<PrinterFirmware>();
  fw->unplug_after = 2000;
  int dev = fake.plug(printer_spec(), fw);
  auto bus = usb::open_usb_bus();
  auto before = bus->generation();
  auto p = open_first(*bus);
  auto r = p->print(Bytes(8000, 'x'));
  CHECK_FALSE(r.printed);
  CHECK(r.error == usb::Errc::no_device);
  CHECK(r.reason == "printer unplugged while printing");
  fake.unplug(dev);
  p.reset();
  std::this_thread::sleep_for(1s);
  CHECK(bus->generation() != before);
  CHECK(printer::find_printers(bus->list()).empty());

  auto fw2 = std::make_shared<PrinterFirmware>();
  int again = fake.plug(printer_spec(), fw2);
  std::this_thread::sleep_for(1s);
  auto p2 = open_first(*bus);  // the same program finds it again
  CHECK(p2->print(sample_job()).printed);
  fake.with(again, [&](Firmware&) { CHECK(fw2->printed == sample_job()); });
}

TEST_CASE("an OUT-only printer reports its state through the printer class's port status") {
  FakeBus fake;
  DeviceSpec spec = printer_spec();
  spec.protocol = 1;
  spec.endpoints = {{0x01}};
  auto fw = std::make_shared<PrinterFirmware>();
  fw->has_in = false;
  int dev = fake.plug(spec, fw);
  auto bus = usb::open_usb_bus();
  auto p = open_first(*bus);
  printer::PrinterStatus st;
  REQUIRE_FALSE(p->status(st));
  CHECK(st.state() == printer::PrinterState::ready);
  fake.with(dev, [&](Firmware&) { fw->paper_out = true; });
  REQUIRE_FALSE(p->status(st));
  CHECK(st.state() == printer::PrinterState::paper_out);
  CHECK_FALSE(p->print(sample_job()).printed);
}

TEST_CASE("a vendor-class printer is recognised by its VID:PID and its endpoints found from descriptors") {
  FakeBus fake;
  DeviceSpec spec = printer_spec();
  spec.vid = 0x6868;
  spec.pid = 0x0500;
  spec.interface_class = 0xFF;
  spec.endpoints = {{0x84}, {0x03}};
  auto fw = std::make_shared<PrinterFirmware>();
  fw->in_ep = 0x84;
  int dev = fake.plug(spec, fw);
  auto bus = usb::open_usb_bus();
  auto found = printer::find_printers(bus->list());
  REQUIRE(found.size() == 1);
  CHECK(found[0].why == "known model");
  auto p = open_first(*bus);
  CHECK(p->print(sample_job()).printed);
  fake.with(dev, [&](Firmware&) {
    CHECK(fw->printed == sample_job());
    CHECK(fw->out_eps == std::set<std::uint8_t>{0x03});
  });
}

TEST_CASE("the split-pipe ID-card reader: a card, no card, a corrupt checksum, a slow reader") {
  FakeBus fake;
  auto fw = std::make_shared<SplitPipeReader>();
  int dev = fake.plug(reader_spec(), fw);
  auto bus = usb::open_usb_bus();
  auto found = cardreader::find_usb_readers(bus->list());
  REQUIRE(found.size() == 1);
  std::unique_ptr<cardreader::IdReader> reader;
  REQUIRE_FALSE(cardreader::open_usb_reader(*bus, found[0], reader));
  cardreader::ReadOptions o;
  o.wait_for_card = 600ms;
  o.answer = 400ms;
  o.poll = 50ms;
  cardreader::IdCard card;
  SUBCASE("with a card") {
    CHECK_FALSE(reader->sam_status());
    REQUIRE_FALSE(reader->read(card, o));
    CHECK(card.name == "包巴特尔");
    CHECK(card.number == "150502198802151230");
    CHECK(card.photo.size() == 1024);
    fake.with(dev, [&](Firmware&) {
      // The headers went to OUT 0x02, the bodies to 0x06.
      CHECK(fw->headers == 4);  // SAM status, find, select, read
    });
  }
  SUBCASE("without a card") {
    fake.with(dev, [&](Firmware&) { fw->fw.card = false; });
    CHECK(reader->read(card, o) == cardreader::Errc::no_card);
  }
  SUBCASE("a corrupt answer is retried, corrupt answers that persist are reported") {
    fake.with(dev, [&](Firmware&) { fw->fw.corrupt_answers = 1; });
    CHECK_FALSE(reader->read(card, o));
    fake.with(dev, [&](Firmware&) { fw->fw.corrupt_answers = 100; });
    CHECK(reader->read(card, o) == cardreader::Errc::checksum);
  }
  SUBCASE("a reader slower than the answer timeout") {
    fake.with(dev, [&](Firmware&) { fw->fw.delay = 800ms; });
    CHECK(reader->read(card, o) == usb::Errc::timeout);
  }
}
