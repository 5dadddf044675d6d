// Fuzz target "protocol": the bytes a peer sends on a connection, as the server
// and the clients read them (docs/protocol.md).
//
//  - LineFramer, fed in chunks of varying size and with a small line limit
//    too, must cut exactly the lines a plain reference splitter cuts;
//  - every line goes through parse_request; a request whose op names a type of
//    protocol::Requests is read with read_request. What was read, written
//    again (request_line) and read back must give the same value and the same
//    text, and the text must be one line the envelope accepts;
//  - lines with "ok" are read as the reply of every request type, lines with
//    "event" through parse_event, each written back and read again the same
//    way; events are applied to a HallState as a terminal would.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/protocol/framing.hpp"
#include "core/protocol/hall_state.hpp"
#include "core/protocol/messages.hpp"
#include "tests/fuzz/check.hpp"

namespace {

using namespace hallq::protocol;
using hallq::fuzz::fail;
using hallq::fuzz::Rng;

constexpr const char* kTarget = "protocol";

void check(bool ok, const char* what, std::string_view a = {}, std::string_view b = {}) {
  if (!ok) fail(kTarget, what, a, b);
}

// ---------------------------------------------------------------- framing

struct Framed {
  std::vector<std::string> lines;
  bool too_large = false;
};

// What LineFramer must produce: lines cut at '\n' (one trailing '\r' dropped);
// a line longer than `max` with its '\n', or `max` bytes with no '\n' yet, ends
// the stream.
Framed reference_split(std::string_view in, std::size_t max) {
  Framed out;
  std::size_t begin = 0;
  for (;;) {
    std::size_t nl = in.find('\n', begin);
    if (nl == std::string_view::npos) {
      out.too_large = in.size() - begin >= max;
      return out;
    }
    if (nl + 1 - begin > max) {
      out.too_large = true;
      return out;
    }
    std::string_view line = in.substr(begin, nl - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.lines.emplace_back(line);
    begin = nl + 1;
  }
}

Framed frame(std::string_view in, std::size_t max, Rng& rng) {
  LineFramer f(max);
  Framed out;
  std::size_t off = 0;
  std::string_view line;
  for (;;) {
    // Drain what is complete; a sticky too_large ends the stream.
    for (;;) {
      auto r = f.next(line);
      if (r == LineFramer::Result::line) {
        check(line.find('\n') == std::string_view::npos, "a framed line holds a newline", line);
        out.lines.emplace_back(line);
        continue;
      }
      if (r == LineFramer::Result::too_large) {
        out.too_large = true;
        check(f.next(line) == LineFramer::Result::too_large, "too_large is not sticky");
        return out;
      }
      break;
    }
    if (off == in.size()) return out;
    auto space = f.prepare();
    check(!space.empty(), "prepare() gave no space");
    // Sizes a socket read might give: a byte, a few, a packet, everything.
    static constexpr std::size_t kSizes[] = {1, 2, 3, 7, 64, 1500, 65536};
    std::size_t n = std::min({kSizes[rng.below(std::size(kSizes))], space.size(), in.size() - off});
    std::memcpy(space.data(), in.data() + off, n);
    f.commit(n);
    off += n;
  }
}

void check_framing(std::string_view in, std::size_t max, Rng& rng) {
  Framed want = reference_split(in, max);
  Framed got = frame(in, max, rng);
  check(got.too_large == want.too_large, "LineFramer disagrees with the reference on too_large");
  check(got.lines.size() == want.lines.size(), "LineFramer cut a different number of lines");
  for (std::size_t i = 0; i < got.lines.size(); ++i)
    check(got.lines[i] == want.lines[i], "LineFramer cut a different line", got.lines[i], want.lines[i]);
}

// ---------------------------------------------------------------- round trips

std::string_view strip_newline(std::string_view line) {
  check(!line.empty() && line.back() == '\n', "a written line does not end in a newline", line);
  line.remove_suffix(1);
  check(line.find('\n') == std::string_view::npos, "a written line holds a raw newline", line);
  return line;
}

template <class T>
void check_equal(const T& a, const T& b, const char* what, std::string_view text_a, std::string_view text_b) {
  if constexpr (std::equality_comparable<T>) check(a == b, what, text_a, text_b);
}

// A request read from `r` as Req: written again and read back, it must be the
// same value and the same text, and carry nothing the type does not know.
template <class Req>
void round_trip_request(const Request& r, std::string_view line) {
  if (r.op != Req::kOp) return;
  Req first{};
  if (auto e = read_request(r.body, first)) {
    check(!e->empty(), "a refused request has an empty error", line);
    return;
  }
  std::string text = request_line(r.id, first);
  auto again = parse_request(strip_newline(text));
  auto* r2 = std::get_if<Request>(&again);
  if (r2 == nullptr) fail(kTarget, "a written request is not accepted by parse_request", line, text);
  check(r2->id == r.id && r2->op == r.op, "a written request changed its id or op", line, text);
  Req second{};
  if (auto e = read_request(r2->body, second, ReadOptions{.reject_unknown_keys = true}))
    fail(kTarget, ("a written request does not read back: " + *e).c_str(), line, text);
  check_equal(first, second, "a request read back differs from what was written", line, text);
  std::string text2 = request_line(r2->id, second);
  check(text == text2, "a request written twice gives two texts", text, text2);
}

// A reply as type T (the reply of some request): the same round trip.
template <class T>
void round_trip_reply(const json& j, std::int64_t id, std::string_view line) {
  auto first = read_reply<T>(j);
  if (!first.ok()) return;
  std::string text = reply_line(id, first.value());
  json j2 = json::parse(strip_newline(text), nullptr, false);
  check(!j2.is_discarded(), "a written reply is not JSON", line, text);
  auto second = read_reply<T>(j2);
  if (!second.ok()) fail(kTarget, ("a written reply does not read back: " + second.failure().message).c_str(), text);
  T strict{};
  check(read_body(j2, strict, {"id", "ok"}, ReadOptions{.reject_unknown_keys = true}) == std::nullopt,
        "a written reply holds unknown fields", text);
  check_equal(first.value(), second.value(), "a reply read back differs from what was written", line, text);
  std::string text2 = reply_line(id, second.value());
  check(text == text2, "a reply written twice gives two texts", text, text2);
}

// Many requests share a reply type (TicketReply): each type once.
template <std::size_t I>
constexpr bool first_with_its_reply() {
  using R = typename std::tuple_element_t<I, Requests>::Reply;
  return []<std::size_t... J>(std::index_sequence<J...>) {
    return !(std::is_same_v<R, typename std::tuple_element_t<J, Requests>::Reply> || ...);
  }
  (std::make_index_sequence<I>{});
}

template <std::size_t... I>
void round_trip_replies(const json& j, std::int64_t id, std::string_view line, std::index_sequence<I...>) {
  (
      [&] {
        if constexpr (first_with_its_reply<I>())
          round_trip_reply<typename std::tuple_element_t<I, Requests>::Reply>(j, id, line);
      }(),
      ...);
}

void round_trip_failure(const json& j, std::string_view line) {
  auto f = reply_failure(j);
  if (!f) return;
  std::string text = error_line(std::nullopt, f->code, f->message);
  json j2 = json::parse(strip_newline(text), nullptr, false);
  check(!j2.is_discarded(), "a written error is not JSON", line, text);
  auto f2 = reply_failure(j2);
  check(f2 && f2->code == f->code && f2->message == f->message, "an error read back differs", line, text);
}

void round_trip_event(const json& j, std::string_view line, HallState& state) {
  std::string error;
  auto first = parse_event(j, &error);
  if (!first) {
    check(!error.empty(), "a refused event has no error", line);
    return;
  }
  std::string text = std::visit([&](const auto& e) { return event_line(first->seq, e); }, first->event);
  json j2 = json::parse(strip_newline(text), nullptr, false);
  check(!j2.is_discarded(), "a written event is not JSON", line, text);
  auto second = parse_event(j2, &error, ReadOptions{.reject_unknown_keys = true});
  if (!second) fail(kTarget, ("a written event does not read back: " + error).c_str(), line, text);
  check(second->seq == first->seq && second->event == first->event, "an event read back differs", line, text);
  std::string text2 = std::visit([&](const auto& e) { return event_line(second->seq, e); }, second->event);
  check(text == text2, "an event written twice gives two texts", text, text2);

  // What a terminal does with it.
  state.apply(first->event);
  for (const auto& s : state.snapshot().services) check(state.service(s.code) != nullptr, "a service went missing");
  for (const auto& w : state.snapshot().windows) check(state.window(w.number) != nullptr, "a window went missing");
  check(state.snapshot().recent_calls.size() <= 10, "recent calls grow without bound");
  state.take_new_calls();
}

void process_line(std::string_view line, HallState& state) {
  // The server's side: the envelope, then the operation's own type.
  auto parsed = parse_request(line);
  if (auto* e = std::get_if<RequestError>(&parsed)) {
    check(e->code == Errc::bad_request && !e->message.empty(), "a refused line has no bad_request message", line);
    std::string reply = error_line(e->id, e->code, e->message);
    check(!json::parse(strip_newline(reply), nullptr, false).is_discarded(), "an error reply is not JSON", reply);
  } else {
    const auto& r = std::get<Request>(parsed);
    check(r.id >= -kMaxRequestId && r.id <= kMaxRequestId, "an id out of range was accepted", line);
    std::apply([&](const auto&... req) { (round_trip_request<std::remove_cvref_t<decltype(req)>>(r, line), ...); },
               Requests{});
  }

  // The clients' side: replies and events.
  json j = json::parse(line.begin(), line.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return;
  if (j.contains("ok")) {
    auto id_it = j.find("id");
    std::int64_t id = id_it != j.end() && id_it->is_number_integer() ? id_it->get<std::int64_t>() : 0;
    round_trip_failure(j, line);
    round_trip_replies(j, id, line, std::make_index_sequence<std::tuple_size_v<Requests>>{});
    auto snap = read_reply<Snapshot>(j);
    if (snap.ok()) state.reset(HallInfo{}, snap.value());
    auto alarms = read_reply<AlarmsReply>(j);
    if (alarms.ok()) state.set_alarms(alarms->alarms);
  }
  if (j.contains("event")) round_trip_event(j, line, state);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  Rng rng(data, size);

  // Framing with the real limit, and with a small one so that too_large and
  // the buffer's growth and compaction are reached with small inputs.
  check_framing(in, kMaxLineBytes, rng);
  check_framing(in, 8 + rng.below(512), rng);

  HallState state;
  Framed framed = reference_split(in, kMaxLineBytes);
  for (const auto& line : framed.lines) process_line(line, state);
  // A last line without its newline is still worth reading (most seeds are one line).
  std::size_t last = in.rfind('\n');
  std::string_view tail = last == std::string_view::npos ? in : in.substr(last + 1);
  if (!framed.too_large && !tail.empty()) process_line(tail, state);
  return 0;
}
