#include "models/demography/demography.hpp"

#include <algorithm>
#include <cmath>

#include "core/diagnostics.hpp"
#include "core/units.hpp"
#include "models/demography/age_structure.hpp"

namespace laoxiao {

namespace {
ParamFields<PovertyParams> make_poverty_fields() {
  ParamFields<PovertyParams> f("demography.poverty");
  using P = PovertyParams;
  f.field(LAOXIAO_KEY(P, extreme_poverty_share), "share", 0, 1,
          "Share of people aged entry_age and over under extreme-poverty support (特困人员) in "
          "the reference population.",
          "特困人员占比")
      .required();
  f.field(LAOXIAO_KEY(P, rural_share), "share", 0, 1,
          "Share of 特困 people who live in rural areas (农村特困人员).", "农村特困人员占比")
      .required();
  f.field(LAOXIAO_KEY(P, dependent_share), "share", 0, 1,
          "Share of 特困 people partially or fully dependent (丧失生活自理能力).")
      .required();
  f.field(LAOXIAO_KEY(P, reference_urban_share), "share", 0.01, 0.99,
          "Urban share of the reference population the 特困 shares are stated for.")
      .required();
  f.field(LAOXIAO_KEY(P, reference_dependent_share), "share", 0.001, 0.99,
          "Dependent share of people aged entry_age and over in the reference population.")
      .required();
  f.check([](const P& p, const ParamSource& src) {
    const auto pr = poverty_probabilities(p);
    for (const auto& by_state : pr)
      for (double x : by_state)
        if (x > 1.0) {
          src.error("demography.poverty.extreme_poverty_share",
                    "the probability of 特困 support of rural dependent people exceeds 100%");
          return;
        }
  });
  return f;
}

double relative_odds(double share_among, double share_reference) {
  const double s = std::clamp(share_among, 1e-9, 1.0 - 1e-9);
  return (s / (1.0 - s)) * ((1.0 - share_reference) / share_reference);
}
}  // namespace

std::array<std::array<double, kStates>, 2> poverty_probabilities(const PovertyParams& p) {
  // rural_share = (1-u) R_r / (u + (1-u) R_r), and likewise for dependence.
  const double u = p.reference_urban_share, d = p.reference_dependent_share;
  const double rr_rural = relative_odds(p.rural_share, 1.0 - u);
  const double rr_dep = relative_odds(p.dependent_share, d);
  const double mix = (u + (1.0 - u) * rr_rural) * ((1.0 - d) + d * rr_dep);
  const double k = p.extreme_poverty_share / mix;
  std::array<std::array<double, kStates>, 2> out{};
  for (int urban = 0; urban < 2; ++urban)
    for (int st = 0; st < kStates; ++st)
      out[urban][st] = k * (urban ? 1.0 : rr_rural) * (st > 0 ? rr_dep : 1.0);
  return out;
}

const ParamFields<PovertyParams>& poverty_params() {
  return declared<PovertyParams, make_poverty_fields>();
}

const std::vector<ProcessInfo>& kernel_processes() {
  static const std::vector<ProcessInfo> order = {
      {"ageing", "age derives from the birth month; nothing to do", Stream::kDemography},
      {"mortality", "death with the monthly probability of the person's age, sex and state",
       Stream::kDemography},
      {"disability", "survivors change disability state; on reaching the entry age, draw it",
       Stream::kDemography},
      {"fertility", "surviving women 15-49 give birth; newborns join at age 0 next month",
       Stream::kDemography},
  };
  return order;
}

double infant_survival_to_census(const Mortality& m, double male_share) {
  double s0 = 0;
  for (int s = 0; s < kSexes; ++s) {
    const double h = m.population_hazard(0, s)[0];
    s0 += (s == 0 ? male_share : 1.0 - male_share) * (h > 0 ? -std::expm1(-h) / h : 1.0);
  }
  return s0;
}

DemographyModel::DemographyModel(const BaselinePopulation& baseline, const DemographyParams& d,
                                 const Horizon& horizon)
    : baseline_(baseline),
      params_(d),
      horizon_(horizon),
      fertility_(d.fertility, horizon.start, horizon.first_year(), horizon.n_years()),
      migration_(d.migration, horizon.n_years()) {
  for (int sex = 0; sex < kSexes; ++sex) {
    const auto& mx = sex == 0 ? d.mortality.male_mx : d.mortality.female_mx;
    const std::vector<double> hazard = expand_by_age(d.mortality.age_groups, mx);
    by_age_[sex] = graduate_counts(baseline.age_groups, sex == 0 ? baseline.male : baseline.female,
                                   hazard, cohort_shape(d.age_detail, horizon.start, hazard));
  }
  const DisabilityParams& di = d.disability;
  for (int sex = 0; sex < kSexes; ++sex) {
    LevelsByAge levels = graduate_prevalence(di.age_groups, di.partial_prevalence(sex),
                                             di.full_prevalence(sex), di.entry_age, by_age_[sex]);
    prevalence_.partial[sex] = std::move(levels.partial);
    prevalence_.full[sex] = std::move(levels.full);
  }
  mortality_ = std::make_unique<Mortality>(d.mortality, by_age_, prevalence_, di.entry_age,
                                           horizon.first_year(), horizon.n_years());
  transitions_ = std::make_unique<DisabilityTransitions>(d.disability, prevalence_, *mortality_);
  if (d.fertility.level_from_census) {
    census_fertility_ = census_fertility_level(
        d.fertility, baseline.age_groups, baseline.male, baseline.female, by_age_[1],
        infant_survival_to_census(*mortality_, fertility_.male_share_at_birth()));
    if (!census_fertility_.estimated)
      throw ParamError("demography.fertility.level_from_census",
                       "the level from the census needs baseline age groups \"0\" and \"1-4\" "
                       "and women aged 15-49; give them, or set level_from_census = false");
    if (!d.fertility.target_tfr) fertility_.set_level(census_fertility_.level * d.fertility.scale);
  }
  kernels_.resize(static_cast<std::size_t>(n_years()));
  p_.resize(static_cast<std::size_t>(n_years()));
  for (int y = 0; y < n_years(); ++y) build_kernel(y);
  male_threshold_ = probability_threshold(fertility_.male_share_at_birth());
  const auto poverty = poverty_probabilities(params_.poverty);
  for (int urban = 0; urban < 2; ++urban)
    for (int st = 0; st < kStates; ++st)
      poverty_threshold_[urban][st] = probability_threshold(poverty[urban][st]);
  urban_threshold_ = probability_threshold(baseline_.urban_share);
  double cum = 0;
  const auto towns = townships_or_all(baseline_);
  for (std::size_t i = 0; i < towns.size(); ++i) {
    cum += towns[i].share;
    township_thresholds_.push_back(i + 1 == towns.size() ? 0xFFFFFFFFu
                                                         : probability_threshold(cum));
  }
}

DemographyCalibration DemographyModel::calibration() const {
  DemographyCalibration c;
  c.mortality_scale = mortality_->scale();
  c.mortality_level = mortality_->level();
  c.fertility_level = fertility_.level();
  for (int y = 0; y < n_years(); ++y) {
    c.fertility_adjustment.push_back(fertility_.adjustment(y));
    c.migration_scale.push_back(migration_.year_scale(y));
  }
  return c;
}

void DemographyModel::set_fertility_adjustment(int y, double adjustment) {
  fertility_.set_adjustment(y, adjustment);
  build_kernel(y);
}

void DemographyModel::set_migration_scale(int y, double scale) {
  migration_.set_year_scale(y, scale);
  build_kernel(y);
}

double DemographyModel::p_male_birth() const {
  return threshold_probability(male_threshold_);
}

std::array<double, kStates> DemographyModel::synthesis_state_probabilities(int age_months,
                                                                           int sex) const {
  if (age_months <= entry_age_months()) return {1.0, 0.0, 0.0};
  const int age = std::min(age_months / 12, kMaxAge);
  const double pp = prevalence_.partial[sex][age], pf = prevalence_.full[sex][age];
  return {1.0 - pp - pf, pp, pf};
}

void DemographyModel::build_kernel(int y) {
  const int entry = entry_age();
  KernelTable& k = kernels_[static_cast<std::size_t>(y)];
  k.tm_max = 0;
  auto& p = p_[static_cast<std::size_t>(y)];
  // The processes acting on survivors, in the order they claim cells (kernel.hpp).
  const KernelProcess* const processes[] = {transitions_.get(), &fertility_};
  for (int row = 0; row < kAgeRows; ++row) {
    const int age = row == kEntryRow ? entry : row;
    for (int sex = 0; sex < kSexes; ++sex) {
      const Eigen::Vector3d q = monthly_death_probabilities(*mortality_, y, age, sex);
      for (int st = 0; st < kStates; ++st) {
        const int c = cell_index(row, sex, st);
        CellAlternatives alt;
        for (const KernelProcess* proc : processes)
          if (proc->claims(y, row, age, sex, st, alt)) break;
        const double p1 = alt.probability[0], p2 = alt.probability[1];
        const double qd = q[st];
        const double c0 = qd, c1 = c0 + (1.0 - qd) * p1, c2 = c1 + (1.0 - qd) * p2;
        k.t0[c] = probability_threshold(c0);
        k.t1[c] = probability_threshold(c1);
        k.t2[c] = probability_threshold(c2);
        k.alt1[c] = p1 > 0 ? alt.outcome[0] : Outcome::kNone;
        k.alt2[c] = p2 > 0 ? alt.outcome[1] : Outcome::kNone;
        // Migration from the top of the word, above everything else (kernel.hpp).
        const double leave = migration_.departure(y, sex, age);
        const double arrive = migration_.arrival(y, sex, age);
        const double pm = std::min((1.0 - qd) * (leave + arrive), 1.0 - c2);
        k.tm[c] = probability_threshold(pm);
        k.tm_max = std::max(k.tm_max, k.tm[c]);
        k.migrate[c] = !(pm > 0) ? Outcome::kNone : leave > 0 ? Outcome::kLeave : Outcome::kArrive;
        p[0][c] = threshold_probability(k.t0[c]);
        p[1][c] = threshold_probability(k.t1[c]) - p[0][c];
        p[2][c] = threshold_probability(k.t2[c]) - threshold_probability(k.t1[c]);
        p[3][c] = threshold_probability(k.tm[c]);
      }
    }
  }
}

}  // namespace laoxiao
