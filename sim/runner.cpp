#include "sim/runner.hpp"

#include "core/parallel.hpp"
#include "core/progress.hpp"
#include "models/demography/synthesis.hpp"

namespace laoxiao {

std::vector<ScenarioRun> prepare_runs(const std::vector<Scenario>& scenarios) {
  std::vector<CompiledScenario> compiled = compile_all(scenarios);
  std::vector<ScenarioRun> runs(compiled.size());
  for (std::size_t i = 0; i < compiled.size(); ++i) runs[i].compiled = std::move(compiled[i]);
  return runs;
}

void run_prepared(std::vector<ScenarioRun>& runs, const RunOptions& opt, Executor* executor) {
  std::vector<const CompiledScenario*> compiled;
  std::uint64_t total_work = 0;
  for (auto& r : runs) {
    compiled.push_back(&r.compiled);
    const Scenario& s = r.scenario();
    // Agent-months as the population is expected to grow, not as it starts.
    total_work += static_cast<std::uint64_t>(expected_volume(*r.compiled.model).person_months *
                                             s.run.sample * s.run.replicates);
    r.results.resize(static_cast<std::size_t>(s.run.replicates));
  }
  Progress progress(total_work, opt.progress);
  SimulateOptions sim = opt.simulate;
  sim.progress = [&](std::uint64_t work, const std::string& what) { progress.add(work, what); };
  LocalExecutor local;
  (executor ? *executor : local)
      .run(compiled, all_tasks(compiled), sim, [&](const Task& t, ReplicateResult&& r) {
        runs[t.scenario].results[t.replicate] = std::move(r);
      });
  progress.finish();
  parallel_for(std::size_t{0}, runs.size(), [&](std::size_t i) {
    runs[i].summary = summarize(runs[i].compiled, runs[i].results);
  });
}

std::vector<ScenarioRun> run_scenarios(const std::vector<Scenario>& scenarios,
                                       const RunOptions& opt) {
  auto runs = prepare_runs(scenarios);
  run_prepared(runs, opt);
  return runs;
}

}  // namespace laoxiao
