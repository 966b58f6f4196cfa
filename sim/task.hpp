// A task is one replicate of one compiled scenario; simulating it gives a ReplicateResult,
// plain data (tallies, care years, statistics) that can be stored or sent between processes.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/stop.hpp"
#include "models/care/care_year.hpp"
#include "models/demography/tallies.hpp"
#include "sim/compiled.hpp"
#include "sim/engine.hpp"

namespace laoxiao {

struct Task {
  std::size_t scenario = 0;  // index into the compiled scenarios
  std::uint32_t replicate = 0;
};

struct ReplicateStats {
  std::uint64_t agents_initial = 0;
  std::uint64_t agents_final = 0;  // slots in the store at the end (alive and dead)
  std::uint64_t person_months = 0;
  double bytes_per_agent = 0.0;  // store bytes (with reserve) per agent slot
  double seconds = 0.0;
};

struct ReplicateResult {
  DemographicTallies tallies;        // people
  std::vector<CareYear> care_years;  // [year], empty without a care model
  /// The replicate's draw of each uncertain parameter (value, or multiplier of an array), in
  /// the order of the scenario's `uncertain`; empty when the replicate draws none.
  std::vector<double> parameter_levels;
  ReplicateStats stats;
};

/// A simulation outgrew the memory the run was allowed (exit code 3; nothing is written).
struct MemoryBoundExceeded : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Agent slots a simulation of `c` holds at most, in expectation with a margin: the baseline
/// agents (stochastic rounding adds at most one per census group and sex) and the expected
/// births and arrivals (models/demography/synthesis.hpp). The memory estimate counts these.
std::uint64_t expected_agent_slots(const CompiledScenario& c);

struct SimulateOptions {
  StopToken stop;  // checked between months; a request throws Interrupted
  /// A simulation may hold at most slot_budget x expected_agent_slots slots (checked each
  /// month; MemoryBoundExceeded past it): the memory bound holds during the run, for growth
  /// the estimate did not foresee. 0: no bound.
  double slot_budget = 0;
  FaultInjection faults;  // tests only
  /// Called after each month with the agent-months simulated since the last call.
  std::function<void(std::uint64_t agent_months, const std::string& what)> progress;
};

/// Simulates replicate `replicate` of `c`. When the scenario draws its uncertain parameters,
/// the replicate's draws are applied as overrides and the scenario compiled again first, so the
/// replicate equals the run with those values set and no uncertainty.
ReplicateResult simulate(const CompiledScenario& c, std::uint32_t replicate,
                         const SimulateOptions& opt);

}  // namespace laoxiao
