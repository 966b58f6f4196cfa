// The agent engine: one replicate of one place, stepped month by month. A month is an ordered
// list of step elements (monthly_step_order()); the list that is printed and stored in every
// output is the list Simulation::step runs. The fused demographic kernel is one element (its
// speed is the point: one random word and one table lookup per agent-month).
//
// Parallelism and determinism. Each month the store is cut into fixed blocks of kBlock agents
// (independent of the thread count). Blocks run in parallel; an agent's draws depend only on
// (seed, replicate, place, agent id, month, stream), so its fate does not depend on which
// thread runs it. Counts are sums of integers (exact in any order). Newborns and arrivals are
// appended after the parallel pass in block order, so their ids do not depend on threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "core/population.hpp"
#include "core/rng.hpp"
#include "models/care/allocation.hpp"
#include "models/demography/demography.hpp"
#include "models/demography/tallies.hpp"

namespace laoxiao {

/// The elements of the monthly step, in the order Simulation::step runs them.
const std::vector<ProcessInfo>& monthly_step_order();

/// Deliberate faults for the negative-control tests: the agent model must then disagree with
/// the reference. Never set outside tests.
struct FaultInjection {
  double death_factor = 1.0;      // multiplies every death probability
  double fertility_factor = 1.0;  // multiplies every birth probability
  bool no_disability_onset = false;
  bool no_entry_draw = false;
  bool frozen_rates = false;  // every year uses the first year's table
  bool no_migration = false;
};

struct EngineOptions {
  std::uint64_t seed = 0;
  std::uint32_t replicate = 0;
  std::uint32_t place_stream = 0;  // 24 bits
  double sample = 1.0;
  /// Agents per block (a multiple of 4). Results do not depend on it; tests vary it.
  std::uint32_t block = 1u << 14;
  /// The care model (demand, capacity, allocation); nullptr runs demography only.
  const CareSetup* care = nullptr;
  FaultInjection faults;
};

class Simulation {
 public:
  Simulation(const DemographyModel& model, const EngineOptions& opt);
  ~Simulation();

  /// Synthesizes the baseline population.
  void initialize();
  /// Runs one month: every element of monthly_step_order(), in that order.
  void step(Month t);
  /// Runs every month of the horizon; `on_month` is called after each.
  void run(const std::function<void(Month)>& on_month = {});

  const PopulationStore& population() const { return store_; }
  /// Tallies in people (agent counts times the weight 1/sample).
  DemographicTallies tallies() const;
  double weight() const { return 1.0 / opt_.sample; }
  /// Care counts at the end of each simulated year (empty without a care model).
  const std::vector<CareYear>& care_years() const { return care_years_; }
  std::uint64_t person_months() const { return person_months_; }
  Month next_month() const { return next_; }

  /// Alive agents by (birth-month cohort, sex, state), maintained from events; the seatbelt
  /// check recounts them from the store.
  bool cohort_counts_match_store() const;

 private:
  struct Local;  // per-thread counters of one month
  struct MonthState;
  using Element = void (Simulation::*)(MonthState&);

  void kernel(MonthState& m);      // ageing, mortality, disability, fertility (fused)
  void newborns(MonthState& m);    // births join at age 0 next month
  void migration(MonthState& m);   // the departures and arrivals drawn in the fused pass
  void demand(MonthState& m);      // wishes for care re-evaluated
  void allocation(MonthState& m);  // capacity and placements
  void tally(MonthState& m);       // exposure; year-end counts

  void process_block(std::size_t first, std::size_t last, Month t, Local& local,
                     std::vector<std::uint32_t>& mothers, std::vector<std::uint32_t>& changed,
                     std::vector<std::uint32_t>& leaving, std::vector<std::uint32_t>& bringing);
  /// Re-evaluates a person's wish for care; returns true if it just started.
  bool update_wish(std::uint32_t id, int age_months, Month t);
  std::size_t cohort_of(std::uint16_t birth_month) const;

  static const std::vector<Element>& elements();

  const DemographyModel& model_;
  EngineOptions opt_;
  std::vector<KernelTable> kernels_;  // the model's tables by year, any faults applied
  RngKey key_;
  PopulationStore store_;
  DemographicTallies counts_;    // agent units
  std::vector<double> cohorts_;  // [cohort][sex][state] alive agents
  int min_birth_month_ = 0;
  int n_cohorts_ = 0;
  Month next_;
  std::uint64_t person_months_ = 0;
  std::unique_ptr<Allocation> allocation_;
  std::vector<CareYear> care_years_;
};

}  // namespace laoxiao
