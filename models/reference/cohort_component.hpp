// The reference model: a deterministic cohort-component projection of the processes of the
// agent model, with expected values instead of draws, computed by its own code.
//
// It reads of the compiled place only its raw inputs: the baseline population by single age
// and sex (the graduated census counts, the starting point), the scenario's parameters and the
// numbers the compile step solved (DemographyModel::calibration(): mortality scale and Brass
// level, fertility level and yearly adjustments, migration scales). From these it computes
// itself, sharing no table with the agent kernel: the death rates of each year (trend, Brass
// transform, the split by disability state), the single-age disability prevalence, the
// disability transitions (solved again for stationarity), the fertility and migration rates,
// and every monthly probability. A mistake in either implementation, or in the sampler, makes
// the two disagree (tests/test_statistical.cpp).
//
// State: people by birth-month cohort x sex x disability state (a row vector of 3 per cohort
// and sex). Each month, for each cohort and sex: deaths, then among survivors the disability
// transitions (or the state drawn in the month the entry age is reached) and births (to cohort
// t+1, split by the sex ratio at birth), then migration at the end of the month.
#pragma once

#include "models/demography/demography.hpp"
#include "models/demography/tallies.hpp"

namespace laoxiao {

/// Expected tallies (in people) of the scenario's demography over its horizon. When
/// `stop_after_year` is set, the projection stops at the end of that year.
DemographicTallies project_expected(const DemographyModel& m, int stop_after_year = 0);

}  // namespace laoxiao
