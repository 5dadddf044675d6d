#pragma once
// How a wire type maps to JSON. Every request, reply, event and object of the
// protocol declares its fields once, as a list of (JSON name, member):
//
//   template <> struct Wire<StatusRequest> {
//     static constexpr auto fields = std::tuple{req("number", &StatusRequest::number)};
//   };
//
// From that one list come the type's only writer (write_value: straight into a
// string, no DOM) and its only reader (read_json). Writer and reader cannot
// disagree, and a field is added in one place.
//
// Field kinds:
//   opt(name, &T::m)   may be missing or null: the member keeps its default
//   req(name, &T::m)   must be present and not null
//   flat(&T::m)        the fields of the wire object m, written at this level
//                      (an event's payload, a reply's body)
//
// Values: std::string, bool, integers (range-checked), double, enums that have
// EnumNames<E>, std::optional<V> (written as null when empty), std::vector<V>,
// std::map<std::string, V> (a JSON object), other wire types, and
// nlohmann::json (passed through as it is).
//
// Reading ignores keys it does not know (a newer peer may add fields) unless
// asked to reject them (the documentation test does). Every error names the
// field by its path: "\"window\" must be an integer",
// "\"hall.services[2].code\" is required".
//
// Pure and header-only; thread-safe (no state).

#include <algorithm>
#include <array>
#include <concepts>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/protocol/enums.hpp"
#include "core/protocol/json_writer.hpp"

namespace hallq::protocol {

using json = nlohmann::json;

// ------------------------------------------------------------------ field lists

template <class T>
struct Wire;  // specialised for every wire type: static constexpr auto fields = std::tuple{...};

template <class T>
concept WireObject = requires {
  Wire<T>::fields;
};

template <class T, class M>
struct Field {
  std::string_view name;
  M T::*member;
  bool required;
};

template <class T, class M>
struct Flat {
  M T::*member;
};

template <class T, class M>
constexpr Field<T, M> opt(std::string_view name, M T::*member) {
  return {name, member, false};
}
template <class T, class M>
constexpr Field<T, M> req(std::string_view name, M T::*member) {
  return {name, member, true};
}
template <class T, class M>
constexpr Flat<T, M> flat(M T::*member) {
  return {member};
}

// ------------------------------------------------------------------ writing

template <class T>
void write_value(JsonWriter& w, const T& v);

namespace detail {

template <class T>
struct is_optional : std::false_type {};
template <class V>
struct is_optional<std::optional<V>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class V, class A>
struct is_vector<std::vector<V, A>> : std::true_type {};
template <class T>
struct is_string_map : std::false_type {};
template <class V, class C, class A>
struct is_string_map<std::map<std::string, V, C, A>> : std::true_type {};

template <class Obj, class F>
void write_field(JsonWriter& w, const Obj& o, const F& f);

template <class Obj>
void write_fields(JsonWriter& w, const Obj& o) {
  std::apply([&](const auto&... f) { (write_field(w, o, f), ...); }, Wire<Obj>::fields);
}

template <class Obj, class F>
void write_field(JsonWriter& w, const Obj& o, const F& f) {
  if constexpr (requires { f.name; }) {
    w.key(f.name);
    write_value(w, o.*(f.member));
  } else {
    write_fields(w, o.*(f.member));  // flat
  }
}

}  // namespace detail

template <class T>
void write_value(JsonWriter& w, const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    w.value(v);
  } else if constexpr (std::is_integral_v<T>) {
    if constexpr (std::is_unsigned_v<T> && sizeof(T) >= 8)
      w.value_unsigned(v);
    else
      w.value(static_cast<std::int64_t>(v));
  } else if constexpr (std::is_floating_point_v<T>) {
    w.value_double(static_cast<double>(v));
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    w.value(std::string_view(v));
  } else if constexpr (WireEnum<T>) {
    w.value(to_string(v));
  } else if constexpr (detail::is_optional<T>::value) {
    if (v)
      write_value(w, *v);
    else
      w.null();
  } else if constexpr (detail::is_vector<T>::value) {
    w.begin_array();
    for (const auto& e : v) write_value(w, e);
    w.end_array();
  } else if constexpr (detail::is_string_map<T>::value) {
    w.begin_object();
    for (const auto& [k, e] : v) {
      w.key(k);
      write_value(w, e);
    }
    w.end_object();
  } else if constexpr (std::is_same_v<T, json>) {
    w.raw(v.dump(-1, ' ', false, json::error_handler_t::replace));
  } else {
    static_assert(WireObject<T>, "not a wire type: declare Wire<T>::fields");
    w.begin_object();
    detail::write_fields(w, v);
    w.end_object();
  }
}

// The wire object's fields, without braces, after what `w` already wrote (the
// envelopes splice a body into their own object this way).
template <WireObject T>
void write_fields(JsonWriter& w, const T& v) {
  detail::write_fields(w, v);
}

// The JSON text of one value.
template <class T>
std::string to_json_text(const T& v) {
  std::string out;
  JsonWriter w(out);
  write_value(w, v);
  return out;
}

// A DOM of one value (tests, tools that print JSON). Made from the writer's text,
// so it cannot differ from what goes on the wire.
template <class T>
json to_dom(const T& v) {
  return json::parse(to_json_text(v));
}

// ------------------------------------------------------------------ reading

struct ReadOptions {
  bool reject_unknown_keys = false;  // for documentation checks; peers may add fields
};

namespace detail {

class ReadContext {
 public:
  explicit ReadContext(ReadOptions o) : options_(o) {}
  const ReadOptions& options() const { return options_; }
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  void fail(const std::string& what) {
    if (error_.empty()) error_ = "\"" + path() + "\" " + what;
  }
  void push(std::string_view key) { parts_.push_back(std::string(key)); }
  void push_index(std::size_t i) { parts_.push_back("[" + std::to_string(i) + "]"); }
  void pop() { parts_.pop_back(); }

 private:
  std::string path() const {
    std::string p;
    for (const auto& s : parts_) {
      if (!p.empty() && s[0] != '[') p += '.';
      p += s;
    }
    return p.empty() ? std::string("(message)") : p;
  }
  ReadOptions options_;
  std::vector<std::string> parts_;
  std::string error_;
};

template <class T>
void read_value(const json& j, T& out, ReadContext& c);

template <class Obj, class F>
void read_field(const json& j, Obj& o, const F& f, ReadContext& c);

template <class Obj>
void read_fields(const json& j, Obj& o, ReadContext& c) {
  std::apply([&](const auto&... f) { (read_field(j, o, f, c), ...); }, Wire<Obj>::fields);
}

template <class Obj, class F>
void read_field(const json& j, Obj& o, const F& f, ReadContext& c) {
  if (c.failed()) return;
  if constexpr (requires { f.name; }) {
    auto it = j.find(f.name);
    if (it == j.end() || it->is_null()) {
      if (f.required) {
        c.push(f.name);
        c.fail("is required");
        c.pop();
      }
      return;
    }
    c.push(f.name);
    read_value(*it, o.*(f.member), c);
    c.pop();
  } else {
    read_fields(j, o.*(f.member), c);  // flat
  }
}

// The keys a wire type reads at its own level, flat members included.
template <class Obj>
void collect_keys(std::vector<std::string_view>& keys) {
  std::apply(
      [&](const auto&... f) {
        (
            [&] {
              if constexpr (requires { f.name; })
                keys.push_back(f.name);
              else
                collect_keys<std::remove_cvref_t<decltype(std::declval<Obj&>().*(f.member))>>(keys);
            }(),
            ...);
      },
      Wire<Obj>::fields);
}

template <class T>
void read_value(const json& j, T& out, ReadContext& c) {
  if constexpr (std::is_same_v<T, bool>) {
    if (!j.is_boolean()) return c.fail("must be true or false");
    out = j.get<bool>();
  } else if constexpr (std::is_integral_v<T>) {
    if (j.is_number_unsigned()) {
      auto v = j.get<std::uint64_t>();
      if (v > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) return c.fail("is out of range");
      out = static_cast<T>(v);
    } else if (j.is_number_integer()) {
      auto v = j.get<std::int64_t>();
      if constexpr (std::is_unsigned_v<T>) {
        if (v < 0) return c.fail("must not be negative");
      } else {
        if (v < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
            v > static_cast<std::int64_t>(std::numeric_limits<T>::max()))
          return c.fail("is out of range");
      }
      out = static_cast<T>(v);
    } else {
      return c.fail("must be an integer");
    }
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!j.is_number()) return c.fail("must be a number");
    out = j.get<T>();
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!j.is_string()) return c.fail("must be a string");
    out = j.get<std::string>();
  } else if constexpr (WireEnum<T>) {
    if (!j.is_string()) return c.fail("must be one of " + enum_choices<T>());
    auto e = enum_from_string<T>(j.get_ref<const std::string&>());
    if (!e) return c.fail("must be one of " + enum_choices<T>());
    out = *e;
  } else if constexpr (is_optional<T>::value) {
    if (j.is_null()) {
      out.reset();
      return;
    }
    typename T::value_type v{};
    read_value(j, v, c);
    if (!c.failed()) out = std::move(v);
  } else if constexpr (is_vector<T>::value) {
    if (!j.is_array()) return c.fail("must be an array");
    out.clear();
    out.reserve(j.size());
    for (std::size_t i = 0; i < j.size() && !c.failed(); ++i) {
      c.push_index(i);
      typename T::value_type v{};
      read_value(j[i], v, c);
      c.pop();
      out.push_back(std::move(v));
    }
  } else if constexpr (is_string_map<T>::value) {
    if (!j.is_object()) return c.fail("must be an object");
    out.clear();
    for (auto it = j.begin(); it != j.end() && !c.failed(); ++it) {
      c.push(it.key());
      typename T::mapped_type v{};
      read_value(it.value(), v, c);
      c.pop();
      out.emplace(it.key(), std::move(v));
    }
  } else if constexpr (std::is_same_v<T, json>) {
    out = j;
  } else {
    static_assert(WireObject<T>, "not a wire type: declare Wire<T>::fields");
    if (!j.is_object()) return c.fail("must be an object");
    read_fields(j, out, c);
    if (c.options().reject_unknown_keys && !c.failed()) {
      std::vector<std::string_view> keys;
      collect_keys<T>(keys);
      for (auto it = j.begin(); it != j.end(); ++it)
        if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) {
          c.push(it.key());
          c.fail("is not a field of this message");
          c.pop();
          return;
        }
    }
  }
}

}  // namespace detail

// Reads a wire object from a parsed JSON object. Returns the error (naming the
// field) or nothing; on error `out` may be partly filled.
template <WireObject T>
std::optional<std::string> read_json(const json& j, T& out, ReadOptions options = {}) {
  detail::ReadContext c(options);
  detail::read_value(j, out, c);
  if (c.failed()) return c.error();
  return std::nullopt;
}

// The same, for the fields of `T` inside an envelope that also holds other keys
// (id, ok, op, event, seq): those are not unknown to it.
template <WireObject T>
std::optional<std::string> read_body(const json& j, T& out, std::initializer_list<std::string_view> envelope_keys,
                                     ReadOptions options = {}) {
  detail::ReadContext c(options);
  if (!j.is_object()) return std::string("a message must be a JSON object");
  detail::read_fields(j, out, c);
  if (c.failed()) return c.error();
  if (options.reject_unknown_keys) {
    std::vector<std::string_view> keys(envelope_keys);
    detail::collect_keys<T>(keys);
    for (auto it = j.begin(); it != j.end(); ++it)
      if (std::find(keys.begin(), keys.end(), it.key()) == keys.end())
        return "\"" + it.key() + "\" is not a field of this message";
  }
  return std::nullopt;
}

// The JSON names a wire type reads at its own level (flat members included), in
// declaration order: for documentation checks.
template <WireObject T>
std::vector<std::string_view> field_names() {
  std::vector<std::string_view> keys;
  detail::collect_keys<T>(keys);
  return keys;
}

// Whether T has a field `name` at its own level (flat members included);
// usable at compile time, so envelopes can refuse bodies that would shadow
// their own keys.
template <WireObject T>
constexpr bool has_key(std::string_view name) {
  bool found = false;
  std::apply(
      [&](const auto&... f) {
        (
            [&] {
              if constexpr (requires { f.name; })
                found = found || f.name == name;
              else
                found = found || has_key<std::remove_cvref_t<decltype(std::declval<T&>().*(f.member))>>(name);
            }(),
            ...);
      },
      Wire<T>::fields);
  return found;
}

// Whether field `name` of T is required (false also for unknown names).
template <WireObject T>
bool field_required(std::string_view name) {
  bool required = false;
  std::apply(
      [&](const auto&... f) {
        (
            [&] {
              if constexpr (requires { f.name; })
                if (f.name == name) required = f.required;
            }(),
            ...);
      },
      Wire<T>::fields);
  return required;
}

}  // namespace hallq::protocol
