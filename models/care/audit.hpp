// The plan audit: contradictions inside a plan, each naming the figures and where they stand.
//
// Rules:
//   conflicting-targets  two different targets for the same indicator and year (rows linked by
//                        catalog id, by `same_as`, or by identical names), or the same figure
//                        with different comparators;
//   conflicting-values   two different stated values (baselines, facts) for the same quantity
//                        and year;
//   ratio                a stated ratio (per 1,000 elderly / residents, a share) that does not
//                        match its stated numerator and denominator; where the plan states no
//                        denominator, the census-based projection stands in (and says so);
//   shortfall            stock plus listed projects cannot reach a capacity target (totals,
//                        per-1,000 ratios, the nursing-bed share) by its year;
//   shares               tier shares that do not add up (safety-net + affordable + market = 100,
//                        the combined share = the sum of its parts);
//   population           a population figure far (>10%) from the census-based projection, or
//                        inconsistent with another (65+ against 60+);
//   copied-column        a place's baseline identical to its region's column in most rows.
#pragma once

#include <string>
#include <vector>

#include "models/care/capacity.hpp"
#include "models/care/plan.hpp"
#include "models/demography/tallies.hpp"

namespace laoxiao {

struct AuditFigure {
  std::string key, text, location;
};

struct AuditFinding {
  std::string rule;
  std::string severity;  // contradiction | shortfall | note
  std::string message;
  std::vector<AuditFigure> figures;
};

/// Runs every rule (one function each, from a table) on a plan, its capacity as stated and as
/// modelled, and `projection`, the census-based reference projection of the place (expected
/// people by year).
std::vector<AuditFinding> audit_plan(const Plan& plan, const CapacityPlan& capacity,
                                     const CapacityModel& model,
                                     const DemographicTallies& projection);

std::string format_finding(const AuditFinding& f);

}  // namespace laoxiao
