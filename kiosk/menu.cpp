#include "kiosk/menu.hpp"

#include <algorithm>

namespace hallq::kiosk {

std::vector<MenuEntry> menu_entries(const protocol::HallInfo& hall, const MenuPath& path) {
  std::vector<MenuEntry> out;
  auto under = [&](const protocol::HallService& s) {
    return s.category.size() >= path.size() && std::equal(path.begin(), path.end(), s.category.begin());
  };
  for (const auto& c : hall.categories) {
    for (const auto& s : hall.services)
      if (under(s) && s.category.size() > path.size() && s.category[path.size()] == c.id) {
        out.push_back({true, c.id});
        break;
      }
  }
  for (const auto& s : hall.services)
    if (under(s) && s.category.size() == path.size()) out.push_back({false, s.code});
  return out;
}

MenuStep open_category(const protocol::HallInfo& hall, const MenuPath& path, const std::string& id) {
  MenuStep step{path, std::nullopt};
  step.path.push_back(id);
  auto inner = menu_entries(hall, step.path);
  if (inner.size() == 1 && !inner[0].category) step.service = inner[0].id;
  return step;
}

const protocol::HallCategory* find_category(const protocol::HallInfo& hall, const std::string& id) {
  for (const auto& c : hall.categories)
    if (c.id == id) return &c;
  return nullptr;
}

int waiting_under(const protocol::HallState& state, const std::string& id) {
  int waiting = 0;
  for (const auto& s : state.hall().services)
    if (std::find(s.category.begin(), s.category.end(), id) != s.category.end())
      if (const auto* load = state.service(s.code)) waiting += load->waiting;
  return waiting;
}

}  // namespace hallq::kiosk
