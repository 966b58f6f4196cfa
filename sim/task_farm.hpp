// A task farm runs a list of independent tasks, each once, handing them out in a given order
// (largest first) to whoever is free: the slots of this process (LocalFarm: oneTBB threads,
// one simulation per slot, each parallel inside) or, under mpirun, the slots of every rank
// (sim/mpi_farm.hpp). What a task computes does not depend on where or when it runs.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <vector>

namespace laoxiao {

/// Tasks done so far in the whole farm, as this process last heard.
struct FarmStatus {
  std::size_t done = 0, total = 0;
  double done_cost = 0, total_cost = 0;
};

class TaskFarm {
 public:
  virtual ~TaskFarm() = default;
  /// Runs work(task) once for each task of `order`, handed out in that order; cost[task] is
  /// its expected work (for progress). status() is called after each task this process
  /// finishes or hears of (from any thread, one call at a time). On the ranks of an MPI farm
  /// other than the first, `order` and `cost` are not used.
  virtual void run(const std::vector<std::size_t>& order, const std::vector<double>& cost,
                   const std::function<void(std::size_t)>& work,
                   const std::function<void(const FarmStatus&)>& status) = 0;
};

/// `slots` tasks at a time on this process's threads; each task runs isolated (a thread
/// waiting inside it takes no other task's work). The first exception stops the handing out
/// and is rethrown once the running tasks end.
class LocalFarm : public TaskFarm {
 public:
  explicit LocalFarm(int slots) : slots_(slots < 1 ? 1 : slots) {}
  void run(const std::vector<std::size_t>& order, const std::vector<double>& cost,
           const std::function<void(std::size_t)>& work,
           const std::function<void(const FarmStatus&)>& status) override;

  /// Runs `slots` loops in parallel, each taking tasks from next() until it returns false.
  static void run_slots(int slots, const std::function<bool(std::size_t&)>& next,
                        const std::function<void(std::size_t)>& work);

 private:
  int slots_;
};

}  // namespace laoxiao
