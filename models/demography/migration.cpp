#include "models/demography/migration.hpp"

#include "models/demography/age_structure.hpp"
#include "sim/units.hpp"

namespace laoxiao {

Migration::Migration(const MigrationParams& p)
    : departure_(kMaxAge + 1, 0.0), arrival_(kMaxAge + 1, 0.0) {
  if (!p.enabled()) return;
  enabled_ = true;
  const std::vector<double> rate = expand_by_age(p.groups, p.net_rate);
  for (int a = 0; a <= kMaxAge; ++a) {
    const double per_person = rate[a] / 1000.0;
    if (per_person < 0)
      departure_[a] = monthly_probability_from_hazard(RatePerYear{-per_person}).value;
    else
      arrival_[a] = monthly_probability_from_event_rate(RatePerYear{per_person}).value;
  }
}

}  // namespace laoxiao
