#pragma once
// The small hall the engine's tests play in (engine_test.cpp, engine_estimate_test.cpp): A and B at
// window 1 (A weighs 2), B and R at window 2, A at window 3; a ManualClock at 9:00 on a Thursday.

#include <doctest/doctest.h>

#include <string>

#include "core/domain/crypto.hpp"
#include "core/domain/engine.hpp"

namespace hallq::domain::test {

inline const LocalDate kThursday{2026, 11, 26};

inline TakeArgs ta(std::string service, std::string id = {}, std::string name = {}) {
  TakeArgs a;
  a.service = std::move(service);
  a.id_number = std::move(id);
  a.name = std::move(name);
  return a;
}

inline TimePoint at(int hh, int mm, LocalDate d = kThursday) {
  return from_local(d, hh * 60 + mm);
}

// A small hall: A and B at window 1 (A weighs 2), B and R at window 2, A at window 3.
inline HallConfig hall() {
  HallConfig h;
  h.id = "t";
  h.open_weekdays = {1, 2, 3, 4, 5};
  h.closed_dates = {LocalDate{2026, 12, 1}};
  h.hours = {{8 * 60 + 30, 12 * 60}, {13 * 60 + 30, 17 * 60 + 30}};
  h.rollover_minute = 3 * 60;
  Service a;
  a.code = "A";
  a.minutes = 10;
  a.extended_hours = {{12 * 60, 13 * 60 + 30}};
  Service b;
  b.code = "B";
  b.quota = 3;
  b.minutes = 6;
  Service r;
  r.code = "R";
  r.real_name = true;
  r.per_person = 1;
  r.minutes = 20;
  h.services = {a, b, r};
  h.windows = {Window{1, {}, WindowKind::comprehensive, {{"A", 2}, {"B", 1}}},
               Window{2, {}, WindowKind::comprehensive, {{"B", 1}, {"R", 1}}},
               Window{3, {}, WindowKind::specialised, {{"A", 1}}}};
  h.clerks = {Clerk{"c1", "王丽", hash_pin("1111", 10)}, Clerk{"c2", "包金花", hash_pin("2222", 10)},
              Clerk{"c3", "白音", hash_pin("3333", 10)}};
  h.priorities = {PriorityClass{"elderly", {}, 30, 70}, PriorityClass{"appointment", {}, 20, 0},
                  PriorityClass{"disabled", {}, 30, 0}};
  h.appointments.priority = "appointment";
  h.alarms.queue_length = 3;
  return h;
}

struct Hall {
  HallConfig config = hall();
  ManualClock clock{at(9, 0)};
  Engine engine{config, clock, IdHasher({1, 2, 3, 4})};

  const Ticket* take(const std::string& service, const std::string& id = {}) {
    TakeArgs a;
    a.service = service;
    a.id_number = id;
    auto o = engine.take(a);
    REQUIRE_MESSAGE(o.ok(), (o.ok() ? "" : o.error().message));
    return o.value();
  }
  void open(int window, const std::string& clerk, const std::string& pin) {
    (void)pin;  // the server checks PINs (tests/server); the engine takes the clerk as checked
    auto o = engine.login(window, clerk);
    REQUIRE_MESSAGE(o.ok(), (o.ok() ? "" : o.error().message));
  }
  std::string call(int window) {
    auto o = engine.call_next(window);
    REQUIRE_MESSAGE(o.ok(), (o.ok() ? "" : o.error().message));
    return o.value()->number;
  }
  Code error_of_call(int window) {
    auto o = engine.call_next(window);
    REQUIRE_FALSE(o.ok());
    return o.error().code;
  }
};

}  // namespace hallq::domain::test
