#include "sim/task_farm.hpp"

#include <tbb/task_arena.h>

#include <atomic>
#include <mutex>

#include "core/parallel.hpp"

namespace laoxiao {

void LocalFarm::run_slots(int slots, const std::function<bool(std::size_t&)>& next,
                          const std::function<void(std::size_t)>& work) {
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex mu;
  parallel_for(std::size_t{0}, static_cast<std::size_t>(slots), [&](std::size_t) {
    std::size_t task = 0;
    while (!failed.load() && next(task)) {
      try {
        tbb::this_task_arena::isolate([&] { work(task); });
      } catch (...) {
        const std::lock_guard<std::mutex> lock(mu);
        if (!error) error = std::current_exception();
        failed.store(true);
      }
    }
  });
  if (error) std::rethrow_exception(error);
}

void LocalFarm::run(const std::vector<std::size_t>& order, const std::vector<double>& cost,
                    const std::function<void(std::size_t)>& work,
                    const std::function<void(const FarmStatus&)>& status) {
  FarmStatus st;
  st.total = order.size();
  for (std::size_t t : order) st.total_cost += cost.at(t);
  std::size_t handed = 0;
  std::mutex mu;
  run_slots(
      slots_,
      [&](std::size_t& task) {
        const std::lock_guard<std::mutex> lock(mu);
        if (handed >= order.size()) return false;
        task = order[handed++];
        return true;
      },
      [&](std::size_t task) {
        work(task);
        const std::lock_guard<std::mutex> lock(mu);
        ++st.done;
        st.done_cost += cost.at(task);
        if (status) status(st);
      });
}

}  // namespace laoxiao
