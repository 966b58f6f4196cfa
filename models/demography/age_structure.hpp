// Grouped census counts -> single years of age.
//
// Closed groups: the cumulative count is interpolated at integer ages with a monotone cubic
// Hermite spline (Fritsch-Butland tangents) through the group boundaries, so every single-year
// count is non-negative and every group keeps its census total exactly (the "mono" method of
// demographic graduation). The open top group (e.g. 85+) is split in proportion to the
// stationary life-table population L(x) of the place's own death rates.
#pragma once

#include <vector>

#include "core/age_group.hpp"

namespace laoxiao {

/// Counts by single age 0..kMaxAge. `hazard_by_age` (size kMaxAge+1, annual death hazard)
/// shapes the open group.
std::vector<double> graduate_counts(const std::vector<AgeGroup>& groups,
                                    const std::vector<double>& counts,
                                    const std::vector<double>& hazard_by_age);

/// Expands a grouped schedule (rates) to single ages: each age takes its group's value;
/// ages outside every group take `outside`.
std::vector<double> expand_by_age(const std::vector<AgeGroup>& groups,
                                  const std::vector<double>& values, double outside = 0.0);

}  // namespace laoxiao
