// What every result must satisfy before it may be written: no NaN or infinity where a count is
// promised (population, births, deaths, exposure, migrants, places, people in care), no negative
// count, no more places occupied than open, life expectancy within the bounds of a life table
// (0 < e0 < kMaxLifeExpectancy) or NaN where it cannot be computed, indicators finite or NaN
// (never infinite) and occupancy at most 100%. A violation is a failure of the run (exit code
// 1) naming the dataset, never a silent file: it would mean a bug, not a bad input.
#pragma once

#include <stdexcept>
#include <vector>

#include "sim/runner.hpp"

namespace laoxiao {

struct InvariantViolation : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Checks every scenario's results and summary; throws InvariantViolation on the first
/// impossible number, naming the scenario, the dataset (as in docs/HDF5-LAYOUT.md), the
/// replicate and the year.
void check_invariants(const std::vector<ScenarioRun>& runs);

/// The checks of one scenario (the place id names it in messages).
void check_invariants(const ScenarioRun& run);

/// NaN (documented as not computable) or within (0, kMaxLifeExpectancy); `where` names the
/// value in the message.
void check_life_expectancy(const std::string& where, double e0);

}  // namespace laoxiao
