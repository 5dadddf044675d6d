#include "server/mark.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

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

MarkFile::~MarkFile() {
  if (!flusher_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  flusher_.join();
}

void MarkFile::write(const Mark& m) {
  json j = {{"hall", m.hall},   {"instance", m.instance}, {"day", m.day},
            {"event", m.event}, {"tickets", m.tickets},   {"seq", m.seq}};
  std::string text = j.dump() + "\n";
  std::string tmp = path_ + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error(tmp + ": cannot write the high-water mark");
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), path_.c_str()) != 0)
    throw std::runtime_error(path_ + ": cannot write the high-water mark");
  // The page cache survives a killed process; the flusher covers a power cut.
  {
    std::lock_guard lock(mu_);
    dirty_ = true;
  }
  if (!flusher_.joinable()) flusher_ = std::thread([this] { flush_loop(); });
}

void MarkFile::flush_loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; });
    bool dirty = std::exchange(dirty_, false);
    bool last = stopping_;
    lock.unlock();
    if (dirty) flush();
    if (last) return;
    lock.lock();
  }
}

void MarkFile::flush() {
  // Whichever mark is current now: one renamed over it meanwhile is flushed next time.
  int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    if (::fdatasync(fd) != 0) std::perror(("hallq-server: " + path_ + ": fdatasync").c_str());
    ::close(fd);
  }
  std::string dir = std::filesystem::path(path_).parent_path().string();
  int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);  // the rename itself
    ::close(dfd);
  }
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
