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
#include "models/demography/age_structure.hpp"
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
  AgeDetailParams age_detail;
};

/// The numbers solved when a place is compiled, beyond its raw parameters: what the reference
/// model (models/reference/) takes together with them to compute every probability itself.
struct DemographyCalibration {
  double mortality_scale = 1.0;
  double mortality_level = 0.0;              // Brass alpha
  double fertility_level = 1.0;              // of the census year
  std::vector<double> fertility_adjustment;  // by year index
  std::vector<double> migration_scale;       // by year index
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
  int n_years() const { return horizon_.n_years(); }
  /// The fused table of year index y (0 = the baseline's year).
  const KernelTable& kernel(int y) const { return kernels_[static_cast<std::size_t>(y)]; }
  const Mortality& mortality() const { return *mortality_; }
  const Fertility& fertility() const { return fertility_; }
  const DisabilityTransitions& transitions() const { return *transitions_; }
  const Migration& migration() const { return migration_; }
  const PrevalenceByAge& prevalence() const { return prevalence_; }
  const CensusFertilityLevel& census_fertility() const { return census_fertility_; }
  DemographyCalibration calibration() const;

  /// Multiplies the fertility of year index y by `adjustment` (relative to its path) and
  /// rebuilds that year's table.
  void set_fertility_adjustment(int y, double adjustment);
  /// Sets the calibration scale of net migration in year index y and rebuilds that year's table.
  void set_migration_scale(int y, double scale);

  // Effective probabilities realised by the thresholds of year index y.
  double p_death(int y, int cell) const { return p_[static_cast<std::size_t>(y)][0][cell]; }
  double p_alt1(int y, int cell) const { return p_[static_cast<std::size_t>(y)][1][cell]; }
  double p_alt2(int y, int cell) const { return p_[static_cast<std::size_t>(y)][2][cell]; }
  double p_migrate(int y, int cell) const { return p_[static_cast<std::size_t>(y)][3][cell]; }

  std::uint32_t male_birth_threshold() const { return male_threshold_; }
  double p_male_birth() const;
  std::uint32_t poverty_threshold(int urban, int state) const {
    return poverty_threshold_[urban][state];
  }
  std::uint32_t urban_threshold() const { return urban_threshold_; }
  /// Cumulative thresholds over townships (last one saturates).
  const std::vector<std::uint32_t>& township_thresholds() const { return township_thresholds_; }

  /// Baseline people by sex and single age (graduated census counts).
  const std::array<std::vector<double>, kSexes>& baseline_by_age() const { return by_age_; }
  int entry_age() const { return params_.disability.entry_age; }
  int entry_age_months() const { return 12 * entry_age(); }
  /// Probabilities of the three states at synthesis for a person of `age_months` and `sex`.
  std::array<double, kStates> synthesis_state_probabilities(int age_months, int sex) const;

 private:
  void build_kernel(int y);

  BaselinePopulation baseline_;
  DemographyParams params_;
  Horizon horizon_;
  std::array<std::vector<double>, kSexes> by_age_;
  PrevalenceByAge prevalence_;
  std::unique_ptr<Mortality> mortality_;
  std::unique_ptr<DisabilityTransitions> transitions_;
  Fertility fertility_;
  Migration migration_;
  CensusFertilityLevel census_fertility_;
  std::vector<KernelTable> kernels_;
  std::vector<std::array<std::array<double, kCells>, 4>> p_;
  std::uint32_t male_threshold_ = 0, urban_threshold_ = 0;
  std::array<std::array<std::uint32_t, kStates>, 2> poverty_threshold_{};
  std::vector<std::uint32_t> township_thresholds_;
};

/// Share of the births of the twelve months before the baseline date still alive on it, at the
/// first year's infant death rates (S0 of the census fertility level).
double infant_survival_to_census(const Mortality& m, double male_share);

}  // namespace laoxiao
