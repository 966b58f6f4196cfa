#include "models/demography/migration.hpp"

#include "core/units.hpp"
#include "models/demography/age_structure.hpp"

namespace laoxiao {

namespace {

ParamFields<MigrationParams> make_fields() {
  using M = MigrationParams;
  ParamFields<M> f("demography.migration");
  f.field(LAOXIAO_KEY(M, age_groups),
          "Age groups of the net migration rates (contiguous from 0, last open).");
  f.field(LAOXIAO_KEY(M, net_rate), "per 1,000 people per year", -500, 500,
          "Net migration by age group: negative rates are departures, positive rates are "
          "arrivals in proportion to the people of the same age, sex and state.",
          "净迁移率");
  f.check([](const M& m, const ParamSource& src) {
    const std::string groups = "demography.migration.age_groups";
    const std::string rates = "demography.migration.net_rate";
    if (src.has(groups) != src.has(rates)) {
      src.error(src.has(groups) ? rates : groups, "migration needs both age_groups and net_rate");
      return;
    }
    check_covers_ages(src, groups, m.age_groups, 0);
    check_per_group(src, rates, m.net_rate.size(), groups, m.age_groups.size());
  });
  return f;
}

}  // namespace

const ParamFields<MigrationParams>& migration_params() {
  return declared<MigrationParams, make_fields>();
}

Migration::Migration(const MigrationParams& p)
    : departure_(kMaxAge + 1, 0.0), arrival_(kMaxAge + 1, 0.0) {
  if (!p.enabled()) return;
  enabled_ = true;
  const std::vector<double> rate = expand_by_age(p.age_groups, p.net_rate);
  for (int a = 0; a <= kMaxAge; ++a) {
    const double per_person = rate[a] / 1000.0;
    if (per_person < 0)
      departure_[a] = monthly_probability_from_hazard(RatePerYear{-per_person}).value;
    else
      arrival_[a] = monthly_probability_from_event_rate(RatePerYear{per_person}).value;
  }
}

}  // namespace laoxiao
