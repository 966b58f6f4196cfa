// The plan audit: what does not fit inside a plan, each finding naming the figures, their places
// in the document and the rule that fired. The rules are one function each, run from a table
// (audit_rules()); each judges what it finds:
//   contradiction  two statements of the plan cannot both be true;
//   inconsistency  the plan's figures do not fit together or with what it funds, its population
//                  or the national standards (a plan may still explain it);
//   note           worth knowing, not wrong (different definitions or bases, approximate
//                  agreement, figures far from the projection).
//
// Figures are compared only within their stated precision (half a unit of the last digit
// written, scaled by 万/亿; "约", "左右", "近", "余" widen it to 5%), only on one population
// basis (registered 户籍 with registered, resident 常住 with resident; the conversion is shown
// otherwise), and two figures of different definitions are not contradictions. One finding per
// fact: findings of one rule over the same figures are merged.
#pragma once

#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "models/care/allocation.hpp"
#include "models/care/capacity.hpp"
#include "models/care/checks.hpp"
#include "models/care/plan.hpp"
#include "models/demography/baseline.hpp"
#include "models/demography/tallies.hpp"

namespace laoxiao {

struct AuditFigure {
  std::string key, text, location;
};

struct AuditFinding {
  std::string rule;
  std::string severity;  // contradiction | inconsistency | note
  std::string message;
  std::vector<AuditFigure> figures;
};

/// What the audit reads.
struct AuditInputs {
  const Plan& plan;
  const CapacityPlan& capacity;
  const BaselinePopulation& baseline;    // the census counts at the start
  Month start;                           // the first simulated month
  const DemographicTallies& projection;  // census-based reference projection (expected people)
  const StaffingParams& staffing;        // the national staffing standards (or the plan's)
  /// The simulated indicators ([replicate][year]) for the uncertainty of population figures;
  /// null when the audit runs without a simulation.
  const IndicatorSeries* simulated = nullptr;
};

struct AuditContext;  // models/care/audit_context.hpp

struct AuditRule {
  const char* name;
  const char* description;
  void (*run)(const AuditContext&, std::vector<AuditFinding>&);
};

/// Every rule, in the order the audit runs them.
const std::vector<AuditRule>& audit_rules();

std::vector<AuditFinding> audit_plan(const AuditInputs& in);

std::string format_finding(const AuditFinding& f);

/// Half a unit of the last digit written in `text` (whole numbers: 0.5), scaled by a 万 or 亿
/// right after the number; 5% of the value where the text says it is approximate.
double stated_precision(const std::string& text, double value);

}  // namespace laoxiao
