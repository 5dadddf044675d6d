#include "server/durability_gate.hpp"

#include <algorithm>

namespace hallq::server {

void DurabilityGate::park(Parked p) {
  // The FIFO's needs never decrease, so release() can stop at the first line
  // still waiting; a line needing less waits a little longer, never wrongly.
  if (!parked_.empty()) p.needed = std::max(p.needed, parked_.back().needed);
  if (p.kind != Parked::Kind::event) ++owed_[p.to];
  parked_.push_back(std::move(p));
}

void DurabilityGate::reply(ConnId to, std::optional<std::int64_t> request_id, Line line,
                           std::optional<std::uint64_t> needed) {
  std::uint64_t need = needed ? std::min(*needed, submitted_) : submitted_;
  auto owed = owed_.find(to);
  if (need <= durable_ && (owed == owed_.end() || owed->second == 0)) {
    sink_.send(to, line);
    return;
  }
  park({need, Parked::Kind::reply, to, 0, request_id, std::move(line)});
}

void DurabilityGate::event(unsigned topics, Line line) {
  if (submitted_ <= durable_ && parked_.empty()) {
    sink_.broadcast(topics, line);
    return;
  }
  park({submitted_, Parked::Kind::event, 0, topics, std::nullopt, std::move(line)});
}

void DurabilityGate::close_after(ConnId to) {
  auto owed = owed_.find(to);
  if (submitted_ <= durable_ && (owed == owed_.end() || owed->second == 0)) {
    sink_.close(to);
    return;
  }
  park({submitted_, Parked::Kind::close, to, 0, std::nullopt, nullptr});
}

void DurabilityGate::deliver(const Parked& p) {
  switch (p.kind) {
    case Parked::Kind::reply:
      sink_.send(p.to, p.line);
      break;
    case Parked::Kind::event:
      sink_.broadcast(p.topics, p.line);
      break;
    case Parked::Kind::close:
      sink_.close(p.to);
      break;
  }
}

void DurabilityGate::release(std::uint64_t upto) {
  durable_ = std::max(durable_, std::min(upto, submitted_));
  while (!parked_.empty() && parked_.front().needed <= durable_) {
    Parked p = std::move(parked_.front());
    parked_.pop_front();
    if (p.kind != Parked::Kind::event) {
      auto owed = owed_.find(p.to);
      if (owed == owed_.end()) continue;  // forgotten meanwhile
      if (--owed->second == 0) owed_.erase(owed);
    }
    deliver(p);
  }
}

std::size_t DurabilityGate::fail(const std::function<std::string(std::optional<std::int64_t>)>& error_line) {
  std::deque<Parked> parked = std::move(parked_);
  parked_.clear();
  owed_.clear();
  durable_ = submitted_;
  std::size_t turned = 0;
  for (auto& p : parked) {
    if (p.kind == Parked::Kind::event) continue;
    if (p.kind == Parked::Kind::reply) {
      p.line = std::make_shared<const std::string>(error_line(p.id));
      ++turned;
    }
    deliver(p);
  }
  return turned;
}

void DurabilityGate::forget(ConnId to) {
  if (owed_.erase(to) == 0) return;
  std::erase_if(parked_, [&](const Parked& p) { return p.kind != Parked::Kind::event && p.to == to; });
}

}  // namespace hallq::server
