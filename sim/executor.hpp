// Executors run tasks (a replicate of a compiled scenario) and hand each result back. The
// local executor uses the threads of this process (oneTBB); the results do not depend on the
// executor, its thread count or the order in which tasks finish.
#pragma once

#include <functional>
#include <vector>

#include "sim/task.hpp"

namespace laoxiao {

/// Receives each finished task (called once per task, possibly from several threads at once
/// for different tasks).
using TaskDone = std::function<void(const Task&, ReplicateResult&&)>;

class Executor {
 public:
  virtual ~Executor() = default;
  /// Runs `tasks`; a task's `scenario` indexes `scenarios`.
  virtual void run(const std::vector<const CompiledScenario*>& scenarios,
                   const std::vector<Task>& tasks, const SimulateOptions& opt,
                   const TaskDone& done) = 0;
};

/// Places smaller than this (agents) run their replicates side by side; larger ones one
/// replicate at a time, to bound memory.
inline constexpr double kSideBySideReplicateAgents = 5e6;

/// Runs on this process's threads: places side by side (a batch holds thousands); within a
/// place, small ones' replicates side by side and large ones' one at a time, each parallel
/// over blocks of agents. Each simulation runs isolated (a worker waiting inside it takes no
/// other simulation's work), so at most as many are alive as there are threads.
class LocalExecutor : public Executor {
 public:
  void run(const std::vector<const CompiledScenario*>& scenarios, const std::vector<Task>& tasks,
           const SimulateOptions& opt, const TaskDone& done) override;
};

/// Every replicate of every scenario, scenario by scenario.
std::vector<Task> all_tasks(const std::vector<const CompiledScenario*>& scenarios);

}  // namespace laoxiao
