#include "models/demography/migration.hpp"

#include "core/units.hpp"
#include "models/demography/age_structure.hpp"

namespace laoxiao {

namespace {

ParamFields<ResidentsTarget> make_target_fields() {
  ParamFields<ResidentsTarget> f("demography.migration.resident_targets[]");
  f.field(LAOXIAO_KEY(ResidentsTarget, year), "year", 2020, 2100,
          "Calendar year at whose end the residents are stated.")
      .required();
  f.field(LAOXIAO_KEY(ResidentsTarget, residents), "persons", 1, 2e9,
          "Resident population (常住人口) on 31 December of the year.", "常住人口")
      .required();
  return f;
}

ParamFields<MigrationParams> make_fields() {
  using M = MigrationParams;
  ParamFields<M> f("demography.migration");
  f.field(LAOXIAO_KEY(M, age_groups),
          "Age groups of the net migration rates (contiguous from 0, last open).");
  f.field(LAOXIAO_KEY(M, net_rate), "per 1,000 people per year", -500, 500,
          "Net migration of both sexes by age group: negative rates are departures, positive "
          "rates are arrivals in proportion to the people of the same age, sex and state.",
          "净迁移率");
  f.field(LAOXIAO_KEY(M, net_rate_male), "per 1,000 people per year", -500, 500,
          "Net migration of males by age group (with net_rate_female, instead of net_rate).",
          "净迁移率");
  f.field(LAOXIAO_KEY(M, net_rate_female), "per 1,000 people per year", -500, 500,
          "Net migration of females by age group.", "净迁移率");
  f.field(LAOXIAO_KEY(M, scale), "factor", 0, 10, "Multiplier on every net migration rate.")
      .required();
  f.field(LAOXIAO_KEY(M, from_census), "",
          "Whether a place built from census rows (baseline.census_codes) takes the rates "
          "estimated for its counties from the 2010 and 2020 censuses, when it gives none.")
      .required();
  f.field(LAOXIAO_KEY(M, census_estimates_table),
          "CSV of the estimated rates by county code, in the folder of baseline.census_table.")
      .required();
  static const ParamFields<ResidentsTarget> targets = make_target_fields();
  f.table_array(LAOXIAO_KEY(M, resident_targets), targets,
                "Residents stated for the end of a year: calibration targets met by scaling "
                "net migration in the years since the previous target.",
                "常住人口");
  f.check([](const M& m, const ParamSource& src) {
    const std::string groups = "demography.migration.age_groups";
    const std::string rates = "demography.migration.net_rate";
    const bool both = src.has(rates);
    const bool by_sex = src.has("demography.migration.net_rate_male") ||
                        src.has("demography.migration.net_rate_female");
    if (src.has(groups) != (both || by_sex)) {
      src.error(
          src.has(groups) ? rates : groups,
          "migration needs both age_groups and net_rate (or net_rate_male and net_rate_female)");
      return;
    }
    if (both && by_sex)
      src.error(rates, "give net_rate or net_rate_male and net_rate_female, not both");
    if (by_sex && (m.net_rate_male.empty() || m.net_rate_female.empty()))
      src.error("demography.migration.net_rate_male",
                "give both net_rate_male and net_rate_female");
    if (!src.has(groups)) {
      if (!m.resident_targets.empty())
        src.error("demography.migration.resident_targets",
                  "resident targets scale net migration: give its rates (or census rows with "
                  "estimates)");
      return;
    }
    check_covers_ages(src, groups, m.age_groups, 0);
    if (both) check_per_group(src, rates, m.net_rate.size(), groups, m.age_groups.size());
    const std::pair<const char*, const std::vector<double>*> by_sex_rates[] = {
        {"net_rate_male", &m.net_rate_male}, {"net_rate_female", &m.net_rate_female}};
    for (const auto& [k, v] : by_sex_rates) {
      const std::string key = std::string("demography.migration.") + k;
      if (src.has(key)) check_per_group(src, key, v->size(), groups, m.age_groups.size());
    }
    for (std::size_t i = 1; i < m.resident_targets.size(); ++i)
      if (m.resident_targets[i].year <= m.resident_targets[i - 1].year)
        src.error("demography.migration.resident_targets[" + std::to_string(i) + "].year",
                  "resident targets must follow each other in time");
  });
  return f;
}

}  // namespace

const ParamFields<MigrationParams>& migration_params() {
  return declared<MigrationParams, make_fields>();
}

Migration::Migration(const MigrationParams& p, int n_years)
    : year_scale_(static_cast<std::size_t>(n_years), 1.0) {
  for (auto& b : base_) b.assign(kMaxAge + 1, 0.0);
  if (!p.enabled()) return;
  enabled_ = true;
  for (int s = 0; s < kSexes; ++s) {
    const auto& r =
        p.net_rate.empty() ? (s == 0 ? p.net_rate_male : p.net_rate_female) : p.net_rate;
    const std::vector<double> rate = expand_by_age(p.age_groups, r);
    for (int a = 0; a <= kMaxAge; ++a)
      base_[s][static_cast<std::size_t>(a)] = p.scale * rate[static_cast<std::size_t>(a)] / 1000.0;
  }
}

double Migration::departure(int y, int sex, int age) const {
  const double r = net_rate(y, sex, age);
  return r < 0 ? monthly_probability_from_hazard(RatePerYear{-r}).value : 0.0;
}

double Migration::arrival(int y, int sex, int age) const {
  const double r = net_rate(y, sex, age);
  return r > 0 ? monthly_probability_from_event_rate(RatePerYear{r}).value : 0.0;
}

}  // namespace laoxiao
