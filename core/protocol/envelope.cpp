#include "core/protocol/envelope.hpp"

#include <algorithm>

namespace hallq::protocol {

std::variant<Request, RequestError> parse_request(std::string_view line) {
  json body = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return RequestError{std::nullopt, Errc::bad_request, "not valid JSON"};
  if (!body.is_object()) return RequestError{std::nullopt, Errc::bad_request, "a request must be a JSON object"};
  auto id = body.find("id");
  if (id == body.end() || !id->is_number_integer())
    return RequestError{std::nullopt, Errc::bad_request, "\"id\" must be an integer"};
  // An id a double cannot hold exactly would come back as another number and
  // match no request: refuse it instead (with a null id, as it is unusable).
  if (id->is_number_unsigned() ? id->get<std::uint64_t>() > static_cast<std::uint64_t>(kMaxRequestId)
                               : id->get<std::int64_t>() < -kMaxRequestId || id->get<std::int64_t>() > kMaxRequestId)
    return RequestError{std::nullopt, Errc::bad_request,
                        "\"id\" must be between -9007199254740991 and 9007199254740991 (2^53 - 1)"};
  std::int64_t id_value = id->get<std::int64_t>();
  auto op = body.find("op");
  if (op == body.end() || !op->is_string()) return RequestError{id_value, Errc::bad_request, "\"op\" must be a string"};
  std::string name = op->get<std::string>();
  return Request{id_value, std::move(name), std::move(body)};
}

std::optional<int> negotiate(ProtocolRange a, ProtocolRange b) {
  int newest = std::min(a.max, b.max);
  if (newest < std::max(a.min, b.min)) return std::nullopt;
  return newest;
}

std::string error_line(std::optional<std::int64_t> id, Errc code, std::string_view message,
                       std::optional<ProtocolRange> protocols) {
  std::string out;
  out.reserve(96 + message.size());
  JsonWriter w(out);
  w.begin_object().key("id");
  if (id)
    w.value(*id);
  else
    w.null();
  w.key("ok").value(false).key("error").begin_object().key("code").value(to_string(code));
  w.key("message").value(message);
  if (protocols)
    w.key("protocols")
        .begin_object()
        .key("min")
        .value(std::int64_t{protocols->min})
        .key("max")
        .value(std::int64_t{protocols->max})
        .end_object();
  w.end_object().end_object();
  out.push_back('\n');
  return out;
}

std::optional<Failure> reply_failure(const json& reply) {
  if (!reply.is_object()) return Failure{Errc::bad_request, "the server's reply is not a JSON object"};
  auto ok = reply.find("ok");
  if (ok != reply.end() && ok->is_boolean() && ok->get<bool>()) return std::nullopt;
  Failure f{Errc::internal, "the server refused without saying why"};
  auto e = reply.find("error");
  if (e != reply.end() && e->is_object()) {
    auto code = e->find("code");
    if (code != e->end() && code->is_string())
      f.code = enum_from_string<Errc>(code->get_ref<const std::string&>()).value_or(Errc::internal);
    auto message = e->find("message");
    if (message != e->end() && message->is_string()) f.message = message->get<std::string>();
    auto protocols = e->find("protocols");
    if (protocols != e->end() && protocols->is_object()) {
      auto min = protocols->find("min"), max = protocols->find("max");
      if (min != protocols->end() && min->is_number_integer() && max != protocols->end() && max->is_number_integer())
        f.protocols = ProtocolRange{min->get<int>(), max->get<int>()};
    }
  }
  return f;
}

}  // namespace hallq::protocol
