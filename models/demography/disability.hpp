// Disability (失能) states and their monthly transitions.
//
// Prevalence by single age: models/demography/prevalence.hpp.
//
// Transitions (monthly, among survivors, after deaths). From independent: onset o(a,s), of
// which the share `onset_direct_full_share` goes straight to full dependence. From partial:
// recovery (fixed, from the annual recovery probability) and progression g(a,s) to full. From
// full: improvement to partial (fixed). For every age a >= entry age and sex, (o, g) are solved
// (Newton) so that a cohort holding pi(a) at exact age a, exposed to twelve months of
// state-specific deaths then transitions, holds pi(a+1) at exact age a+1: the starting
// prevalence by age is stationary. People reaching the entry age draw their state from
// pi(entry) in that month (their transitions start the next month). The transitions are solved
// with the death rates of the first simulated year and kept for later years: as mortality
// falls, dependent people live longer and prevalence drifts up, onset staying what it was.
// Keys: [demography.disability] (declared in disability.cpp); sources: scenarios/defaults.toml.
#pragma once

#include <Eigen/Core>
#include <array>
#include <vector>

#include "core/params.hpp"
#include "models/demography/kernel.hpp"

namespace laoxiao {

struct DisabilityParams {
  int entry_age{};
  std::vector<AgeGroup> age_groups;
  std::vector<double> male_partial_prevalence, female_partial_prevalence;  // by band
  std::vector<double> male_full_prevalence, female_full_prevalence;        // by band
  const std::vector<double>& partial_prevalence(int sex) const {
    return sex == 0 ? male_partial_prevalence : female_partial_prevalence;
  }
  const std::vector<double>& full_prevalence(int sex) const {
    return sex == 0 ? male_full_prevalence : female_full_prevalence;
  }
  double recovery_partial_to_independent{};  // annual probability
  double recovery_full_to_partial{};         // annual probability
  double onset_direct_full_share{};
};

const ParamFields<DisabilityParams>& disability_params();

struct PrevalenceByAge;
class Mortality;

class DisabilityTransitions : public KernelProcess {
 public:
  DisabilityTransitions(const DisabilityParams& p, const PrevalenceByAge& prevalence,
                        const Mortality& mortality);

  /// Everybody from the entry age: the draw of a state in the entry month, then transitions.
  bool claims(int y, int row, int age, int sex, int state, CellAlternatives& out) const override;

  /// Monthly transition matrix among survivors at single age `age` (row: from, col: to).
  const Eigen::Matrix3d& monthly(int age, int sex) const { return matrix_[sex][age]; }
  /// Largest |pi_model(a) - pi(a)| over ages, sexes and states of the cohort check.
  double max_stationarity_error() const { return max_error_; }
  /// Annual onset probability 1-(1-o)^12 at `age` (for reporting against incidence studies).
  double annual_onset(int age, int sex) const;

 private:
  std::array<std::vector<Eigen::Matrix3d>, kSexes> matrix_;
  double max_error_ = 0.0;
  int entry_age_ = 0;
  std::array<double, kSexes> entry_partial_{}, entry_full_{};  // prevalence at the entry age
};

/// Monthly death probabilities by state at (age, sex) in year index y, from the mortality hazards.
Eigen::Vector3d monthly_death_probabilities(const Mortality& m, int y, int age, int sex);

}  // namespace laoxiao
