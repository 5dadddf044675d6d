// hallq-devices as a technician uses it: the real binary, with the virtual
// printer and with fake USB devices (it inherits this process's umockdev
// environment). Printed tickets are checked with independent tools: iconv for
// the GB18030 text, zbarimg for the QR code.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/config/config.hpp"
#include "drivers/printer/escpos_decode.hpp"
#include "tests/drivers/fake_usb.hpp"
#include "tests/drivers/pty_reader.hpp"
#include "tests/drivers/usb_fakes.hpp"
#include "tests/support/printed.hpp"
#include "tests/support/process.hpp"

using namespace hallq::test;
using json = nlohmann::json;

namespace {

RunResult devices(std::vector<std::string> args) {
  args.insert(args.begin(), bin("hallq-devices"));
  return run(args, {"HALLQ_ASSETS=" + source_path("assets")});
}

}  // namespace

TEST_CASE("print-test on the virtual printer writes a ticket a person can read and a scanner can scan") {
  TempDir dir;
  auto hall = hallq::config::load_config(source_path("assets/halls/demo.toml")).hall;
  for (const char* width : {"58", "80"}) {
    CAPTURE(width);
    std::string bin_path = dir.path(std::string("new/folder/t") + width + ".bin");  // folders made as needed
    auto r = devices({"print-test", "--width", width, "--printer", "file:" + bin_path, "--json"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    json j = json::parse(r.out);
    CHECK(j["ok"] == true);
    CHECK(j["png"] == dir.path(std::string("new/folder/t") + width + ".png"));
    Bytes job = read_bytes(bin_path);
    CHECK(job.size() == j["bytes"].get<std::size_t>());

    std::string text = text_by_iconv(job, dir);
    CHECK(text.find(hall.names.zh) != std::string::npos);
    CHECK(text.find(hall.services[0].names.zh) != std::string::npos);
    CHECK(text.find("A001") != std::string::npos);
    CHECK(text.find("您的号码") != std::string::npos);
    CHECK(text.find(hall.services[0].materials[0].zh) != std::string::npos);
    CHECK(text.find("扫码查看排队进度") != std::string::npos);

    // The QR code: from the PNG preview, and (58 mm: a raster in the job) from the job's own bits.
    CHECK(zbar(j["png"]) == j["qr"].get<std::string>());
    auto decoded = qr_in_job(job, dir);
    CHECK(std::count(decoded.begin(), decoded.end(), j["qr"].get<std::string>()) ==
          (std::string(width) == "58" ? 1 : 0));  // 80 mm sends the QR natively
    // The Mongolian service name is a raster image, never text.
    CHECK(text.find('?') == std::string::npos);
  }
}

TEST_CASE("print-test and printer-status on a USB printer") {
  FakeBus fake;
  auto fw = std::make_shared<PrinterFirmware>();
  int dev = fake.plug(printer_spec(), fw);
  auto status = devices({"printer-status", "--json"});
  REQUIRE_MESSAGE(status.exit_code == 0, status.err);
  CHECK(json::parse(status.out)["state"] == "ready");

  auto printed = devices({"print-test"});
  CHECK(printed.exit_code == 0);
  CHECK(printed.out.find("printed a 58 mm sample ticket") != std::string::npos);
  fake.with(dev, [&](Firmware&) {
    CHECK(hallq::printer::decode(fw->printed).text().find("A001") != std::string::npos);
    fw->paper_out = true;
  });
  auto refused = devices({"print-test", "--printer", "usb:0416:5011"});
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("paper out") != std::string::npos);
  auto out = devices({"printer-status"});
  CHECK(out.exit_code == 1);
  CHECK(out.out.find("paper_out") != std::string::npos);

  auto list = devices({"list", "--json"});
  CHECK(list.exit_code == 0);
  CHECK(json::parse(list.out)["usb"][0]["role"] == "printer (printer class)");
  CHECK(devices({"print-test", "--printer", "usb:1234:5678"}).exit_code == 2);
}

TEST_CASE("read-card prints the fields as JSON, the ID number masked unless asked") {
  FakeBus fake;
  auto fw = std::make_shared<SplitPipeReader>();
  int dev = fake.plug(reader_spec(), fw);
  auto r = devices({"read-card", "--reader", "usb", "--wait", "2"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  json j = json::parse(r.out);
  CHECK(j["type"] == "resident");
  CHECK(j["name"] == "包巴特尔");
  CHECK(j["number"] == "150502********1230");
  CHECK(j["nation_name"] == "蒙古");
  CHECK(j["gender_name"] == "男");
  CHECK(j["birth"] == "1988-02-15");
  CHECK(r.out.find("19880215") == std::string::npos);  // not even as part of the number
  auto shown = devices({"read-card", "--show-id", "--json", "--wait", "2"});
  CHECK(json::parse(shown.out)["number"] == "150502198802151230");

  fake.with(dev, [&](Firmware&) { fw->fw.card = false; });
  auto none = devices({"read-card", "--json", "--wait", "1"});
  CHECK(none.exit_code == 1);
  CHECK(json::parse(none.out)["error"].get<std::string>().find("no card") != std::string::npos);
}

TEST_CASE("print-test links the hall's status address as a real ticket does, an example one without a config") {
  TempDir dir;
  std::ifstream demo_file(source_path("assets/halls/demo.toml"));
  std::string demo((std::istreambuf_iterator<char>(demo_file)), std::istreambuf_iterator<char>());
  const std::string status_line = R"(status_url = "https://zwfw.tongliao.example/hallq")";
  REQUIRE(demo.find(status_line) != std::string::npos);
  const std::string sample_token_end = "-A001-00000000000000000000";  // a real token's shape, a MAC no hall accepts
  auto qr_of = [&](std::vector<std::string> args, const std::string& name) {
    args.insert(args.begin(), {"print-test", "--printer", "file:" + dir.path(name + ".bin"), "--json"});
    auto r = devices(args);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    json j = json::parse(r.out);
    std::string qr = j["qr"];
    if (!qr.empty()) CHECK(zbar(j["png"]) == qr);  // what a phone reads
    return qr;
  };

  std::string hall_qr = qr_of({"--config", dir.write("hall.toml", demo)}, "hall");
  CHECK(hall_qr.rfind("https://zwfw.tongliao.example/hallq/v/", 0) == 0);
  CHECK(hall_qr.ends_with(sample_token_end));
  CHECK(hall_qr.find("hallq.example") == std::string::npos);

  std::string example_qr = qr_of({}, "example");
  CHECK(example_qr.rfind("https://hallq.example/v/", 0) == 0);
  CHECK(example_qr.ends_with(sample_token_end));
  CHECK(devices({"--help"}).out.find("https://hallq.example") != std::string::npos);

  // A hall without a status address prints no QR code, as its real tickets do, and says so.
  std::string none = dir.write("none.toml", demo.replace(demo.find(status_line), status_line.size(), ""));
  CHECK(qr_of({"--config", none}, "none").empty());
  auto told = devices({"print-test", "--config", none, "--printer", "file:" + dir.path("told.bin")});
  CHECK(told.exit_code == 0);
  CHECK(told.out.find("no QR code: the hall has no [display] status_url") != std::string::npos);
}

TEST_CASE("print-test to a file that cannot be made names the path and the reason") {
  auto r = devices({"print-test", "--printer", "file:/proc/nope/t.bin"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("/proc/nope") != std::string::npos);
  CHECK(r.err.find("No such file or directory") != std::string::npos);
  CHECK(r.err.find("filesystem error") == std::string::npos);  // the library's wording, not ours
  TempDir dir;
  std::string folder = dir.path("a-folder");
  std::filesystem::create_directories(folder);
  auto busy = devices({"print-test", "--printer", "file:" + folder, "--json"});
  CHECK(busy.exit_code == 2);
  CHECK(json::parse(busy.out)["error"] == "cannot create the virtual printer's file " + folder + ": Is a directory");
}

TEST_CASE("read-card on a serial reader tells a damaged card, a refusal and a faulty SAM apart") {
  PtyReader pty;
  auto read_card = [&] { return devices({"read-card", "--reader", "serial:" + pty.slave, "--wait", "2"}); };
  SUBCASE("a card whose every read fails (status 41): not an empty reader") {
    pty.fw.read_status = 0x41;
    auto r = read_card();
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("card not read: a card is on the reader but its chip could not be read") != std::string::npos);
    CHECK(r.err.find("may be damaged") != std::string::npos);
    CHECK(r.err.find("no card") == std::string::npos);
  }
  SUBCASE("select answered 24: the refusal names the status") {
    pty.fw.select_status = 0x24;
    auto r = read_card();
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("card not read: the reader refused: unknown error (0x24)") != std::string::npos);
  }
  SUBCASE("the SAM's self-test failed (60): the reader is there, its security module is not well") {
    pty.fw.sam_status = 0x60;
    auto r = read_card();
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("the ID-card reader on " + pty.slave +
                     " answers, but its security module (SAM) reports a fault: SAM self-test failed (0x60)") !=
          std::string::npos);
    CHECK(r.err.find("no ID-card reader found") == std::string::npos);
    CHECK(r.err.find("place an ID card") == std::string::npos);  // nobody is asked for a card it cannot read
  }
}

TEST_CASE("without devices: a clear message and exit status 2") {
  auto p = devices({"printer-status"});
  CHECK(p.exit_code == 2);
  CHECK(p.err.find("no USB printer is plugged in") != std::string::npos);
  auto c = devices({"read-card", "--reader", "usb"});
  CHECK(c.exit_code == 2);
  CHECK(c.err.find("no ID-card reader found") != std::string::npos);
  CHECK(devices({"print-test", "--width", "66"}).exit_code == 2);
  CHECK(devices({"frob"}).exit_code == 2);
  CHECK(devices({"--help"}).exit_code == 0);
}

TEST_CASE("udev-rule gives the kiosk's group the printer and reader the configuration names") {
  TempDir dir;
  // The demo hall with a second kiosk naming a USB-serial reader, and the printer again (once in the rule).
  std::ifstream demo_file(source_path("assets/halls/demo.toml"));
  std::string demo((std::istreambuf_iterator<char>(demo_file)), std::istreambuf_iterator<char>());
  std::string config = dir.write("hall.toml", demo + R"(
[[device]]
id = "kiosk-9"
role = "kiosk"
token = "kiosk-9-token-x"
usb = ["1A86:7523", "0416:5011"]
)");
  auto r = devices({"udev-rule", "--config", config});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const std::string access = R"(MODE="0660", GROUP="hallq-kiosk")";
  auto line_count = [&](const std::string& line) {
    std::size_t n = 0;
    for (std::size_t at = r.out.find(line); at != std::string::npos; at = r.out.find(line, at + 1)) ++n;
    return n;
  };
  // sysfs spells ids in lowercase and udev compares exactly: "0400:C35A" in the file is c35a in the rule.
  CHECK(
      line_count(R"(SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ATTR{idVendor}=="0416", ATTR{idProduct}=="5011", )" +
                 access + "\n") == 1);
  CHECK(
      line_count(R"(SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ATTR{idVendor}=="0400", ATTR{idProduct}=="c35a", )" +
                 access + "\n") == 1);
  CHECK(line_count(R"(SUBSYSTEM=="tty", ATTRS{idVendor}=="1a86", ATTRS{idProduct}=="7523", )" + access + "\n") == 1);
  CHECK(line_count(R"(ENV{ID_USB_INTERFACES}=="*:07????:*", )" + access + "\n") == 1);
  CHECK(r.out.find("from " + config) != std::string::npos);
  // Every line is a comment or a rule of KEY==/KEY= pairs: nothing a config could inject.
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    CAPTURE(line);
    CHECK((line.rfind("# ", 0) == 0 || line.rfind("SUBSYSTEM==", 0) == 0));
  }

  auto other = devices({"udev-rule", "--config", config, "--group", "kiosk"});
  CHECK(other.out.find(R"(GROUP="kiosk")") != std::string::npos);
  CHECK(devices({"udev-rule", "--config", config, "--group", "a\"b"}).exit_code == 2);

  // A misspelt id is a configuration error naming the file and the field.
  std::string bad = dir.write("bad.toml", demo + R"(
[[device]]
id = "kiosk-9"
role = "kiosk"
token = "kiosk-9-token-x"
usb = ["0416-5011"]
)");
  auto refused = devices({"udev-rule", "--config", bad});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("usb") != std::string::npos);
  CHECK(refused.err.find("0416-5011") != std::string::npos);
}
