// Runs scenarios x replicates: compiles each scenario's demography (solving its targets),
// runs the replicates (in parallel when they are small, one after the other when they are
// large) and the reference projection.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

#include "models/care/audit.hpp"
#include "models/care/checks.hpp"
#include "models/care/outcomes.hpp"
#include "models/demography/demography.hpp"
#include "sim/engine.hpp"
#include "sim/scenario.hpp"
#include "sim/tallies.hpp"

namespace laoxiao {

/// Builds the demographic model of a scenario; when the scenario sets target_births, the
/// fertility scale is solved with the reference projection.
std::unique_ptr<DemographyModel> compile_demography(const Scenario& s);

struct ReplicateStats {
  std::uint64_t agents_initial = 0;
  std::uint64_t agents_final = 0;  // slots in the store at the end (alive and dead)
  std::uint64_t person_months = 0;
  double bytes_per_agent = 0.0;  // store bytes (with reserve) per agent slot
  double seconds = 0.0;
};

struct ScenarioRun {
  Scenario scenario;
  std::unique_ptr<DemographyModel> model;
  std::unique_ptr<CapacityModel> capacity;
  std::unique_ptr<CareSetup> care;                // null when the scenario has no capacity
  std::vector<DemographicTallies> replicates;     // people
  std::vector<std::vector<CareYear>> care_years;  // [replicate][year]
  std::vector<ReplicateStats> stats;
  DemographicTallies reference;  // expected people
  IndicatorSeries indicators;    // catalog id -> [replicate][year]
  std::vector<CheckRow> checks;
  std::vector<AuditFinding> audit;
};

/// Computes every modelled catalog indicator for each replicate and year.
void fill_indicators(ScenarioRun& run);

struct RunOptions {
  bool progress = true;
  FaultInjection faults;  // tests only
};

/// Set by SIGINT/SIGTERM handlers; runs stop between months and throw Interrupted.
extern std::atomic<int> g_interrupt_signal;

struct Interrupted : std::runtime_error {
  int signal;
  explicit Interrupted(int s) : std::runtime_error("interrupted"), signal(s) {}
};

/// Places smaller than this (agents) run their replicates side by side; larger ones one
/// replicate at a time, to bound memory.
inline constexpr double kSideBySideReplicateAgents = 5e6;

/// Compiles each scenario's models (demography, capacity, care): everything but the
/// simulations, whose memory can be estimated from the result (see resources.hpp).
std::vector<ScenarioRun> prepare_runs(const std::vector<Scenario>& scenarios);

/// Simulates the prepared runs. Each simulation runs isolated (a worker waiting inside it
/// takes no other simulation's work), so at most as many are alive as there are threads.
void run_prepared(std::vector<ScenarioRun>& runs, const RunOptions& opt);

/// prepare_runs then run_prepared.
std::vector<ScenarioRun> run_scenarios(const std::vector<Scenario>& scenarios,
                                       const RunOptions& opt);

}  // namespace laoxiao
