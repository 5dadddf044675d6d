#pragma once
// Runs the Store on a thread of its own so that fsync never blocks the event
// loop. Jobs run one at a time, in order; each completion is posted back to the
// loop's executor.
//
// Thread affinity: submit from the loop; the Store is touched only by the
// store thread. The destructor finishes queued jobs, then joins.

#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "server/store.hpp"

namespace hallq::server {

class StoreThread {
 public:
  StoreThread(std::unique_ptr<Store> store, boost::asio::any_io_executor loop)
      : store_(std::move(store)), loop_(std::move(loop)), pool_(1) {}
  ~StoreThread() { pool_.join(); }

  // Runs job(store) on the store thread, then done(result) on the loop.
  template <typename Job, typename Done>
  void run(Job job, Done done) {
    boost::asio::post(pool_, [this, job = std::move(job), done = std::move(done)]() mutable {
      auto result = job(*store_);
      boost::asio::post(loop_, [done = std::move(done), result = std::move(result)]() mutable {
        done(std::move(result));
      });
    });
  }

  // Waits for every queued job (shutdown only; blocks the caller).
  void join() { pool_.join(); }

 private:
  std::unique_ptr<Store> store_;
  boost::asio::any_io_executor loop_;
  boost::asio::thread_pool pool_;
};

}  // namespace hallq::server
