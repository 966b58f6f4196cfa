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
          "Central death rates of males by age group in base_year (the annual hazard).", "死亡率")
      .required();
  f.field(LAOXIAO_KEY(M, female_mx), "deaths per person-year", 0, 10,
          "Central death rates of females by age group in base_year.", "死亡率")
      .required();
  f.field(LAOXIAO_KEY(M, base_year), "year", 1950, 2100,
          "Calendar year to which male_mx and female_mx refer.")
      .required();
  f.field(LAOXIAO_KEY(M, male_improvement), "per year", -0.2, 0.2,
          "Annual rate of decline of the male death rate of each age group: the rate of year t "
          "is m(x) exp(-r(x) (t - base_year)).")
      .required();
  f.field(LAOXIAO_KEY(M, female_improvement), "per year", -0.2, 0.2,
          "Annual rate of decline of the female death rate of each age group.")
      .required();
  f.field(LAOXIAO_KEY(M, scale), "factor", 0, 10,
          "Multiplier on all death rates (ignored when target_life_expectancy is set).")
      .required();
  f.field(LAOXIAO_KEY(M, target_life_expectancy), "years", 20, 100,
          "If set, the place's level: one Brass relational logit shift of the schedule (both "
          "sexes, every year) makes the pooled both-sex life expectancy at birth of "
          "target_life_expectancy_year equal this value.",
          "人均预期寿命");
  f.field(LAOXIAO_KEY(M, target_life_expectancy_year), "year", 1950, 2100,
          "Calendar year of target_life_expectancy; the first simulated year when absent.");
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
    const std::pair<const char*, const std::vector<double>*> per_group[] = {
        {"male_mx", &m.male_mx},
        {"female_mx", &m.female_mx},
        {"male_improvement", &m.male_improvement},
        {"female_improvement", &m.female_improvement}};
    for (const auto& [k, v] : per_group)
      check_per_group(src, std::string("demography.mortality.") + k, v->size(), groups,
                      m.age_groups.size());
    if (m.age_groups.size() < 3 || m.age_groups[0].label != "0" || m.age_groups[1].label != "1-4")
      src.error(groups, "the life table needs the groups \"0\" and \"1-4\" first");
  });
  return f;
}

LifeTableSex table_sex(int sex) {
  return sex == 0 ? LifeTableSex::kMale : LifeTableSex::kFemale;
}

}  // namespace

const ParamFields<MortalityParams>& mortality_params() {
  return declared<MortalityParams, make_fields>();
}

std::vector<double> mortality_schedule(const MortalityParams& p, int sex, int year, double scale,
                                       double alpha) {
  const auto& mx = sex == 0 ? p.male_mx : p.female_mx;
  const auto& r = sex == 0 ? p.male_improvement : p.female_improvement;
  std::vector<double> m(mx.size());
  for (std::size_t g = 0; g < mx.size(); ++g)
    m[g] = scale * mx[g] * std::exp(-r[g] * (year - p.base_year));
  return brass_relational(p.age_groups, m, alpha, table_sex(sex));
}

std::vector<double> pooled_rates(const std::vector<double>& male, const std::vector<double>& female,
                                 const std::vector<double>& male_weight) {
  std::vector<double> out(male.size());
  for (std::size_t g = 0; g < male.size(); ++g)
    out[g] = male_weight[g] * male[g] + (1.0 - male_weight[g]) * female[g];
  return out;
}

Mortality::Mortality(const MortalityParams& p,
                     const std::array<std::vector<double>, kSexes>& population,
                     const PrevalenceByAge& prevalence, int entry_age, int first_year, int n_years)
    : first_year_(first_year) {
  // Sex weights of the pooled table: the baseline population of each group (an even split
  // where a group is empty).
  for (const AgeGroup& g : p.age_groups) {
    double m = 0, all = 0;
    for (int a = g.lo; a <= g.hi; ++a) {
      m += population[0][static_cast<std::size_t>(a)];
      all +=
          population[0][static_cast<std::size_t>(a)] + population[1][static_cast<std::size_t>(a)];
    }
    male_weight_.push_back(all > 0 ? m / all : 0.5);
  }
  auto pooled_e0 = [&](int year, double scale, double alpha) {
    return life_expectancy_at_birth(
        p.age_groups,
        pooled_rates(mortality_schedule(p, 0, year, scale, alpha),
                     mortality_schedule(p, 1, year, scale, alpha), male_weight_),
        LifeTableSex::kBoth);
  };
  scale_ = p.scale;
  if (p.target_life_expectancy) {
    scale_ = 1.0;
    const double target = *p.target_life_expectancy;
    const int year = p.target_life_expectancy_year.value_or(first_year);
    // Levels within two logits of the schedule (e0 about 31 to 97 around the 2020 national
    // one): beyond, the shape of the schedule says nothing about the place.
    double lo = -2.0, hi = 2.0;  // e0 decreases in alpha
    // A table that does not close (NaN) stands above every target: its rates are too low.
    const auto above = [&](double alpha) {
      const double e = pooled_e0(year, 1.0, alpha);
      return std::isnan(e) || e > target;
    };
    if (!above(lo) || above(hi))
      throw ParamError("demography.mortality.target_life_expectancy",
                       "target life expectancy is out of reach of the death rates");
    for (int it = 0; it < 200 && hi - lo > 1e-14; ++it) {
      const double mid = 0.5 * (lo + hi);
      (above(mid) ? lo : hi) = mid;
    }
    alpha_ = 0.5 * (lo + hi);
  }
  const double hr[kStates] = {1.0, p.hazard_ratio_partial, p.hazard_ratio_full};
  hazard_.resize(static_cast<std::size_t>(n_years));
  population_.resize(static_cast<std::size_t>(n_years));
  e0_.resize(static_cast<std::size_t>(n_years));
  for (int y = 0; y < n_years; ++y) {
    const int year = first_year + y;
    std::array<std::vector<double>, kSexes> sched;
    for (int s = 0; s < kSexes; ++s) {
      sched[s] = mortality_schedule(p, s, year, scale_, alpha_);
      auto& pop = population_[static_cast<std::size_t>(y)][s];
      pop = expand_by_age(p.age_groups, sched[s]);
      auto& hz = hazard_[static_cast<std::size_t>(y)][s];
      for (int st = 0; st < kStates; ++st) hz[st].assign(kMaxAge + 1, 0.0);
      for (int a = 0; a <= kMaxAge; ++a) {
        double adj = 1.0;
        if (a >= entry_age) {
          const double pp = prevalence.partial[s][a], pf = prevalence.full[s][a];
          adj = (1.0 - pp - pf) + hr[1] * pp + hr[2] * pf;
        }
        for (int st = 0; st < kStates; ++st) hz[st][a] = pop[a] * hr[st] / adj;
      }
      e0_[static_cast<std::size_t>(y)][s] =
          life_expectancy_at_birth(p.age_groups, sched[s], table_sex(s));
    }
    e0_[static_cast<std::size_t>(y)][2] = life_expectancy_at_birth(
        p.age_groups, pooled_rates(sched[0], sched[1], male_weight_), LifeTableSex::kBoth);
  }
}

}  // namespace laoxiao
