#pragma once
// The kiosk's service menu, made from the hall's description: each service
// names its category path (outermost first, docs/configuration.md), and the
// categories form a tree as deep as those paths go. Pure: the hall in, the
// entries of a level out; no drawing, no state.

#include <optional>
#include <string>
#include <vector>

#include "core/protocol/hall_state.hpp"

namespace hallq::kiosk {

// One tile of a menu level: a category below it, or a service.
struct MenuEntry {
  bool category = false;
  std::string id;  // category id or service code
  bool operator==(const MenuEntry&) const = default;
};

using MenuPath = std::vector<std::string>;  // category ids, outermost first; empty: the top level

// The entries at `path`: the categories one level down that hold a service
// (at any depth), in the hall's order of categories, then the services filed
// exactly here, in the hall's order of services.
std::vector<MenuEntry> menu_entries(const protocol::HallInfo& hall, const MenuPath& path);

// Where a tap on category `id` at level `path` leads: the level below, or —
// when that level holds a single service and nothing else, a tap nobody needs
// — straight to that service (then `service` is set; `path` is still the
// level below).
struct MenuStep {
  MenuPath path;
  std::optional<std::string> service;
};
MenuStep open_category(const protocol::HallInfo& hall, const MenuPath& path, const std::string& id);

// The category with this id, or null.
const protocol::HallCategory* find_category(const protocol::HallInfo& hall, const std::string& id);

// How many wait for the services anywhere under category `id`.
int waiting_under(const protocol::HallState& state, const std::string& id);

}  // namespace hallq::kiosk
