// Abridged period life table (Preston, Heuveline & Guillot 2001, ch. 3): Coale-Demeny a0 and
// 4a1 by sex, constant hazard within the 5-year groups, L = l/m for the open group. The same
// function turns input death rates into life expectancy (for the local level) and simulated
// deaths and exposures into the period life expectancy written to the output. Both sexes
// together (kBoth) are a pooled table: the rates of the whole population (deaths of both sexes
// over the exposure of both), with the mean of the male and female separation factors, which
// is how official life expectancy (人均预期寿命) is computed.
//
// Brass's relational logit model (Brass 1971; UN Manual X, 1983, ch. I) moves a schedule to
// another level while keeping its shape: with Y(x) = 0.5 ln((1 - l(x)) / l(x)),
//   Y*(x) = alpha + Y(x)          (beta = 1),
// alpha < 0 lowering mortality at every age.
#pragma once

#include <vector>

#include "core/age_group.hpp"

namespace laoxiao {

/// Above any life expectancy a population has had (the highest national figures are below 90):
/// a table that gives more has too few deaths to close, and its e0 is NaN.
inline constexpr double kMaxLifeExpectancy = 120.0;

enum class LifeTableSex { kMale, kFemale, kBoth };

/// Life expectancy at birth from central death rates by the given groups. The groups must be
/// 0, 1-4, then closed groups, then an open group. The probability of dying in a group is
/// capped at 1 (the Coale-Demeny and 4a1 formulas exceed it for death rates above 1/a): the
/// table then closes in that group, with L = l/m. The result is in (0, kMaxLifeExpectancy), or
/// NaN when the table cannot be computed: a rate that is negative or not finite, an open group
/// with no deaths, or a table that does not close below kMaxLifeExpectancy.
double life_expectancy_at_birth(const std::vector<AgeGroup>& groups, const std::vector<double>& mx,
                                LifeTableSex sex);

/// Survivors l(x) at the start of each group (l(0) = 1), by the same rules.
std::vector<double> survivorship(const std::vector<AgeGroup>& groups, const std::vector<double>& mx,
                                 LifeTableSex sex);

/// Central death rates of the schedule whose survivors are the Brass transform (alpha, beta = 1)
/// of those of `mx`. The open group's rate moves with the last closed group's.
std::vector<double> brass_relational(const std::vector<AgeGroup>& groups,
                                     const std::vector<double>& mx, double alpha, LifeTableSex sex);

}  // namespace laoxiao
