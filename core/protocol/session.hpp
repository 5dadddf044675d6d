#pragma once
// A connection's own operations: hello (who is speaking), ping, and subscribe
// (which events to push).

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/protocol/common.hpp"
#include "core/protocol/envelope.hpp"

namespace hallq::protocol {

// A program and its release: the server in hello's reply ("hallq-server", "0.1.0"), the terminal in
// its request ("hallq-display", "0.1.0").
struct ServerInfo {
  std::string name;
  std::string version;
};
template <>
struct Wire<ServerInfo> {
  static constexpr auto fields = std::tuple{req("name", &ServerInfo::name), opt("version", &ServerInfo::version)};
};

// This build's release ("0.1.0", the project's version in CMakeLists.txt).
std::string_view software_version();

struct HallName {
  std::string id;
  Names names;
};
template <>
struct Wire<HallName> {
  static constexpr auto fields = std::tuple{req("id", &HallName::id), opt("names", &HallName::names)};
};

struct HelloReply {
  ServerInfo server;
  HallName hall;
  std::string day;                  // the hall day, "2026-11-26"
  int protocol = kProtocolVersion;  // the version this connection speaks: the newest both sides do
  Role role = Role::display;
  std::string device;
  std::optional<int> window;  // a caller bound to one window
  bool training = false;      // a training hall (培训): every screen, slip and announcement says so
};
template <>
struct Wire<HelloReply> {
  using T = HelloReply;
  static constexpr auto fields = std::tuple{
      req("server", &T::server), req("hall", &T::hall),     req("day", &T::day),       req("protocol", &T::protocol),
      req("role", &T::role),     req("device", &T::device), opt("window", &T::window), opt("training", &T::training)};
};

// hello: the first request on every connection. The client names the versions it speaks, newest
// (`protocol`) and oldest (`protocol_min`, default: the same); the server answers with the newest
// both speak, or protocol_mismatch carrying its own range.
struct HelloRequest {
  static constexpr std::string_view kOp = "hello";
  using Reply = HelloReply;
  int protocol = kProtocolVersion;
  std::optional<int> protocol_min = std::nullopt;  // nothing: only `protocol`
  Role role = Role::display;
  std::string device;
  std::string token;
  std::optional<ServerInfo> client = std::nullopt;  // the terminal's program and release, for the server's log
};
template <>
struct Wire<HelloRequest> {
  using T = HelloRequest;
  static constexpr auto fields = std::tuple{req("protocol", &T::protocol), opt("protocol_min", &T::protocol_min),
                                            req("role", &T::role),         req("device", &T::device),
                                            req("token", &T::token),       opt("client", &T::client)};
};

struct PingReply {
  std::string now;  // the server's local time, ISO 8601
};
template <>
struct Wire<PingReply> {
  static constexpr auto fields = std::tuple{req("now", &PingReply::now)};
};

using PingRequest = BareRequest<"ping", PingReply>;

// A terminal leaving on purpose (shut down, a demo's walk done): when its last session closes it
// is not reported offline.
using ByeRequest = BareRequest<"bye", Empty>;

// What a connection may subscribe to. The `day` event goes to every subscriber.
enum class Topic { calls, tickets, queues, windows, alarms, cases, ratings };
template <>
struct EnumNames<Topic> {
  static constexpr std::array<std::string_view, 7> names{"calls",  "tickets", "queues", "windows",
                                                         "alarms", "cases",   "ratings"};
};
constexpr unsigned topic_bit(Topic t) {
  return 1u << static_cast<unsigned>(t);
}
inline constexpr unsigned kAllTopics = (1u << 7) - 1;

struct SubscribeReply {
  std::vector<Topic> topics;
  std::uint64_t seq = 0;  // the last event's seq so far
};
template <>
struct Wire<SubscribeReply> {
  static constexpr auto fields = std::tuple{req("topics", &SubscribeReply::topics), req("seq", &SubscribeReply::seq)};
};

// subscribe: replaces the connection's subscription (all topics when omitted).
struct SubscribeRequest {
  static constexpr std::string_view kOp = "subscribe";
  using Reply = SubscribeReply;
  std::optional<std::vector<Topic>> topics;
};
template <>
struct Wire<SubscribeRequest> {
  static constexpr auto fields = std::tuple{opt("topics", &SubscribeRequest::topics)};
};

}  // namespace hallq::protocol
