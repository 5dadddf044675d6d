// hallq-devices: look at and try the kiosk's devices (ticket printer, ID-card reader).
// Exit status: 0 done, 1 the device refused (paper out, no card…), 2 usage or no device.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/config/config.hpp"
#include "core/config/i18n.hpp"
#include "core/config/paths.hpp"
#include "core/domain/id_number.hpp"
#include "core/domain/time.hpp"
#include "core/protocol/hall.hpp"
#include "core/ui/text.hpp"
#include "drivers/cardreader/reader.hpp"
#include "drivers/printer/escpos_decode.hpp"
#include "drivers/printer/preview.hpp"
#include "drivers/printer/printer.hpp"
#include "drivers/printer/ticket.hpp"
#include "drivers/usb/errors.hpp"
#include "drivers/usb/udev_rule.hpp"

namespace {

using nlohmann::json;
namespace usb = hallq::usb;
namespace pr = hallq::printer;
namespace cr = hallq::cardreader;

// The sample ticket's QR code links here when no hall configuration is given.
constexpr const char* kExampleStatusUrl = "https://hallq.example";

constexpr const char* kUsage = R"(usage: hallq-devices COMMAND [options]

  list                          USB devices and serial card readers, with their role
  printer-status                the printer's state (ready, paper_low, paper_out, cover_open, offline, error)
  print-test                    print a sample ticket (Chinese, Mongolian, a QR code)
      --width 58|80             paper width (default 58)
      --qr native|raster        how to print the QR code (default: raster on 58 mm, native on 80 mm)
      --config FILE             hall whose first service is the sample, and whose [display] status_url the
                                QR code links as a real ticket's does (STATUS_URL/v/TOKEN, with a sample
                                token its pages refuse; no status_url: no QR code). Default: the demo hall,
                                ASSETS/halls/demo.toml, with the QR code linking the example address
                                https://hallq.example/v/TOKEN
  read-card                     wait for an ID card and print its fields as JSON
      --show-id                 show the whole ID number (masked otherwise)
      --wait SECONDS            how long to wait for a card (default 10)
  udev-rule                     print the udev rule that lets the terminals' user open the printer
                                and card reader: the VID:PIDs the configuration's [[device]] usb
                                lists name, and any USB printer-class device
      --config FILE             the hall configuration (default /etc/hallq/hall.toml; when that
                                is absent, printer-class devices only)
      --group GROUP             the group given access (default hallq-kiosk)

  --printer usb|usb:VID:PID|file:PATH
                                which printer (default: the first USB printer). file:PATH is the
                                virtual printer: the ESC/POS bytes go to PATH, a PNG of the
                                ticket next to it (PATH with .png)
  --reader usb|serial|serial:PATH
                                which card reader (default: USB, then serial ports)
  --assets DIR                  assets directory (default: $HALLQ_ASSETS, else ../share/hallq from the
                                program's directory, or the source tree's assets/ when run from the build)
  --json                        machine-readable output

Exit status: 0 done, 1 the device refused (paper out, no card…), 2 usage error or no device.
)";

struct Options {
  std::string command;
  std::string printer = "usb";
  std::string reader;
  std::string config;
  std::string assets;  // --assets DIR
  std::string qr;
  std::string group = "hallq-kiosk";
  int width = 58;
  int wait_s = 10;
  bool show_id = false;
  bool as_json = false;
};

int usage(const std::string& problem) {
  std::cerr << "hallq-devices: " << problem << "\n" << kUsage;
  return 2;
}

int fail(const Options& o, int code, const std::string& message, json extra = json::object()) {
  if (o.as_json) {
    extra["ok"] = false;
    extra["error"] = message;
    std::cout << extra.dump() << "\n";
  } else {
    std::cerr << "hallq-devices: " << message << "\n";
  }
  return code;
}

std::string role_of(const usb::DeviceInfo& d) {
  for (const auto& c : pr::find_printers({d})) return "printer (" + c.why + ")";
  if (!cr::find_usb_readers({d}).empty()) return "ID-card reader (split pipe)";
  return "";
}

// ---------------------------------------------------------------- list

int cmd_list(const Options& o) {
  auto bus = usb::open_usb_bus();
  json out = {{"usb", json::array()}, {"serial", json::array()}};
  for (const auto& d : bus->list()) {
    std::string role = role_of(d);
    out["usb"].push_back({{"id", d.id()},
                          {"bus", d.bus},
                          {"address", d.address},
                          {"manufacturer", d.manufacturer},
                          {"product", d.product},
                          {"role", role}});
    if (!o.as_json)
      std::printf("%s  %-14s %-28s %s\n", d.id().c_str(), d.where().c_str(), (d.manufacturer + " " + d.product).c_str(),
                  role.empty() ? "-" : role.c_str());
  }
  for (const auto& port : usb::serial_ports()) {
    std::string role;
    if (auto reader = cr::find_serial_reader({port})) {
      role = "ID-card reader (serial)";
      auto ec = reader->sam_status();
      if (ec.category() == cr::status_category()) role += ", SAM fault: " + cr::status_name(cr::status_of(ec));
    }
    out["serial"].push_back({{"port", port}, {"role", role}});
    if (!o.as_json) std::printf("%-30s %s\n", port.c_str(), role.empty() ? "-" : role.c_str());
  }
  if (o.as_json)
    std::cout << out.dump() << "\n";
  else if (out["usb"].empty() && out["serial"].empty())
    std::printf("no USB devices or serial ports\n");
  return 0;
}

// ---------------------------------------------------------------- printers

// Opens the printer the options name; empty `printer` and a message when it cannot.
pr::OpenedPrinter open_printer(const Options& o, const pr::Profile& profile, std::string& error) {
  return pr::open_printer_spec(o.printer, profile, error);
}

int cmd_printer_status(const Options& o) {
  std::string error;
  pr::OpenedPrinter p = open_printer(o, pr::Profile::paper_58(), error);
  if (!p.printer) return fail(o, 2, error);
  pr::PrinterStatus st;
  if (auto ec = p.printer->status(st)) {
    if (ec == usb::Errc::not_supported)
      return fail(o, 2, p.printer->describe() + " cannot report its status", {{"printer", p.printer->describe()}});
    return fail(o, 2, "no status from " + p.printer->describe() + ": " + ec.message());
  }
  pr::PrinterState state = st.state();
  bool usable = state == pr::PrinterState::ready || state == pr::PrinterState::paper_low;
  if (o.as_json) {
    std::cout << json{{"ok", true},
                      {"printer", p.printer->describe()},
                      {"state", to_string(state)},
                      {"details", st.describe()},
                      {"usable", usable}}
                     .dump()
              << "\n";
  } else {
    std::printf("%s: %s (%s)\n", p.printer->describe().c_str(), std::string(to_string(state)).c_str(),
                st.describe().c_str());
  }
  return usable ? 0 : 1;
}

pr::TicketSlip sample_slip(const Options& o, const pr::Profile& profile, hallq::ui::FontSet& fonts) {
  std::string assets = hallq::config::find_assets(o.assets);  // throws, naming where it looked
  auto hall = hallq::config::load_config(o.config.empty() ? assets + "/halls/demo.toml" : o.config).hall;
  auto zh = hallq::config::Translations::load(assets + "/i18n", "zh");
  const hallq::domain::Service& s = hall.services.front();
  pr::TicketSlip slip;
  slip.hall = hall.names.zh;
  slip.number_label = zh.get("ticket.number_label");
  slip.number = s.code + "001";
  slip.service = s.names.zh;
  // The Mongolian name, in columns read top to bottom, as wide as the paper allows.
  slip.service_mongolian = pr::mongolian_raster(fonts, s.names.mn, 30, profile.width_dots >= 576 ? 220 : 180);
  auto now = hallq::domain::to_local(hallq::domain::SystemClock{}.now());
  slip.info = {zh.get("ticket.ahead", {{"n", "3"}}), zh.get("ticket.ewt", {{"minutes", "15"}}),
               zh.get("ticket.issued", {{"time", now.date.str() + " " + hallq::domain::format_hhmm(now.minute)}})};
  slip.materials_title = zh.get("ticket.materials_title");
  for (const auto& m : s.materials) slip.materials.push_back(m.zh);
  // As on a real ticket (kiosk/slip.cpp): the hall's status_url + "/v/" + a visit token, of a real token's
  // shape and length (day-number-MAC) so the code is as dense, with a MAC of zeros that no hall's pages accept.
  // Without --config the address is an example one: the demo hall's own would look like a real hall's.
  std::string compact_day = now.date.str();
  std::erase(compact_day, '-');
  std::string token = compact_day + "-" + slip.number + "-" + std::string(20, '0');
  slip.qr_payload = hallq::protocol::status_link(o.config.empty() ? kExampleStatusUrl : hall.display.status_url, token);
  if (!slip.qr_payload.empty()) slip.qr_caption = zh.get("ticket.qr_caption");
  slip.footer = zh.get("ticket.footer");
  return slip;
}

int cmd_print_test(const Options& o) {
  pr::Profile profile = o.width == 80 ? pr::Profile::paper_80() : pr::Profile::paper_58();
  if (o.qr == "native") profile.native_qr = true;
  if (o.qr == "raster") profile.native_qr = false;
  std::string error;
  pr::OpenedPrinter p = open_printer(o, profile, error);
  if (!p.printer) return fail(o, 2, error);
  std::vector<std::uint8_t> job;
  pr::TicketSlip slip;
  try {
    hallq::ui::FontSet fonts;
    slip = sample_slip(o, profile, fonts);
    job = pr::layout_ticket(slip, profile);
    pr::PrintOutcome r = p.printer->print(job);
    std::string png;
    if (!p.file.empty()) {
      png = pr::preview_path(p.file);
      std::string perr;
      if (!pr::write_preview(job, profile.width_dots, png, fonts, &perr))
        return fail(o, 2, "cannot write " + png + ": " + perr);
    }
    json out = {{"ok", r.printed},
                {"printer", p.printer->describe()},
                {"state", to_string(r.state)},
                {"bytes", job.size()},
                {"number", slip.number},
                {"qr", slip.qr_payload}};
    if (!png.empty()) out["png"] = png;
    if (!r.reason.empty()) out["reason"] = r.reason;
    if (o.as_json) {
      std::cout << out.dump() << "\n";
    } else if (r.printed) {
      std::printf("printed a %d mm sample ticket (%zu bytes) on %s%s\n", o.width, job.size(),
                  p.printer->describe().c_str(), png.empty() ? "" : (", preview " + png).c_str());
      if (slip.qr_payload.empty())
        std::printf("no QR code: the hall has no [display] status_url\n");
      else
        std::printf("QR code: %s\n", slip.qr_payload.c_str());
    } else {
      std::fprintf(stderr, "hallq-devices: not printed: %s\n", r.reason.c_str());
    }
    return r.printed ? 0 : 1;
  } catch (const std::exception& e) {
    return fail(o, 2, e.what());
  }
}

// ---------------------------------------------------------------- card reader

int cmd_read_card(const Options& o) {
  if (!cr::valid_reader_spec(o.reader)) return usage("--reader must be usb, serial or serial:PATH");
  std::unique_ptr<usb::UsbBus> bus;
  std::string error;
  std::unique_ptr<cr::IdReader> reader = cr::open_reader_spec(o.reader, bus, error);
  if (!reader) return fail(o, 2, error);
  // A reader whose security module is faulty answers, but can read no card: say so before asking for one.
  if (auto ec = reader->sam_status()) {
    if (ec.category() == cr::status_category())
      return fail(o, 1,
                  "the ID-card reader on " + reader->describe() +
                      " answers, but its security module (SAM) reports a fault: " + cr::status_name(cr::status_of(ec)),
                  {{"reader", reader->describe()}});
    return fail(o, 2, "no usable answer from the ID-card reader on " + reader->describe() + ": " + ec.message(),
                {{"reader", reader->describe()}});
  }
  cr::ReadOptions ro;
  ro.wait_for_card = std::chrono::seconds(o.wait_s);
  if (!o.as_json) std::fprintf(stderr, "place an ID card on %s …\n", reader->describe().c_str());
  cr::IdCard card;
  if (auto ec = reader->read(card, ro)) {
    // The reader or the card said no (1); the reader did not answer (2).
    int code = ec.category() == cr::category() || ec.category() == cr::status_category() ? 1 : 2;
    return fail(o, code, "card not read: " + ec.message(), {{"reader", reader->describe()}});
  }
  json j = {{"ok", true},
            {"reader", reader->describe()},
            {"type", to_string(card.type)},
            {"name", card.name},
            {"gender", card.gender},
            {"gender_name", cr::gender_name(card.gender)},
            {"birth", card.birth},
            {"number", o.show_id ? card.number : hallq::domain::mask_id_number(card.number)},
            {"number_checked", card.number_checked},
            {"authority", card.authority},
            {"valid_from", card.valid_from},
            {"valid_to", card.valid_to},
            {"photo_bytes", card.photo.size()}};
  auto add = [&](const char* k, const std::string& v) {
    if (!v.empty()) j[k] = v;
  };
  add("name_en", card.name_en);
  add("nation", card.nation);
  if (!card.nation.empty()) j["nation_name"] = cr::nation_name(card.nation);
  add("nationality", card.nationality);
  add("address", card.address);
  add("pass_number", card.pass_number);
  add("issue_count", card.issue_count);
  add("renewals", card.renewals);
  add("version", card.version);
  add("old_number", card.old_number);
  std::cout << j.dump(o.as_json ? -1 : 2) << "\n";
  return 0;
}

// ---------------------------------------------------------------- udev rule

int cmd_udev_rule(const Options& o) {
  constexpr const char* kDefault = "/etc/hallq/hall.toml";
  std::vector<usb::UsbId> ids;
  std::string source = o.config.empty() ? kDefault : o.config;
  std::error_code ec;
  // A terminal machine may have no hall configuration: then printer-class devices only.
  if (o.config.empty() && !std::filesystem::exists(kDefault, ec)) {
    source = std::string("no hall configuration (") + kDefault + " is absent)";
  } else {
    try {
      for (const auto& d : hallq::config::load_config(source).devices)
        for (const auto& text : d.usb)
          if (auto id = usb::parse_usb_id(text)) ids.push_back(*id);
    } catch (const hallq::config::ConfigError& e) {
      return fail(o, 2, std::string("configuration error: ") + e.what());
    }
  }
  std::cout << usb::udev_rule(ids, o.group, source);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::exit(usage(std::string(a) + " needs a value"));
      }
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--json") {
      o.as_json = true;
    } else if (a == "--show-id") {
      o.show_id = true;
    } else if (a == "--printer") {
      o.printer = value();
    } else if (a == "--reader") {
      o.reader = value();
    } else if (a == "--config") {
      o.config = value();
    } else if (a == "--group") {
      o.group = value();
      if (o.group.empty() || o.group.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") != std::string::npos)
        return usage("--group must be a group name (a-z, 0-9, _ and -)");
    } else if (a == "--assets") {
      o.assets = value();
    } else if (a == "--qr") {
      o.qr = value();
      if (o.qr != "native" && o.qr != "raster") return usage("--qr must be native or raster");
    } else if (a == "--width") {
      std::string w = value();
      if (w != "58" && w != "80") return usage("--width must be 58 or 80");
      o.width = std::stoi(w);
    } else if (a == "--wait") {
      std::string w = value();
      char* end = nullptr;
      long s = std::strtol(w.c_str(), &end, 10);
      if (*end || s < 1 || s > 600) return usage("--wait must be 1-600 seconds");
      o.wait_s = static_cast<int>(s);
    } else if (!a.empty() && a[0] != '-' && o.command.empty()) {
      o.command = a;
    } else {
      return usage("unknown argument " + std::string(a));
    }
  }
  try {
    if (o.command == "list") return cmd_list(o);
    if (o.command == "printer-status") return cmd_printer_status(o);
    if (o.command == "print-test") return cmd_print_test(o);
    if (o.command == "read-card") return cmd_read_card(o);
    if (o.command == "udev-rule") return cmd_udev_rule(o);
  } catch (const std::system_error& e) {
    return fail(o, 2, e.what());
  }
  return usage(o.command.empty() ? "no command" : "unknown command " + o.command);
}
