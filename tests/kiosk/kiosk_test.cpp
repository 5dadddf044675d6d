// hallq-kiosk driven like a citizen drives it — taps as SDL events — against
// the real server, a fake USB ticket printer and a fake ID-card reader
// (umockdev: the real libusb code runs). After each flow the server's state is
// checked, the printed bytes are read back with iconv and zbarimg, and the
// screen with OCR (and zbarimg for the on-screen QR code).
#include <doctest/doctest.h>

#include "tests/kiosk/booth.hpp"

using namespace hallq;
using namespace hallq::test;
using namespace std::chrono_literals;
using json = nlohmann::json;

TEST_CASE("a training hall's kiosk says 培训 beside the help button, framed, and on the slip it prints") {
  Booth k(BoothOptions{.training = true});
  std::string home = k.shot("training-home");
  std::string header = ocr(home, 40, 0, 30, 6, 6);
  INFO("header: " << header);
  CHECK(has(header, "培训"));
  CHECK(png_pixel(home, 1, 1920 / 2) == 0xFFC61A);  // the frame round the screen
  k.tap("service.A");
  REQUIRE(k.reach(kiosk::Page::service));
  k.tap("take");
  REQUIRE(k.reach(kiosk::Page::result));
  REQUIRE(k.app->printed());
  std::string text = text_by_iconv(k.printed(), k.dir);
  INFO("slip: " << text);
  CHECK(has(text, "培训用号"));
  CHECK(has(text, "A001"));
}

TEST_CASE("an anonymous ticket: two taps, one ticket on the server, a slip people and phones can read") {
  Booth k;
  k.check_targets();
  k.tap("service.A");
  REQUIRE(k.reach(kiosk::Page::service));
  k.check_targets();
  CHECK(k.screen->has_button("take"));
  k.tap("take");
  REQUIRE(k.reach(kiosk::Page::result));
  k.check_targets();
  REQUIRE(k.app->ticket());
  CHECK(k.app->ticket()->number == "A001");
  CHECK(k.app->printed());

  json t = k.ticket("A001");
  CHECK(t["state"] == "waiting");
  CHECK(t["channel"] == "kiosk");
  CHECK(k.issued("A") == 1);

  PrintedBytes job = k.printed();
  std::string text = text_by_iconv(job, k.dir);
  INFO("slip: " << text);
  CHECK(has(text, "测试大厅"));
  CHECK(has(text, "您的号码"));
  CHECK(has(text, "A001"));
  CHECK(has(text, "企业开办"));
  std::string day = k.admin().request({{"op", "snapshot"}})["day"];
  // The citizen's page: the hall's base URL and the ticket's token (day, number, MAC), never the number alone.
  auto qr = qr_in_job(job, k.dir);
  REQUIRE(qr.size() == 1);
  std::string url = qr[0];
  std::string compact_day = day.substr(0, 4) + day.substr(5, 2) + day.substr(8, 2);
  CHECK(std::regex_match(url, std::regex("https://hallq\\.test/v/" + compact_day + "-A001-[0-9a-f]{20}")));

  std::string png = k.shot("result");
  std::string top = ocr(png, 0, 10, 100, 22, 6);
  INFO("top: " << top);
  CHECK(has(top, "请取走号票"));
  std::string number = ocr(png, 0, 23, 100, 17, 7);
  INFO("number: " << number);
  CHECK(has(number, "A001"));
  // The QR code on screen says the same as the one on paper.
  CHECK(zbar(png) == url);

  // Done: back home, nothing of this citizen left.
  k.tap("done");
  CHECK(k.app->page() == kiosk::Page::home);
  CHECK_FALSE(k.app->ticket());
}

TEST_CASE("a real-name ticket with the ID card: masked on screen and slip, hashed on the server, once a day") {
  Booth k({.voice = true});
  k.tap("service.R");
  REQUIRE(k.reach(kiosk::Page::service));
  CHECK_FALSE(k.screen->has_button("take"));  // real name only
  k.tap("take_card");
  REQUIRE(k.reach(kiosk::Page::result));
  REQUIRE(k.app->ticket());
  CHECK(k.app->ticket()->number == "R001");
  json t = k.ticket("R001");
  CHECK(t["id_masked"] == "150502********1230");
  CHECK(t["name_masked"] == "包**尔");
  // The raw number is gone from the kiosk once the server answered.
  CHECK_FALSE(has(k.app->personal_data(), kCardNumber));
  CHECK_FALSE(has(k.app->personal_data(), "包巴特尔"));
  std::string text = text_by_iconv(k.printed(), k.dir);
  CHECK(has(text, "包**尔"));
  CHECK_FALSE(has(text, "巴特"));
  CHECK_FALSE(has(text, "198802"));
  std::string png = k.shot("real-name");
  CHECK(has(ocr(png, 0, 40, 100, 20, 6), "办理人"));
  // Spoken prompts: place the card, then take the ticket.
  auto spoken = k.app->spoken();
  INFO("spoken: " << spoken.size());
  CHECK(std::find(spoken.begin(), spoken.end(), "zh: kiosk_place_card") != spoken.end());
  REQUIRE(k.screen->step_until([&] {
    auto s = k.app->spoken();
    return std::find(s.begin(), s.end(), "zh: kiosk_take_ticket") != s.end();
  }));

  // The same person again: R allows one ticket a day.
  k.tap("done");
  std::size_t bytes = k.printed().size();
  k.take("R", true);
  REQUIRE(k.reach(kiosk::Page::message));
  CHECK(k.app->message() == k.zh.get("errors.take.limit_exceeded"));
  CHECK(k.issued("R") == 1);
  CHECK(k.printed().size() == bytes);
  std::string refused = k.shot("refused");
  CHECK(has(ocr(refused, 0, 20, 100, 20, 6), "不能重复取号"));
}

TEST_CASE("appointment check-in by code on the on-screen keypad, and a wrong code said plainly") {
  Booth k;
  json list = json::array({{{"code", "P7"}, {"service", "A"}, {"time", now_hhmm()}, {"name", "张三丰"}}});
  REQUIRE(k.admin().request({{"op", "import_appointments"}, {"appointments", list}})["ok"] == true);
  k.tap("checkin");
  REQUIRE(k.reach(kiosk::Page::checkin));
  k.check_targets();
  for (const char* key : {"key.Z", "key.Z", "key.9"}) k.tap(key);
  k.tap("checkin.ok");
  REQUIRE(k.reach(kiosk::Page::message));
  CHECK(k.app->message() == k.zh.get("errors.checkin.not_found"));
  k.tap("ok");
  REQUIRE(k.reach(kiosk::Page::checkin));
  k.tap("checkin.clear");
  for (const char* key : {"key.P", "key.7"}) k.tap(key);
  k.tap("checkin.ok");
  REQUIRE(k.reach(kiosk::Page::result));
  REQUIRE(k.app->ticket());
  json t = k.ticket(k.app->ticket()->number);
  CHECK(t["appointment"] == "P7");
  CHECK(t["priority"] == "appointment");
  CHECK(t["name_masked"] == "张*丰");
  CHECK(has(text_by_iconv(k.printed(), k.dir), "P7"));
}

TEST_CASE("paper out mid-day: the ticket is shown on screen with its QR code, and the guides are told") {
  Booth k;
  k.take("A");
  REQUIRE(k.reach(kiosk::Page::result));
  CHECK(k.app->printed());
  k.tap("done");
  std::size_t bytes = k.printed().size();

  // Paper low: still prints (and the guides get an alarm, below).
  k.fake.with(k.printer_dev, [&](Firmware&) { k.printer->paper_low = true; });
  REQUIRE(k.screen->step_until([&] { return k.app->devices().health().printer == protocol::PrinterState::paper_low; }));
  k.take("A");
  REQUIRE(k.reach(kiosk::Page::result));
  CHECK(k.app->printed());
  CHECK(k.printed().size() > bytes);
  k.tap("done");
  bytes = k.printed().size();

  k.fake.with(k.printer_dev, [&](Firmware&) { k.printer->paper_out = true; });
  REQUIRE(k.screen->step_until([&] { return k.app->devices().health().printer == protocol::PrinterState::paper_out; }));
  // The guides' alarm.
  bool alarmed = false;
  for (int i = 0; i < 50 && !alarmed; ++i) {
    k.screen->step(3);
    json alarms = k.admin().request({{"op", "alarms"}});  // kept: the loop reads into it
    for (const auto& a : alarms["alarms"])
      if (a.value("kind", "") == "printer" && a.value("state", "") == "paper_out") alarmed = true;
  }
  CHECK(alarmed);
  // Before anyone takes a ticket, the home screen says so.
  std::string home = k.shot("home-paper-out");
  CHECK(has(ocr(home, 0, 55, 100, 30, 6), "打印机暂停使用"));

  k.take("A");
  REQUIRE(k.reach(kiosk::Page::result));
  REQUIRE(k.app->ticket());
  CHECK_FALSE(k.app->printed());
  CHECK(k.app->ticket()->number == "A003");
  CHECK(k.ticket("A003")["state"] == "waiting");  // a real ticket, only not on paper
  CHECK(k.printed().size() == bytes);             // nothing sent to a printer without paper
  std::string png = k.shot("unprinted");
  CHECK(has(ocr(png, 0, 10, 100, 12, 6), "请拍照"));
  CHECK(has(zbar(png), "-A003-"));  // the ticket's page: status_url/v/DAY-A003-MAC

  // Paper back: printing resumes.
  k.tap("done");
  k.fake.with(k.printer_dev, [&](Firmware&) { k.printer->paper_out = k.printer->paper_low = false; });
  REQUIRE(k.screen->step_until([&] { return k.app->devices().health().printer == protocol::PrinterState::ready; }));
  k.take("A");
  REQUIRE(k.reach(kiosk::Page::result));
  CHECK(k.app->printed());
}

TEST_CASE("a server that stops answering mid-take: asked again with the same key, one ticket") {
  Booth k;
  k.tap("service.A");
  REQUIRE(k.reach(kiosk::Page::service));
  ::kill(k.server.pid(), SIGSTOP);  // hangs: the take goes out, no reply comes
  k.tap("take");
  CHECK(k.app->page() == kiosk::Page::taking);
  k.screen->step_until([] { return false; }, 2500ms);  // past the request timeout: asked again
  CHECK(k.app->page() == kiosk::Page::taking);
  ::kill(k.server.pid(), SIGCONT);
  REQUIRE(k.reach(kiosk::Page::result));
  REQUIRE(k.app->ticket());
  CHECK(k.app->ticket()->number == "A001");
  CHECK(k.issued("A") == 1);
}

TEST_CASE("the server killed and restarted: the kiosk says where to go, invents nothing, then works again") {
  Booth k;
  k.tap("service.A");
  REQUIRE(k.reach(kiosk::Page::service));
  k.server.kill9();
  REQUIRE(k.screen->step_until([&] { return !k.app->live(); }));
  std::string png = k.shot("offline");
  std::string words = ocr(png, 0, 40, 100, 30, 6);
  INFO("offline: " << words);
  CHECK(has(words, "暂停自助取号"));
  CHECK(has(words, "咨询台"));
  CHECK_FALSE(k.screen->has_button("take"));  // nothing to tap: no ticket without the server
  k.server.restart();
  k.reconnect_admin();
  REQUIRE(k.screen->step_until([&] { return k.app->live(); }, 10s));
  k.tap("take");
  REQUIRE(k.reach(kiosk::Page::result));
  CHECK(k.app->ticket()->number == "A001");
  CHECK(k.issued("A") == 1);

  // Killed right after a take went out: after the restart the same key is asked
  // again, and there is one ticket whichever way the crash fell.
  k.tap("done");
  k.take("A");
  k.server.kill9();
  k.server.restart();
  k.reconnect_admin();
  REQUIRE(k.reach(kiosk::Page::result, 15s));
  CHECK(k.issued("A") == 2);
  CHECK(k.app->ticket()->number == "A002");
}

TEST_CASE("the idle timeout takes the screen home and wipes the citizen's data") {
  Booth k({.idle_s = 2, .result_s = 2});
  k.take("R", true);
  REQUIRE(k.reach(kiosk::Page::result));
  CHECK_FALSE(k.app->personal_data().empty());  // the masked name and number, for the result screen
  REQUIRE(k.reach(kiosk::Page::home, 5s));
  CHECK(k.app->personal_data().empty());
  CHECK_FALSE(k.app->ticket());
  std::string png = k.shot("after-idle");
  CHECK_FALSE(has(ocr(png, 0, 0, 100, 100, 6), "包"));

  // Walking away while the kiosk waits for a card: the read is cancelled too.
  k.fake.with(k.reader_dev, [&](Firmware&) { k.reader->fw.card = false; });
  k.take("A", true);
  CHECK(k.app->page() == kiosk::Page::card);
  REQUIRE(k.reach(kiosk::Page::home, 6s));
  CHECK(k.app->personal_data().empty());
}

TEST_CASE("languages, large text and high contrast — and every touch target at least 15 mm") {
  Booth k;
  k.tap("lang.en");
  CHECK(k.app->lang() == "en");
  std::string en = k.shot("english");
  std::string title = ocr(en, 0, 13, 100, 5, 7);
  INFO("title: " << title);
  CHECK(has(title, "Pleasechooseaservice"));
  k.tap("lang.mn");
  CHECK(k.app->lang() == "mn");
  k.check_targets();
  k.tap("large_text");
  CHECK(k.app->large_text());
  k.check_targets();
  k.tap("high_contrast");
  CHECK(k.app->high_contrast());
  std::string hc = k.shot("high-contrast");
  CHECK(png_pixel(hc, 5, 1900) == 0x000000);
  k.take("A");
  REQUIRE(k.reach(kiosk::Page::result));
  k.check_targets();
  // The next citizen starts in the hall's language, standard look.
  k.tap("done");
  CHECK(k.app->lang() == "zh");
  CHECK_FALSE(k.app->large_text());
  CHECK_FALSE(k.app->high_contrast());
}

TEST_CASE("the home button puts the language and the look back to the hall's defaults for the next citizen") {
  Booth k;
  k.tap("lang.en");
  k.tap("large_text");
  k.tap("high_contrast");
  k.tap("service.A");
  REQUIRE(k.reach(kiosk::Page::service));
  CHECK(k.app->lang() == "en");
  k.tap("home");  // this citizen is done: whoever comes next reads the hall's language, standard size
  REQUIRE(k.reach(kiosk::Page::home));
  CHECK(k.app->lang() == "zh");
  CHECK_FALSE(k.app->large_text());
  CHECK_FALSE(k.app->high_contrast());
  std::string png = k.shot("after-home");
  std::string title = ocr(png, 0, 13, 100, 5, 7);
  INFO("title: " << title);
  CHECK(has(title, "请选择"));
  CHECK_FALSE(has(title, "Please"));
  CHECK(png_pixel(png, 5, 1900) != 0x000000);  // not the high-contrast black
}

TEST_CASE("a ticket taken in Mongolian prints a Mongolian-first slip, each line then in Chinese") {
  Booth k;
  k.tap("lang.mn");
  k.take("A");
  REQUIRE(k.reach(kiosk::Page::result));
  REQUIRE(k.app->printed());
  PrintedBytes job = k.printed();
  std::string text = text_by_iconv(job, k.dir);
  INFO("slip: " << text);
  // What a line before each Chinese line is: the Mongolian, drawn (printer fonts have none).
  printer::Document d = printer::decode(job);
  std::vector<const printer::Block*> printed;
  for (const auto& b : d.blocks)
    if (b.kind == printer::Block::Kind::image || (b.kind == printer::Block::Kind::line && !b.runs.empty()))
      printed.push_back(&b);
  auto line_text = [](const printer::Block& b) {
    std::string s;
    for (const auto& r : b.runs) s += r.utf8;
    return s;
  };
  for (const char* zh : {"测试大厅", "您的号码", "企业开办", "您是下一位", "扫码查看排队进度"}) {
    CAPTURE(zh);
    auto it = std::find_if(printed.begin(), printed.end(), [&](const printer::Block* b) {
      return b->kind == printer::Block::Kind::line && has(line_text(*b), zh);
    });
    REQUIRE(it != printed.end());
    REQUIRE(it != printed.begin());
    CHECK((*(it - 1))->kind == printer::Block::Kind::image);
    CHECK(has(text, zh));
  }
  for (const auto* b : printed)
    if (b->kind == printer::Block::Kind::image) CHECK(b->image.width <= 384);
}

TEST_CASE("a wide wait estimate is told as a range on the result page and the slip") {
  Booth k;
  for (int i = 0; i < 5; ++i) REQUIRE(k.admin().request({{"op", "take"}, {"service", "A"}})["ok"] == true);
  k.take("A");
  REQUIRE(k.reach(kiosk::Page::result));
  REQUIRE(k.app->ticket());
  const auto& t = *k.app->ticket();
  // Five ahead, no window open yet: the range the server gave spans well over five minutes.
  REQUIRE(t.ewt_lo_s);
  REQUIRE(t.ewt_hi_s);
  REQUIRE(*t.ewt_hi_s - *t.ewt_lo_s >= 300);
  std::string lo = std::to_string(*t.ewt_lo_s / 60), hi = std::to_string((*t.ewt_hi_s + 59) / 60);
  std::string slip = text_by_iconv(k.printed(), k.dir);
  INFO("slip: " << slip);
  CHECK(has(slip, "预计等候约 " + lo + "–" + hi + " 分钟"));
  // The lines between the number and the QR code: the code beside them was read as words, and on
  // some builds the estimate's line no longer came out of the noise.
  std::string words = ocr(k.shot("range"), 20, 38, 60, 18, 6);
  INFO("page: " << words);
  CHECK(has(words, "预计等候约"));
  CHECK(has(words, lo));
  CHECK(has(words, hi));
}

TEST_CASE("without a card reader, real-name services say where to go instead of failing") {
  Booth k({.reader = false});
  REQUIRE(k.screen->step_until([&] { return k.app->devices().health().reader == protocol::CardReaderState::absent; }));
  k.tap("service.R");
  REQUIRE(k.reach(kiosk::Page::service));
  std::string png = k.shot("no-reader");
  CHECK(has(ocr(png, 0, 55, 100, 35, 6), "读卡器暂不可用"));
  k.screen->click("take_card");  // drawn disabled: nothing happens
  k.screen->step(3);
  CHECK(k.app->page() == kiosk::Page::service);
  CHECK(k.issued("R") == 0);
}

TEST_CASE("a card that is down but cannot be read is told as possibly damaged, not as no card") {
  Booth k;
  k.fake.with(k.reader_dev, [&](Firmware&) { k.reader->fw.read_status = 0x41; });  // every read fails
  k.take("R", true);
  // Told at once, not after the whole wait for a card (1.5 s here, as if nobody had put one down).
  auto start = std::chrono::steady_clock::now();
  REQUIRE(k.screen->step_until([&] { return !k.app->card_problem().empty(); }, 5s));
  CHECK(std::chrono::steady_clock::now() - start < 1500ms);
  CHECK(k.app->card_problem() == "kiosk.card_damaged");
  CHECK(k.app->page() == kiosk::Page::card);
  std::string png = k.shot("card-damaged");
  CHECK(has(ocr(png, 0, 20, 100, 30, 6), "可能已损坏"));
  CHECK(k.screen->has_button("retry"));
  CHECK(k.issued("R") == 0);
  // The card put down again and read: the ticket as usual.
  k.fake.with(k.reader_dev, [&](Firmware&) { k.reader->fw.read_status = 0x90; });
  k.tap("retry");
  REQUIRE(k.reach(kiosk::Page::result));
  CHECK(k.app->ticket()->number == "R001");
}

TEST_CASE("an older citizen's ID card gives the senior priority class, shown on the result screen") {
  Booth k;
  // A card born 1949-12-31 (76 in 2026; the test hall's seniors class starts at 70).
  k.fake.with(k.reader_dev, [&](Firmware&) {
    k.reader->fw.text = text_block({{0, 30, "王秀英"},
                                    {30, 2, "2"},
                                    {32, 4, "01"},
                                    {36, 16, "19491231"},
                                    {52, 70, "北京市西城区"},
                                    {122, 36, "11010519491231002X"},
                                    {158, 30, "北京市公安局西城分局"},
                                    {188, 16, "20100101"},
                                    {204, 16, "长期"}},
                                   ' ');
  });
  k.take("A", true);
  REQUIRE(k.reach(kiosk::Page::result));
  REQUIRE(k.app->ticket());
  CHECK(k.ticket(k.app->ticket()->number)["priority"] == "elderly");
  std::string png = k.shot("senior");
  CHECK(has(ocr(png, 0, 40, 100, 25, 6), "优先办理"));
}

TEST_CASE("a printer that stops answering status requests is still tried, and prints") {
  Booth k;
  k.fake.with(k.printer_dev, [&](Firmware&) { k.printer->has_in = false; });  // DLE EOT goes unanswered
  REQUIRE(k.screen->step_until([&] { return k.app->devices().health().printer == protocol::PrinterState::unknown; }));
  k.take("A");
  REQUIRE(k.reach(kiosk::Page::result, 15s));
  CHECK(k.app->printed());
  CHECK(has(text_by_iconv(k.printed(), k.dir), "A001"));
}

TEST_CASE("call a guide from any page: an alarm naming the kiosk, and a guide is coming until a guide takes it") {
  Booth k;
  k.check_help_apart();  // home
  k.tap("checkin");
  REQUIRE(k.reach(kiosk::Page::checkin));
  k.check_help_apart();  // beside the keypad
  k.tap("home");
  k.tap("service.A");
  REQUIRE(k.reach(kiosk::Page::service));
  k.check_help_apart();
  k.check_targets();
  // The header's top right corner (portrait): the words, then a tap.
  std::string before = ocr(k.shot("help-call"), 64, 0, 36, 12, 6);
  INFO("before: " << before);
  CHECK(has(before, "呼叫帮办"));
  k.tap("help");
  REQUIRE(k.screen->step_until([&] { return k.app->guide_coming(); }));
  json alarms = k.admin().request({{"op", "alarms"}});  // kept: the loop reads into it
  std::string call;
  for (const auto& a : alarms["alarms"])
    if (a["kind"] == "help_requested" && a["device"] == "kiosk-1") call = a["detail"];
  REQUIRE_MESSAGE(!call.empty(), alarms.dump());
  k.tap("help");  // pressed again: still the one call
  CHECK(k.admin().request({{"op", "help_requests"}})["requests"].size() == 1);
  CHECK(k.app->page() == kiosk::Page::service);  // the citizen's page stays
  std::string coming = ocr(k.shot("help-coming"), 64, 0, 36, 12, 6);
  INFO("coming: " << coming);
  CHECK(has(coming, "帮办马上就到"));

  // A guide takes the call: the kiosk hears it (the alarm clears) and offers the button again.
  LineClient guide(k.server.port());
  REQUIRE(guide.hello("guide", "guide-1", "test-guide-token")["ok"] == true);
  REQUIRE(guide.request({{"op", "help_take"}, {"call", std::stoll(call)}})["ok"] == true);
  REQUIRE(k.screen->step_until([&] { return !k.app->guide_coming(); }, 10s));
  std::string after = ocr(k.shot("help-after"), 64, 0, 36, 12, 6);
  INFO("after: " << after);
  CHECK(has(after, "呼叫帮办"));

  // English when chosen (Chinese under it), and on the result page too.
  k.tap("lang.en");
  std::string en = ocr(k.shot("help-en"), 64, 0, 36, 12, 6);
  INFO("en: " << en);
  CHECK(has(en, "Callaguide"));
  k.tap("take");
  REQUIRE(k.reach(kiosk::Page::result));
  k.check_help_apart();
}

TEST_CASE("a take given up on while the server hangs is voided when the server answers again") {
  Booth k({.patience_s = 3});
  k.tap("service.A");
  REQUIRE(k.reach(kiosk::Page::service));
  ::kill(k.server.pid(), SIGSTOP);
  k.tap("take");
  REQUIRE(k.reach(kiosk::Page::message, 10s));  // out of patience: sent to the consultation desk
  CHECK(k.app->message() == k.zh.get("kiosk.unreachable"));
  CHECK(k.app->undelivered() == 1);
  ::kill(k.server.pid(), SIGCONT);  // the server now issues what it was asked (once: one key)...
  REQUIRE(k.screen->step_until([&] { return k.app->undelivered() == 0; }, 15s));
  json t = k.ticket("A001");  // ...and the kiosk voids it: nobody holds that ticket
  CHECK(t["state"] == "cancelled");
  CHECK(t["reason"] == "not_delivered");
  CHECK(k.issued("A") == 1);
}

TEST_CASE("appointment check-in with the ID card, and a card without an appointment told so") {
  Booth k;
  k.tap("checkin");
  REQUIRE(k.reach(kiosk::Page::checkin));
  k.tap("checkin_card");  // no appointment yet for this card
  REQUIRE(k.reach(kiosk::Page::message));
  CHECK(k.app->message() == k.zh.get("errors.checkin_card.not_found"));
  k.tap("ok");
  json list = json::array({{{"code", "Q3"}, {"service", "R"}, {"time", now_hhmm()}, {"id_number", kCardNumber}}});
  REQUIRE(k.admin().request({{"op", "import_appointments"}, {"appointments", list}})["ok"] == true);
  k.tap("checkin_card");
  REQUIRE(k.reach(kiosk::Page::result));
  REQUIRE(k.app->ticket());
  json t = k.ticket(k.app->ticket()->number);
  CHECK(t["appointment"] == "Q3");
  CHECK(t["service"] == "R");
  CHECK(t["id_masked"] == "150502********1230");
  CHECK_FALSE(has(k.app->personal_data(), kCardNumber));
}
