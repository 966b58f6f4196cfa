// laoxiao::parallel_for(begin, end, body): body(i) for every i in [begin, end), in parallel.
// laoxiao::PerThread<T>: one T per thread of such a loop (oneTBB's enumerable_thread_specific).
//
// Normally oneTBB's parallel_for. In ThreadSanitizer builds (LAOXIAO_STD_THREADS) it runs on
// std::threads instead: Debian's libtbb is not built with TSan, so TSan cannot see that a task
// starts after the code that spawned it, and reports every read of the caller's data as a
// race. With std::thread and std::atomic, which TSan understands, a report is a real race in
// laoxiao's code. For the same reason PerThread storage then comes from std::allocator (malloc,
// which TSan follows) rather than from oneTBB's allocator. Results are the same either way: no
// result depends on the schedule.
#pragma once

#include <tbb/enumerable_thread_specific.h>

#include <cstddef>
#include <memory>

#ifdef LAOXIAO_STD_THREADS
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>
#else
#include <tbb/parallel_for.h>
#endif

namespace laoxiao {

#ifdef LAOXIAO_STD_THREADS
template <class T>
using PerThread = tbb::enumerable_thread_specific<T, std::allocator<T>>;
#else
template <class T>
using PerThread = tbb::enumerable_thread_specific<T>;
#endif

template <class Body>
void parallel_for(std::size_t begin, std::size_t end, const Body& body) {
#ifdef LAOXIAO_STD_THREADS
  if (begin >= end) return;
  // The same thread count oneTBB would use here: the arena's, bounded by --threads.
  const std::size_t limit = std::min<std::size_t>(
      static_cast<std::size_t>(tbb::this_task_arena::max_concurrency()),
      tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
  const std::size_t n_threads = std::max<std::size_t>(1, std::min(limit, end - begin));
  std::atomic<std::size_t> next{begin};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&] {
    try {
      for (std::size_t i; (i = next.fetch_add(1)) < end;) body(i);
    } catch (...) {
      next.store(end);  // the others stop at their next index
      const std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
    }
  };
  std::vector<std::thread> helpers;
  helpers.reserve(n_threads - 1);
  for (std::size_t t = 1; t < n_threads; ++t) helpers.emplace_back(work);
  work();
  for (auto& h : helpers) h.join();
  if (error) std::rethrow_exception(error);
#else
  tbb::parallel_for(begin, end, body);
#endif
}

}  // namespace laoxiao
