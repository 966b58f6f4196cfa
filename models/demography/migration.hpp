// Net migration (迁移), optional. A net rate r per 1,000 people per year by age group applies to
// both sexes: r < 0 makes each person leave in a month with probability 1 - exp(r/12000)
// (a departure hazard); r > 0 makes each person bring one arrival of the same birth month, sex,
// disability state, residence and township with probability r/12000, so arrivals follow the
// place's own composition. Departures and arrivals happen at the end of the month.
// Keys: [demography.migration] (declared in migration.cpp).
#pragma once

#include <array>
#include <vector>

#include "core/params.hpp"
#include "models/demography/types.hpp"

namespace laoxiao {

struct MigrationParams {
  std::vector<AgeGroup> age_groups;  // empty when migration is off
  std::vector<double> net_rate;      // per 1,000 per year
  bool enabled() const { return !age_groups.empty(); }
};

const ParamFields<MigrationParams>& migration_params();

class Migration {
 public:
  explicit Migration(const MigrationParams& p);
  bool enabled() const { return enabled_; }
  /// Monthly probability of leaving / of bringing an arrival, at single age.
  double departure(int age) const { return departure_[age]; }
  double arrival(int age) const { return arrival_[age]; }

 private:
  bool enabled_ = false;
  std::vector<double> departure_, arrival_;
};

}  // namespace laoxiao
