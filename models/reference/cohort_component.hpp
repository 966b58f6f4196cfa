// The reference model: a deterministic cohort-component projection of exactly the processes
// of the agent model, with expected values instead of draws.
//
// State: people by birth-month cohort x sex x disability state (a row vector of 3 per cohort
// and sex), starting from the expected synthesized population. Each month, for each cohort and
// sex, the 3x3 matrix M with M(s, s') = P(survive the month and end in s' | s), built from the
// same cell probabilities the agent kernel realises (DemographyModel::p_death/p_alt1/p_alt2),
// advances the row vector (v <- v M); deaths, births (to cohort t+1, split by the sex ratio at
// birth) and migration follow the same order. Because agents are independent given the
// parameters, the mean of the agent model over replicates converges to this projection: the
// statistical test in tests/statistical_test.cpp holds the two together.
#pragma once

#include "models/demography/demography.hpp"
#include "models/demography/tallies.hpp"

namespace laoxiao {

/// Expected tallies (in people) of the scenario's demography over its horizon. When
/// `stop_after_year` is set, the projection stops at the end of that year.
DemographicTallies project_expected(const DemographyModel& m, int stop_after_year = 0);

}  // namespace laoxiao
