#include "models/demography/mortality.hpp"

#include <cmath>
#include <stdexcept>

#include "core/diagnostics.hpp"
#include "models/demography/age_structure.hpp"
#include "models/demography/life_table.hpp"
#include "models/demography/prevalence.hpp"

namespace laoxiao {

namespace {

ParamFields<MortalityParams> make_fields() {
  using M = MortalityParams;
  ParamFields<M> f("demography.mortality");
  f.field(LAOXIAO_KEY(M, age_groups),
          "Abridged age groups of the death-rate schedule (0, 1-4, 5-9, …, open last group).")
      .required();
  f.field(LAOXIAO_KEY(M, male_mx), "deaths per person-year", 0, 10,
          "Central death rates of males by age group (the annual hazard).", "死亡率")
      .required();
  f.field(LAOXIAO_KEY(M, female_mx), "deaths per person-year", 0, 10,
          "Central death rates of females by age group.", "死亡率")
      .required();
  f.field(LAOXIAO_KEY(M, scale), "factor", 0, 10,
          "Multiplier on all death rates (ignored when target_life_expectancy is set).")
      .required();
  f.field(LAOXIAO_KEY(M, target_life_expectancy), "years", 20, 100,
          "If set, death rates are scaled by one factor so that life expectancy at birth (both "
          "sexes, weighted by the sex ratio at birth) equals this value.",
          "人均预期寿命");
  f.field(LAOXIAO_KEY(M, hazard_ratio_partial), "factor", 1, 50,
          "Death hazard of partially dependent people relative to independent people of the same "
          "age and sex.",
          "半失能")
      .required();
  f.field(LAOXIAO_KEY(M, hazard_ratio_full), "factor", 1, 100,
          "Death hazard of fully dependent people relative to independent people.", "失能")
      .required();
  f.check([](const M& m, const ParamSource& src) {
    const std::string groups = "demography.mortality.age_groups";
    check_covers_ages(src, groups, m.age_groups, 0);
    check_per_group(src, "demography.mortality.male_mx", m.male_mx.size(), groups,
                    m.age_groups.size());
    check_per_group(src, "demography.mortality.female_mx", m.female_mx.size(), groups,
                    m.age_groups.size());
  });
  return f;
}

double e0_both(const MortalityParams& p, double k, double male_share) {
  std::vector<double> m(p.male_mx), f(p.female_mx);
  for (auto& x : m) x *= k;
  for (auto& x : f) x *= k;
  return male_share * life_expectancy_at_birth(p.age_groups, m, LifeTableSex::kMale) +
         (1.0 - male_share) * life_expectancy_at_birth(p.age_groups, f, LifeTableSex::kFemale);
}
}  // namespace

const ParamFields<MortalityParams>& mortality_params() {
  return declared<MortalityParams, make_fields>();
}

Mortality::Mortality(const MortalityParams& p, double male_birth_share,
                     const PrevalenceByAge& prevalence, int entry_age) {
  scale_ = p.scale;
  if (p.target_life_expectancy) {
    const double target = *p.target_life_expectancy;
    double lo = 1e-4, hi = 20.0;  // e0 decreases in k
    if (e0_both(p, lo, male_birth_share) < target || e0_both(p, hi, male_birth_share) > target)
      throw ParamError("demography.mortality.target_life_expectancy",
                       "target life expectancy is out of reach of the death rates");
    for (int it = 0; it < 200 && hi - lo > 1e-13; ++it) {
      const double mid = 0.5 * (lo + hi);
      (e0_both(p, mid, male_birth_share) > target ? lo : hi) = mid;
    }
    scale_ = 0.5 * (lo + hi);
  }
  const double hr[kStates] = {1.0, p.hazard_ratio_partial, p.hazard_ratio_full};
  for (int s = 0; s < kSexes; ++s) {
    const auto& mx = (s == 0) ? p.male_mx : p.female_mx;
    population_[s] = expand_by_age(p.age_groups, mx);
    for (auto& x : population_[s]) x *= scale_;
    for (int st = 0; st < kStates; ++st) hazard_[s][st].assign(kMaxAge + 1, 0.0);
    for (int a = 0; a <= kMaxAge; ++a) {
      double adj = 1.0;
      if (a >= entry_age) {
        const double pp = prevalence.partial[s][a], pf = prevalence.full[s][a];
        adj = (1.0 - pp - pf) + hr[1] * pp + hr[2] * pf;
      }
      for (int st = 0; st < kStates; ++st) hazard_[s][st][a] = population_[s][a] * hr[st] / adj;
    }
    std::vector<double> scaled(mx);
    for (auto& x : scaled) x *= scale_;
    e0_[s] = life_expectancy_at_birth(p.age_groups, scaled,
                                      s == 0 ? LifeTableSex::kMale : LifeTableSex::kFemale);
  }
  e0_both_ = male_birth_share * e0_[0] + (1.0 - male_birth_share) * e0_[1];
}

}  // namespace laoxiao
