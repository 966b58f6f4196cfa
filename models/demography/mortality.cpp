#include "models/demography/mortality.hpp"

#include <cmath>
#include <stdexcept>

#include "models/demography/age_structure.hpp"
#include "models/demography/disability.hpp"
#include "models/demography/life_table.hpp"

namespace laoxiao {

namespace {
double e0_both(const MortalityParams& p, double k, double male_share) {
  std::vector<double> m(p.male_mx), f(p.female_mx);
  for (auto& x : m) x *= k;
  for (auto& x : f) x *= k;
  return male_share * life_expectancy_at_birth(p.groups, m, LifeTableSex::kMale) +
         (1.0 - male_share) * life_expectancy_at_birth(p.groups, f, LifeTableSex::kFemale);
}
}  // namespace

Mortality::Mortality(const MortalityParams& p, double male_birth_share,
                     const PrevalenceByAge& prevalence, int entry_age) {
  scale_ = p.scale;
  if (p.target_life_expectancy) {
    const double target = *p.target_life_expectancy;
    double lo = 1e-4, hi = 20.0;  // e0 decreases in k
    if (e0_both(p, lo, male_birth_share) < target || e0_both(p, hi, male_birth_share) > target)
      throw std::invalid_argument("target life expectancy is out of reach of the death rates");
    for (int it = 0; it < 200 && hi - lo > 1e-13; ++it) {
      const double mid = 0.5 * (lo + hi);
      (e0_both(p, mid, male_birth_share) > target ? lo : hi) = mid;
    }
    scale_ = 0.5 * (lo + hi);
  }
  const double hr[kStates] = {1.0, p.hazard_ratio_partial, p.hazard_ratio_full};
  for (int s = 0; s < kSexes; ++s) {
    const auto& mx = (s == 0) ? p.male_mx : p.female_mx;
    population_[s] = expand_by_age(p.groups, mx);
    for (auto& x : population_[s]) x *= scale_;
    for (int st = 0; st < kStates; ++st) hazard_[s][st].assign(kMaxAge + 1, 0.0);
    for (int a = 0; a <= kMaxAge; ++a) {
      double adj = 1.0;
      if (a >= entry_age) {
        const double pp = prevalence.partial[a], pf = prevalence.full[a];
        adj = (1.0 - pp - pf) + hr[1] * pp + hr[2] * pf;
      }
      for (int st = 0; st < kStates; ++st) hazard_[s][st][a] = population_[s][a] * hr[st] / adj;
    }
    std::vector<double> scaled(mx);
    for (auto& x : scaled) x *= scale_;
    e0_[s] = life_expectancy_at_birth(p.groups, scaled,
                                      s == 0 ? LifeTableSex::kMale : LifeTableSex::kFemale);
  }
  e0_both_ = male_birth_share * e0_[0] + (1.0 - male_birth_share) * e0_[1];
}

}  // namespace laoxiao
