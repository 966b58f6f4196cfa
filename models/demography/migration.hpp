// Net migration (迁移). A net rate r per 1,000 people per year by age group and sex (net_rate
// for both sexes, or net_rate_male and net_rate_female), times `scale` and the calibration
// scale of the year: r < 0 makes each person leave in a month with probability
// 1 - exp(r/12000) (a departure hazard); r > 0 makes each person bring one arrival of the same
// birth month, sex, disability state, residence and township with probability r/12000, so
// arrivals follow the place's own composition. Departures and arrivals happen at the end of
// the month.
//
// Places built from census rows (baseline.census_codes) take their rates from the 2010-2020
// census estimates of each county (from_census, census_estimates_table; rows summed with their
// 2020 population as weights) unless the scenario gives rates itself. Resident totals stated
// for a year (resident_targets) are met by a scale of the years since the previous target
// (sim/compiled.cpp).
// Keys: [demography.migration] (declared in migration.cpp); sources: scenarios/defaults.toml.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "core/params.hpp"
#include "models/demography/types.hpp"

namespace laoxiao {

/// Residents (常住人口) stated for the end of a year, a calibration target.
struct ResidentsTarget {
  int year{};
  double residents{};
};

struct MigrationParams {
  std::vector<AgeGroup> age_groups;  // empty when migration is off
  std::vector<double> net_rate;      // per 1,000 per year, both sexes
  std::vector<double> net_rate_male, net_rate_female;
  double scale{};
  bool from_census{};
  std::string census_estimates_table;
  std::vector<ResidentsTarget> resident_targets;
  bool enabled() const { return !age_groups.empty(); }
};

const ParamFields<MigrationParams>& migration_params();

class Migration {
 public:
  Migration(const MigrationParams& p, int n_years);
  bool enabled() const { return enabled_; }
  /// Net rate per person per year in year index y, every scale applied.
  double net_rate(int y, int sex, int age) const {
    return base_[sex][static_cast<std::size_t>(age)] * year_scale_[static_cast<std::size_t>(y)];
  }
  /// Monthly probability of leaving / of bringing an arrival in year index y.
  double departure(int y, int sex, int age) const;
  double arrival(int y, int sex, int age) const;
  double year_scale(int y) const { return year_scale_[static_cast<std::size_t>(y)]; }
  void set_year_scale(int y, double s) { year_scale_[static_cast<std::size_t>(y)] = s; }
  int years() const { return static_cast<int>(year_scale_.size()); }

 private:
  bool enabled_ = false;
  std::array<std::vector<double>, kSexes> base_;  // per person per year, `scale` applied
  std::vector<double> year_scale_;
};

}  // namespace laoxiao
