#include "server/mark.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace hallq::server {

using nlohmann::json;

std::optional<Mark> MarkFile::read() const {
  std::ifstream in(path_);
  if (!in) {
    if (::access(path_.c_str(), F_OK) != 0) return std::nullopt;
    throw std::runtime_error(path_ + ": cannot read the high-water mark");
  }
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("instance"))
    throw std::runtime_error(path_ +
                             ": not a hallq high-water mark (delete it only if you know the database is right)");
  Mark m;
  try {
    m.hall = j.value("hall", "");
    m.instance = j.value("instance", "");
    m.day = j.value("day", "");
    m.event = j.value("event", std::int64_t{0});
    m.tickets = j.value("tickets", std::int64_t{0});
    m.seq = j.value("seq", std::map<std::string, int>{});
  } catch (const json::exception&) {
    throw std::runtime_error(path_ + ": a high-water mark with fields of the wrong type");
  }
  return m;
}

void MarkFile::write(const Mark& m) {
  json j = {{"hall", m.hall},   {"instance", m.instance}, {"day", m.day},
            {"event", m.event}, {"tickets", m.tickets},   {"seq", m.seq}};
  std::string text = j.dump() + "\n";
  std::string tmp = path_ + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error(tmp + ": cannot write the high-water mark");
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  // The page cache survives a killed process; fsync once a second covers power.
  auto now = std::chrono::steady_clock::now();
  bool sync = now - synced_ >= std::chrono::seconds(1);
  if (ok && sync) ok = ::fdatasync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), path_.c_str()) != 0)
    throw std::runtime_error(path_ + ": cannot write the high-water mark");
  if (sync) synced_ = now;
}

std::string behind(const Mark& db, const Mark& mark) {
  std::string out;
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : "; ") + s; };
  if (db.event < mark.event)
    add("events up to #" + std::to_string(db.event) + " of #" + std::to_string(mark.event) + " acknowledged");
  if (db.day == mark.day) {
    if (db.tickets < mark.tickets)
      add(std::to_string(db.tickets) + " of " + std::to_string(mark.tickets) + " tickets of " + mark.day);
    for (const auto& [service, seq] : mark.seq) {
      auto it = db.seq.find(service);
      int have = it == db.seq.end() ? 0 : it->second;
      if (have < seq)
        add("service " + service + " numbered up to " + std::to_string(have) + " of " + std::to_string(seq));
    }
  } else if (db.day < mark.day) {
    add("the database is on day " + db.day + " but day " + mark.day + " had begun");
  }
  return out;
}

}  // namespace hallq::server
