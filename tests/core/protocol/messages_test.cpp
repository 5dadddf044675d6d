// Every wire type: filled in every field, written, read back, written again —
// the same text. Plus the reader's refusals, which name the field.
#include "core/protocol/messages.hpp"
#include "core/protocol/utf8.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace hallq::protocol;

namespace {

template <class T>
void fill(T& v, int depth);

template <class Obj>
void fill_fields(Obj& o, int depth) {
  std::apply(
      [&](const auto&... f) {
        (
            [&] {
              if constexpr (requires { f.name; })
                fill(o.*(f.member), depth + 1);
              else
                fill_fields(o.*(f.member), depth);
            }(),
            ...);
      },
      Wire<Obj>::fields);
}

// A value different from the default in every field, so a field that one side
// forgot would show.
template <class T>
void fill(T& v, int depth) {
  if constexpr (std::is_same_v<T, bool>) {
    v = !v;
  } else if constexpr (std::is_integral_v<T>) {
    v = static_cast<T>(41 + depth);
  } else if constexpr (std::is_floating_point_v<T>) {
    v = 2.5;
  } else if constexpr (std::is_same_v<T, std::string>) {
    v = "x\"y\\ 中 ᠮ " + std::to_string(depth);
  } else if constexpr (WireEnum<T>) {
    v = *enum_from_string<T>(EnumNames<T>::names.back());
  } else if constexpr (detail::is_optional<T>::value) {
    v.emplace();
    fill(*v, depth);
  } else if constexpr (detail::is_vector<T>::value) {
    v.emplace_back();
    fill(v.back(), depth);
  } else if constexpr (detail::is_string_map<T>::value) {
    fill(v["k"], depth);
  } else {
    fill_fields(v, depth);
  }
}

template <class T>
void check_roundtrip() {
  T sample{};
  fill_fields(sample, 0);
  std::string text = to_json_text(sample);
  T back{};
  auto error = read_json(json::parse(text), back, {.reject_unknown_keys = true});
  CHECK_MESSAGE(!error, error.value_or(""));
  CHECK(to_json_text(back) == text);
  // No two fields share a JSON name.
  auto names = field_names<T>();
  CHECK(std::set<std::string_view>(names.begin(), names.end()).size() == names.size());
}

}  // namespace

#define HALLQ_WIRE_TYPES                                                                                               \
  Names, Empty, TicketInfo, TicketReply, TakeRequest, StatusRequest, RequeueRequest, CancelRequest, CheckinRequest,    \
      AppointmentEntry, ImportAppointmentsRequest, ImportAppointmentsReply, WindowInfo, WindowReply, LoginRequest,     \
      LogoutRequest, PauseRequest, ResumeRequest, CallRequest, CallNumberRequest, RecallRequest, NoShowRequest,        \
      FinishRequest, TransferRequest, WaitingRequest, WaitingReply, HallService, HallWindow, HallCategory,             \
      HallPriority, HallClerk, HallAppointments, HallDisplay, HallAlarms, HallInfo, HallReply, HallRequest,            \
      ServiceInfo, CallInfo, Snapshot, SnapshotRequest, ServerInfo, HallName, HelloRequest, HelloReply, PingRequest,   \
      ByeRequest, PingReply, SubscribeRequest, SubscribeReply, StatsRow, Stats, StatsRequest, DeviceStatusRequest,     \
      Alarm, AlarmsReply, AlarmsRequest, HealthCheck, HealthReply, HealthRequest, CalledEvent, TicketEvent,            \
      QueueEvent, WindowEvent, AlarmEvent, DayEvent, CaseCounts, CasesEvent, RatingInfo, RatingReply,                  \
      FollowupNoteInfo, FollowupInfo, FollowupReply, FollowupsReply, RateRequest, RatePhoneRequest, RatingOffer,       \
      RatingCounts, FollowupsRequest, FollowupUpdateRequest, RatingRowInfo, RatingFiguresReply, RatingFiguresRequest,  \
      RatingListReply, RatingListRequest, RatingOfferEvent, RatingsEvent, HallRatings, StatsRatings, ReassignRequest,  \
      TicketsRequest, TicketsReply, AppointmentInfo, AppointmentsReply, AppointmentsRequest, DeviceInfo, DevicesReply, \
      UserInfo, UsersReply, BackupRequest, BackupReply, StaffingHour, StaffingShift, StaffingReply, StaffingRequest

TEST_CASE_TEMPLATE("every wire type reads back exactly what it writes, every field set", T, HALLQ_WIRE_TYPES) {
  check_roundtrip<T>();
}

TEST_CASE("events name themselves and parse back into the variant a client switches on") {
  CalledEvent c;
  fill_fields(c, 0);
  WindowEvent w;
  fill_fields(w, 0);
  AlarmEvent a;
  fill_fields(a, 0);
  DayEvent d{"2026-11-27", "2026-11-26"};
  CasesEvent k;
  fill_fields(k, 0);
  auto parsed = parse_event(json::parse(event_line(5, c)));
  REQUIRE(parsed);
  CHECK(parsed->seq == 5);
  REQUIRE(std::holds_alternative<CalledEvent>(parsed->event));
  CHECK(std::get<CalledEvent>(parsed->event) == c);
  CHECK(std::get<WindowEvent>(parse_event(json::parse(event_line(6, w)))->event) == w);
  CHECK(std::get<AlarmEvent>(parse_event(json::parse(event_line(7, a)))->event) == a);
  CHECK(std::get<DayEvent>(parse_event(json::parse(event_line(8, d)))->event) == d);
  CHECK(std::get<CasesEvent>(parse_event(json::parse(event_line(9, k)))->event) == k);

  std::string why;
  CHECK_FALSE(parse_event(json::parse(R"({"event":"comet","seq":9})"), &why));
  CHECK(why.find("unknown event") != std::string::npos);
  CHECK_FALSE(parse_event(json::parse(R"({"event":"called","seq":9,"number":"A1"})"), &why));
  CHECK(why.find("\"window\" is required") != std::string::npos);
}

TEST_CASE("the reader refuses what does not fit, naming the field by its path") {
  auto error_of = [](const char* text) {
    HallReply h;
    auto e = read_json(json::parse(text), h);
    return e.value_or("");
  };
  CHECK(error_of(R"({"hall":{"id":"h","services":[{"code":"A"},{"names":{}}]}})") ==
        "\"hall.services[1].code\" is required");
  CHECK(error_of(R"({"hall":{"id":"h","windows":[{"number":"3"}]}})") ==
        "\"hall.windows[0].number\" must be an integer");
  CHECK(error_of(R"({"hall":{"id":"h","windows":[{"number":3,"kind":"vip"}]}})") ==
        "\"hall.windows[0].kind\" must be one of comprehensive, specialised, pickup or consult");
  CHECK(error_of(R"({"hall":{"id":"h","windows":[{"number":3,"services":{"A":"x"}}]}})") ==
        "\"hall.windows[0].services.A\" must be an integer");
  CHECK(error_of(R"({"hall":{"id":"h","windows":[{"number":4294967296}]}})") ==
        "\"hall.windows[0].number\" is out of range");
  CHECK(error_of(R"({"hall":[]})") == "\"hall\" must be an object");
  CHECK(error_of(R"({"hall":{"id":"h","display":{"announce_repeat":true}}})") ==
        "\"hall.display.announce_repeat\" must be an integer");

  // Keys it does not know are fine (a newer peer), unless asked.
  TicketInfo t;
  auto newer = json::parse(R"({"number":"A001","service":"A","state":"waiting","colour":"red"})");
  CHECK_FALSE(read_json(newer, t));
  CHECK(read_json(newer, t, {.reject_unknown_keys = true}) == "\"colour\" is not a field of this message");
  // Null is the same as missing for optional fields.
  CHECK_FALSE(read_json(json::parse(R"({"number":"A1","service":"A","state":"done","window":null,"ahead":null})"), t));
  CHECK_FALSE(t.window);
}

TEST_CASE("text survives the trip: escapes, three scripts, and invalid bytes become U+FFFD") {
  TicketInfo t;
  t.number = "A001";
  t.service = "A";
  t.clerk = "c\"1\\\n\t\x01";
  t.name_masked = "包**尔";
  t.appointment = "预约-ᠮᠣᠩᠭᠣᠯ-😀";
  t.reason = std::string("bad \xff\xfe utf8 \xe4\xb8");
  std::string text = to_json_text(t);
  auto dom = json::parse(text);  // it parses: the invalid bytes did not get through
  CHECK(dom["clerk"] == "c\"1\\\n\t\x01");
  CHECK(dom["appointment"] == "预约-ᠮᠣᠩᠭᠣᠯ-😀");
  CHECK(dom["reason"] == "bad \xEF\xBF\xBD\xEF\xBF\xBD utf8 \xEF\xBF\xBD");
  json reference = dom;
  CHECK(reference.dump() == json::parse(text).dump());
}

TEST_CASE("text kept to a size is cut between characters, never inside one") {
  const std::string text = "重新申请";  // four characters of three bytes
  CHECK(utf8_prefix(text, 12) == text);
  CHECK(utf8_prefix(text, 11) == "重新申");
  CHECK(utf8_prefix(text, 9) == "重新申");
  CHECK(utf8_prefix(text, 2).empty());
  CHECK(utf8_prefix("ab重", 4) == "ab");
  CHECK(utf8_prefix("ᠮᠣᠩ😀", 10) == "ᠮᠣᠩ");  // Mongolian (3 bytes) before an emoji (4)
  CHECK(utf8_prefix("abc", 0).empty());
}

TEST_CASE("names fall back to Chinese") {
  Names n{"中文", "ᠮᠣᠩᠭᠣᠯ", ""};
  CHECK(n.in("mn") == "ᠮᠣᠩᠭᠣᠯ");
  CHECK(n.in("en") == "中文");
}
