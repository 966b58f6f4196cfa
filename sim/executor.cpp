#include "sim/executor.hpp"

#include <tbb/task_arena.h>

#include "core/parallel.hpp"

namespace laoxiao {

std::vector<Task> all_tasks(const std::vector<const CompiledScenario*>& scenarios) {
  std::vector<Task> out;
  for (std::size_t i = 0; i < scenarios.size(); ++i)
    for (int r = 0; r < scenarios[i]->scenario.run.replicates; ++r)
      out.push_back({i, static_cast<std::uint32_t>(r)});
  return out;
}

void LocalExecutor::run(const std::vector<const CompiledScenario*>& scenarios,
                        const std::vector<Task>& tasks, const SimulateOptions& opt,
                        const TaskDone& done) {
  // The tasks of each scenario, in the order given.
  std::vector<std::vector<const Task*>> by_scenario(scenarios.size());
  for (const Task& t : tasks) by_scenario.at(t.scenario).push_back(&t);
  parallel_for(std::size_t{0}, scenarios.size(), [&](std::size_t i) {
    const auto& mine = by_scenario[i];
    const Scenario& s = scenarios[i]->scenario;
    auto one = [&](std::size_t k) {
      tbb::this_task_arena::isolate(
          [&] { done(*mine[k], simulate(*scenarios[i], mine[k]->replicate, opt)); });
    };
    if (s.baseline.people() * s.run.sample < kSideBySideReplicateAgents) {
      parallel_for(std::size_t{0}, mine.size(), one);
    } else {
      for (std::size_t k = 0; k < mine.size(); ++k) one(k);
    }
  });
}

}  // namespace laoxiao
