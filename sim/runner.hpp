// A run: scenarios compiled, their tasks run by an executor, each scenario summarized.
#pragma once

#include <memory>
#include <vector>

#include "input/scenario.hpp"
#include "sim/compiled.hpp"
#include "sim/executor.hpp"
#include "sim/summary.hpp"
#include "sim/task.hpp"

namespace laoxiao {

/// A scenario's models, its replicates' results (in replicate order) and their summary.
struct ScenarioRun {
  CompiledScenario compiled;
  std::vector<ReplicateResult> results;
  ScenarioSummary summary;

  const Scenario& scenario() const { return compiled.scenario; }
};

struct RunOptions {
  bool progress = true;
  SimulateOptions simulate;  // stop token, faults (tests)
};

/// Compiles each scenario (everything but the simulations, whose memory can be estimated from
/// the result: see app/resources.hpp).
std::vector<ScenarioRun> prepare_runs(const std::vector<Scenario>& scenarios);

/// Runs every replicate of the prepared runs on `executor` (the local one when null), then
/// summarizes each scenario.
void run_prepared(std::vector<ScenarioRun>& runs, const RunOptions& opt,
                  Executor* executor = nullptr);

/// prepare_runs then run_prepared.
std::vector<ScenarioRun> run_scenarios(const std::vector<Scenario>& scenarios,
                                       const RunOptions& opt);

}  // namespace laoxiao
