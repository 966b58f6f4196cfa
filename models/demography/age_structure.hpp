// Grouped census counts -> single years of age.
//
// Closed groups: the cumulative count is interpolated at integer ages with a monotone cubic
// Hermite spline (Fritsch-Butland tangents) through the group boundaries, so every single-year
// count is non-negative and every group keeps its census total exactly (the "mono" method of
// demographic graduation). Where the national cohort sizes are known (`cohort_shape`), a closed
// group is split in proportion to them instead, so that the sizes of neighbouring cohorts (the
// 1959-61 birth trough, the 1962-65 boom) survive within each group. The open top group (e.g.
// 85+) is split in proportion to the stationary life-table population L(x) of the place's own
// death rates.
// Keys of the cohort shape: [demography.age_detail] (declared in age_structure.cpp).
#pragma once

#include <vector>

#include "core/age_group.hpp"
#include "core/calendar.hpp"
#include "core/params.hpp"

namespace laoxiao {

/// National births by calendar year, the size of each cohort at birth (年度出生人口).
struct AgeDetailParams {
  int cohort_births_first_year{};
  std::vector<double> cohort_births;  // persons, one per calendar year from the first
};

const ParamFields<AgeDetailParams>& age_detail_params();

/// Relative size of the cohort aged a (completed years) at `date`, for a = 0..kMaxAge: the
/// births of the twelve birth months of that age, times l(a) of `hazard_by_age` (annual death
/// hazard by single age). NaN where a birth month lies outside the known years.
std::vector<double> cohort_shape(const AgeDetailParams& p, Month date,
                                 const std::vector<double>& hazard_by_age);

/// Counts by single age 0..kMaxAge. `hazard_by_age` (size kMaxAge+1, annual death hazard)
/// shapes the open group; `cohort` (from cohort_shape, or empty) the closed groups whose every
/// age it knows.
std::vector<double> graduate_counts(const std::vector<AgeGroup>& groups,
                                    const std::vector<double>& counts,
                                    const std::vector<double>& hazard_by_age,
                                    const std::vector<double>& cohort = {});

/// Expands a grouped schedule (rates) to single ages: each age takes its group's value;
/// ages outside every group take `outside`.
std::vector<double> expand_by_age(const std::vector<AgeGroup>& groups,
                                  const std::vector<double>& values, double outside = 0.0);

}  // namespace laoxiao
