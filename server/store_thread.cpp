#include "server/store_thread.hpp"

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
    std::optional<CommitError> error = store_->commit(changes, group.back().day);
    group.clear();
    if (error) {
      std::lock_guard lock(mu_);
      failed_ = true;
      pending_.clear();
    }
    boost::asio::post(loop_, [this, upto, error = std::move(error)]() mutable { committed_(upto, std::move(error)); });
  }
}

}  // namespace hallq::server
