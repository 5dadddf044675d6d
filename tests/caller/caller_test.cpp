// hallq-caller driven like a clerk drives it — taps and keys as SDL events —
// against the real server, whose state is checked after every step.
#include <doctest/doctest.h>

#include <signal.h>

#include <algorithm>
#include <optional>

#include <nlohmann/json.hpp>

#include "caller/caller_app.hpp"
#include "core/config/i18n.hpp"
#include "core/net/endpoint.hpp"
#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"
#include "tests/support/screen.hpp"

using namespace hallq;
using namespace hallq::test;
using json = nlohmann::json;

namespace {

struct Desk {
  TempDir dir;
  ServerProcess server{source_path("tests/data/hall.toml"), dir.path("hall.db")};
  LineClient admin{server.port()};
  boost::asio::io_context ctx;
  std::unique_ptr<caller::CallerApp> app;
  std::unique_ptr<ScreenHarness> screen;
  config::Translations zh = config::Translations::load(source_path("assets/i18n"), "zh");

  // Tests act faster than any clerk: the repeat guard is shortened, except
  // where it is the subject.
  explicit Desk(double repeat_guard_s = 0.05, int window = 0) {
    hello_admin(admin);
    caller::Options o;
    o.client.server = *net::parse_host_port(server.address(), 0);
    o.client.role = protocol::Role::caller;
    o.client.device = "caller-1";
    o.client.token = "test-caller-1-token";
    if (window > 0) {  // an admin terminal acting for another window
      o.client.role = protocol::Role::admin;
      o.client.device = "admin";
      o.client.token = "test-admin-token";
      o.window = window;
    }
    o.lang = "zh";
    o.repeat_guard_s = repeat_guard_s;
    o.assets = source_path("assets");
    app = std::make_unique<caller::CallerApp>(ctx, o);
    screen = std::make_unique<ScreenHarness>(ctx, *app, 1280, 800);
    REQUIRE(screen->step_until([&] { return app->live(); }));
    CHECK(app->window() == (window > 0 ? window : 1));  // else from the device's binding in the hall config
  }
  json window(int number = 1) {
    json snap = admin.request({{"op", "snapshot"}});  // kept: the loop below reads into it
    for (const auto& w : snap["windows"])
      if (w["number"] == number) return w;
    return {};
  }
  json ticket(const std::string& number) { return admin.request({{"op", "status"}, {"number", number}})["ticket"]; }
  void take(const char* service) { REQUIRE(admin.request({{"op", "take"}, {"service", service}})["ok"] == true); }
  // Taps and waits for the server's answer to be on screen.
  void tap(const std::string& id) {
    SDL_Delay(60);  // past the repeat guard
    screen->click(id);
    REQUIRE(screen->step_until([&] { return !app->busy(); }));
    screen->step(3);
  }
  void press(SDL_Keycode key, const std::string& text = {}) {
    SDL_Delay(60);
    screen->key(key, text);
    REQUIRE(screen->step_until([&] { return !app->busy(); }));
    screen->step(3);
  }
  void login(const std::string& clerk = "c1", const std::string& pin = "1111") {
    REQUIRE(screen->step_until([&] { return screen->has_button("clerk." + clerk); }));
    tap("clerk." + clerk);
    CHECK(app->dialog() == caller::Dialog::pin);
    for (char k : pin) tap(std::string("pin.") + k);
    tap("pin." + zh.get("caller.ok"));
    REQUIRE(screen->step_until([&] { return screen->has_button("call_next"); }));
  }
};

}  // namespace

TEST_CASE("a clerk's morning: log in, call, recall, no-show, transfer, finish — the server agrees at each step") {
  Desk desk;
  for (const char* s : {"A", "A", "B", "A"}) desk.take(s);

  // Login: the wrong PIN is refused in plain words, the right one works.
  REQUIRE(desk.screen->step_until([&] { return desk.screen->has_button("clerk.c1"); }));
  desk.tap("clerk.c1");
  for (const char* k : {"pin.9", "pin.9", "pin.9", "pin.9"}) desk.tap(k);
  desk.tap("pin." + desk.zh.get("caller.ok"));
  CHECK(desk.app->message_is_error());
  CHECK(desk.app->message() == desk.zh.get("errors.login.unauthorized"));
  CHECK(desk.window()["state"] == "closed");
  for (const char* k : {"pin.1", "pin.1", "pin.1", "pin.1"}) desk.tap(k);
  desk.tap("pin." + desk.zh.get("caller.ok"));
  REQUIRE(desk.screen->step_until([&] { return desk.screen->has_button("call_next"); }));
  CHECK(desk.window()["state"] == "idle");
  CHECK(desk.window()["clerk"] == "c1");

  desk.tap("call_next");
  CHECK(desk.window()["current"] == "A001");
  CHECK(desk.ticket("A001")["state"] == "called");
  REQUIRE(desk.app->current());
  CHECK(desk.app->current()->number == "A001");
  CHECK(desk.app->message() == desk.zh.get("caller.done_call", {{"number", "A001"}}));

  desk.tap("recall");
  CHECK(desk.ticket("A001")["recalls"] == 1);

  desk.tap("no_show");
  CHECK(desk.ticket("A001")["state"] == "no_show");
  CHECK(desk.window()["state"] == "idle");

  desk.tap("call_next");
  CHECK(desk.window()["current"] == "A002");
  desk.tap("transfer");
  CHECK(desk.app->dialog() == caller::Dialog::transfer);
  desk.tap("transfer.service.A");  // its own service: not offered (the server refuses it too)
  CHECK(desk.app->dialog() == caller::Dialog::transfer);
  CHECK(desk.ticket("A002")["state"] == "called");
  desk.tap("transfer.window.2");
  CHECK(desk.app->dialog() == caller::Dialog::none);
  auto moved = desk.ticket("A002");
  CHECK(moved["state"] == "waiting");
  CHECK(moved["target_window"] == 2);
  CHECK(desk.window()["state"] == "idle");

  desk.tap("call_next");  // A003 or B001: A has weight 2 here, B001 waited a little longer
  std::string third = desk.window()["current"];
  CHECK((third == "A003" || third == "B001"));
  desk.tap("finish");
  CHECK(desk.ticket(third)["state"] == "done");
  CHECK(desk.window()["served"] == 1);

  // The waiting list is what the server would call next here (its order
  // shifts with time under weighted waits, so compare what is in it).
  auto numbers = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  std::vector<std::string> server_side;
  json waiting = desk.admin.request({{"op", "waiting"}, {"window", 1}});
  for (const auto& t : waiting["tickets"]) server_side.push_back(t["number"]);
  CHECK(server_side.size() == 1);  // A002 went to window 2; one of A003/B001 is done
  REQUIRE(desk.screen->step_until([&] {
    std::vector<std::string> shown;
    for (const auto& t : desk.app->waiting()) shown.push_back(t.number);
    return numbers(shown) == numbers(server_side);
  }));
}

TEST_CASE("a tap that opens the transfer dialog or the number keypad does not also choose in it") {
  Desk desk;
  for (const char* s : {"A", "A"}) desk.take(s);
  desk.login();
  desk.tap("call_next");
  REQUIRE(desk.window()["current"] == "A001");
  const auto& ui = desk.screen->runner().ui();
  // A point of `opener` that lies on a button of the dialog it opens (ids starting `inside`).
  auto overlap = [&](const std::string& opener, const std::string& inside) -> std::optional<std::pair<int, int>> {
    ui::Rect o = ui.buttons().at(opener);
    desk.tap(opener);
    std::optional<std::pair<int, int>> at;
    for (const auto& [id, r] : ui.buttons())
      if (id.rfind(inside, 0) == 0)
        for (int y = o.y + 4; y < o.y + o.h - 4 && !at; y += 4)
          for (int x = o.x + 4; x < o.x + o.w - 4 && !at; x += 4)
            if (r.contains(x, y)) at = {x, y};
    desk.tap("cancel");
    REQUIRE(desk.app->dialog() == caller::Dialog::none);
    return at;
  };
  // 转移: the tap on it, where a window's button of the dialog lies, opens the dialog and no more.
  auto transfer_at = overlap("transfer", "transfer.");
  REQUIRE(transfer_at);  // else this layout has no such spot, and the case below tests nothing
  desk.screen->click_at(transfer_at->first, transfer_at->second);
  desk.screen->step(3);
  CHECK(desk.app->dialog() == caller::Dialog::transfer);
  CHECK(desk.ticket("A001")["state"] == "called");
  // Windows 2 and 3 have nobody at them: their buttons say so.
  desk.screen->runner().ui().record_texts(true);
  desk.screen->step(2);
  int closed = 0;
  for (const auto& d : desk.screen->runner().ui().drawn()) closed += d.text == desk.zh.get("display.closed");
  CHECK(closed == 2);
  desk.screen->runner().ui().record_texts(false);
  desk.tap("cancel");
  // 指定叫号: the keypad opens empty.
  auto number_at = overlap("call_number", "number.");
  REQUIRE(number_at);
  desk.screen->click_at(number_at->first, number_at->second);
  desk.screen->step(3);
  CHECK(desk.app->dialog() == caller::Dialog::call_number);
  CHECK(desk.app->entry().empty());
}

TEST_CASE("a clerk's error is not left on screen for the next clerk at the window") {
  Desk desk;
  desk.login();
  desk.tap("call_next");  // nobody waits
  REQUIRE(desk.app->message_is_error());
  REQUIRE_FALSE(desk.app->message().empty());
  // The shift changes from the guide's desk: c1 out, c2 in.
  REQUIRE(desk.admin.request({{"op", "logout"}, {"window", 1}})["ok"] == true);
  REQUIRE(desk.admin.request({{"op", "login"}, {"window", 1}, {"clerk", "c2"}, {"pin", "2222"}})["ok"] == true);
  REQUIRE(desk.screen->step_until([&] { return desk.window()["clerk"] == "c2" && desk.app->live(); }));
  desk.screen->step(5);
  CHECK(desk.app->message().empty());
}

TEST_CASE("a number that cannot be called here: the caller says why — sent to another window, or finished") {
  Desk desk;
  for (const char* s : {"A", "A"}) desk.take(s);
  desk.login();
  auto call_number = [&](const std::string& number) {
    desk.tap("call_number");
    REQUIRE(desk.app->dialog() == caller::Dialog::call_number);
    for (char k : number) desk.tap("number." + std::string(1, k));
    desk.tap("number." + desk.zh.get("caller.ok"));
    REQUIRE(desk.screen->step_until(
        [&] { return desk.app->message() != desk.zh.get("errors.call_number.invalid_state"); }));
  };
  desk.tap("call_next");
  desk.tap("transfer");
  desk.tap("transfer.window.2");  // A001 now waits for window 2
  REQUIRE(desk.ticket("A001")["target_window"] == 2);
  call_number("A001");
  CHECK(desk.app->message_is_error());
  CHECK(desk.app->message() == desk.zh.get("caller.number_for_window", {{"number", "A001"}, {"window", "2号窗口"}}));
  desk.tap("call_next");
  desk.tap("finish");
  REQUIRE(desk.ticket("A002")["state"] == "done");
  call_number("A002");
  CHECK(desk.app->message() == "A002：已办结");
}

TEST_CASE("keys do what the buttons do — the caller pauses with a reason and calls a given number") {
  Desk desk;
  desk.take("A");
  desk.take("B");
  desk.login();

  desk.press(SDLK_SPACE);
  CHECK(desk.window()["current"] == "A001");
  desk.press(SDLK_r);
  CHECK(desk.ticket("A001")["recalls"] == 1);
  desk.press(SDLK_f);
  CHECK(desk.ticket("A001")["state"] == "done");

  desk.press(SDLK_p);
  CHECK(desk.app->dialog() == caller::Dialog::pause);
  desk.tap("pause.lunch");
  CHECK(desk.window()["state"] == "paused");
  CHECK(desk.window()["reason"] == "lunch");
  CHECK_FALSE(desk.screen->has_button("pause"));  // now it offers resume
  desk.press(SDLK_SPACE);                         // paused: calling is off, nothing is sent
  CHECK(desk.window()["state"] == "paused");
  desk.press(SDLK_p);
  CHECK(desk.window()["state"] == "idle");

  // Call a given number by typing it.
  desk.press(SDLK_c);
  CHECK(desk.app->dialog() == caller::Dialog::call_number);
  desk.screen->type("b001");
  desk.press(SDLK_RETURN);
  CHECK(desk.window()["current"] == "B001");
  // A number that is not there: the refusal in plain words, nothing changes.
  desk.press(SDLK_f);
  desk.press(SDLK_c);
  desk.screen->type("A999");
  desk.press(SDLK_RETURN);
  CHECK(desk.app->message() == desk.zh.get("errors.call_number.not_found"));
  CHECK(desk.window()["state"] == "idle");
  // Nobody left: said so.
  desk.press(SDLK_SPACE);
  CHECK(desk.app->message() == desk.zh.get("errors.call.queue_empty"));
}

TEST_CASE("a double tap on call next calls one citizen, not two") {
  Desk desk(0.8);  // as shipped
  desk.take("A");
  desk.take("A");
  desk.login();
  // Two taps in the same instant, before any reply can arrive.
  ui::Rect r = desk.screen->runner().ui().buttons().at("call_next");
  for (int i = 0; i < 2; ++i) {
    SDL_Event e{};
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = r.cx();
    e.button.y = r.cy();
    SDL_PushEvent(&e);
    desk.screen->step();
    e.type = SDL_MOUSEBUTTONUP;
    SDL_PushEvent(&e);
    desk.screen->step();
  }
  REQUIRE(desk.screen->step_until([&] { return !desk.app->busy(); }));
  desk.screen->step(5);
  CHECK(desk.window()["current"] == "A001");
  CHECK(desk.ticket("A002")["state"] == "waiting");
}

TEST_CASE("the caller's screen shows the ticket and its details, readable by OCR") {
  Desk desk;
  desk.take("A");
  desk.login();
  desk.tap("call_next");
  TempDir shots;
  std::string png = shots.path("caller.png");
  desk.screen->screenshot(png);
  std::string text = ocr(png, 0, 0, 100, 100, 11);
  CHECK(text.find("1号窗口") != std::string::npos);
  CHECK(text.find("A001") != std::string::npos);
  CHECK(text.find("企业开办") != std::string::npos);
  CHECK(text.find("呼叫下一位") != std::string::npos);
  CHECK(text.find("王丽") != std::string::npos);
}

TEST_CASE("a caller given another size than it asked for lays itself out again in it") {
  Desk desk;
  desk.take("A");
  desk.login();
  desk.tap("call_next");
  desk.screen->resize(1024, 600);
  desk.screen->step(3);
  const auto& buttons = desk.screen->runner().ui().buttons();
  REQUIRE(buttons.count("call_next") == 1);
  for (const auto& [id, r] : buttons) {
    INFO(id << " at " << r.x << "," << r.y << " " << r.w << "x" << r.h);
    CHECK(r.x >= 0);
    CHECK(r.y >= 0);
    CHECK(r.x + r.w <= 1024);
    CHECK(r.y + r.h <= 600);
  }
  TempDir shots;
  std::string png = shots.path("small.png");
  desk.screen->screenshot(png);
  CHECK(run({"identify", "-format", "%w %h", png}).out == "1024 600");
  std::string text = ocr(png);
  INFO("text: " << text);
  CHECK(has(text, "A001"));
  CHECK(has(text, "呼叫下一位"));
  desk.tap("call_next");  // and its buttons work where they now are
  CHECK(desk.ticket("A001")["state"] == "done");
}

namespace {
// At window 3 (Desk(…, 3)): a citizen of the real-name service R, with an ID card, called and served.
void serve_real_name(Desk& desk) {
  REQUIRE(desk.admin.request(
              {{"op", "take"}, {"service", "R"}, {"id_number", "150502199001011232"}, {"name", "包巴特尔"}})["ok"] ==
          true);
  desk.login("c3", "3333");
  desk.tap("call_next");
  REQUIRE(desk.app->current());
}
}  // namespace

TEST_CASE("a real-name citizen is shown by masked name and ID number, never the raw number") {
  Desk desk(0.05, 3);  // window 3 serves R, the real-name service
  serve_real_name(desk);
  CHECK(desk.app->current()->id_masked == "150502********1232");
  CHECK(desk.app->current()->name_masked == "包**尔");
  TempDir shots;
  std::string png = shots.path("real-name.png");
  desk.screen->screenshot(png);
  std::string text = ocr(png, 0, 10, 62, 40, 6);
  INFO("text: " << text);
  CHECK(text.find("不动产登记") != std::string::npos);
  CHECK(text.find("150502") != std::string::npos);
  CHECK(text.find("19900101") == std::string::npos);  // the birth date part stays hidden
  CHECK(text.find("巴特") == std::string::npos);
}

TEST_CASE(
    "without its server the caller offers nothing and says why, keeps the citizen served in sight, then comes back") {
  Desk desk(0.05, 3);  // window 3 serves R, the real-name service
  serve_real_name(desk);
  const std::string served = desk.app->current()->number;
  desk.server.kill9();
  REQUIRE(desk.screen->step_until([&] { return !desk.app->live(); }));
  desk.screen->step(2);
  CHECK_FALSE(desk.screen->has_button("call_next"));
  TempDir shots;
  std::string png = shots.path("offline.png");
  desk.screen->screenshot(png);
  std::string top = ocr(png, 0, 0, 100, 33, 6);
  INFO("above the band: " << top);
  CHECK(has(top, "断线前正在办理"));
  CHECK(has(top, served));
  CHECK(has(top, "不动产登记"));
  CHECK(has(top, "150502"));  // masked, as on the main screen
  CHECK_FALSE(has(top, "19900101"));
  CHECK(has(ocr(png, 0, 33, 100, 34, 6), "与服务器的连接已断开"));
  desk.server.restart();
  REQUIRE(desk.screen->step_until([&] { return desk.app->live(); }, std::chrono::milliseconds(10000)));
  desk.screen->step(3);
  CHECK(desk.screen->has_button("call_next"));  // still logged in: the server kept it
}

TEST_CASE("presses while the server does not answer send nothing: when it wakes, one citizen was called") {
  Desk desk;
  for (const char* s : {"A", "A", "A", "A"}) desk.take(s);
  desk.login();
  desk.tap("call_next");
  REQUIRE(desk.window()["current"] == "A001");
  const std::string no_answer = desk.zh.get("errors.timeout");
  ::kill(desk.server.pid(), SIGSTOP);
  SDL_Delay(60);
  desk.screen->click("call_next");  // sent, and not answered in time
  REQUIRE(desk.screen->step_until([&] { return desk.app->message() == no_answer; }, std::chrono::seconds(15)));
  for (int i = 0; i < 3; ++i) {  // the clerk presses again and again
    SDL_Delay(60);
    if (desk.screen->has_button("call_next")) desk.screen->click("call_next");
    desk.screen->step(3);
  }
  ::kill(desk.server.pid(), SIGCONT);
  REQUIRE(desk.screen->step_until([&] { return desk.app->live() && !desk.app->busy(); }, std::chrono::seconds(30)));
  // The first press was carried out, late: A001 finished, A002 called. Nobody else.
  CHECK(desk.ticket("A001")["state"] == "done");
  CHECK(desk.ticket("A002")["state"] == "called");
  CHECK(desk.ticket("A003")["state"] == "waiting");
  CHECK(desk.ticket("A004")["state"] == "waiting");
  CHECK(desk.window()["current"] == "A002");
}

TEST_CASE("a server that stopped answering: 服务器无响应 in the footer, gone once it answers again") {
  Desk desk;
  desk.login();
  const std::string no_answer = desk.zh.get("errors.timeout");
  ::kill(desk.server.pid(), SIGSTOP);  // hung: the call goes out and nothing comes back
  SDL_Delay(60);
  desk.screen->click("call_next");
  REQUIRE(desk.screen->step_until([&] { return desk.app->message() == no_answer; }, std::chrono::seconds(15)));
  TempDir shots;
  std::string hung = shots.path("hung.png");
  desk.screen->screenshot(hung);
  std::string footer = ocr(hung, 0, 90, 100, 10, 6);
  INFO("footer while hung: " << footer);
  CHECK(has(footer, "服务器无响应"));
  // Killed and started again: the caller reconnects and works, and says nothing stale.
  desk.server.kill9();
  REQUIRE(desk.screen->step_until([&] { return !desk.app->live(); }));
  desk.server.restart();
  REQUIRE(desk.screen->step_until([&] { return desk.app->live(); }, std::chrono::seconds(15)));
  desk.screen->step(3);
  INFO("message after: " << desk.app->message());
  CHECK(desk.app->message().empty());
  std::string after = shots.path("after.png");
  desk.screen->screenshot(after);
  footer = ocr(after, 0, 90, 100, 10, 6);
  INFO("footer after: " << footer);
  CHECK_FALSE(has(footer, "服务器无响应"));
  CHECK(has(footer, "快捷键"));  // the key hints are back, K (the case panel) among them
  CHECK(has(footer, "K办件"));
  CHECK(png_count(after, 0xFF4D5E, 0, 90, 100, 10) == 0);  // and no red band
}
