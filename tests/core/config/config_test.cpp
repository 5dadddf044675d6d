#include "core/config/config.hpp"

#include <doctest/doctest.h>

#include <cctype>

#include "core/config/address_range.hpp"
#include "core/domain/crypto.hpp"
#include "tests/support/process.hpp"

using namespace hallq;
using config::ConfigError;

namespace {
// The error message parse_config gives for `text`, or "" when it loads.
std::string error_of(const std::string& text) {
  try {
    config::parse_config(text, "hall.toml");
    return "";
  } catch (const ConfigError& e) {
    return e.what();
  }
}

const std::string kBase = R"([hall]
id = "h"
names = { zh = "大厅", mn = "ᠲᠠᠩᠬᠢᠮ", en = "Hall" }

[[service]]
code = "A"
names = { zh = "甲", mn = "ᠠ", en = "A" }

[[window]]
number = 1
names = { zh = "1号", mn = "1", en = "1" }
services = { A = 1 }

[[device]]
id = "admin"
role = "admin"
token = "long-enough-token"
)";
}  // namespace

TEST_CASE("the demo hall and the test hall load") {
  auto demo = config::load_config(test::source_path("assets/halls/demo.toml"));
  CHECK(demo.hall.id == "tongliao-etdz");
  CHECK(demo.hall.names.zh == "通辽经济技术开发区政务服务中心");
  CHECK_FALSE(demo.hall.names.mn.empty());
  CHECK(demo.hall.services.size() == 8);
  for (const auto& s : demo.hall.services) {
    CAPTURE(s.code);
    CHECK_FALSE(s.names.mn.empty());
    CHECK_FALSE(s.category.empty());
  }
  CHECK(demo.hall.service("F")->real_name);
  CHECK(demo.hall.windows.size() == 8);
  CHECK(demo.hall.window(7)->kind == domain::WindowKind::consult);
  CHECK(demo.hall.window(8)->kind == domain::WindowKind::pickup);
  CHECK(demo.hall.window(1)->weight_of("A") == 3);
  CHECK(demo.hall.clerks.size() == 16);
  CHECK(domain::verify_pin("1001", demo.hall.clerk("c01")->pin_hash));
  CHECK(demo.hall.rollover_minute == 180);
  CHECK(demo.device("caller-3")->window == 3);
  CHECK(demo.device("kiosk-1")->role == protocol::Role::kiosk);
  CHECK(demo.hall.display.notice.zh.rfind("欢迎", 0) == 0);
  CHECK_FALSE(demo.hall.display.notice.mn.empty());
  CHECK(demo.hall.display.announce_languages == std::vector<std::string>{"zh", "mn"});
  CHECK(demo.hall.display.announce_repeat == 2);
  // Who may log in to the web console: the [[user]]s, and every clerk as a clerk.
  CHECK(demo.staff_user("guide1")->role == config::StaffRole::guide);
  CHECK(demo.staff_user("manager1")->role == config::StaffRole::manager);
  CHECK(demo.staff_user("admin1")->role == config::StaffRole::admin);
  CHECK(demo.staff_user("c01")->role == config::StaffRole::clerk);
  CHECK(demo.staff_user("c01")->name == "王丽");
  CHECK_FALSE(demo.staff_user("kiosk-1"));  // a device is not a person

  auto t = config::load_config(test::source_path("tests/data/hall.toml"));
  CHECK(t.hall.open_weekdays.size() == 7);
}

TEST_CASE("a bad configuration names the file, the line and the field") {
  CHECK(error_of(kBase) == "");
  for (const char* ok : {"127.0.0.1:0", "[::1]:7700", "localhost:7700", "0.0.0.0"}) {
    CAPTURE(ok);
    CHECK(error_of(kBase + "\n[server]\nlisten = \"" + ok + "\"\n[web]\nlisten = \"" + ok + "\"\n") == "");
  }
  struct Case {
    std::string text;
    std::string expect;
  };
  std::vector<Case> cases = {
      {kBase + "\n[[service]]\ncode = \"B\"\nnames = { zh = \"乙\", mn = \"ᠪ\" }\nqouta = 5\n",
       "hall.toml:22: service[2].qouta: unknown setting"},
      {kBase + "\n[[service]]\ncode = \"B\"\nnames = { zh = \"乙\" }\n", "service[2].names.mn: is required"},
      {kBase + "\n[[service]]\ncode = \"b1\"\nnames = { zh = \"乙\", mn = \"ᠪ\" }\n",
       "hall.toml:20: service[2].code: must be 1-3 capital letters"},
      {kBase + "\n[[service]]\ncode = \"A\"\nnames = { zh = \"乙\", mn = \"ᠪ\" }\n",
       "service[2].code: \"A\" is used twice"},
      {kBase + "\n[[service]]\ncode = \"B\"\nnames = { zh = \"乙\", mn = \"ᠪ\" }\nhours = [\"8:30-12:00\"]\n",
       "service[2].hours: \"8:30-12:00\" is not an interval"},
      {kBase + "\n[[service]]\ncode = \"B\"\nnames = { zh = \"乙\", mn = \"ᠪ\" }\nquota = -1\n",
       "service[2].quota: must be between 0 and 1000000"},
      {kBase + "\n[[window]]\nnumber = 2\nnames = { zh = \"2\", mn = \"2\" }\nservices = { Z = 1 }\n",
       "window[2].services: no [[service]] with code \"Z\""},
      {kBase + "\n[[window]]\nnumber = 2\nnames = { zh = \"2\", mn = \"2\" }\nservices = { A = 0 }\n",
       "window[2].services: weight of A must be 1-100"},
      {kBase + "\n[[window]]\nnumber = 2\nnames = { zh = \"2\", mn = \"2\" }\nkind = \"vip\"\nservices = [\"A\"]\n",
       "window[2].kind: \"vip\" is not comprehensive"},
      {kBase + "\n[[clerk]]\nid = \"c1\"\nname = \"王\"\npin = \"1234\"\n", "clerk[1].pin: store PINs hashed"},
      {kBase + "\n[[clerk]]\nid = \"c1\"\nname = \"王\"\npin_hash = \"1234\"\n",
       "clerk[1].pin_hash: is not a PIN hash"},
      {kBase + "\n[[user]]\nid = \"g1\"\nname = \"王\"\nrole = \"boss\"\n", "user[1].role: \"boss\" is not guide"},
      {kBase + "\n[[user]]\nid = \"g 1\"\nname = \"王\"\nrole = \"guide\"\n", "user[1].id: must be 1 to 32"},
      {kBase + "\n[[user]]\nid = \"g1\"\nname = \"王\"\nrole = \"guide\"\npassword = \"x\"\n",
       "user[1].password: passwords are not kept here"},
      {kBase + "\n[[clerk]]\nid = \"c1\"\nname = \"王\"\npin_hash = \"" + domain::hash_pin("1234", 1000) +
           "\"\n[[user]]\nid = \"c1\"\nname = \"李\"\nrole = \"admin\"\n",
       "user[1].id: \"c1\" is used twice"},
      {kBase + "\n[[device]]\nid = \"k\"\nrole = \"boss\"\ntoken = \"0123456789\"\n",
       "device[2].role: \"boss\" is not kiosk"},
      {kBase + "\n[[device]]\nid = \"k\"\nrole = \"kiosk\"\ntoken = \"short\"\n",
       "device[2].token: must be at least 8"},
      {kBase + "\n[[device]]\nid = \"c\"\nrole = \"caller\"\ntoken = \"0123456789\"\nwindow = 5\n",
       "device[2].window: no [[window]] number 5"},
      {kBase + "\n[[device]]\nid = \"k\"\nrole = \"kiosk\"\ntoken = \"0123456789\"\nwindow = 1\n",
       "device[2].window: only a caller or a display is bound to a window; a kiosk serves the whole hall"},
      {kBase + "\n[server]\nidle_timeout_s = \"soon\"\n", "server.idle_timeout_s: must be an integer"},
      {kBase + "\n[server]\nidle_timeout_s = true\n", "server.idle_timeout_s: must be an integer"},
      // toml++ alone reads true as 1 and 2 as true: a quota of one ticket a day, a real-name service.
      {kBase + "\n[[service]]\ncode = \"B\"\nnames = { zh = \"乙\", mn = \"ᠪ\" }\nquota = true\n",
       "service[2].quota: must be an integer"},
      {kBase + "\n[[service]]\ncode = \"B\"\nnames = { zh = \"乙\", mn = \"ᠪ\" }\nreal_name = 2\n",
       "service[2].real_name: must be true or false"},
      {kBase + "\n[[window]]\nnumber = 2\nnames = { zh = \"2\", mn = \"2\" }\nservices = { A = true }\n",
       "window[2].services: weights must be integers"},
      // Tens of thousands of dotted parts overflowed toml++'s stack.
      {kBase + "\n[" +
           [] {
             std::string k = "a";
             for (int i = 0; i < 40000; ++i) k += ".a";
             return k;
           }() +
           "]\n",
       "hall.toml:19: a name of 1000 or more dotted parts"},
      {kBase + "\n[" +
           [] {
             std::string k = "1";  // all-digit parts are key parts too, not a number's point
             for (int i = 0; i < 40000; ++i) k += ".1";
             return k;
           }() +
           "]\n",
       "hall.toml:19: a name of 1000 or more dotted parts"},
      {kBase + "\n[server]\nlisten = \"0.0.0.0:70000\"\n",
       "hall.toml:20: server.listen: \"0.0.0.0:70000\": the port must be a number from 0 to 65535"},
      {kBase + "\n[server]\nlisten = \"0.0.0.0:\"\n", "server.listen: \"0.0.0.0:\": has a \":\" but no port"},
      {kBase + "\n[web]\nlisten = \"nohost:8080\"\n",
       "web.listen: \"nohost:8080\": \"nohost\" is not an IP address (nor localhost)"},
      {kBase + "\n[web]\nlisten = \"::1:8080\"\n", "web.listen: \"::1:8080\": an IPv6 address goes in brackets"},
      {kBase + "\n[hall2]\n", "hall2: unknown setting"},
      {kBase + "\n[appointments]\npriority = \"vip\"\n", "appointments.priority: no [[priority]] with id \"vip\""},
      {kBase + "\n[display]\nannounce_languages = [\"zh\", \"fr\"]\n",
       "display.announce_languages: \"fr\" is not zh, mn or en"},
      {kBase + "\n[display]\nannounce_repeat = 9\n", "display.announce_repeat: must be between 0 and 5"},
      {kBase + "\n[display]\nnotice = { zh = \"欢迎\" }\n", "display.notice.mn: is required"},
      {kBase + "\nbroken = [\n", "hall.toml:19"},
      {"[hall]\nid = \"h\"\n", "hall.names: is required"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    std::string e = error_of(c.text);
    CHECK_MESSAGE(e.find(c.expect) != std::string::npos, e);
    // The file and the line: each of these is at a line of its own.
    CHECK(e.rfind("hall.toml:", 0) == 0);
    CHECK(e.size() > 10);
    if (e.size() > 10) CHECK(std::isdigit(static_cast<unsigned char>(e[10])));
  }
  // Something missing from the top level has no line to point at: the file, then what is missing.
  std::string no_device = kBase.substr(0, kBase.find("[[device]]"));
  CHECK(error_of(no_device) == "hall.toml: device: at least one [[device]] is required");
}

TEST_CASE("settings that would quietly do nothing, or harm, are refused when read") {
  // kBase with lines added to its [hall] table, or its [hall] id replaced.
  auto hall = [](const std::string& lines) {
    std::string t = kBase;
    t.insert(t.find("\n", t.find("names = ")) + 1, lines);
    return error_of(t);
  };
  auto with_id = [](const std::string& id) {
    std::string t = kBase;
    t.replace(t.find("id = \"h\""), 8, "id = \"" + id + "\"");
    return error_of(t);
  };
  auto service = [](const std::string& lines) {
    return error_of(kBase + "\n[[service]]\ncode = \"B\"\nnames = { zh = \"乙\", mn = \"ᠪ\" }\n" + lines);
  };
  // The day turning inside the issuing hours cancelled the tickets of citizens still waiting.
  CHECK(hall("hours = [\"08:30-12:00\"]\nrollover = \"10:00\"\n")
            .find("hall.rollover: falls inside the hall's hours "
                  "08:30-12:00") != std::string::npos);
  CHECK(hall("hours = [\"08:30-12:00\"]\nrollover = \"03:00\"\n") == "");
  CHECK(hall("hours = [\"08:30-12:00\", \"11:00-13:00\"]\n")
            .find("hall.hours: \"11:00-13:00\" overlaps \"08:30-12:00\"") != std::string::npos);
  CHECK(service("hours = [\"08:30-12:00\"]\nextended_hours = [\"11:30-12:30\"]\n")
            .find("service[2].extended_hours: 11:30-12:30 overlaps the service's hours 08:30-12:00") !=
        std::string::npos);
  CHECK(service("hours = [\"08:30-12:00\"]\nextended_hours = [\"12:00-13:00\"]\n") == "");
  CHECK(service("hours = [\"08:30-12:00\"]\nextended_hours = [\"23:00-24:00\"]\n") == "");
  CHECK(service("hours = [\"22:00-24:00\", \"00:00-02:00\"]\n") == "");
  CHECK(service("hours = [\"23:00-24:00\"]\nextended_hours = [\"00:00-01:00\"]\n") == "");
  // kBase's hall has no hours and turns its day at 00:00.
  CHECK(hall("rollover = \"03:00\"\n") == "");
  CHECK(error_of([] {
          std::string t = kBase;
          t.insert(t.find("\n", t.find("names = ")) + 1, "rollover = \"03:00\"\n");
          return t + "\n[[service]]\ncode = \"B\"\nnames = { zh = \"乙\", mn = \"ᠪ\" }\nhours = [\"02:00-04:00\"]\n";
        }())
            .find("service[2].hours: 02:00-04:00 holds the hall's rollover (03:00)") != std::string::npos);
  CHECK(service("extended_hours = [\"18:00-20:00\"]\n") == "");  // issues then only (HallConfig::issues)
  // "24:00" was taken, and the nightly backup never came.
  CHECK(error_of(kBase + "\n[backup]\nat = \"24:00\"\n").find("backup.at: must be a local time") != std::string::npos);
  // The hall's id names its backup files: a path in it sent them elsewhere.
  CHECK(with_id("../../escape").find("hall.id: must be at most 64 bytes, without '/'") != std::string::npos);
  CHECK(with_id(".hidden").find("hall.id: must be") != std::string::npos);
  CHECK(with_id("通辽经开区") == "");  // a file name's part may be Chinese
  CHECK(with_id("t x").find("hall.id: must be") != std::string::npos);
  CHECK(with_id("tongliao-etdz.2") == "");
  // A clerk logs in to the console by the id: longer than a log-in name, and they never could.
  CHECK(error_of(kBase + "\n[[clerk]]\nid = \"" + std::string(33, 'c') + "\"\nname = \"王\"\npin_hash = \"" +
                 domain::hash_pin("1234", 1000) + "\"\n")
            .find("clerk[1].id: must be at most 32 bytes") != std::string::npos);
  CHECK(error_of(kBase + "\n[[clerk]]\nid = \"王芳\"\nname = \"王芳\"\npin_hash = \"" + domain::hash_pin("1234", 1000) +
                 "\"\n") == "");  // as clerks were before: the console takes 32 bytes
  // An empty path silently meant the default.
  CHECK(error_of(kBase + "\n[security]\nid_key_file = \"\"\n").find("security.id_key_file: is empty") !=
        std::string::npos);
  CHECK(error_of(kBase + "\n[backup]\ndir = \"\"\n").find("backup.dir: is empty") != std::string::npos);
  // A status URL without a host; a trailing slash made the QR links "…//v/…".
  CHECK(error_of(kBase + "\n[display]\nstatus_url = \"https://\"\n").find("display.status_url:") != std::string::npos);
  CHECK(error_of(kBase + "\n[display]\nstatus_url = \"https://:80/x\"\n").find("display.status_url: names no host") !=
        std::string::npos);
  CHECK(config::parse_config(kBase + "\n[display]\nstatus_url = \"https://zwfw.example.cn/hallq/\"\n", "h.toml")
            .hall.display.status_url == "https://zwfw.example.cn/hallq");
  // Messages that name what was written, and what is wrong with it.
  CHECK(error_of(kBase + "\n[[window]]\nnames = { zh = \"2\", mn = \"2\" }\nservices = [\"A\"]\n")
            .find("window[2].number: is required") != std::string::npos);
  CHECK(error_of(kBase + "\n[server]\ndisk_warn_mib = 100\n")
            .find("server.disk_warn_mib: must not be below disk_critical_mib") != std::string::npos);
  CHECK(error_of(kBase + "\n[server]\npin_failures = 7\n").find("server.pin_failures: must not be above") !=
        std::string::npos);
  CHECK(error_of(kBase + "\n[ratings]\nreasons = [\"other\", \"other\"]\n")
            .find("ratings.reasons: \"other\" is listed twice") != std::string::npos);
  const std::string quoted = error_of("a = t\n");
  CHECK_FALSE(quoted.empty());
  CHECK(quoted.find("\n") == std::string::npos);  // toml++ quoted the line break it saw
  CHECK(hall("open_days = [\"mon\", \"tue\", \"mon\"]\n").find("hall.open_days: mon is listed twice") !=
        std::string::npos);
  CHECK(error_of(kBase + "\n[display]\nannounce_languages = [\"zh\", \"mn\", \"zh\"]\n")
            .find("display.announce_languages: \"zh\" is listed twice") != std::string::npos);
  CHECK(error_of(kBase + "\n[cases]\nnotify = \"\"\n").find("cases.notify: must be \"file:PATH\"") !=
        std::string::npos);
  // "normal", the documented default class, may be written out.
  CHECK(error_of(kBase + "\n[appointments]\npriority = \"normal\"\n") == "");
  CHECK(error_of(kBase + "\n[cases]\nsupplement_priority = \"normal\"\n") == "");
}

TEST_CASE("an unreadable file is a configuration error naming it") {
  CHECK_THROWS_WITH_AS(config::load_config("/nonexistent/hall.toml"),
                       "/nonexistent/hall.toml: cannot open: no such file", ConfigError);
}

TEST_CASE("only a regular file of sensible size is read: not a folder, a pipe, a device or a huge file") {
  test::TempDir dir;
  CHECK_THROWS_WITH_AS(config::load_config(dir.path("")), (dir.path("") + ": is a folder, not a file").c_str(),
                       ConfigError);
  // /dev/zero never ends: read whole, it filled the memory.
  CHECK_THROWS_WITH_AS(config::load_config("/dev/zero"), "/dev/zero: is not a regular file", ConfigError);
  const std::string fifo = dir.path("fifo.toml");
  REQUIRE(test::run({"mkfifo", fifo}).exit_code == 0);
  CHECK_THROWS_WITH_AS(config::load_config(fifo), (fifo + ": is not a regular file").c_str(), ConfigError);
  const std::string big = dir.path("big.toml");
  REQUIRE(test::run({"truncate", "-s", "17M", big}).exit_code == 0);
  CHECK_THROWS_WITH_AS(config::load_config(big), (big + ": is 17825792 bytes; a file here is at most 16 MiB").c_str(),
                       ConfigError);
  // Lists of numbers or addresses on one line are many short chains, not one long name.
  std::string addresses = "\n[web]\nstaff_addresses = [";
  std::string numbers = "# ";
  for (int i = 0; i < 1500; ++i) {
    addresses += std::string(i ? ", " : "") + "\"10.1." + std::to_string(i % 250) + ".1\"";
    numbers += "1.5 ";
  }
  CHECK(error_of(kBase + numbers + std::string(3000, '.') + "\n") == "");
  CHECK(error_of(kBase + addresses + "]\n") == "");
}

TEST_CASE("[web] staff_addresses: addresses and networks, IPv4 and IPv6, checked when read") {
  namespace ip = boost::asio::ip;
  auto net = config::address_range("10.1.20.0/24");
  REQUIRE(net);
  CHECK(net->contains(ip::make_address("10.1.20.7")));
  CHECK(net->contains(ip::make_address("10.1.20.0")));
  CHECK_FALSE(net->contains(ip::make_address("10.1.21.7")));
  CHECK(net->contains(ip::make_address("::ffff:10.1.20.9")));  // an IPv4 peer on a dual-stack socket
  CHECK_FALSE(net->contains(ip::make_address("fd00::1")));
  auto one = config::address_range("127.0.0.1");
  REQUIRE(one);
  CHECK(one->contains(ip::make_address("127.0.0.1")));
  CHECK_FALSE(one->contains(ip::make_address("127.0.0.2")));
  auto v6 = config::address_range("fd00::/8");
  REQUIRE(v6);
  CHECK(v6->contains(ip::make_address("fd12:3456::1")));
  CHECK_FALSE(v6->contains(ip::make_address("fe80::1")));
  CHECK(config::address_range("0.0.0.0/0")->contains(ip::make_address("192.0.2.1")));
  for (const char* bad : {"10.1.20.0/33", "10.1.20/24", "hall-lan", "10.0.0.0/", "::/129", "10.0.0.0/-1"}) {
    CAPTURE(bad);
    CHECK_FALSE(config::address_range(bad));
  }
  CHECK(error_of(kBase + "\n[web]\nstaff_addresses = [\"10.1.20.0/24\", \"127.0.0.1\"]\n") == "");
  CHECK(error_of(kBase + "\n[web]\nstaff_addresses = [\"staff-lan\"]\n")
            .find("web.staff_addresses: \"staff-lan\" is not an address or a network") != std::string::npos);
}

TEST_CASE("[backup]: the nightly time, off, how many to keep and where, checked when read") {
  auto backup = [](const std::string& table) {
    return config::parse_config(kBase + "\n[backup]\n" + table, "h.toml").backup;
  };
  auto plain = config::parse_config(kBase, "h.toml").backup;
  CHECK(plain.at_minute == 150);  // 02:30 unless told
  CHECK(plain.keep == 14);
  CHECK(plain.dir.empty());  // beside the database
  CHECK(backup("at = \"23:05\"\nkeep = 30\ndir = \"/var/backups/hallq\"\n").at_minute == 23 * 60 + 5);
  CHECK(backup("at = \"off\"\n").at_minute == -1);
  CHECK(error_of(kBase + "\n[backup]\nat = \"25:00\"\n").find("backup.at") != std::string::npos);
  CHECK(error_of(kBase + "\n[backup]\nkeep = 0\n").find("backup.keep") != std::string::npos);
  CHECK(error_of(kBase + "\n[backup]\nevery = \"day\"\n").find("backup.every") != std::string::npos);
}

TEST_CASE("[[shift]]: the hall's rota, by weekday, checked against its windows, clerks and itself") {
  const std::string clerk =
      "\n[[clerk]]\nid = \"c1\"\nname = \"王\"\npin_hash = \"" + domain::hash_pin("1234", 1000) + "\"\n";
  const std::string window2 = "\n[[window]]\nnumber = 2\nnames = { zh = \"2号\", mn = \"2\" }\nservices = [\"A\"]\n";
  auto rota = [&](const std::string& shifts) {
    return config::parse_config(kBase + clerk + window2 + shifts, "h.toml").hall.rota;
  };
  CHECK(config::parse_config(kBase, "h.toml").hall.rota.empty());
  auto r = rota(
      "[[shift]]\nwindow = 1\nclerk = \"c1\"\nfrom = \"08:30\"\nto = \"17:30\"\nbreaks = [\"12:00-13:00\"]\n"
      "days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\n"
      "[[shift]]\nwindow = 2\nfrom = \"08:30\"\nto = \"12:00\"\n"
      "[[shift]]\nwindow = 2\nfrom = \"12:00\"\nto = \"17:30\"\ndays = [\"fri\"]\n");
  REQUIRE(r.size() == 3);
  CHECK(r[0] ==
        domain::Shift{1, "c1", 8 * 60 + 30, 17 * 60 + 30, {{12 * 60, 13 * 60}}, std::vector<int>{1, 2, 3, 4, 5}});
  CHECK(r[1] == domain::Shift{2, "", 8 * 60 + 30, 12 * 60, {}, {}});
  CHECK(r[2].weekdays == std::vector<int>{5});
  CHECK(rota("[[shift]]\nwindow = 1\nfrom = \"13:00\"\nto = \"24:00\"\n")[0].to == 1440);  // to midnight

  auto error = [&](const std::string& shifts) { return error_of(kBase + clerk + window2 + shifts); };
  // A closed weekday's shift would never apply (a make-up day takes the first open weekday's rota).
  CHECK(error("[[shift]]\nwindow = 1\nfrom = \"08:30\"\nto = \"12:00\"\ndays = [\"sat\"]\n")
            .find("shift[1].days: the hall is not open on sat") != std::string::npos);
  CHECK(error("[[shift]]\nwindow = 1\nfrom = \"08:30\"\nto = \"12:00\"\ndays = []\n")
            .find("shift[1].days: is empty; leave it out") != std::string::npos);
  CHECK(error("[[shift]]\nwindow = 1\nfrom = \"08:30\"\nto = \"12:00\"\ndays = [\"mon\", \"mon\"]\n")
            .find("shift[1].days: mon is listed twice") != std::string::npos);
  CHECK(error("[[shift]]\nwindow = 9\nfrom = \"08:30\"\nto = \"17:30\"\n").find("shift[1].window: no [[window]]") !=
        std::string::npos);
  CHECK(error("[[shift]]\nwindow = 1\nclerk = \"c9\"\nfrom = \"08:30\"\nto = \"17:30\"\n")
            .find("shift[1].clerk: no [[clerk]] with id \"c9\"") != std::string::npos);
  CHECK(error("[[shift]]\nwindow = 1\nfrom = \"08:30\"\n").find("shift[1].to: is required") != std::string::npos);
  CHECK(error("[[shift]]\nwindow = 1\nfrom = \"12:00\"\nto = \"08:30\"\n").find("shift[1].to: must be after from") !=
        std::string::npos);
  CHECK(error("[[shift]]\nwindow = 1\nfrom = \"08:30\"\nto = \"12:00\"\nbreaks = [\"11:30-12:30\"]\n")
            .find("shift[1].breaks: a break must fall within the shift") != std::string::npos);
  CHECK(error("[[shift]]\nwindow = 1\nfrom = \"08:30\"\nto = \"17:30\"\nbreaks = [\"12:00-13:00\", \"12:45-13:15\"]\n")
            .find("shift[1].breaks: \"12:45-13:15\" overlaps \"12:00-13:00\"") != std::string::npos);
  // Breaks that leave no time at the window, in one piece or in two; one that leaves a minute is a shift.
  CHECK(error("[[shift]]\nwindow = 1\nfrom = \"08:30\"\nto = \"12:00\"\nbreaks = [\"08:30-12:00\"]\n")
            .find("shift[1].breaks: the breaks cover the whole shift") != std::string::npos);
  CHECK(error("[[shift]]\nwindow = 1\nfrom = \"08:30\"\nto = \"12:00\"\nbreaks = [\"10:00-12:00\", \"08:30-10:00\"]\n")
            .find("shift[1].breaks: the breaks cover the whole shift") != std::string::npos);
  CHECK(
      error("[[shift]]\nwindow = 1\nfrom = \"08:30\"\nto = \"12:00\"\nbreaks = [\"10:01-12:00\", \"08:30-10:00\"]\n") ==
      "");
  CHECK(error("[[shift]]\nwindow = 1\nfrom = \"08:30\"\nto = \"12:00\"\ndays = [\"monday\"]\n")
            .find("shift[1].days: \"monday\" is not one of") != std::string::npos);
  CHECK(error("[[shift]]\nwindow = 1\nfrom = \"08:30\"\nto = \"12:00\"\n"
              "[[shift]]\nwindow = 1\nfrom = \"11:00\"\nto = \"17:30\"\n")
            .find("shift[2].from: overlaps another shift at window 1") != std::string::npos);
  CHECK(error("[[shift]]\nwindow = 1\nclerk = \"c1\"\nfrom = \"08:30\"\nto = \"12:00\"\n"
              "[[shift]]\nwindow = 2\nclerk = \"c1\"\nfrom = \"11:00\"\nto = \"17:30\"\n")
            .find("shift[2].clerk: clerk c1 is already at window 1 then") != std::string::npos);
  // The same window on different days does not overlap.
  CHECK(error("[[shift]]\nwindow = 1\nfrom = \"08:30\"\nto = \"12:00\"\ndays = [\"mon\"]\n"
              "[[shift]]\nwindow = 1\nfrom = \"08:30\"\nto = \"17:30\"\ndays = [\"tue\"]\n") == "");
}
