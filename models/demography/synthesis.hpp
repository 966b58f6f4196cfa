// Synthesis of a place's baseline population.
//
// For each census group and sex, the number of agents is people x sample, stochastically
// rounded (exact at sample 1 for integer counts). The agents of a group are spread over the
// birth months of the group by systematic sampling with a random start, in proportion to the
// graduated single-age counts (one twelfth per month of age), so every birth month receives
// its expected share and the group keeps its count. Agents are laid out oldest first. Each
// agent then draws, from its own counter (stream kSynthesis, counter = agent id): disability
// state from the prevalence at its age (ages above the entry age; those exactly at it draw in
// the first month), urban residence, township and extreme-poverty support (by residence and
// state, models/demography/demography.hpp).
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <vector>

#include "core/population.hpp"
#include "core/rng.hpp"
#include "models/demography/demography.hpp"

namespace laoxiao {

inline constexpr int kAgeMonths = (kMaxAge + 1) * 12;

/// Expected people at the baseline by sex and age in completed months (0..kAgeMonths-1).
std::array<std::vector<double>, kSexes> expected_baseline_by_age_month(const DemographyModel& m);

/// Fills `store` with the agents of one replicate; returns the number of agents.
std::size_t synthesize(const DemographyModel& m, const RngKey& key, double sample,
                       PopulationStore& store);

/// Agents expected to be born over the horizon (for reserving the store).
double expected_births_over_horizon(const DemographyModel& m, double sample);

/// Slots synthesis reserves in the store: the baseline agents and the expected births with a
/// margin (six standard deviations), so that the store does not grow during a run.
inline std::size_t store_reserve(std::size_t baseline_agents, double births) {
  return baseline_agents + static_cast<std::size_t>(births * 1.1 + 6.0 * std::sqrt(births)) + 4096;
}

}  // namespace laoxiao
