// The kiosk's pages drawn alone (no server) from a state made up for the
// case: what a citizen reads, as the texts drawn and by OCR — words that
// hang together (a wait under a minute), both languages on the pages that
// only ask for patience.
#include <doctest/doctest.h>

#include <algorithm>

#include "kiosk/pages.hpp"
#include "tests/support/process.hpp"
#include "tests/support/screen.hpp"

using namespace hallq;
using namespace hallq::test;

namespace {

// A page of the kiosk's, drawn each frame from the view the test made.
struct PageScreen final : ui::Screen {
  kiosk::Words words;
  kiosk::Pages pages{words};
  protocol::HallState state;
  kiosk::Health devices;
  kiosk::Visit visit;
  kiosk::Page page = kiosk::Page::home;
  bool online = true;
  bool offline_page = false;  // Pages::offline: the server is unreachable
  std::string code;

  explicit PageScreen(const std::string& lang) : words(source_path("assets/i18n"), lang) {
    protocol::HallInfo hall;
    hall.names = {"测试大厅", "ᠰᠢᠯᠭᠠᠯᠲᠠ ᠶᠢᠨ ᠲᠠᠩᠬᠢᠮ", "Test hall"};
    protocol::HallService a;
    a.code = "A";
    a.names = {"企业开办", "ᠠᠵᠤ ᠠᠬᠤᠢ ᠨᠡᠭᠡᠭᠡᠬᠦ", "Business start-up"};
    hall.services.push_back(a);
    protocol::Snapshot snap;
    snap.services.push_back({.code = "A", .names = a.names, .waiting = 1, .ewt_s = 30});
    state.reset(hall, snap);
    devices.printer = protocol::PrinterState::ready;
  }
  void frame(ui::Ui& ui, const ui::Input&) override {
    if (offline_page) return pages.offline(ui);
    kiosk::PageView view{state, devices, online, false, false, ui.now(), 20, visit, "", false, false};
    pages.frame(ui, page, view, code);
  }
  bool live() const override { return true; }
};

struct Drawn {
  std::vector<std::string> texts;
  std::string png;
};

Drawn draw(PageScreen& p, kiosk::Page page, const TempDir& dir, const std::string& name) {
  boost::asio::io_context ctx;
  ScreenHarness screen(ctx, p, 1080, 1920);
  p.page = page;
  screen.step();
  auto& ui = screen.runner().ui();
  ui.record_texts(true);
  screen.step();
  Drawn d;
  for (const auto& t : ui.drawn()) d.texts.push_back(t.text);
  ui.record_texts(false);
  d.png = dir.path(name + ".png");
  screen.screenshot(d.png);
  return d;
}

std::string joined(const Drawn& d) {
  std::string all;
  for (const auto& t : d.texts) all += "[" + t + "] ";
  return all;
}

bool drawn(const Drawn& d, const std::string& text) {
  return std::find(d.texts.begin(), d.texts.end(), text) != d.texts.end();
}

bool any_has(const Drawn& d, const std::string& part) {
  return std::any_of(d.texts.begin(), d.texts.end(), [&](const std::string& t) { return has(t, part); });
}

}  // namespace

TEST_CASE("a wait under a minute reads naturally on the kiosk — not 约 不到 1 分钟 — and as the slip says it") {
  TempDir dir;
  PageScreen zh("zh");
  zh.visit.service = "A";
  Drawn service = draw(zh, kiosk::Page::service, dir, "service-zh");
  INFO("drawn: " << joined(service));
  CHECK(drawn(service, "1 人等候 · 不到 1 分钟"));
  CHECK_FALSE(any_has(service, "约 不到"));

  protocol::TicketInfo t;
  t.number = "A002";
  t.service = "A";
  t.ahead = 1;
  t.ewt_s = 30;
  zh.visit.ticket = t;
  zh.visit.printed = true;
  Drawn result = draw(zh, kiosk::Page::result, dir, "result-zh");
  CHECK(drawn(result, "预计等候不到 1 分钟"));  // the slip's words (ticket.ewt_soon)
  CHECK_FALSE(any_has(result, "约 不到"));
  CHECK(has(ocr(result.png, 0, 40, 100, 30, 6), "预计等候不到1分钟"));

  PageScreen en("en");
  en.visit = zh.visit;
  Drawn english = draw(en, kiosk::Page::result, dir, "result-en");
  CHECK(drawn(english, "Estimated wait under 1 min"));
  CHECK_FALSE(any_has(english, "about under"));
}

TEST_CASE("the pages that ask for patience say so in both languages, and their words stand still") {
  TempDir dir;
  for (const char* lang : {"zh", "en"}) {
    CAPTURE(lang);
    PageScreen p(lang);
    config::Translations first = config::Translations::load(source_path("assets/i18n"), lang);
    config::Translations second =
        config::Translations::load(source_path("assets/i18n"), std::string(lang) == "zh" ? "mn" : "zh");
    struct Case {
      kiosk::Page page;
      bool online;
      const char* key;
    };
    for (auto [page, online, key] :
         {Case{kiosk::Page::taking, true, "kiosk.taking"}, Case{kiosk::Page::taking, false, "kiosk.reconnecting"},
          Case{kiosk::Page::printing, true, "kiosk.printing"},
          Case{kiosk::Page::looking, true, "kiosk_case.looking"}}) {
      CAPTURE(key);
      p.online = online;
      Drawn d = draw(p, page, dir, std::string(lang) + "-" + key);
      INFO("drawn: " << joined(d));
      CHECK(drawn(d, first.get(key)));   // exactly the words: no dots trailing them
      CHECK(drawn(d, second.get(key)));  // and the second language under them
    }
    if (std::string(lang) == "en") {
      p.online = true;
      Drawn d = draw(p, kiosk::Page::taking, dir, "taking-en");
      std::string text = ocr(d.png, 0, 30, 100, 20, 6);
      INFO("ocr: " << text);
      CHECK(has(text, "Gettingyourticket"));
      CHECK(has(text, "正在取号"));
    }
  }
}

TEST_CASE("reconnecting: the words once, then the moving dots — not 正在重新连接….. ") {
  TempDir dir;
  PageScreen p("zh");
  p.offline_page = true;
  config::Translations zh = config::Translations::load(source_path("assets/i18n"), "zh");
  const std::string words = zh.get("common.reconnecting");
  bool seen = false;
  for (int i = 0; i < 4; ++i) {  // the dots move twice a second: look at a few frames
    Drawn d = draw(p, kiosk::Page::home, dir, "offline-" + std::to_string(i));
    INFO("drawn: " << joined(d));
    for (const auto& t : d.texts) {
      if (t.rfind(words, 0) != 0) continue;
      seen = true;
      CHECK(t.find("\u2026") == std::string::npos);  // no ellipsis before the dots
      CHECK(t.substr(words.size()).find_first_not_of('.') == std::string::npos);
    }
    SDL_Delay(260);
  }
  CHECK(seen);
}
