// The demographic model of one scenario, compiled: every process's monthly probabilities, and
// the fused per-cell table the monthly kernel reads.
//
// Step order (fixed; printed at start-up and stored in every output file):
//   1. ageing      age = month - birth month (no work)
//   2. mortality   death with the state-specific monthly probability
//   3. disability  survivors change state (or draw it, in the month they reach the entry age)
//   4. fertility   surviving women give birth; the newborn joins at age 0 next month
//   5. migration   optional departures and arrivals at the end of the month
//
// Fused draw. Steps 2-4 share one uniform 32-bit word per person-month (stream kDemography):
// for the person's cell (age row, sex, state) the word falls in [0, t0) = death,
// [t0, t1) = outcome alt1, [t1, t2) = outcome alt2, otherwise nothing, where
// t0 = q, t1 = q + (1-q) p1, t2 = t1 + (1-q) p2 (times 2^32): exactly "die, then if alive
// move with p1 or p2". Disability (ages >= entry) and fertility (women 15-49) never share a
// cell, so two alternatives suffice.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/demography/disability.hpp"
#include "models/demography/fertility.hpp"
#include "models/demography/migration.hpp"
#include "models/demography/mortality.hpp"
#include "models/demography/types.hpp"
#include "sim/rng.hpp"
#include "sim/scenario.hpp"

namespace laoxiao {

enum class Outcome : std::uint8_t {
  kNone = 0,
  kToIndependent = 1,
  kToPartial = 2,
  kToFull = 3,
  kBirth = 4,
};

/// The fused monthly table, one entry per cell (row, sex, state); see the file comment.
struct KernelTable {
  std::array<std::uint32_t, kCells> t0{}, t1{}, t2{};
  std::array<Outcome, kCells> alt1{}, alt2{};
};

struct ProcessInfo {
  const char* name;
  const char* description;
  Stream stream;
};

/// The documented step order of the monthly loop.
const std::vector<ProcessInfo>& demographic_step_order();

class DemographyModel {
 public:
  /// Compiles the scenario's demography. Throws InputError (with the key's position) when a
  /// target cannot be reached.
  explicit DemographyModel(const Scenario& s);

  const Scenario& scenario() const { return scenario_; }
  const KernelTable& kernel() const { return kernel_; }
  const Mortality& mortality() const { return *mortality_; }
  const Fertility& fertility() const { return fertility_; }
  const DisabilityTransitions& transitions() const { return *transitions_; }
  const Migration& migration() const { return migration_; }
  const PrevalenceByAge& prevalence() const { return prevalence_; }

  /// Multiplies fertility by `factor` and rebuilds the kernel table.
  void rescale_fertility(double factor);

  // Effective probabilities realised by the thresholds (the reference model uses these).
  double p_death(int cell) const { return p_[0][cell]; }
  double p_alt1(int cell) const { return p_[1][cell]; }
  double p_alt2(int cell) const { return p_[2][cell]; }

  std::uint32_t male_birth_threshold() const { return male_threshold_; }
  double p_male_birth() const;
  std::uint32_t poverty_threshold() const { return poverty_threshold_; }
  std::uint32_t urban_threshold() const { return urban_threshold_; }
  /// Cumulative thresholds over townships (last one saturates).
  const std::vector<std::uint32_t>& township_thresholds() const { return township_thresholds_; }
  std::uint32_t departure_threshold(int age) const { return departure_threshold_[age]; }
  std::uint32_t arrival_threshold(int age) const { return arrival_threshold_[age]; }

  /// Baseline people by sex and single age (graduated census counts).
  const std::array<std::vector<double>, kSexes>& baseline_by_age() const { return baseline_; }
  int entry_age() const { return scenario_.demography.disability.entry_age; }
  int entry_age_months() const { return 12 * entry_age(); }
  /// Probabilities of the three states at synthesis for a person of `age_months`.
  std::array<double, kStates> synthesis_state_probabilities(int age_months) const;

 private:
  void build_kernel();

  Scenario scenario_;
  std::array<std::vector<double>, kSexes> baseline_;
  PrevalenceByAge prevalence_;
  std::unique_ptr<Mortality> mortality_;
  std::unique_ptr<DisabilityTransitions> transitions_;
  Fertility fertility_;
  Migration migration_;
  KernelTable kernel_;
  std::array<std::array<double, kCells>, 3> p_{};
  std::uint32_t male_threshold_ = 0, poverty_threshold_ = 0, urban_threshold_ = 0;
  std::vector<std::uint32_t> township_thresholds_;
  std::vector<std::uint32_t> departure_threshold_, arrival_threshold_;
};

}  // namespace laoxiao
