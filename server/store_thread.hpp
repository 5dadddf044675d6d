#pragma once
// The committer: runs the Store on a thread of its own so that fsync never
// blocks the event loop, and commits in groups.
//
// The loop submits each operation's changes with an increasing id. Whenever
// the committer is free it takes everything queued and commits it as one
// transaction, then reports "durable up to id N" to the loop and at once
// starts on whatever queued meanwhile: no round trip through the loop between
// commits, one fsync for every group.
//
// After a failed commit, everything still queued is dropped (it was computed
// on top of the failed changes) and further submissions are ignored until
// resume(): the loop reloads the durable state first.
//
// Other jobs (a past day's statistics, reloading) run on the same thread,
// between commits, with their results posted back to the loop. When nothing
// is queued, the thread makes the closed days' figures the store wants for
// reports (Store::make_figures), a day at a time (about 15 ms for a day of
// 3,000 tickets), so a commit waits at most for one day's.
//
// Thread affinity: submit/run/resume from the loop; the Store is touched only
// by the committer thread. The destructor finishes queued work, then joins.

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>

#include "server/store.hpp"

namespace hallq::server {

class StoreThread {
 public:
  // Called on the loop after each commit: everything submitted with an id up to
  // `upto` is durable, or (with an error) nothing from the failed group is.
  using Committed = std::function<void(std::uint64_t upto, std::optional<CommitError> error)>;

  StoreThread(std::unique_ptr<Store> store, boost::asio::any_io_executor loop, Committed committed);
  ~StoreThread();
  StoreThread(const StoreThread&) = delete;
  StoreThread& operator=(const StoreThread&) = delete;

  // Queues changes for the next commit. Ids must increase.
  void submit(std::uint64_t id, domain::Changes changes, domain::LocalDate day);
  // Accepts submissions again after a failure (call once the state is reloaded).
  void resume();

  // Runs job(store) on the committer thread, then done(result) on the loop.
  template <typename Job, typename Done>
  void run(Job job, Done done) {
    auto task = [this, job = std::move(job), done = std::move(done)](Store& s) mutable {
      auto result = job(s);
      boost::asio::post(loop_,
                        [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); });
    };
    std::lock_guard lock(mu_);
    jobs_.push_back(std::move(task));
    cv_.notify_one();
  }

  // Finishes what is queued and stops the thread (shutdown; blocks).
  void join();

  // How long commits took, each one's whole transaction with its fsync (for hallqctl health and
  // the benchmarks). Any thread may ask.
  struct CommitTimes {
    std::uint64_t commits = 0;   // since start, failed ones included
    std::uint64_t failures = 0;  // commits that failed (disk full, locked, I/O error)
    double last_ms = 0;
    double max_ms_minute = 0;  // the slowest in the last 60 s
    double p99_ms = 0;         // of the last (up to) kTimesKept commits
    int last_minute = 0;       // commits in the last 60 s
  };
  static constexpr std::size_t kTimesKept = 1024;
  CommitTimes commit_times() const;

 private:
  struct Item {
    std::uint64_t id;
    domain::Changes changes;
    domain::LocalDate day;
  };
  void loop();

  std::unique_ptr<Store> store_;
  boost::asio::any_io_executor loop_;
  Committed committed_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Item> pending_;
  std::deque<std::function<void(Store&)>> jobs_;
  bool failed_ = false;
  bool stopping_ = false;
  void record(std::chrono::steady_clock::time_point at, double ms, bool failed);
  mutable std::mutex times_mu_;
  std::array<std::pair<std::chrono::steady_clock::time_point, double>, kTimesKept> times_{};
  std::uint64_t commits_ = 0, failures_ = 0;
  std::thread thread_;
};

}  // namespace hallq::server
