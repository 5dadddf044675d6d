#include "tools/hallq-bench/bench.hpp"

#include <sstream>

#include "core/domain/crypto.hpp"

namespace hallq::bench {

std::string bench_hall_toml(int windows, bool hostile) {
  std::ostringstream t;
  t << "[hall]\nid = \"bench\"\nnames = { zh = \"压测大厅\", mn = \"ᠲᠠᠩᠬᠢᠮ\", en = \"Bench hall\" }\n"
       "open_days = [\"sun\", \"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\"]\nhours = [\"00:00-24:00\"]\n"
       "rollover = \"00:00\"\n\n"
       // No staffing advice worked out at start (a year of history): it would share the machine with the load.
       "[alarms]\nunderstaffed = false\n\n[server]\n";
  if (hostile)
    // The shipped limits, as a hall runs them; only the kiosk's pace is lifted,
    // so that the legitimate kiosk's latency can be sampled often.
    t << "kiosk_interval_s = 0\n\n";
  else
    // One address stands for the whole hall, and its kiosks issue at machine
    // pace: the limits for hostile clients would measure themselves.
    t << "idle_timeout_s = 3600\nmax_outbox_kib = 4096\nmax_connections = 100000\n"
         "max_connections_per_address = 100000\nmax_unauthenticated = 100000\nmax_sessions_per_device = 100000\n"
         "kiosk_interval_s = 0\n\n";
  const char* codes[] = {"A", "B", "C", "D"};
  for (const char* c : codes)
    t << "[[service]]\ncode = \"" << c << "\"\nnames = { zh = \"业务" << c << "\", mn = \"ᠠ\", en = \"" << c
      << "\" }\ndigits = 3\nminutes = 5\n\n";
  std::string pin = domain::hash_pin("1234", 1000);
  for (int w = 1; w <= windows; ++w) {
    t << "[[window]]\nnumber = " << w << "\nnames = { zh = \"" << w << "号\", mn = \"" << w << "\", en = \"" << w
      << "\" }\nservices = { " << codes[w % 4] << " = 3, " << codes[(w + 1) % 4] << " = 1 }\n\n";
    t << "[[clerk]]\nid = \"c" << w << "\"\nname = \"clerk " << w << "\"\npin_hash = \"" << pin << "\"\n\n";
  }
  t << "[[device]]\nid = \"kiosk\"\nrole = \"kiosk\"\ntoken = \"bench-kiosk-token\"\n\n"
       "[[device]]\nid = \"caller\"\nrole = \"caller\"\ntoken = \"bench-caller-token\"\n\n"
       "[[device]]\nid = \"display\"\nrole = \"display\"\ntoken = \"bench-display-token\"\n";
  return t.str();
}

}  // namespace hallq::bench
