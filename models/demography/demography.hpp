// The demographic model of one place, compiled: every process's monthly probabilities, and
// the fused per-cell table the monthly kernel reads (models/demography/kernel.hpp).
//
// The demographic processes, in the order the fused kernel applies them to each person:
//   ageing      age = month - birth month (no work)
//   mortality   death with the state-specific monthly probability
//   disability  survivors change state (or draw it, in the month they reach the entry age)
//   fertility   surviving women give birth; the newborn joins at age 0 next month
// Migration (optional) and the placement of newborns are steps of their own (sim/engine.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/rng.hpp"
#include "models/demography/baseline.hpp"
#include "models/demography/disability.hpp"
#include "models/demography/fertility.hpp"
#include "models/demography/kernel.hpp"
#include "models/demography/migration.hpp"
#include "models/demography/mortality.hpp"
#include "models/demography/prevalence.hpp"
#include "models/demography/types.hpp"

namespace laoxiao {

/// Extreme-poverty support (特困人员), drawn at synthesis and on reaching the entry age with a
/// probability by residence and disability state: k R_rural^[rural] R_dep^[dependent], the
/// relative risks set so that, on the reference population (urban share u0, dependent share
/// d0, residence independent of dependence), rural_share of 特困 people are rural and
/// dependent_share dependent, and k so that extreme_poverty_share of it is 特困. A place's own
/// residence and disability mix then gives its count. Keys: [demography.poverty].
struct PovertyParams {
  double extreme_poverty_share{};
  double rural_share{}, dependent_share{};
  double reference_urban_share{}, reference_dependent_share{};
};

/// Probability of extreme-poverty support at the entry age and over by [urban][state].
std::array<std::array<double, kStates>, 2> poverty_probabilities(const PovertyParams& p);

const ParamFields<PovertyParams>& poverty_params();

struct DemographyParams {
  MortalityParams mortality;
  FertilityParams fertility;
  DisabilityParams disability;
  PovertyParams poverty;
  MigrationParams migration;
};

/// The processes of the fused kernel, in the order they act on a person.
const std::vector<ProcessInfo>& kernel_processes();

class DemographyModel {
 public:
  /// Compiles the demography of a place. Throws ParamError when a target cannot be reached.
  DemographyModel(const BaselinePopulation& baseline, const DemographyParams& params,
                  const Horizon& horizon);

  const BaselinePopulation& baseline() const { return baseline_; }
  const DemographyParams& params() const { return params_; }
  const Horizon& horizon() const { return horizon_; }
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
  std::uint32_t poverty_threshold(int urban, int state) const {
    return poverty_threshold_[urban][state];
  }
  std::uint32_t urban_threshold() const { return urban_threshold_; }
  /// Cumulative thresholds over townships (last one saturates).
  const std::vector<std::uint32_t>& township_thresholds() const { return township_thresholds_; }
  std::uint32_t departure_threshold(int age) const { return departure_threshold_[age]; }
  std::uint32_t arrival_threshold(int age) const { return arrival_threshold_[age]; }

  /// Baseline people by sex and single age (graduated census counts).
  const std::array<std::vector<double>, kSexes>& baseline_by_age() const { return by_age_; }
  int entry_age() const { return params_.disability.entry_age; }
  int entry_age_months() const { return 12 * entry_age(); }
  /// Probabilities of the three states at synthesis for a person of `age_months` and `sex`.
  std::array<double, kStates> synthesis_state_probabilities(int age_months, int sex) const;

 private:
  void build_kernel();

  BaselinePopulation baseline_;
  DemographyParams params_;
  Horizon horizon_;
  std::array<std::vector<double>, kSexes> by_age_;
  PrevalenceByAge prevalence_;
  std::unique_ptr<Mortality> mortality_;
  std::unique_ptr<DisabilityTransitions> transitions_;
  Fertility fertility_;
  Migration migration_;
  KernelTable kernel_;
  std::array<std::array<double, kCells>, 3> p_{};
  std::uint32_t male_threshold_ = 0, urban_threshold_ = 0;
  std::array<std::array<std::uint32_t, kStates>, 2> poverty_threshold_{};
  std::vector<std::uint32_t> township_thresholds_;
  std::vector<std::uint32_t> departure_threshold_, arrival_threshold_;
};

}  // namespace laoxiao
