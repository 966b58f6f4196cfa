// Mortality (死亡). Central death rates m(x) by abridged group (constant within each group) for
// the schedule's year (base_year) move by year with age-specific rates of decline r(x):
//   m(x, t) = m(x) exp(-r(x) (t - base_year))                              (the trend)
// and to the place's level with Brass's relational logit model: one alpha for both sexes and
// every year, solved so that the pooled both-sex life expectancy at birth of
// target_life_expectancy_year equals target_life_expectancy (models/demography/life_table.hpp).
// Without a target, `scale` multiplies the rates. Dependent people die at hazard ratios
// HR_partial and HR_full relative to independent people; the hazard of independent people is
// lowered so that the prevalence-weighted mean equals the schedule:
//   mu_I(a) = m(a) / (pi_I(a) + HR_P pi_P(a) + HR_F pi_F(a)),  mu_P = HR_P mu_I, mu_F = HR_F mu_I.
// Pooled rates weight the sexes by the place's baseline population of each group, as the
// official figure does with its deaths and population.
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
  std::vector<double> male_mx, female_mx;  // deaths per person-year in base_year
  int base_year{};
  std::vector<double> male_improvement, female_improvement;  // annual rate of decline
  double scale{};
  std::optional<double> target_life_expectancy;
  std::optional<int> target_life_expectancy_year;
  double hazard_ratio_partial{}, hazard_ratio_full{};
};

const ParamFields<MortalityParams>& mortality_params();

struct PrevalenceByAge;

class Mortality {
 public:
  /// Rates for the calendar years first_year .. first_year + n_years - 1. `population` (by sex
  /// and single age) weights the sexes of the pooled life table. Throws ParamError
  /// (target_life_expectancy) when the target is out of reach.
  Mortality(const MortalityParams& p, const std::array<std::vector<double>, kSexes>& population,
            const PrevalenceByAge& prevalence, int entry_age, int first_year, int n_years);

  int first_year() const { return first_year_; }
  int years() const { return static_cast<int>(e0_.size()); }
  /// Annual death hazard in year index y (0 = first_year) at single age, sex and state.
  double hazard(int y, int age, int sex, int state) const {
    return hazard_[static_cast<std::size_t>(y)][sex][state][age];
  }
  /// The population hazard m(a, t) of year index y by single age.
  const std::vector<double>& population_hazard(int y, int sex) const {
    return population_[static_cast<std::size_t>(y)][sex];
  }
  /// Brass level alpha (0 without a target) and the scale applied to the rates.
  double level() const { return alpha_; }
  double scale() const { return scale_; }
  /// Life expectancy at birth of year index y's rates; sex 2 is the pooled both-sex figure.
  double life_expectancy(int y, int sex) const { return e0_[static_cast<std::size_t>(y)][sex]; }
  /// The male share of the pooled population of each abridged group of the schedule.
  const std::vector<double>& male_weight() const { return male_weight_; }

 private:
  int first_year_ = 0;
  double alpha_ = 0.0, scale_ = 1.0;
  std::vector<double> male_weight_;
  std::vector<std::array<std::array<std::vector<double>, kStates>, kSexes>> hazard_;
  std::vector<std::array<std::vector<double>, kSexes>> population_;
  std::vector<std::array<double, 3>> e0_;
};

/// The schedule of calendar year `year` by abridged group: trend, scale and Brass level alpha.
std::vector<double> mortality_schedule(const MortalityParams& p, int sex, int year, double scale,
                                       double alpha);
/// Pooled both-sex rates of two schedules, the male share of each group `male_weight`.
std::vector<double> pooled_rates(const std::vector<double>& male, const std::vector<double>& female,
                                 const std::vector<double>& male_weight);

}  // namespace laoxiao
