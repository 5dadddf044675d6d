#include "core/protocol/events.hpp"

namespace hallq::protocol {
namespace {

template <std::size_t I = 0>
std::optional<Event> read_event(std::string_view name, const json& j, std::string* error, ReadOptions options) {
  if constexpr (I == std::variant_size_v<Event>) {
    if (error) *error = "unknown event \"" + std::string(name) + "\"";
    return std::nullopt;
  } else {
    using E = std::variant_alternative_t<I, Event>;
    if (name != E::kEvent) return read_event<I + 1>(name, j, error, options);
    E e{};
    if (auto problem = read_body(j, e, {"event", "seq"}, options)) {
      if (error) *error = "event " + std::string(name) + ": " + *problem;
      return std::nullopt;
    }
    return Event{std::move(e)};
  }
}

}  // namespace

std::optional<EventMessage> parse_event(const json& line, std::string* error, ReadOptions options) {
  if (!line.is_object()) {
    if (error) *error = "an event must be a JSON object";
    return std::nullopt;
  }
  auto name = line.find("event");
  auto seq = line.find("seq");
  if (name == line.end() || !name->is_string() || seq == line.end() || !seq->is_number_unsigned()) {
    if (error) *error = "an event needs \"event\" (a name) and \"seq\" (a number)";
    return std::nullopt;
  }
  auto e = read_event(name->get_ref<const std::string&>(), line, error, options);
  if (!e) return std::nullopt;
  return EventMessage{seq->get<std::uint64_t>(), std::move(*e)};
}

}  // namespace hallq::protocol
