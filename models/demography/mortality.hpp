// Mortality (死亡). Annual hazards by single age and sex from the scenario's central death
// rates m(x) (constant within each group), times an optional scale factor. Dependent people
// die at hazard ratios HR_partial and HR_full relative to independent people; the hazard of
// independent people is lowered so that the prevalence-weighted mean equals m(x):
//   mu_I(a) = k m(a) / (pi_I(a) + HR_P pi_P(a) + HR_F pi_F(a)),  mu_P = HR_P mu_I, mu_F = HR_F
//   mu_I.
// With target_life_expectancy, k solves e0(k) = target (bisection), e0 being the birth-cohort
// mean of male and female life expectancy weighted by the sex ratio at birth.
// Keys: [demography.mortality] (declared in mortality.cpp); sources: scenarios/defaults.toml.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "core/params.hpp"
#include "models/demography/types.hpp"

namespace laoxiao {

struct MortalityParams {
  std::vector<AgeGroup> age_groups;
  std::vector<double> male_mx, female_mx;  // deaths per person-year
  double scale{};
  std::optional<double> target_life_expectancy;
  double hazard_ratio_partial{}, hazard_ratio_full{};
};

const ParamFields<MortalityParams>& mortality_params();

struct PrevalenceByAge;

class Mortality {
 public:
  /// Throws ParamError (target_life_expectancy) when the target is out of reach.
  Mortality(const MortalityParams& p, double male_birth_share, const PrevalenceByAge& prevalence,
            int entry_age);

  /// Annual death hazard at single age (0..kMaxAge), sex and state.
  double hazard(int age, int sex, int state) const { return hazard_[sex][state][age]; }
  /// The unadjusted population hazard k m(a) (used to shape open age groups).
  const std::vector<double>& population_hazard(int sex) const { return population_[sex]; }
  double scale() const { return scale_; }
  /// Life expectancy at birth implied by the (scaled) input rates.
  double life_expectancy(int sex) const { return e0_[sex]; }
  double life_expectancy_both() const { return e0_both_; }

 private:
  double scale_ = 1.0;
  std::array<std::array<std::vector<double>, kStates>, kSexes> hazard_;
  std::array<std::vector<double>, kSexes> population_;
  std::array<double, kSexes> e0_{};
  double e0_both_ = 0.0;
};

}  // namespace laoxiao
