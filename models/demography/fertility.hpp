// Fertility (生育). Women of single age a give birth in a month with probability ASFR(a)/12
// (at most one birth a month; twins are not modelled), ASFR constant within each group and
// multiplied by a scale factor: `scale`, or target_tfr / TFR, or the factor that makes the
// expected births of target_births_year equal target_births (solved with the reference model;
// births in a year are linear in the factor because all mothers are already born).
// The newborn is male with probability SRB / (SRB + 100).
// Sources: scenarios/defaults.toml [demography.fertility].
#pragma once

#include <vector>

#include "sim/scenario.hpp"

namespace laoxiao {

class Fertility {
 public:
  explicit Fertility(const FertilityParams& p);

  /// Annual fertility rate of a woman of single age `age` (after scaling).
  double rate(int age) const { return rate_[age]; }
  double male_share_at_birth() const { return male_share_; }
  double scale() const { return scale_; }
  /// Total fertility rate of the scaled schedule.
  double tfr() const;
  void rescale(double factor);

 private:
  std::vector<double> base_;  // unscaled, by single age
  std::vector<double> rate_;
  double scale_ = 1.0;
  double male_share_ = 0.5;
};

}  // namespace laoxiao
