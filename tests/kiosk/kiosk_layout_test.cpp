// hallq-kiosk's layout away from its portrait panel, driven like a citizen drives it (taps as SDL
// events) against the real server: every touch target finger-sized in landscape, every material
// of a service on its page or paged behind a button, every key of the keypad drawn with a glyph
// the fonts have.
#include <doctest/doctest.h>

#include <optional>
#include <set>

#include "tests/kiosk/booth.hpp"

using namespace hallq;
using namespace hallq::test;
using json = nlohmann::json;

TEST_CASE("a landscape kiosk keeps every touch target at least 15 mm, the check-in keypad too") {
  Booth k({.width = 1920, .height = 1080});
  k.check_targets();
  k.check_help_apart();
  k.tap("checkin");
  REQUIRE(k.reach(kiosk::Page::checkin));
  k.check_targets();
  k.check_help_apart();
  k.tap("home");
  k.fake.with(k.reader_dev, [&](Firmware&) { k.reader->fw.card = false; });
  k.take("A", true);
  REQUIRE(k.reach(kiosk::Page::card));
  k.check_targets();
  k.tap("back");
  REQUIRE(k.reach(kiosk::Page::service));
  k.check_targets();
  k.tap("take");
  REQUIRE(k.reach(kiosk::Page::result));
  k.check_targets();
  std::string png = k.shot("landscape-result");
  CHECK(zbar(png).find("/v/") != std::string::npos);
}

namespace {

// The texts the kiosk draws in its next frame.
std::vector<ui::DrawnText> drawn_texts(Booth& k) {
  auto& ui = k.screen->runner().ui();
  ui.record_texts(true);
  k.screen->step();
  auto drawn = ui.drawn();
  ui.record_texts(false);
  return drawn;
}

// Where `text` was drawn whole on the service page, above its take buttons and within the screen; none: not drawn.
std::optional<ui::Rect> drawn_above_take(Booth& k, const std::vector<ui::DrawnText>& drawn, const std::string& text) {
  const ui::Rect take = k.screen->runner().ui().buttons().at("take");
  for (const auto& d : drawn)
    if (has(d.text, text) && d.at.x >= 0 && d.at.x + d.at.w <= k.screen->runner().ui().width() && d.at.y >= 0 &&
        d.at.y + d.at.h <= take.y)
      return d.at;
  return std::nullopt;
}

}  // namespace

TEST_CASE("a landscape kiosk lists every material of a service: 企业开办's three at 1066x600") {
  Booth k({.width = 1066, .height = 600, .demo = true});
  k.tap("cat.market");
  REQUIRE(k.reach(kiosk::Page::menu));
  k.tap("service.A");
  REQUIRE(k.reach(kiosk::Page::service));
  const auto& materials = k.app->state().hall().service("A")->materials;
  REQUIRE(materials.size() == 3);
  auto drawn = drawn_texts(k);
  for (std::size_t i = 0; i < materials.size(); ++i) {
    CAPTURE(materials[i].zh);
    CHECK(drawn_above_take(k, drawn, std::to_string(i + 1) + ". " + materials[i].zh));
    CHECK(drawn_above_take(k, drawn, materials[i].mn));  // its Mongolian under it
  }
  CHECK_FALSE(k.screen->has_button("materials.more"));  // all of them on the one page
  std::string text = ocr(k.shot("landscape-materials"), 0, 38, 100, 32, 6);
  INFO("materials: " << text);
  CHECK(has(text, "经营场所"));  // the third, which a landscape kiosk once left out
}

TEST_CASE("materials that do not fit are paged behind a more button that says which page is up") {
  std::string list = "materials = [\n";
  for (int i = 1; i <= 12; ++i)
    list += "  { zh = \"第" + std::to_string(i) + "号证明材料\", mn = \"ᠮᠠᠲ᠋ᠧᠷᠢᠶᠠᠯ " +
            std::to_string(i) + "\", en = \"Paper " + std::to_string(i) + "\" },\n";
  list += "]\n";
  Booth k({.width = 1066,
           .height = 600,
           .hall_edits = {{"en = \"Business start-up\" }\nminutes = 10\n",
                           "en = \"Business start-up\" }\nminutes = 10\n" + list}}});
  k.tap("service.A");
  REQUIRE(k.reach(kiosk::Page::service));
  {
    k.screen->step();
    REQUIRE(k.screen->has_button("materials.more"));
    const ui::Rect more = k.screen->runner().ui().buttons().at("materials.more");
    CHECK(std::min(more.w, more.h) * 0.2479 >= 15.0);  // finger-sized, on the 1080p panel's pixel pitch
  }
  std::set<int> seen;
  int pages = 0;
  for (; pages < 12 && seen.size() < 12; ++pages) {
    REQUIRE(k.screen->has_button("materials.more"));
    auto drawn = drawn_texts(k);
    for (int i = 1; i <= 12; ++i)
      if (drawn_above_take(k, drawn, std::to_string(i) + ". 第" + std::to_string(i) + "号证明材料")) seen.insert(i);
    if (pages == 0) {
      std::string png = k.shot("materials-paged");
      const ui::Rect more = k.screen->runner().ui().buttons().at("materials.more");
      std::string label =
          ocr(png, more.x * 100 / 1066, more.y * 100 / 600, more.w * 100 / 1066 + 1, more.h * 100 / 600 + 1, 6);
      INFO("more: " << label);
      CHECK(has(label, "更多材料"));
    }
    k.tap("materials.more");
  }
  CHECK(seen.size() == 12);  // every one, page by page
  CHECK(pages > 1);
  CHECK(k.app->page() == kiosk::Page::service);
}

TEST_CASE("the check-in keypad draws every key, erase included, with glyphs the fonts have — and erase erases") {
  for (auto [w, h] : {std::pair{1080, 1920}, std::pair{1920, 1080}}) {
    CAPTURE(w);
    Booth k({.width = w, .height = h});
    k.tap("checkin");
    REQUIRE(k.reach(kiosk::Page::checkin));
    int keys = 0;
    for (const auto& d : drawn_texts(k)) {
      std::u32string missing = ui::missing_glyphs(k.screen->runner().fonts(), d.text);
      CHECK_MESSAGE(missing.empty(), "\"" << d.text << "\" has characters no font draws (an empty box)");
      keys += d.text.size() <= 3;  // a key's label
    }
    CHECK(keys >= 36);
    const std::string erase = "key." + std::string(ui::kEraseKey);
    REQUIRE(k.screen->has_button(erase));
    // An appointment QA: typed Q, A, 3 and the 3 erased, the check-in finds it.
    json list = json::array({{{"code", "QA"}, {"service", "A"}, {"time", now_hhmm()}}});
    REQUIRE(k.admin().request({{"op", "import_appointments"}, {"appointments", list}})["ok"] == true);
    for (const char* key : {"key.Q", "key.A", "key.3"}) k.tap(key);
    k.tap(erase);
    k.tap("checkin.ok");
    REQUIRE(k.reach(kiosk::Page::result));
    CHECK(k.ticket(k.app->ticket()->number)["appointment"] == "QA");
  }
}
