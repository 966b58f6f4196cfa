// Care diagnostics of each replicate-year (staff needed, unmet demand, waits, care subsidies)
// and the capital costs of the places that open; the care parameters of a place together.
// Keys: [policy] (declared in outcomes.cpp).
#pragma once

#include <array>
#include <vector>

#include "models/care/allocation.hpp"
#include "models/care/capacity.hpp"
#include "models/care/care_year.hpp"
#include "models/care/demand.hpp"

namespace laoxiao {

/// Which new places a per-place subsidy is paid on.
enum class SubsidyPlaces { kSafetyNetAndAffordable = 0, kEligibleProjects = 1 };
/// Who receives the monthly care subsidies.
enum class CareSubsidyRecipients { kExtremePoverty = 0, kLowIncomeFamilies = 1 };

/// Subsidies as the plans and national programmes word them: amounts and their scope.
struct PolicyParams {
  double subsidy_per_new_slot{}, subsidy_per_new_bed{};
  SubsidyPlaces new_place_subsidy_for{};
  double monthly_care_subsidy_full{}, monthly_care_subsidy_partial{};
  CareSubsidyRecipients care_subsidy_for{};
};

const ParamFields<PolicyParams>& policy_params();

/// Every care parameter of a place.
struct CareParams {
  ElderDemandParams elder;
  ChildcareDemandParams childcare;
  StaffingParams staffing;
  PolicyParams policy;
  AllocationParams allocation;
};

/// Care diagnostics of one replicate-year (people units).
struct CareDiagnostics {
  double caregivers_needed = 0;       // elder-care workers for the residents, scenario ratios
  double childcare_staff_needed = 0;  // carers for the enrolled children, class ratios
  double unmet_elderly = 0;           // wanting a bed and waiting at the year end
  double unmet_children = 0;
  double mean_wait_admitted_elderly = 0;  // months, admissions of the year (NaN if none)
  double mean_wait_admitted_children = 0;
  double care_subsidy_yuan =
      0;  // monthly care subsidies in the year (NaN: recipients not modelled)
};

CareDiagnostics diagnostics(const CareYear& year, const CareYear* previous, int months,
                            const StaffingParams& staffing, const PolicyParams& policy);

/// Capital and subsidy costs of the places opening in each calendar year (deterministic):
/// [year][0] investment (10k yuan) of projects, [1] central subsidies for new safety-net and
/// affordable places (yuan).
std::vector<std::array<double, 2>> capital_costs(const CapacityModel& cap, const CapacityPlan& plan,
                                                 const PolicyParams& policy, int first_year,
                                                 int n_years);

}  // namespace laoxiao
