// Fertility (生育). Women of single age a give birth in a month with probability ASFR(a)/12
// (at most one birth a month; twins are not modelled), ASFR constant within each group and
// multiplied by a scale factor: `scale`, or target_tfr / TFR, or the factor that makes the
// expected births of target_births_year equal target_births (solved with the reference model;
// births in a year are linear in the factor because all mothers are already born).
// The newborn is male with probability SRB / (SRB + 100).
// Keys: [demography.fertility] (declared in fertility.cpp); sources: scenarios/defaults.toml.
#pragma once

#include <optional>
#include <vector>

#include "core/params.hpp"
#include "models/demography/kernel.hpp"

namespace laoxiao {

struct FertilityParams {
  std::vector<AgeGroup> age_groups;
  std::vector<double> asfr;  // births per woman-year
  double sex_ratio_at_birth{};
  double scale{};
  std::optional<double> target_tfr;
  std::optional<double> target_births;
  std::optional<int> target_births_year;
};

const ParamFields<FertilityParams>& fertility_params();

/// Bounds of a fertility schedule, input or solved for a target: no population has had a TFR
/// above 10, nor more than one birth per woman-year at any age.
inline constexpr double kMaxTfr = 10.0;
inline constexpr double kMaxAsfr = 1.0;

class Fertility : public KernelProcess {
 public:
  explicit Fertility(const FertilityParams& p);

  /// Annual fertility rate of a woman of single age `age` (after scaling).
  double rate(int age) const { return rate_[age]; }
  double male_share_at_birth() const { return male_share_; }
  double scale() const { return scale_; }
  /// Total fertility rate of the scaled schedule.
  double tfr() const;
  /// The highest single-age rate of the scaled schedule.
  double max_rate() const;
  void rescale(double factor);

  /// Women with a positive rate give birth.
  bool claims(int row, int age, int sex, int state, CellAlternatives& out) const override;

 private:
  std::vector<double> base_;  // unscaled, by single age
  std::vector<double> rate_;
  double scale_ = 1.0;
  double male_share_ = 0.5;
};

}  // namespace laoxiao
