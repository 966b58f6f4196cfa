// The population a place starts from: counts by age group and sex on the baseline date (the
// 2020 census for the built-in scenarios), the urban share and the townships (乡镇/街道).
// Keys: [baseline] (declared in baseline.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/age_group.hpp"
#include "core/calendar.hpp"
#include "core/params.hpp"

namespace laoxiao {

struct Township {
  std::string name;
  double share{};
  bool urban{};
};

struct BaselinePopulation {
  Month date;
  std::string population_basis;  // resident (常住) or registered (户籍)
  std::vector<AgeGroup> age_groups;
  std::vector<double> male, female;  // persons by age group
  std::optional<double> total;       // as stated by the source, checked against the counts
  double urban_share{};
  std::vector<Township> townships;  // none given: one township "all"

  double people() const;
  /// People aged `from` and over (groups starting at or above it).
  double people_from(int from) const;
};

const ParamFields<BaselinePopulation>& baseline_params();

/// The townships of a place: the declared ones, or a single "all".
std::vector<Township> townships_or_all(const BaselinePopulation& b);

}  // namespace laoxiao
