// A stop request that a signal handler may raise (an atomic store is async-signal-safe) and
// that long loops poll between months.
#pragma once

#include <atomic>
#include <stdexcept>

namespace laoxiao {

class StopToken {
 public:
  StopToken() = default;
  explicit StopToken(const std::atomic<int>* flag) : flag_(flag) {}
  /// The signal that asked to stop, or 0.
  int requested() const { return flag_ ? flag_->load(std::memory_order_relaxed) : 0; }

 private:
  const std::atomic<int>* flag_ = nullptr;
};

/// Thrown where a loop honours a stop request.
struct Interrupted : std::runtime_error {
  int signal;
  explicit Interrupted(int s) : std::runtime_error("interrupted"), signal(s) {}
};

}  // namespace laoxiao
