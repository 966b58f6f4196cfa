#include "core/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace laoxiao {

Progress::Progress(std::uint64_t total_work, bool enabled)
    : total_(total_work ? total_work : 1),
      enabled_(enabled),
      tty_(::isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() {
  finish();
}

void Progress::add(std::uint64_t work, const std::string& what) {
  const std::uint64_t done = done_ += work;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (elapsed < 1.0) return;
  std::lock_guard<std::mutex> lock(mu_);
  // The total is an expectation: a run that outgrows it stays below 100% until it ends,
  // and its time left is never negative.
  const double frac = std::min(0.999, static_cast<double>(done) / static_cast<double>(total_));
  const int decile = static_cast<int>(frac * 10);
  if (tty_) {
    if (std::chrono::duration<double>(now - last_).count() < 0.25) return;
  } else if (decile == last_decile_) {
    return;
  }
  last_ = now;
  last_decile_ = decile;
  const double eta = frac > 0 ? elapsed * (1.0 - frac) / frac : 0.0;
  std::fprintf(stderr, "%s[%5.1f%%] %s  elapsed %.0f s, about %.0f s left%s",
               tty_ ? "\r\033[K" : "", 100.0 * frac, what.c_str(), elapsed, eta, tty_ ? "" : "\n");
  std::fflush(stderr);
  shown_ = true;
}

void Progress::finish() {
  if (enabled_ && shown_ && tty_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }
  shown_ = false;
}

}  // namespace laoxiao
