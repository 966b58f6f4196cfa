// Disability (失能) states and their monthly transitions.
//
// Prevalence. The scenario gives the shares partially (半失能) and fully (失能) dependent by
// age band (CLHLS 2018 by default). They become single-age prevalences pi(a), taken at exact age
// a: logit-linear interpolation between anchors at each band's mean age (weighted by the
// place's own baseline population), flat beyond the first and last anchor, with the anchor
// values adjusted until every band's population-weighted mean equals the scenario's figure.
//
// Transitions (monthly, among survivors, after deaths). From independent: onset o(a,s), of
// which the share `onset_direct_full_share` goes straight to full dependence. From partial:
// recovery (fixed, from the annual recovery probability) and progression g(a,s) to full. From
// full: improvement to partial (fixed). For every age a >= entry age and sex, (o, g) are solved
// (Newton) so that a cohort holding pi(a) at exact age a, exposed to twelve months of
// state-specific deaths then transitions, holds pi(a+1) at exact age a+1: the starting
// prevalence by age is stationary. People reaching the entry age draw their state from
// pi(entry) in that month (their transitions start the next month).
#pragma once

#include <Eigen/Core>
#include <array>
#include <vector>

#include "models/demography/types.hpp"
#include "sim/scenario.hpp"

namespace laoxiao {

struct PrevalenceByAge {
  std::vector<double> partial, full;  // by single age 0..kMaxAge, zero below the entry age
};

/// Single-age prevalence whose band means (weighted by `weights_by_age`) equal the scenario's.
PrevalenceByAge graduate_prevalence(const DisabilityParams& p,
                                    const std::vector<double>& weights_by_age);

class Mortality;

class DisabilityTransitions {
 public:
  DisabilityTransitions(const DisabilityParams& p, const PrevalenceByAge& prevalence,
                        const Mortality& mortality);

  /// Monthly transition matrix among survivors at single age `age` (row: from, col: to).
  const Eigen::Matrix3d& monthly(int age, int sex) const { return matrix_[sex][age]; }
  /// Largest |pi_model(a) - pi(a)| over ages, sexes and states of the cohort check.
  double max_stationarity_error() const { return max_error_; }
  /// Annual onset probability 1-(1-o)^12 at `age` (for reporting against incidence studies).
  double annual_onset(int age, int sex) const;

 private:
  std::array<std::vector<Eigen::Matrix3d>, kSexes> matrix_;
  double max_error_ = 0.0;
};

/// Monthly death probabilities by state at (age, sex), from the mortality hazards.
Eigen::Vector3d monthly_death_probabilities(const Mortality& m, int age, int sex);

}  // namespace laoxiao
