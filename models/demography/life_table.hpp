// Abridged period life table (Preston, Heuveline & Guillot 2001, ch. 3): Coale-Demeny a0 and
// 4a1 by sex, constant hazard within the 5-year groups, L = l/m for the open group. The same
// function turns input death rates into life expectancy (for scaling) and simulated deaths and
// exposures into the period life expectancy written to the output.
#pragma once

#include <vector>

#include "core/age_group.hpp"

namespace laoxiao {

enum class LifeTableSex { kMale, kFemale, kBoth };

/// Life expectancy at birth from central death rates by the given groups. The groups must be
/// 0, 1-4, then closed groups, then an open group. Rates that are not finite make the result
/// NaN.
double life_expectancy_at_birth(const std::vector<AgeGroup>& groups, const std::vector<double>& mx,
                                LifeTableSex sex);

}  // namespace laoxiao
