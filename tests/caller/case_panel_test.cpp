// The caller's case panel driven like a clerk drives it — taps and keys as
// SDL events — against the real server on the demo hall (materials, time
// limits, a pickup window), with the virtual receipt printer; the server's
// state and the printed papers are checked after each step.
#include <doctest/doctest.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>

#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "caller/caller_app.hpp"
#include "caller/receipts.hpp"
#include "core/config/i18n.hpp"
#include "core/net/endpoint.hpp"
#include "drivers/printer/escpos_decode.hpp"
#include "tests/support/line_client.hpp"
#include "tests/support/printed.hpp"
#include "tests/support/process.hpp"
#include "tests/support/screen.hpp"

using namespace hallq;
using namespace hallq::test;
using json = nlohmann::json;

namespace {

constexpr const char* kApplicant = "150502199001011232";
constexpr const char* kSomeoneElse = "11010519491231002X";

// The server's arguments: a Thursday morning in the demo hall, a training hall's when asked.
std::vector<std::string> desk_args(bool training) {
  std::vector<std::string> args = {"--time", "2026-11-26T09:00"};
  if (training) args.push_back("--training");
  return args;
}

struct CaseDesk {
  TempDir dir;
  bool training;
  ServerProcess server;
  LineClient admin{server.port()};
  boost::asio::io_context ctx;
  std::unique_ptr<caller::CallerApp> app;
  std::unique_ptr<ScreenHarness> screen;
  config::Translations zh = config::Translations::load(source_path("assets/i18n"), "zh");
  std::string papers = dir.path("papers") + "/";
  std::string card_number;  // what the fake reader reads
  int reads = 0;

  explicit CaseDesk(bool in_training = false)
      : training(in_training), server(source_path("assets/halls/demo.toml"), dir.path("hall.db"), desk_args(training)) {
    admin.hello("admin", "admin", "demo-admin-token");
  }

  void start(int window) {
    screen.reset();
    app.reset();
    caller::Options o;
    o.client.server = *net::parse_host_port(server.address(), 0);
    o.client.role = protocol::Role::caller;
    o.client.device = "caller-" + std::to_string(window);
    o.client.token = "demo-caller-" + std::to_string(window) + "-token";
    o.lang = "zh";
    o.repeat_guard_s = 0.05;
    o.assets = source_path("assets");
    o.devices.printer = "file:" + papers;
    o.read_card = [this](std::function<void(devices::CardResult)> done) {
      boost::asio::post(ctx, [this, done = std::move(done)] {
        ++reads;
        devices::CardResult r;
        r.card = cardreader::IdCard{};
        r.card->number = card_number;
        r.card->name = card_number == kApplicant ? "包巴特尔" : "李明";
        done(std::move(r));
      });
    };
    app = std::make_unique<caller::CallerApp>(ctx, o);
    screen = std::make_unique<ScreenHarness>(ctx, *app, 1280, 800);
    REQUIRE(screen->step_until([&] { return app->live(); }));
    CHECK(app->window() == window);
  }
  void tap(const std::string& id) {
    SDL_Delay(60);
    REQUIRE_MESSAGE(screen->has_button(id), "no button " << id);
    screen->click(id);
    REQUIRE(screen->step_until([&] { return !app->busy(); }));
    screen->step(3);
  }
  void login(const std::string& clerk, const std::string& pin) {
    REQUIRE(screen->step_until([&] { return screen->has_button("clerk." + clerk); }));
    tap("clerk." + clerk);
    for (char k : pin) tap(std::string("pin.") + k);
    tap("pin." + zh.get("caller.ok"));
    REQUIRE(screen->step_until([&] { return screen->has_button("call_next"); }));
  }
  json take(const char* service, const char* id) {
    json r = admin.request({{"op", "take"}, {"service", service}, {"id_number", id}, {"name", "包巴特尔"}});
    REQUIRE(r["ok"] == true);
    return r["ticket"];
  }
  json case_of(const std::string& ticket) {
    json r = admin.request({{"op", "cases"}, {"ticket", ticket}});
    REQUIRE(r["cases"].size() == 1);
    return r["cases"][0];
  }
  // Waits for the virtual printer's paper for this case; returns its bytes.
  PrintedBytes paper(const std::string& name) {
    std::string bin = papers + name + ".bin";
    REQUIRE(screen->step_until([&] { return std::filesystem::exists(bin) && app->cases().last_paper() == bin; },
                               std::chrono::milliseconds(10000)));
    CHECK(std::filesystem::exists(papers + name + ".png"));  // the picture beside it
    return read_bytes(bin);
  }
  // Received and accepted at window 1 by the admin (the clerk c01 logged in first), all materials there.
  std::string accepted_case(const char* id) {
    json t = take("A", id);
    REQUIRE(admin.request({{"op", "call"}, {"window", 1}})["ticket"]["number"] == t["number"]);
    json k = admin.request({{"op", "case_open"}, {"window", 1}});
    REQUIRE(k["ok"] == true);
    std::string number = k["case"]["number"];
    REQUIRE(admin.request({{"op", "case_materials"},
                           {"window", 1},
                           {"number", number},
                           {"materials", {"original", "original", "original"}}})["ok"] == true);
    REQUIRE(admin.request({{"op", "case_accept"}, {"window", 1}, {"number", number}})["ok"] == true);
    REQUIRE(admin.request({{"op", "finish"}, {"window", 1}})["ok"] == true);
    return number;
  }
  json status(const std::string& number) { return admin.request({{"op", "case_status"}, {"number", number}}); }
  RunResult ctl(std::vector<std::string> args) {
    args.insert(args.begin(), bin("hallqctl"));
    return run(args, {"HALLQ_SERVER=" + server.address(), "HALLQ_TOKEN=demo-admin-token"});
  }
  // Through the departments and back: ready for pickup.
  void make_ready(const std::string& number) {
    json sheet = admin.request({{"op", "handover_create"}, {"department", "market"}, {"cases", {number}}});
    REQUIRE(sheet["ok"] == true);
    std::string id = sheet["handover"]["number"];
    REQUIRE(admin.request({{"op", "handover_receive"}, {"sheet", id}, {"person", "张三"}})["ok"] == true);
    REQUIRE(admin.request({{"op", "handover_return"},
                           {"sheet", id},
                           {"results", {{{"case", number}, {"approved", true}}}}})["ok"] == true);
    REQUIRE(admin.request({{"op", "case_ready"}, {"number", number}})["ok"] == true);
  }
};

}  // namespace

TEST_CASE(
    "the case panel: open, check materials, 补正 prints the notice, 受理 prints the receipt, 发放 checks the ID") {
  CaseDesk desk;
  desk.take("A", kApplicant);
  desk.take("A", kApplicant);
  desk.start(1);
  desk.login("c01", "1001");
  desk.tap("call_next");
  REQUIRE(desk.app->current());
  std::string first = desk.app->current()->number;

  // No case yet: open one.
  desk.tap("case");
  CHECK(desk.app->dialog() == caller::Dialog::case_panel);
  REQUIRE(desk.screen->step_until([&] { return desk.screen->has_button("case.open"); }));
  desk.tap("case.open");
  json k = desk.case_of(first);
  CHECK(k["state"] == "received");
  REQUIRE(k["materials"].size() == 3);
  std::string number = k["number"];
  REQUIRE(desk.app->cases().current_case());
  CHECK(desk.app->cases().current_case()->number == number);

  // Materials: 原件, 复印件, 缺 — each tap moves one step, the server keeps it.
  desk.tap("case.material.0");  // → original
  desk.tap("case.material.1");
  desk.tap("case.material.1");                              // → copy
  for (int i = 0; i < 3; ++i) desk.tap("case.material.2");  // → original → copy → missing
  k = desk.case_of(first);
  CHECK(k["materials"][0]["state"] == "original");
  CHECK(k["materials"][1]["state"] == "copy");
  CHECK(k["materials"][2]["state"] == "missing");

  TempDir shots;
  desk.screen->screenshot(shots.path("case-panel.png"));
  if (const char* keep = std::getenv("HALLQ_KEEP_SCREENSHOT"))
    std::filesystem::copy_file(shots.path("case-panel.png"), keep, std::filesystem::copy_options::overwrite_existing);
  std::string seen = ocr(shots.path("case-panel.png"), 0, 0, 100, 100, 11);
  INFO("screen: " << seen);
  CHECK(has(seen, number));
  CHECK(has(seen, "补正"));

  // 补正: the one-time notice, with the code the server gave.
  desk.tap("case.supplement");
  k = desk.case_of(first);
  CHECK(k["state"] == "supplement_requested");
  std::string code = k["supplement_code"];
  CHECK(desk.app->message() == desk.zh.get("caller_case.done_supplement", {{"code", code}}));
  TempDir read;
  auto notice = desk.paper("notice-" + number);
  std::string text = text_by_iconv(notice, read);
  INFO("notice: " << text);
  for (const std::string& part : {code, std::string("经营场所使用证明"), number, std::string("2026-11-26"),
                                  std::string("企业开办"), desk.zh.get("caller_case.notice_title")})
    CHECK_MESSAGE(has(text, part), part);
  CHECK_FALSE(has(text, "公司章程"));                           // received: not on the notice
  CHECK_FALSE(has(text, desk.zh.get("caller_case.training")));  // a real hall's paper
  CHECK(printer::decode(notice).problems.empty());

  // The second visit: everything there, 受理 prints the receipt.
  desk.screen->key(SDLK_ESCAPE);
  desk.screen->step(3);
  desk.tap("finish");
  desk.tap("call_next");
  REQUIRE(desk.app->current());
  std::string second = desk.app->current()->number;
  CHECK(second != first);
  desk.tap("case");
  REQUIRE(desk.screen->step_until([&] { return desk.screen->has_button("case.open"); }));
  desk.tap("case.open");
  for (int i = 0; i < 3; ++i) desk.tap("case.material." + std::to_string(i));
  desk.tap("case.accept");
  k = desk.case_of(second);
  CHECK(k["state"] == "accepted");
  REQUIRE(k.contains("due"));
  std::string number2 = k["number"], due = k["due"];
  auto receipt = desk.paper("receipt-" + number2);
  text = text_by_iconv(receipt, read);
  INFO("receipt: " << text);
  for (const std::string& part :
       {number2, due, std::string("统一出件窗口"), std::string("企业开办"), desk.zh.get("caller_case.receipt_title")})
    CHECK_MESSAGE(has(text, part), part);
  std::vector<std::string> qr;
  for (const auto& b : printer::decode(receipt).blocks)
    if (b.kind == printer::Block::Kind::qr) qr.push_back(b.qr_data);
  // The case's status link with the token of the visit it came from (the server's, never made up by the caller).
  REQUIRE(qr.size() == 1);
  CHECK(std::regex_match(qr[0],
                         std::regex("https://zwfw\\.tongliao\\.example/hallq/v/20261126-" + second + "-[0-9a-f]{20}")));

  // At the pickup window: another person's card is refused in words, the applicant's is not.
  desk.make_ready(number2);
  desk.start(8);
  desk.login("c08", "1008");
  desk.tap("case");
  CHECK(desk.app->dialog() == caller::Dialog::case_panel);
  CHECK(desk.app->cases().pickup());
  desk.card_number = kSomeoneElse;
  desk.tap("case.read_card");
  CHECK(desk.reads == 1);
  CHECK(desk.app->cases().has_card());
  CHECK(desk.app->cases().found().empty());  // nothing of theirs
  desk.screen->type(number2);
  desk.tap("case.find");
  REQUIRE(desk.app->cases().found().size() == 1);
  CHECK(desk.app->cases().found()[0].state == protocol::CaseState::ready_for_pickup);
  desk.tap("case.hand_out." + number2);
  CHECK(desk.app->message_is_error());
  CHECK(desk.app->message() == desk.zh.get("errors.identity_mismatch"));
  CHECK(desk.admin.request({{"op", "case_status"}, {"number", number2}})["case"]["state"] == "ready_for_pickup");

  desk.card_number = kApplicant;
  desk.tap("case.read_card");
  REQUIRE(desk.screen->step_until([&] { return !desk.app->cases().found().empty(); }));
  desk.screen->step(3);
  desk.tap("case.hand_out." + number2);
  CHECK_FALSE(desk.app->message_is_error());
  json done = desk.admin.request({{"op", "case_status"}, {"number", number2}})["case"];
  CHECK(done["state"] == "picked_up");
  CHECK(done["pickup_window"] == 8);
  // The card stays for this person's other cases, until another citizen is served here.
  CHECK(desk.app->cases().has_card());
  json h = desk.admin.request({{"op", "take"}, {"service", "H"}, {"id_number", kSomeoneElse}});  // real-name service
  REQUIRE_MESSAGE(h["ok"] == true, h.dump());
  json next = desk.admin.request({{"op", "call"}, {"window", 8}});
  REQUIRE_MESSAGE(next["ok"] == true, next.dump());
  CHECK(desk.screen->step_until([&] { return !desk.app->cases().has_card(); }));
  desk.card_number = kApplicant;
  desk.tap("case.read_card");
  REQUIRE(desk.screen->step_until([&] { return desk.app->cases().has_card(); }));
  // Closing the dialog forgets the person.
  desk.screen->key(SDLK_ESCAPE);
  desk.screen->step(3);
  CHECK_FALSE(desk.app->cases().has_card());
}

TEST_CASE(
    "代领: a card refused as not the applicant's, or the clerk's choice, hands the case to an agent, recorded "
    "masked with the reason") {
  CaseDesk desk;
  REQUIRE(desk.admin.request({{"op", "login"}, {"window", 1}, {"clerk", "c01"}, {"pin", "1001"}},
                             std::chrono::seconds(20))["ok"] == true);
  std::string refused = desk.accepted_case(kApplicant), chosen = desk.accepted_case(kApplicant);
  desk.make_ready(refused);
  desk.make_ready(chosen);
  const std::string agent_masked = "110105********002X";

  desk.start(8);
  desk.login("c08", "1008");
  desk.tap("case");
  desk.card_number = kSomeoneElse;  // the agent's card
  desk.tap("case.read_card");
  desk.screen->type(refused);
  desk.tap("case.find");
  REQUIRE(desk.app->cases().found().size() == 1);

  // 发放 with the agent's card is refused; the panel asks why they collect.
  desk.tap("case.hand_out." + refused);
  CHECK(desk.app->message() == desk.zh.get("errors.identity_mismatch"));
  REQUIRE(desk.app->cases().agent_for() == refused);
  CHECK(desk.status(refused)["case"]["state"] == "ready_for_pickup");
  TempDir shots;
  desk.screen->screenshot(shots.path("agent.png"));
  std::string seen = ocr(shots.path("agent.png"), 0, 0, 100, 100, 11);
  INFO("screen: " << seen);
  CHECK(has(seen, "家属"));
  CHECK_FALSE(has(seen, "19491231"));  // the card's number shows masked only
  desk.tap("case.agent_reason.family");
  CHECK_FALSE(desk.app->message_is_error());
  CHECK(desk.app->message() == desk.zh.get("caller_case.done_pickup_agent",
                                           {{"number", refused}, {"id", agent_masked}, {"reason", "家属代领"}}));
  CHECK_FALSE(desk.app->cases().agent_for());
  json k = desk.status(refused)["case"];
  CHECK(k["state"] == "picked_up");
  CHECK(k["pickup_window"] == 8);
  CHECK(k["agent_id_masked"] == agent_masked);
  CHECK(k["agent_reason"] == "家属代领");  // in Chinese whatever the screen's language: the register prints it

  // 代领 chosen by the clerk for the next case (the applicant's number brought along); 返回 goes back to the list.
  for (std::size_t i = 0; i < refused.size(); ++i) desk.screen->key(SDLK_BACKSPACE);
  desk.screen->type(chosen);
  desk.tap("case.find");
  REQUIRE(desk.app->cases().found().size() == 1);
  desk.tap("case.agent." + chosen);
  REQUIRE(desk.app->cases().agent_for() == chosen);
  desk.tap("case.agent_back");
  CHECK_FALSE(desk.app->cases().agent_for());
  CHECK(desk.screen->has_button("case.hand_out." + chosen));
  desk.tap("case.agent." + chosen);
  desk.tap("case.agent_reason.company_staff");
  k = desk.status(chosen)["case"];
  CHECK(k["state"] == "picked_up");
  CHECK(k["agent_id_masked"] == agent_masked);
  CHECK(k["agent_reason"] == "单位经办人");

  // As hallqctl shows the cases and prints the day's register; the raw number nowhere, not even on disk.
  auto shown = desk.ctl({"case", "show", refused});
  REQUIRE_MESSAGE(shown.exit_code == 0, shown.err);
  CHECK(has(shown.out, "agent " + agent_masked + ": 家属代领"));
  auto reg = desk.ctl({"register", "print"});
  REQUIRE_MESSAGE(reg.exit_code == 0, reg.err);
  RunResult pdf = run({"pdftotext", "-enc", "UTF-8", shots.write("register.pdf", reg.out), "-"});
  REQUIRE_MESSAGE(pdf.exit_code == 0, pdf.err);
  CHECK(has(pdf.out, "家属代领"));
  CHECK(has(pdf.out, "单位经办人"));
  std::string everything = shown.out + reg.out + pdf.out + desk.status(chosen).dump() + desk.server.stderr_text();
  for (const auto& f : std::filesystem::directory_iterator(desk.dir.path("")))
    if (f.is_regular_file()) {
      std::ifstream in(f.path(), std::ios::binary);
      everything.append(std::istreambuf_iterator<char>(in), {});
    }
  CHECK_FALSE(has(everything, kSomeoneElse));
  CHECK_FALSE(has(everything, "19491231"));
  desk.screen->key(SDLK_ESCAPE);
  desk.screen->step(3);
  CHECK_FALSE(desk.app->cases().has_card());
}

TEST_CASE("an open the server did not answer in time is looked up, not offered again: one application, one case") {
  CaseDesk desk;
  desk.take("A", kApplicant);
  desk.start(1);
  desk.login("c01", "1001");
  desk.tap("call_next");
  REQUIRE(desk.app->current());
  const std::string ticket = desk.app->current()->number;
  desk.tap("case");
  REQUIRE(desk.screen->step_until([&] { return desk.screen->has_button("case.open"); }));
  // The server stops answering (a hung disk, a network fault): the request waits in its socket.
  REQUIRE(::kill(desk.server.pid(), SIGSTOP) == 0);
  desk.screen->click("case.open");
  REQUIRE(desk.screen->step_until([&] { return !desk.app->busy(); }, std::chrono::milliseconds(10000)));
  // Timed out; the case may exist or not: no second "open" until the server says which.
  desk.screen->step(3);
  CHECK_FALSE(desk.screen->has_button("case.open"));
  // It answers again and, as it happens, had opened the case: the panel shows that case.
  REQUIRE(::kill(desk.server.pid(), SIGCONT) == 0);
  REQUIRE(desk.screen->step_until([&] { return desk.app->cases().current_case().has_value(); },
                                  std::chrono::milliseconds(10000)));
  json k = desk.case_of(ticket);  // exactly one
  CHECK(desk.app->cases().current_case()->number == k["number"]);
  CHECK_FALSE(desk.screen->has_button("case.open"));
}

TEST_CASE("a training hall's case papers say so first: 培训用纸, not a real case") {
  CaseDesk desk(true);
  desk.take("A", kApplicant);
  desk.start(1);
  desk.login("c01", "1001");
  desk.tap("call_next");
  REQUIRE(desk.app->current());
  desk.tap("case");
  REQUIRE(desk.screen->step_until([&] { return desk.screen->has_button("case.open"); }));
  desk.tap("case.open");
  for (int i = 0; i < 3; ++i) desk.tap("case.material." + std::to_string(i));
  desk.tap("case.accept");
  json k = desk.case_of(desk.app->current()->number);
  REQUIRE(k["state"] == "accepted");
  TempDir read;
  std::string text = text_by_iconv(desk.paper("receipt-" + k["number"].get<std::string>()), read);
  INFO("receipt: " << text);
  std::string mark = desk.zh.get("caller_case.training");
  REQUIRE(has(text, mark));
  CHECK(text.find(mark) < text.find(k["number"].get<std::string>()));  // before every field
  // and before the hall and the title (an outside probe, 2026-12-04, found it under them)
  REQUIRE(has(text, desk.zh.get("caller_case.receipt_title")));
  CHECK(text.find(mark) < text.find(desk.zh.get("caller_case.receipt_title")));
}
