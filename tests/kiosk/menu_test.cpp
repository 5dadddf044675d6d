// The kiosk's menu made from a hall's services and their category paths: the
// tiles a citizen sees at each level, and where a tap leads.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "kiosk/menu.hpp"

using namespace hallq;
using kiosk::MenuEntry;

namespace {

protocol::HallInfo hall() {
  protocol::HallInfo h;
  for (const char* id : {"biz", "land", "tax", "empty"}) h.categories.push_back({id, {id, "", ""}});
  auto service = [&](const char* code, std::vector<std::string> path) {
    protocol::HallService s;
    s.code = code;
    s.category = std::move(path);
    h.services.push_back(s);
  };
  service("L", {"land"});        // the only service under 不动产
  service("A", {"biz"});         // filed at the first level of 企业
  service("B", {"biz", "tax"});  // two services one level further down
  service("T", {"biz", "tax"});
  service("X", {});  // at the top, beside the categories
  return h;
}

std::vector<std::string> ids(const std::vector<MenuEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back((e.category ? "cat:" : "") + e.id);
  return out;
}

}  // namespace

TEST_CASE("each menu level shows the categories that hold a service, in the hall's order, then its own services") {
  auto h = hall();
  // "tax" holds services, but only under "biz"; "empty" holds none: not offered.
  CHECK(ids(kiosk::menu_entries(h, {})) == std::vector<std::string>{"cat:biz", "cat:land", "X"});
  CHECK(ids(kiosk::menu_entries(h, {"biz"})) == std::vector<std::string>{"cat:tax", "A"});
  CHECK(ids(kiosk::menu_entries(h, {"biz", "tax"})) == std::vector<std::string>{"B", "T"});
  CHECK(ids(kiosk::menu_entries(h, {"land"})) == std::vector<std::string>{"L"});
  CHECK(kiosk::menu_entries(h, {"tax"}).empty());  // a path no service has
  CHECK(kiosk::menu_entries(h, {"biz", "tax", "deeper"}).empty());
}

TEST_CASE("a tap on a category opens its level, or goes straight to the service when it holds only that") {
  auto h = hall();
  auto biz = kiosk::open_category(h, {}, "biz");
  CHECK(biz.path == kiosk::MenuPath{"biz"});
  CHECK_FALSE(biz.service);
  auto tax = kiosk::open_category(h, {"biz"}, "tax");
  CHECK(tax.path == kiosk::MenuPath{"biz", "tax"});
  CHECK_FALSE(tax.service);  // two services: the citizen chooses
  auto land = kiosk::open_category(h, {}, "land");
  CHECK(land.path == kiosk::MenuPath{"land"});
  REQUIRE(land.service);
  CHECK(*land.service == "L");
}

TEST_CASE("a category tile counts everyone waiting for the services anywhere under it") {
  auto h = hall();
  protocol::Snapshot snap;
  auto load = [&](const char* code, int waiting) {
    protocol::ServiceInfo s;
    s.code = code;
    s.waiting = waiting;
    snap.services.push_back(s);
  };
  load("L", 1);
  load("A", 2);
  load("B", 3);
  load("T", 4);
  load("X", 50);
  protocol::HallState state;
  state.reset(h, snap);
  CHECK(kiosk::waiting_under(state, "biz") == 9);
  CHECK(kiosk::waiting_under(state, "tax") == 7);
  CHECK(kiosk::waiting_under(state, "land") == 1);
  CHECK(kiosk::waiting_under(state, "empty") == 0);
  REQUIRE(kiosk::find_category(h, "tax"));
  CHECK(kiosk::find_category(h, "tax")->names.zh == "tax");
  CHECK_FALSE(kiosk::find_category(h, "nope"));
}
