#include "models/demography/fertility.hpp"

#include <algorithm>
#include <cmath>

#include "core/units.hpp"
#include "models/demography/age_structure.hpp"

namespace laoxiao {

namespace {

ParamFields<BirthsTarget> make_target_fields() {
  ParamFields<BirthsTarget> f("demography.fertility.births_targets[]");
  f.field(LAOXIAO_KEY(BirthsTarget, year), "year", 2020, 2100, "Calendar year of the births.")
      .required();
  f.field(LAOXIAO_KEY(BirthsTarget, first_month), "month", 1, 12,
          "First month counted (1 = January).")
      .defaults_to(1);
  f.field(LAOXIAO_KEY(BirthsTarget, last_month), "month", 1, 12,
          "Last month counted (12 = December), e.g. 10 for \"1-10月份\".")
      .defaults_to(12);
  f.field(LAOXIAO_KEY(BirthsTarget, births), "births", 0, 1e8,
          "Births in those months, as the source states them.", "出生人口")
      .required();
  return f;
}

ParamFields<FertilityParams> make_fields() {
  using F = FertilityParams;
  ParamFields<F> f("demography.fertility");
  f.field(LAOXIAO_KEY(F, age_groups),
          "Age groups of the fertility schedule (closed groups within 10-54).")
      .required();
  f.field(LAOXIAO_KEY(F, asfr), "births per woman-year", 0, kMaxAsfr,
          "Age-specific fertility rates of the census year (the national pattern).", "年龄别生育率")
      .required();
  f.field(LAOXIAO_KEY(F, sex_ratio_at_birth), "males per 100 females", 80, 150,
          "Sex ratio at birth.", "出生人口性别比")
      .required();
  f.field(LAOXIAO_KEY(F, scale), "factor", 0, 10,
          "Multiplier on the fertility level (ignored when target_tfr is set).")
      .required();
  f.field(LAOXIAO_KEY(F, target_tfr), "births per woman", 0, kMaxTfr,
          "If set, the level is the one whose total fertility rate in the census year equals "
          "this value (instead of the census level); the path still applies.",
          "总和生育率");
  f.field(LAOXIAO_KEY(F, target_births), "births per year", 0, 1e8,
          "Births of the whole year target_births_year, a calibration target (as a "
          "births_targets entry for January-December).",
          "出生人口");
  f.field(LAOXIAO_KEY(F, target_births_year), "year", 2020, 2100,
          "Calendar year to which target_births refers.");
  f.field(LAOXIAO_KEY(F, level_from_census), "",
          "Whether the level comes from the place's census: the infants it counts against the "
          "births the national rates give its women, shrunk towards its children aged 1-4 "
          "(needs baseline groups \"0\" and \"1-4\").")
      .required();
  f.field(LAOXIAO_KEY(F, census_age0_undercount), "share", 0, 0.5,
          "Shortfall of infants in the census against the births of the census year (the "
          "infants are divided by 1 minus it).")
      .required();
  f.field(LAOXIAO_KEY(F, census_children_1_4_per_birth), "children per birth", 0.1, 20,
          "National children aged 1-4 per birth the national rates give the census women.")
      .required();
  f.field(LAOXIAO_KEY(F, census_prior_births), "births", 0, 1e6,
          "Weight, in expected births, of the level shown by children aged 1-4 against the "
          "infants (1 / squared coefficient of variation between counties).")
      .required();
  f.field(LAOXIAO_KEY(F, path_first_year), "year", 1950, 2100,
          "Calendar year of the first path_tfr value.")
      .required();
  f.field(LAOXIAO_KEY(F, path_tfr), "births per woman", 0, 10,
          "Total fertility rate by calendar year from path_first_year: the time path of the "
          "level, relative to the census year (the last value holds after).",
          "总和生育率")
      .required();
  static const ParamFields<BirthsTarget> targets = make_target_fields();
  f.table_array(LAOXIAO_KEY(F, births_targets), targets,
                "Births stated for a year or some of its months: calibration targets met by "
                "adjusting the level of that year.",
                "出生人口");
  f.check([](const F& p, const ParamSource& src) {
    const std::string groups = "demography.fertility.age_groups";
    for (std::size_t i = 0; i < p.age_groups.size(); ++i) {
      const auto& g = p.age_groups[i];
      if (g.open || g.lo < 10 || g.hi > 54)
        src.error(groups, "group '" + g.label + "' must be a closed group within ages 10-54");
      if (i > 0 && g.lo <= p.age_groups[i - 1].hi)
        src.error(groups, "groups overlap at '" + g.label + "'");
    }
    check_per_group(src, "demography.fertility.asfr", p.asfr.size(), groups, p.age_groups.size());
    if (p.target_births && !p.target_births_year)
      src.error("demography.fertility.target_births",
                "needs demography.fertility.target_births_year");
    if (p.target_tfr && p.target_births)
      src.error("demography.fertility.target_births",
                "give at most one of target_tfr and target_births");
    if (src.has("demography.fertility.path_tfr") && p.path_tfr.empty())
      src.error("demography.fertility.path_tfr", "needs at least one value");
    std::vector<int> years;
    if (p.target_births_year) years.push_back(*p.target_births_year);
    for (std::size_t i = 0; i < p.births_targets.size(); ++i) {
      const BirthsTarget& t = p.births_targets[i];
      const std::string k = "demography.fertility.births_targets[" + std::to_string(i) + "]";
      if (t.first_month > t.last_month) src.error(k + ".first_month", "comes after last_month");
      if (std::find(years.begin(), years.end(), t.year) != years.end())
        src.error(k + ".year", "a second births target for " + std::to_string(t.year));
      years.push_back(t.year);
    }
  });
  return f;
}

}  // namespace

const ParamFields<FertilityParams>& fertility_params() {
  return declared<FertilityParams, make_fields>();
}

std::vector<BirthsTarget> births_targets(const FertilityParams& p) {
  std::vector<BirthsTarget> out = p.births_targets;
  if (p.target_births && p.target_births_year)
    out.push_back({*p.target_births_year, 1, 12, *p.target_births});
  std::sort(out.begin(), out.end(),
            [](const BirthsTarget& a, const BirthsTarget& b) { return a.year < b.year; });
  return out;
}

double path_tfr(const FertilityParams& p, int year) {
  if (p.path_tfr.empty()) return 1.0;
  const int i = std::clamp(year - p.path_first_year, 0, static_cast<int>(p.path_tfr.size()) - 1);
  return p.path_tfr[static_cast<std::size_t>(i)];
}

double census_year_tfr(const FertilityParams& p, Month date) {
  double sum = 0;
  for (int k = 1; k <= 12; ++k) sum += path_tfr(p, (date - k).year());
  return sum / 12.0;
}

CensusFertilityLevel census_fertility_level(
    const FertilityParams& p, const std::vector<AgeGroup>& groups, const std::vector<double>& male,
    const std::vector<double>& female, const std::vector<double>& women, double infant_survival) {
  CensusFertilityLevel c;
  int g0 = -1, g14 = -1;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (groups[g].lo == 0 && groups[g].hi == 0) g0 = static_cast<int>(g);
    if (groups[g].lo == 1 && groups[g].hi == 4) g14 = static_cast<int>(g);
  }
  if (g0 < 0 || g14 < 0) return c;
  c.infants = male[static_cast<std::size_t>(g0)] + female[static_cast<std::size_t>(g0)];
  c.children_1_4 = male[static_cast<std::size_t>(g14)] + female[static_cast<std::size_t>(g14)];
  const std::vector<double> asfr = expand_by_age(p.age_groups, p.asfr);
  for (int a = 0; a <= kMaxAge; ++a)
    c.national_rate_births +=
        asfr[static_cast<std::size_t>(a)] * women[static_cast<std::size_t>(a)];
  const double seen = infant_survival * (1.0 - p.census_age0_undercount);
  const double E = c.national_rate_births;
  if (!(E > 0) || !(seen > 0)) return c;
  c.estimated = true;
  c.implied_births = c.infants / seen;
  c.rho0 = c.implied_births / E;
  c.rho14 = c.children_1_4 / E / p.census_children_1_4_per_birth;
  const double prior = std::max(c.rho14, 1e-3);
  const double kappa = p.census_prior_births;
  c.level = (kappa + c.infants) / (kappa / prior + E * seen);
  return c;
}

Fertility::Fertility(const FertilityParams& p, Month date, int first_year, int n_years) {
  base_ = expand_by_age(p.age_groups, p.asfr);
  male_share_ = p.sex_ratio_at_birth / (p.sex_ratio_at_birth + 100.0);
  level_ = p.scale;
  if (p.target_tfr) {
    const double t = base_tfr();
    level_ = t > 0 ? *p.target_tfr / t : 0.0;
  }
  const double ref = census_year_tfr(p, date);
  path_.assign(static_cast<std::size_t>(n_years), 1.0);
  for (int y = 0; y < n_years; ++y)
    path_[static_cast<std::size_t>(y)] = ref > 0 ? path_tfr(p, first_year + y) / ref : 1.0;
  adjustment_.assign(static_cast<std::size_t>(n_years), 1.0);
  factor_ = path_;
}

void Fertility::set_adjustment(int y, double a) {
  adjustment_[static_cast<std::size_t>(y)] = a;
  factor_[static_cast<std::size_t>(y)] = path_[static_cast<std::size_t>(y)] * a;
}

double Fertility::base_tfr() const {
  double t = 0;
  for (double r : base_) t += r;
  return t;
}

double Fertility::max_tfr() const {
  double m = 0;
  for (int y = 0; y < years(); ++y) m = std::max(m, tfr(y));
  return m;
}

double Fertility::max_rate() const {
  double m = 0;
  for (int y = 0; y < years(); ++y)
    for (std::size_t a = 0; a < base_.size(); ++a) m = std::max(m, rate(y, static_cast<int>(a)));
  return m;
}

double Fertility::tfr(int y) const {
  return base_tfr() * level_ * factor_[static_cast<std::size_t>(y)];
}

bool Fertility::claims(int y, int row, int age, int sex, int, CellAlternatives& out) const {
  if (row == kEntryRow || sex != 1 || !(rate(y, age) > 0)) return false;
  out.outcome = {Outcome::kBirth, Outcome::kNone};
  out.probability = {monthly_probability_from_event_rate(RatePerYear{rate(y, age)}).value, 0.0};
  return true;
}

}  // namespace laoxiao
