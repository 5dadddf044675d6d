#include "kiosk/pages.hpp"

#include <SDL.h>

#include <algorithm>
#include <cmath>

namespace hallq::kiosk {

const std::vector<std::string>& Pages::code_keys() {
  static const std::vector<std::string> keys = {
      "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "A", "B", "C", "D", "E", "F", "G", "H",
      "J", "K", "L", "M", "N", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "-", std::string(ui::kEraseKey)};
  return keys;
}

void Visit::forget() {
  wipe(name_masked);
  wipe(id_masked);
  wipe(entry);
  auto wipe_case = [](protocol::CaseInfo& c) {
    if (c.name_masked) wipe(*c.name_masked);
    if (c.id_masked) wipe(*c.id_masked);
  };
  for (auto& c : cases) wipe_case(c);
  if (case_) wipe_case(*case_);
  if (ticket) {
    if (ticket->name_masked) wipe(*ticket->name_masked);
    if (ticket->id_masked) wipe(*ticket->id_masked);
  }
  *this = {};
}

Tap Pages::frame(ui::Ui& ui, Page page, const PageView& view, std::string& code) {
  ui_ = &ui;
  v_ = &view;
  tap_ = {};
  ui.clear(th().background);
  int W = ui.width(), H = ui.height();
  bool portrait = W < H;
  int header_h = portrait ? th().px(250) : std::max(th().px(150), H / 9);
  header({0, 0, W, header_h});
  ui::Rect body{th().px(24), header_h + th().px(16), W - th().px(48), H - header_h - th().px(32)};
  switch (page) {
    case Page::home:
      home(body);
      break;
    case Page::menu:
      menu(body);
      break;
    case Page::service:
      service(body);
      break;
    case Page::card:
      card(body);
      break;
    case Page::taking:
      busy(body, view.online ? "kiosk.taking" : "kiosk.reconnecting");
      break;
    case Page::printing:
      busy(body, "kiosk.printing");
      break;
    case Page::result:
      result(body);
      break;
    case Page::checkin:
      checkin(body, code);
      break;
    case Page::message:
      message(body);
      break;
    case Page::looking:
      busy(body, "kiosk_case.looking");
      break;
    case Page::cases:
      cases(body);
      break;
    case Page::case_query:
      case_query(body, code);
      break;
    case Page::case_status:
      case_status(body);
      break;
  }
  ui_ = nullptr;
  v_ = nullptr;
  return std::move(tap_);
}

void Pages::offline(ui::Ui& ui, const std::string& why) {
  ui::draw_connection_lost(ui, words_.t("kiosk.offline_title"), words_.t2("kiosk.offline_title"),
                           words_.t("kiosk.offline_hint"), why.empty() ? words_.t("common.reconnecting") : why,
                           words_.t2("kiosk.offline_hint"), why.empty() ? words_.t2("common.reconnecting") : "");
}

void Pages::tapped(Tap::What what, std::string id, MenuPath path) {
  if (tap_.what == Tap::What::nothing) tap_ = {what, std::move(id), std::move(path)};
}

int Pages::px(double base) const {
  return th().px(base * (v_->large ? 1.3 : 1.0));
}

void Pages::say(ui::Rect r, std::string_view key, const ui::PairStyle& style, config::Translations::Args args) {
  ui::bilingual(*ui_, r, words_.t(key, args), words_.t2(key, args), style);
}

std::string Pages::load_text(const protocol::ServiceInfo* s, bool second) const {
  const auto& words = words_.in(second ? words_.second() : words_.lang());
  if (s == nullptr) return {};
  if (!s->open) return words.get("kiosk.closed");
  if (s->waiting == 0) return words.get("kiosk.no_wait");
  if (s->ewt_s < 60) return words.get("kiosk.load_soon", {{"n", std::to_string(s->waiting)}});  // not "约 不到 1 分钟"
  return words.get("kiosk.load", {{"n", std::to_string(s->waiting)}, {"time", config::duration_text(words, s->ewt_s)}});
}

// ---- parts ----------------------------------------------------------------------

void Pages::header(ui::Rect r) {
  auto& ui = *ui_;
  ui.fill(r, th().panel);
  ui.fill({r.x, r.y + r.h - th().px(4), r.w, th().px(4)}, th().accent);
  // The language switch, each language named in itself: a row of its own on
  // a portrait screen (the hall's name needs the width), else at the right.
  bool portrait = ui.width() < ui.height();
  int gap = th().px(12), margin = th().px(20);
  int bh = portrait ? th().px(96) : std::min(r.h - th().px(40), th().px(96));
  int bw = portrait ? (r.w - 2 * margin - 2 * gap) / 3 : th().px(170);
  int x = portrait ? r.x + margin : r.x + r.w - margin - 3 * bw - 2 * gap;
  int by = portrait ? r.y + r.h - bh - th().px(16) : r.y + (r.h - bh) / 2;
  for (const char* l : Words::kLangs) {
    bool current = words_.lang() == l;
    ui::Rect b{x, by, bw, bh};
    if (ui.button(std::string("lang.") + l, b, words_.in(l).get("kiosk.language_name"), {}, true,
                  current ? std::optional<std::uint32_t>(th().accent) : std::nullopt) &&
        !current)
      tapped(Tap::What::language, l);
    if (current) ui.outline(b, th().text, th().px(4));
    x += bw + gap;
  }
  // 呼叫帮办 in the header's corner, on every page, over nothing else: above
  // the language row on a portrait screen (beside the hall's name), left of
  // the language buttons on a landscape one.
  int help_w = portrait ? bw : th().px(250);
  ui::Rect help = portrait ? ui::Rect{r.x + r.w - margin - help_w, r.y + th().px(14), help_w, by - r.y - th().px(28)}
                           : ui::Rect{r.x + r.w - margin - 3 * bw - 3 * gap - help_w, by, help_w, bh};
  const char* help_key = v_->guide_coming ? "kiosk.help_coming" : "kiosk.help_call";
  // Dark red to call, dark green while a guide is coming: white text on both
  // (> 6:1), and dark enough for the screen readers of the tests (tesseract on
  // the inverted screen); high contrast keeps its black buttons, yellow text.
  std::optional<std::uint32_t> help_colour;
  if (!v_->contrast) help_colour = v_->guide_coming ? 0xFF0E5A2E : 0xFFB3261E;
  if (ui.button("help", help, words_.t(help_key), words_.t2(help_key), true, help_colour) && !v_->guide_coming)
    tapped(Tap::What::call_guide);
  int text_w = portrait ? r.w - 3 * margin - help_w : r.w - 3 * bw - 3 * gap - help_w - 3 * margin;
  if (v_->training) {
    // A training hall: 培训 on the accent colour left of the help button, the hall's name narrower.
    int mark_w = std::max(help.h, help_w * 3 / 5);
    ui::Rect mark{help.x - gap - mark_w, help.y, mark_w, help.h};
    ui.fill(mark, th().accent);
    ui::bilingual(ui, mark, words_.t("common.training"), words_.t2("common.training"),
                  {.px = px(40), .second_px = px(28), .bold = true, .argb = th().on_accent, .split = 55});
    text_w -= mark_w + gap;
  }
  int text_h = portrait ? by - r.y : r.h;
  const auto& names = v_->state.hall().names;
  ui::bilingual(ui, {r.x + margin, r.y + th().px(6), text_w, text_h - th().px(12)}, words_.name(names),
                words_.name2(names),
                {.px = px(48),
                 .second_px = px(32),
                 .bold = true,
                 .argb = th().text,
                 .second_argb = th().dim,
                 .h = ui::HAlign::left,
                 .split = 55});
}

ui::Rect Pages::nav(ui::Rect body, bool back) {
  auto& ui = *ui_;
  int h = th().px(120), gap = th().px(20);
  ui::Rect bar{body.x, body.y + body.h - h, body.w, h};
  int w = (bar.w - gap) / 2;
  if (back && ui.button("back", {bar.x, bar.y, w, h}, words_.t("kiosk.back"), words_.t2("kiosk.back")))
    tapped(Tap::What::back);
  if (ui.button("home", {back ? bar.x + w + gap : bar.x, bar.y, back ? w : bar.w, h}, words_.t("kiosk.home"),
                words_.t2("kiosk.home")))
    tapped(Tap::What::home);
  return {body.x, body.y, body.w, body.h - h - gap};
}

void Pages::entries(ui::Rect r, const MenuPath& path) {
  auto& ui = *ui_;
  const auto& hall = v_->state.hall();
  auto list = menu_entries(hall, path);
  if (list.empty()) return;
  int columns = ui.width() > ui.height() ? 3 : 2;
  if (v_->large) columns = std::max(1, columns - 1);
  auto grid = ui::Grid::of(r, static_cast<int>(list.size()), columns, th().px(20), th().px(v_->large ? 300 : 240));
  for (std::size_t i = 0; i < list.size(); ++i) {
    ui::Rect cell = grid.cell(static_cast<int>(i));
    const MenuEntry& e = list[i];
    if (e.category) {
      const protocol::HallCategory* cat = find_category(hall, e.id);
      int waiting = waiting_under(v_->state, e.id);
      std::string note =
          waiting > 0 ? words_.t("kiosk.waiting", {{"n", std::to_string(waiting)}}) : words_.t("kiosk.no_wait");
      if (ui::tile(ui, "cat." + e.id, cell, words_.name(cat->names), words_.name2(cat->names), note, px(46)))
        tapped(Tap::What::category, e.id, path);
    } else {
      const auto* s = hall.service(e.id);
      if (ui::tile(ui, "service." + e.id, cell, words_.name(s->names), words_.name2(s->names),
                   load_text(v_->state.service(e.id), false), px(46)))
        tapped(Tap::What::service, e.id, path);
    }
  }
}

void Pages::qr(ui::Rect r, const printer::Raster& code) {
  if (code.empty()) return;
  int m = std::max(1, std::min(r.w, r.h) / code.width);
  int size = m * code.width;
  int x0 = r.x + (r.w - size) / 2, y0 = r.y + (r.h - size) / 2;
  ui_->fill({x0, y0, size, size}, 0xFFFFFFFF);
  for (int y = 0; y < code.height; ++y)
    for (int x = 0; x < code.width;) {
      if (!code.black(x, y)) {
        ++x;
        continue;
      }
      int run = x;
      while (run < code.width && code.black(run, y)) ++run;
      ui_->fill({x0 + x * m, y0 + y * m, (run - x) * m, m}, 0xFF000000);
      x = run;
    }
}

// ---- pages ----------------------------------------------------------------------

void Pages::home(ui::Rect body) {
  auto& ui = *ui_;
  int title_h = th().px(110);
  say({body.x, body.y, body.w, title_h}, "kiosk.choose",
      {.px = px(48), .second_px = px(30), .bold = true, .argb = th().accent, .second_argb = th().dim, .split = 60});
  // Along the bottom: check-in, then large text and high contrast.
  int gap = th().px(20), big = th().px(140), small = th().px(100);
  int bottom = body.y + body.h;
  ui::Rect access{body.x, bottom - small, body.w, small};
  ui::Rect checkin_r{body.x, access.y - gap - big, body.w, big};
  // With cases in the hall, check-in shares its row with collecting results
  // and the case look-up; a supplement notice's code is checked in there too.
  bool cases = !v_->pickup_service.empty();
  if (cases) {
    int cw = (checkin_r.w - 2 * gap) / 3;
    ui::Rect collect_r{checkin_r.x, checkin_r.y, cw, big};
    ui::Rect status_r{checkin_r.x + cw + gap, checkin_r.y, cw, big};
    if (ui.button("case.collect", collect_r, words_.t("kiosk_case.collect"), words_.t2("kiosk_case.collect"),
                  v_->devices.reader == protocol::CardReaderState::ok))
      tapped(Tap::What::collect);
    if (ui.button("case.status", status_r, words_.t("kiosk_case.status"), words_.t2("kiosk_case.status")))
      tapped(Tap::What::case_query);
    checkin_r = {checkin_r.x + 2 * (cw + gap), checkin_r.y, checkin_r.w - 2 * (cw + gap), big};
  }
  const char* checkin_key = cases ? "kiosk_case.checkin" : "kiosk.checkin";
  int w = (access.w - gap) / 2;
  const char* large = v_->large ? "kiosk.large_text_off" : "kiosk.large_text";
  const char* contrast = v_->contrast ? "kiosk.high_contrast_off" : "kiosk.high_contrast";
  if (ui.button("large_text", {access.x, access.y, w, small}, words_.t(large), words_.t2(large)))
    tapped(Tap::What::large_text);
  if (ui.button("high_contrast", {access.x + w + gap, access.y, w, small}, words_.t(contrast), words_.t2(contrast)))
    tapped(Tap::What::high_contrast);
  if (ui.button("checkin", checkin_r, words_.t(checkin_key), words_.t2(checkin_key))) tapped(Tap::What::checkin);
  int top = body.y + title_h + gap;
  int end = checkin_r.y - gap;
  if (!v_->devices.can_print()) {  // before anyone takes a ticket
    int bh = th().px(90);
    ui.fill({body.x, end - bh, body.w, bh}, th().warn);
    say({body.x, end - bh, body.w, bh}, "kiosk.printer_down",
        {.px = px(30), .second_px = px(22), .bold = true, .argb = th().on_accent, .split = 55});
    end -= bh + gap;
  }
  entries({body.x, top, body.w, end - top}, {});
}

void Pages::menu(ui::Rect body) {
  ui::Rect r = nav(body, true);
  int title_h = th().px(110);
  if (!v_->visit.menu_path.empty())
    if (const auto* cat = find_category(v_->state.hall(), v_->visit.menu_path.back()))
      ui::bilingual(
          *ui_, {r.x, r.y, r.w, title_h}, words_.name(cat->names), words_.name2(cat->names),
          {.px = px(48), .second_px = px(30), .bold = true, .argb = th().accent, .second_argb = th().dim, .split = 60});
  entries({r.x, r.y + title_h + th().px(20), r.w, r.h - title_h - th().px(20)}, v_->visit.menu_path);
}

void Pages::service(ui::Rect body) {
  auto& ui = *ui_;
  const auto* s = v_->state.hall().service(v_->visit.service);
  if (s == nullptr) {
    tapped(Tap::What::gone);
    return;
  }
  const auto* load = v_->state.service(v_->visit.service);
  ui::Rect r = nav(body, true);
  int y = r.y;
  ui::bilingual(
      ui, {r.x, y, r.w, px(130)}, words_.name(s->names), words_.name2(s->names),
      {.px = px(60), .second_px = px(34), .bold = true, .argb = th().text, .second_argb = th().dim, .split = 61});
  y += px(140);
  ui::bilingual(ui, {r.x, y, r.w, px(96)}, load_text(load, false), load_text(load, true),
                {.px = px(40),
                 .second_px = px(26),
                 .bold = true,
                 .argb = load && !load->open ? th().alarm : th().accent,
                 .second_argb = th().dim,
                 .split = 58});
  y += px(116);

  // The actions, from the bottom up.
  bool open = !load || load->open;
  bool reader = v_->devices.reader == protocol::CardReaderState::ok;
  int bh = th().px(150), gap = th().px(20);
  int actions_y = r.y + r.h - bh;
  if (s->real_name) {
    if (ui.button("take_card", {r.x, actions_y, r.w, bh}, words_.t("kiosk.take_with_card"),
                  words_.t2("kiosk.take_with_card"), open && reader, th().go))
      tapped(Tap::What::take_with_card);
  } else {
    int w2 = (r.w - gap) * 2 / 5, w1 = r.w - gap - w2;
    // Enter takes a ticket too: kiosks with a hardware keypad for people who cannot use the screen.
    const ui::Input& input = ui.input();
    if ((ui.button("take", {r.x, actions_y, w1, bh}, words_.t("kiosk.take"), words_.t2("kiosk.take"), open, th().go) ||
         (open && (input.key(SDLK_RETURN) || input.key(SDLK_KP_ENTER)))))
      tapped(Tap::What::take);
    if (ui.button("take_card", {r.x + w1 + gap, actions_y, w2, bh}, words_.t("kiosk.take_with_card_optional"),
                  words_.t2("kiosk.take_with_card_optional"), open && reader))
      tapped(Tap::What::take_with_card);
  }
  int notes_bottom = actions_y - gap;
  auto note = [&](const char* key, std::uint32_t bg) {
    int nh = px(86);
    notes_bottom -= nh;
    ui.fill({r.x, notes_bottom, r.w, nh}, bg);
    say({r.x + th().px(16), notes_bottom, r.w - th().px(32), nh}, key,
        {.px = px(28), .second_px = px(20), .bold = true, .argb = th().on_accent, .split = 55});
    notes_bottom -= gap;
  };
  if (s->real_name && !reader)
    note("kiosk.reader_absent", th().warn);
  else if (s->real_name)
    note("kiosk.real_name", th().accent);
  if (!v_->devices.can_print()) note("kiosk.printer_down", th().warn);

  materials(*s, {r.x, y, r.w, notes_bottom - y});
}

void Pages::materials(const protocol::HallService& s, ui::Rect box) {
  // The one-time notice of what to bring (一次性告知): every item, in as many
  // columns as it takes and the width allows; when even those cannot hold
  // them all, page by page behind a "more materials" button that says which
  // page is up, so no item is ever left out unseen.
  auto& ui = *ui_;
  ui.fill(box, th().panel);
  int pad = th().px(20);
  int line = px(46), sub = px(30), gap = th().px(6);
  int ly = box.y + pad;
  ui::Rect title{box.x + pad, ly, box.w - 2 * pad, line};
  ly += line + th().px(8);
  if (s.materials.empty()) {
    ui.text(title, words_.t("kiosk.materials"), {px(34), true, th().accent, ui::HAlign::left, ui::VAlign::middle});
    ui.text({box.x + pad, ly, box.w - 2 * pad, line}, words_.t("kiosk.no_materials"),
            {px(30), false, th().text, ui::HAlign::left, ui::VAlign::middle});
    return;
  }
  const int n = static_cast<int>(s.materials.size());
  const int item_h = line + sub + gap;
  ui::Rect area{box.x + pad, ly, box.w - 2 * pad, box.y + box.h - pad - ly};
  const int rows = std::max(1, area.h / item_h);
  const int col_gap = th().px(30);
  const int min_col_w = th().px(330);  // an item's name at its size, and its second language under it
  auto max_columns = [&](int w) { return std::clamp((w + col_gap) / (min_col_w + col_gap), 1, 3); };
  int columns = (n + rows - 1) / rows;
  int first = 0, count = n;
  if (columns > max_columns(area.w)) {
    // Pages: the button at the right, as tall as the notice, finger-sized whatever the screen.
    int bw = std::max(th().px(240), area.w / 5);
    ui::Rect more{box.x + box.w - pad - bw, box.y + pad, bw, box.h - 2 * pad};
    title.w -= bw + pad;
    area.w -= bw + pad;
    columns = max_columns(area.w);
    int per_page = rows * columns;
    int pages = (n + per_page - 1) / per_page;
    int page = v_->visit.materials_page % pages;
    first = page * per_page;
    count = std::min(per_page, n - first);
    config::Translations::Args args{{"page", std::to_string(page + 1)}, {"pages", std::to_string(pages)}};
    if (ui.button("materials.more", more, words_.t("kiosk.materials_more", args),
                  words_.t2("kiosk.materials_more", args)))
      tapped(Tap::What::more_materials);
    columns = std::min(columns, (count + rows - 1) / rows);
  }
  ui.text(title, words_.t("kiosk.materials"), {px(34), true, th().accent, ui::HAlign::left, ui::VAlign::middle});
  const int col_w = (area.w - (columns - 1) * col_gap) / std::max(1, columns);
  const int per_column = (count + columns - 1) / std::max(1, columns);
  for (int i = 0; i < count; ++i) {
    const auto& m = s.materials[static_cast<std::size_t>(first + i)];
    int x = area.x + (i / per_column) * (col_w + col_gap);
    int iy = area.y + (i % per_column) * item_h;
    ui.text({x, iy, col_w, line}, std::to_string(first + i + 1) + ". " + words_.name(m),
            {px(30), false, th().text, ui::HAlign::left, ui::VAlign::middle});
    ui.text({x + th().px(40), iy + line, col_w - th().px(40), sub}, words_.name2(m),
            {px(20), false, th().dim, ui::HAlign::left, ui::VAlign::middle});
  }
}

void Pages::card(ui::Rect body) {
  auto& ui = *ui_;
  ui::Rect r = nav(body, true);
  const std::string& problem = v_->visit.card_problem;
  if (!problem.empty()) {
    say({r.x, r.y + r.h / 5, r.w, px(160)}, problem,
        {.px = px(44), .second_px = px(28), .bold = true, .argb = th().alarm, .second_argb = th().dim, .split = 58});
    if (problem != "kiosk.reader_absent" && ui.button("retry", {r.x + r.w / 4, r.y + r.h / 2, r.w / 2, th().px(150)},
                                                      words_.t("kiosk.retry"), words_.t2("kiosk.retry"), true, th().go))
      tapped(Tap::What::card_again);
    return;
  }
  say({r.x, r.y + th().px(40), r.w, px(160)}, "kiosk.place_card",
      {.px = px(52), .second_px = px(30), .bold = true, .argb = th().text, .second_argb = th().dim, .split = 58});
  // A card sliding down onto the reader.
  int cw = std::min(r.w * 6 / 10, th().px(540)), ch = cw * 54 / 86;
  int reader_y = r.y + r.h * 65 / 100;
  double phase = std::fmod(v_->now, 2.0) / 2.0;
  int cy = reader_y - ch - th().px(20) - static_cast<int>((1.0 - phase) * th().px(160));
  ui.fill({r.cx() - cw / 2 - th().px(30), reader_y, cw + th().px(60), th().px(50)}, th().line);
  ui.fill({r.cx() - cw / 2, cy, cw, ch}, th().accent);
  ui.outline({r.cx() - cw / 2, cy, cw, ch}, th().text, th().px(3));
  ui.text({r.cx() - cw / 2, cy, cw, ch}, words_.t("kiosk.id_card"),
          {px(40), true, th().on_accent, ui::HAlign::center, ui::VAlign::middle});
}

void Pages::busy(ui::Rect body, std::string_view key) {
  auto& ui = *ui_;
  // The words in both languages, still; under them three dots lit one after
  // the other, so the page is seen to be working without the words moving.
  int y = body.y + body.h / 3;
  say({body.x, y, body.w, px(150)}, key,
      {.px = px(52), .second_px = px(32), .bold = true, .argb = th().text, .second_argb = th().dim, .split = 60});
  y += px(170);
  int dot = th().px(22), gap = th().px(26);
  int lit = static_cast<int>(v_->now * 2) % 3;
  for (int i = 0; i < 3; ++i)
    ui.fill({body.cx() - (3 * dot + 2 * gap) / 2 + i * (dot + gap), y, dot, dot}, i == lit ? th().accent : th().line);
  y += dot + px(30);
  if (!v_->visit.name_masked.empty())
    ui.text({body.x, y, body.w, px(60)}, words_.t("kiosk.citizen", {{"name", v_->visit.name_masked}}),
            {px(36), false, th().dim, ui::HAlign::center, ui::VAlign::middle});
}

void Pages::result(ui::Rect body) {
  auto& ui = *ui_;
  if (!v_->visit.ticket) {
    tapped(Tap::What::gone);
    return;
  }
  const auto& tk = *v_->visit.ticket;
  int gap = th().px(20), bh = th().px(140);
  std::string left = std::to_string(std::max(0, v_->seconds_left));
  if (ui.button("done", {body.x, body.y + body.h - bh, body.w, bh}, words_.t("kiosk.done", {{"s", left}}),
                words_.t2("kiosk.done", {{"s", left}}), true, th().go)) {
    tapped(Tap::What::done);
    return;
  }
  int y = body.y;
  // What to do with it: take the slip, or photograph the screen.
  int sh = px(110);
  ui.fill({body.x, y, body.w, sh}, v_->visit.printed ? th().good : th().alarm);
  say({body.x + gap, y, body.w - 2 * gap, sh}, v_->visit.printed ? "kiosk.take_slip" : "kiosk.not_printed",
      {.px = px(36), .second_px = px(24), .bold = true, .argb = th().on_accent, .split = 58});
  y += sh + gap;
  // Portrait: the details, then the QR code below. Landscape: details on the
  // left, the QR code on the right.
  bool landscape = ui.width() > ui.height();
  int qr_bottom = body.y + body.h - bh - gap;
  ui::Rect col{body.x, y, landscape ? body.w * 6 / 10 : body.w, qr_bottom - y};
  ui.text({col.x, y, col.w, px(60)}, words_.t("kiosk.your_number"),
          {px(44), false, th().text, ui::HAlign::center, ui::VAlign::middle});
  y += px(60);
  int nh = std::min(th().px(300), body.h / (landscape ? 4 : 5));
  ui.text({col.x, y, col.w, nh}, tk.number, {nh * 85 / 100, true, th().accent, ui::HAlign::center, ui::VAlign::middle});
  y += nh;
  const auto* s = v_->state.hall().service(tk.service);
  if (s) {
    ui::bilingual(
        ui, {col.x, y, col.w, px(108)}, words_.name(s->names), words_.name2(s->names),
        {.px = px(46), .second_px = px(28), .bold = true, .argb = th().text, .second_argb = th().dim, .split = 59});
    y += px(114);
  }
  if (tk.name_masked) {
    ui.text(
        {col.x, y, col.w, px(50)},
        words_.t("kiosk.citizen", {{"name", *tk.name_masked}}) + (tk.id_masked ? "  " + *tk.id_masked : std::string()),
        {px(32), false, th().text, ui::HAlign::center, ui::VAlign::middle});
    y += px(54);
  }
  if (const auto* pr = v_->state.hall().priority(tk.priority)) {  // e.g. seniors, by the ID card's birth date
    ui.text({col.x, y, col.w, px(50)}, words_.t("kiosk.priority", {{"class", words_.name(pr->names)}}),
            {px(34), true, th().good, ui::HAlign::center, ui::VAlign::middle});
    y += px(54);
  }
  const char* ahead_key = tk.ahead == 0 ? "kiosk.ahead_none" : "kiosk.ahead";
  std::string n = std::to_string(tk.ahead);
  ui::bilingual(
      ui, {col.x, y, col.w, px(100)}, words_.t(ahead_key, {{"n", n}}), words_.t2(ahead_key, {{"n", n}}),
      {.px = px(44), .second_px = px(26), .bold = true, .argb = th().text, .second_argb = th().dim, .split = 60});
  y += px(106);
  if (auto range = wait_range_minutes(tk)) {  // wide: "约 10–15 分钟"
    config::Translations::Args args{{"low", std::to_string(range->first)}, {"high", std::to_string(range->second)}};
    ui::bilingual(
        ui, {col.x, y, col.w, px(88)}, words_.t("kiosk.ewt_range", args), words_.t2("kiosk.ewt_range", args),
        {.px = px(38), .second_px = px(24), .bold = false, .argb = th().text, .second_argb = th().dim, .split = 60});
    y += px(94);
  } else if (tk.ewt_s > 0) {
    // Under a minute: "预计等候不到 1 分钟", as the slip says it.
    bool soon = tk.ewt_s < 60;
    ui::bilingual(
        ui, {col.x, y, col.w, px(88)},
        soon ? words_.t("kiosk.ewt_soon")
             : words_.t("kiosk.ewt", {{"time", config::duration_text(words_.in(words_.lang()), tk.ewt_s)}}),
        soon ? words_.t2("kiosk.ewt_soon")
             : words_.t2("kiosk.ewt", {{"time", config::duration_text(words_.in(words_.second()), tk.ewt_s)}}),
        {.px = px(38), .second_px = px(24), .bold = false, .argb = th().text, .second_argb = th().dim, .split = 60});
    y += px(94);
  }
  // The QR code, with its caption.
  ui::Rect qa = landscape ? ui::Rect{body.x + col.w + gap, col.y, body.w - col.w - gap, col.h}
                          : ui::Rect{body.x, y, body.w, qr_bottom - y};
  int cap = px(72);
  int qs = std::min(qa.h - cap - gap, landscape ? qa.w - 2 * gap : body.w / 2);
  if (!v_->visit.qr.empty() && qs > 60) {
    qr({qa.x, qa.y + gap / 2, qa.w, qs}, v_->visit.qr);
    // Beside the code, the service's name in traditional Mongolian as it is
    // written: in columns, top to bottom.
    int side = (qa.w - qs) / 2 - 2 * gap;
    if (s && !s->names.mn.empty() && side > th().px(80))
      ui.vertical({qa.x + gap, qa.y + gap / 2, side, qs}, s->names.mn,
                  {px(34), false, th().text, ui::HAlign::center, ui::VAlign::top});
    ui::bilingual(
        ui, {qa.x, qa.y + gap / 2 + qs, qa.w, cap}, words_.t("kiosk.scan"), words_.t2("kiosk.scan"),
        {.px = px(28), .second_px = px(22), .bold = false, .argb = th().dim, .second_argb = th().dim, .split = 56});
  }
}

void Pages::checkin(ui::Rect body, std::string& code) {
  auto& ui = *ui_;
  ui::Rect r = nav(body, false);
  // Portrait: prompt, entry, keypad and actions stacked. Landscape: the keypad
  // takes the right 60%, so its keys stay finger-sized.
  bool landscape = ui.width() > ui.height();
  int gap = th().px(20), bh = th().px(130);
  ui::Rect left = landscape ? ui::Rect{r.x, r.y, r.w * 4 / 10 - gap, r.h} : r;
  int y = left.y;
  say({left.x, y, left.w, px(114)}, v_->pickup_service.empty() ? "kiosk.checkin_prompt" : "kiosk_case.checkin_prompt",
      {.px = px(46), .second_px = px(28), .bold = true, .argb = th().text, .second_argb = th().dim, .split = 61});
  y += px(126);
  ui::Rect field{left.x + left.w / 8, y, left.w * 3 / 4, th().px(110)};
  y += field.h + th().px(24);

  int card_y = left.y + left.h - bh;
  if (ui.button("checkin_card", {left.x, card_y, left.w, bh}, words_.t("kiosk.checkin_card"),
                words_.t2("kiosk.checkin_card"), v_->devices.reader == protocol::CardReaderState::ok))
    tapped(Tap::What::checkin_card);
  if (code_pad(r, left, y, card_y - gap - bh, field, code, "checkin", "kiosk.checkin_ok", 24, th().px(64)))
    tapped(Tap::What::checkin_code, code);
}

bool Pages::code_pad(ui::Rect r, ui::Rect left, int y, int act_y, ui::Rect field, std::string& code,
                     std::string_view id, std::string_view ok_key, std::size_t max_len, int field_px) {
  auto& ui = *ui_;
  const bool landscape = ui.width() > ui.height();
  const int gap = th().px(20), bh = th().px(130), w = (left.w - gap) / 2;
  const std::string name(id);
  if (ui.button(name + ".clear", {left.x, act_y, w, bh}, words_.t("kiosk.clear"), words_.t2("kiosk.clear")))
    code.clear();
  bool submit = ui.button(name + ".ok", {left.x + w + gap, act_y, w, bh}, words_.t(ok_key), words_.t2(ok_key),
                          !code.empty(), th().go);
  ui::Rect pad =
      landscape ? ui::Rect{r.x + r.w * 4 / 10, r.y, r.w - r.w * 4 / 10, r.h} : ui::Rect{r.x, y, r.w, act_y - gap - y};
  auto key = ui::keypad(ui, "key", pad, code_keys(), landscape ? 9 : 6);
  submit |= ui::code_entry(ui, field, code, {.max_len = max_len, .letters = true, .also = "-"}, field_px, key,
                           {.erase = ui::kEraseKey});
  return submit && !code.empty();
}

void Pages::message(ui::Rect body) {
  auto& ui = *ui_;
  ui.fill({body.x, body.y + body.h / 6, body.w, th().px(8)}, th().alarm);
  ui::bilingual(
      ui, {body.x + th().px(20), body.y + body.h / 6 + th().px(40), body.w - th().px(40), px(200)}, v_->visit.message,
      v_->visit.message2,
      {.px = px(48), .second_px = px(30), .bold = true, .argb = th().text, .second_argb = th().dim, .split = 62});
  int bh = th().px(140);
  if (ui.button("ok", {body.x + body.w / 6, body.y + body.h * 3 / 5, body.w * 2 / 3, bh}, words_.t("kiosk.ok"),
                words_.t2("kiosk.ok"), true, th().go))
    tapped(Tap::What::ok);
}

}  // namespace hallq::kiosk
