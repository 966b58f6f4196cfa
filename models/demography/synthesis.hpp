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

/// Agents a place's store may hold: agent ids are 32-bit.
inline constexpr std::size_t kMaxAgentSlots = 0xFFFFFFF0u;

/// Expected people at the baseline by sex and age in completed months (0..kAgeMonths-1).
std::array<std::vector<double>, kSexes> expected_baseline_by_age_month(const DemographyModel& m);

/// Fills `store` with the agents of one replicate; returns the number of agents.
std::size_t synthesize(const DemographyModel& m, const RngKey& key, double sample,
                       PopulationStore& store);

/// What a simulation of the place will hold, in people (times the sample for agents).
struct ExpectedVolume {
  double additions = 0;      // births and arrivals over the horizon (each takes a slot)
  double person_months = 0;  // people alive, summed over the months of the horizon
};

/// The expected volume, from a yearly single-age projection of the population hazards, the
/// fertility schedule and the migration rates: growth compounds (births of those born in the
/// horizon, arrivals that bring arrivals), so a high-growth scenario over a long horizon is
/// sized as it will grow. Cheap (ages x years), for memory estimates and progress.
ExpectedVolume expected_volume(const DemographyModel& m);

/// Slots synthesis reserves in the store: the baseline agents and the expected additions with
/// a margin (six standard deviations), so that the store does not grow during a run.
inline std::size_t store_reserve(std::size_t baseline_agents, double additions) {
  // Saturates at the store's bound: growth over a long horizon can exceed any size_t.
  const double slots =
      static_cast<double>(baseline_agents) + additions * 1.1 + 6.0 * std::sqrt(additions) + 4096;
  return slots < static_cast<double>(kMaxAgentSlots) ? static_cast<std::size_t>(slots)
                                                     : kMaxAgentSlots;
}
}  // namespace laoxiao
