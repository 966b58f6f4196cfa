// A progress line on stderr for runs longer than a second: rewritten in place on a terminal,
// one line per tenth of the work otherwise (logs of cluster jobs).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace laoxiao {

class Progress {
 public:
  /// `prefix` starts every line (under MPI: which rank speaks).
  Progress(std::uint64_t total_work, bool enabled, std::string prefix = {});
  ~Progress();
  void add(std::uint64_t work, const std::string& what);
  /// The work done so far, as a total (e.g. a whole sweep's, as heard from another process).
  void update(std::uint64_t done, const std::string& what);
  void finish();

 private:
  void show(std::uint64_t done, const std::string& what);

  std::string prefix_;
  std::uint64_t total_;
  std::atomic<std::uint64_t> done_{0};
  bool enabled_, tty_, shown_ = false;
  int last_decile_ = -1;
  std::chrono::steady_clock::time_point start_, last_;
  std::mutex mu_;
};

}  // namespace laoxiao
