#include "server/store_thread.hpp"

#include <algorithm>

namespace hallq::server {

StoreThread::StoreThread(std::unique_ptr<Store> store, boost::asio::any_io_executor loop, Committed committed)
    : store_(std::move(store)), loop_(std::move(loop)), committed_(std::move(committed)) {
  thread_ = std::thread([this] { this->loop(); });
}

StoreThread::~StoreThread() {
  join();
}

void StoreThread::join() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    cv_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
}

void StoreThread::submit(std::uint64_t id, domain::Changes changes, domain::LocalDate day) {
  std::lock_guard lock(mu_);
  if (failed_) return;  // computed on top of a failed commit: dropped
  pending_.push_back({id, std::move(changes), day});
  cv_.notify_one();
}

void StoreThread::resume() {
  std::lock_guard lock(mu_);
  failed_ = false;
}

void StoreThread::loop() {
  std::vector<Item> group;
  std::vector<domain::Changes> changes;
  for (;;) {
    std::function<void(Store&)> job;
    {
      std::unique_lock lock(mu_);
      // The store's own figures-keeping (a day at a time) only when nothing else is waiting.
      cv_.wait(lock, [&] { return stopping_ || !pending_.empty() || !jobs_.empty() || store_->figures_wanted(); });
      if (!jobs_.empty()) {
        job = std::move(jobs_.front());
        jobs_.pop_front();
      } else if (!pending_.empty()) {
        group.swap(pending_);
      } else if (stopping_) {
        return;  // nothing left (figures not made yet are made at the next start)
      }
    }
    if (job) {
      job(*store_);
      continue;
    }
    if (group.empty()) {
      store_->make_figures();
      continue;
    }
    changes.clear();
    for (auto& item : group) changes.push_back(std::move(item.changes));
    std::uint64_t upto = group.back().id;
    auto started = std::chrono::steady_clock::now();
    std::optional<CommitError> error = store_->commit(changes, group.back().day);
    auto ended = std::chrono::steady_clock::now();
    record(ended, std::chrono::duration<double, std::milli>(ended - started).count(), error.has_value());
    group.clear();
    if (error) {
      std::lock_guard lock(mu_);
      failed_ = true;
      pending_.clear();
    }
    boost::asio::post(loop_, [this, upto, error = std::move(error)]() mutable { committed_(upto, std::move(error)); });
  }
}

void StoreThread::record(std::chrono::steady_clock::time_point at, double ms, bool failed) {
  std::lock_guard lock(times_mu_);
  times_[commits_ % kTimesKept] = {at, ms};
  ++commits_;
  if (failed) ++failures_;
}

StoreThread::CommitTimes StoreThread::commit_times() const {
  std::lock_guard lock(times_mu_);
  CommitTimes t;
  t.commits = commits_;
  t.failures = failures_;
  if (commits_ == 0) return t;
  t.last_ms = times_[(commits_ - 1) % kTimesKept].second;
  const std::size_t kept = std::min<std::uint64_t>(commits_, kTimesKept);
  std::vector<double> ms;
  ms.reserve(kept);
  const auto minute_ago = std::chrono::steady_clock::now() - std::chrono::minutes(1);
  for (std::size_t i = 0; i < kept; ++i) {
    const auto& [at, d] = times_[i];
    ms.push_back(d);
    if (at >= minute_ago) {
      ++t.last_minute;
      t.max_ms_minute = std::max(t.max_ms_minute, d);
    }
  }
  auto nth = ms.begin() + static_cast<std::ptrdiff_t>((ms.size() - 1) * 99 / 100);
  std::nth_element(ms.begin(), nth, ms.end());
  t.p99_ms = *nth;
  return t;
}

}  // namespace hallq::server
