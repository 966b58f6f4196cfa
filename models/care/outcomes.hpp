// Year-end outcomes of one replicate: every catalog indicator (models/care/indicators.hpp)
// and the care diagnostics (occupancy, unmet demand, waiting, staff needed, costs).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "models/care/allocation.hpp"
#include "models/care/indicators.hpp"
#include "sim/tallies.hpp"

namespace laoxiao {

/// The value of a catalog indicator at the end of year index `y`; NaN when it cannot be
/// computed (e.g. a share of beds when there are no beds, or any care indicator without a
/// care model). `care` may be null.
double indicator_value(const std::string& id, int y, const DemographicTallies& t,
                       const std::vector<double>& life_expectancy, const CareYear* care);

/// Care diagnostics of one replicate-year (people units).
struct CareDiagnostics {
  double caregivers_needed = 0;       // elder-care workers for the residents, scenario ratios
  double childcare_staff_needed = 0;  // carers for the enrolled children, class ratios
  double unmet_elderly = 0;           // wanting a bed and waiting at the year end
  double unmet_children = 0;
  double mean_wait_admitted_elderly = 0;  // months, admissions of the year (NaN if none)
  double mean_wait_admitted_children = 0;
  double care_subsidy_yuan = 0;  // monthly care subsidies to dependent 特困 people in the year
};

CareDiagnostics diagnostics(const CareYear& year, const CareYear* previous, int months,
                            const CareParams& p);

/// Capital and subsidy costs of the places opening in each calendar year (deterministic):
/// [year][0] investment (10k yuan) of projects, [1] central subsidies for new safety-net and
/// affordable places (yuan).
std::vector<std::array<double, 2>> capital_costs(const CapacityModel& cap, const CareParams& p,
                                                 int first_year, int n_years);

}  // namespace laoxiao
