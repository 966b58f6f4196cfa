// Fertility (生育). Women of single age a give birth in a month of calendar year t with
// probability f(a, t) / 12 (at most one birth a month; twins are not modelled), where
//   f(a, t) = ASFR(a) x level x path(t) / path(census year) x adjustment(t):
// - ASFR(a): the national age pattern of the census year (constant within each group);
// - level: the place's own census (below), or target_tfr / TFR, times `scale`;
// - path: the national TFR by calendar year (path_tfr), relative to the twelve months before
//   the baseline date, to which the census counts refer;
// - adjustment: 1, or solved so that the expected births of each births target (a year or
//   some of its months) equal it; between two targets it is interpolated log-linearly by
//   year, after the last it stays (sim/compiled.cpp solves it with the reference model).
// The newborn is male with probability SRB / (SRB + 100).
//
// Level from the census (level_from_census): the births of the census year implied by the
// infants the census counts, B = P0 / (S0 (1 - u0)), where S0 is the survival of the year's
// births to the census date and u0 the census's shortfall of infants against the births its
// own long form reports (census_age0_undercount), against the births the national ASFR give
// its women, E = sum_a ASFR(a) W(a): rho0 = B / E. Small places count few infants, so rho0 is
// shrunk towards the level their children aged 1-4 show, rho14 = (P14 / E) / c14 (c14 the
// national ratio, census_children_1_4_per_birth): with kappa = census_prior_births,
//   level = (kappa + P0) / (kappa / rho14 + E S0 (1 - u0))
// (the posterior mean of a Poisson count of infants under a gamma prior of mean rho14 and
// squared coefficient of variation 1 / kappa, the between-county spread of rho0 / rho14).
// Keys: [demography.fertility] (declared in fertility.cpp); sources: scenarios/defaults.toml.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/params.hpp"
#include "models/demography/kernel.hpp"

namespace laoxiao {

/// Births stated for a year or some of its months (出生人口), a calibration target.
struct BirthsTarget {
  int year{};
  int first_month{};
  int last_month{};
  double births{};
};

struct FertilityParams {
  std::vector<AgeGroup> age_groups;
  std::vector<double> asfr;  // births per woman-year, the census year's national pattern
  double sex_ratio_at_birth{};
  double scale{};
  std::optional<double> target_tfr;
  std::optional<double> target_births;
  std::optional<int> target_births_year;
  bool level_from_census{};
  double census_age0_undercount{};
  double census_children_1_4_per_birth{};
  double census_prior_births{};
  int path_first_year{};
  std::vector<double> path_tfr;
  std::vector<BirthsTarget> births_targets;
};

const ParamFields<FertilityParams>& fertility_params();

/// Bounds of a fertility schedule, input or solved for a target: no population has had a TFR
/// above 10, nor more than one birth per woman-year at any age.
inline constexpr double kMaxTfr = 10.0;
inline constexpr double kMaxAsfr = 1.0;

/// Every births target of the parameters (target_births included), by year.
std::vector<BirthsTarget> births_targets(const FertilityParams& p);

/// The place's fertility level from its census, and the figures it comes from.
struct CensusFertilityLevel {
  bool estimated = false;
  double infants = 0, children_1_4 = 0;  // P0, P14
  double implied_births = 0;             // B
  double national_rate_births = 0;       // E
  double rho0 = 0, rho14 = 0;
  double level = 1.0;
};

/// `women` by single age at the baseline date; `infant_survival` S0.
CensusFertilityLevel census_fertility_level(
    const FertilityParams& p, const std::vector<AgeGroup>& groups, const std::vector<double>& male,
    const std::vector<double>& female, const std::vector<double>& women, double infant_survival);

/// The national TFR of calendar year `year` (the first or last path value outside it).
double path_tfr(const FertilityParams& p, int year);
/// Mean path TFR of the twelve months before `date` (the census year).
double census_year_tfr(const FertilityParams& p, Month date);

class Fertility : public KernelProcess {
 public:
  /// Rates for the calendar years first_year .. first_year + n_years - 1; `date` is the
  /// baseline date (the end of the census year).
  Fertility(const FertilityParams& p, Month date, int first_year, int n_years);

  /// Annual fertility rate of a woman of single age `age` in year index y.
  double rate(int y, int age) const {
    return base_[static_cast<std::size_t>(age)] * level_ * factor_[static_cast<std::size_t>(y)];
  }
  double male_share_at_birth() const { return male_share_; }
  /// The level of the census year (1 = the national schedule).
  double level() const { return level_; }
  void set_level(double level) { level_ = level; }
  /// path(t) / path(census year) x adjustment(t) of year index y.
  double year_factor(int y) const { return factor_[static_cast<std::size_t>(y)]; }
  double adjustment(int y) const { return adjustment_[static_cast<std::size_t>(y)]; }
  void set_adjustment(int y, double a);
  int years() const { return static_cast<int>(factor_.size()); }
  /// Total fertility rate of year index y.
  double tfr(int y) const;
  /// TFR of the unscaled national schedule (the census year's).
  double base_tfr() const;
  /// The highest TFR and single-age rate over the simulated years (bounds of a schedule).
  double max_tfr() const;
  double max_rate() const;

  /// Women with a positive rate give birth.
  bool claims(int y, int row, int age, int sex, int state, CellAlternatives& out) const override;

 private:
  std::vector<double> base_;  // national schedule by single age
  std::vector<double> path_, adjustment_, factor_;
  double level_ = 1.0;
  double male_share_ = 0.5;
};

}  // namespace laoxiao
