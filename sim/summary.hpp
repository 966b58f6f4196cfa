// From the replicates of a scenario to what is reported: the reference projection, every
// catalog indicator by replicate and year, the check table, the plan audit, and the derived
// care figures (diagnostics, costs). Writers and reports only read it.
#pragma once

#include <array>
#include <vector>

#include "models/care/audit.hpp"
#include "models/care/checks.hpp"
#include "models/care/outcomes.hpp"
#include "models/demography/tallies.hpp"
#include "sim/compiled.hpp"
#include "sim/task.hpp"

namespace laoxiao {

struct ScenarioSummary {
  DemographicTallies reference;  // expected people (not for the places of a batch)
  IndicatorSeries indicators;    // catalog id -> [replicate][year]
  std::vector<CheckRow> checks;
  std::vector<AuditFinding> audit;                 // not for the places of a batch
  std::vector<std::vector<CareDiagnostics>> care;  // [replicate][year], with a care model
  std::vector<std::array<double, 2>> capital;      // [year]: investment, subsidies
};

/// Every modelled catalog indicator for each replicate and year.
IndicatorSeries compute_indicators(const std::vector<ReplicateResult>& results, int n_years);

/// The per-head indicators (per 1,000 elderly or residents) on the registered (户籍) basis of a
/// plan that states its registered population (registered_population): each replicate's value
/// times resident / registered people, the ratio taken in the stated year from that replicate's
/// simulated residents at the end of the year and held for the other years. Empty without a
/// stated registered population in the horizon; `rule` says how the values were converted.
IndicatorSeries registered_series(const Plan& plan, const IndicatorSeries& resident,
                                  const std::vector<ReplicateResult>& results, int first_year,
                                  int n_years, std::string& rule);

/// For each indicator with an echo (indicator_echoes): 1 in the replicate-years where its value
/// was set by demand parameters alone (nobody waited), 0 elsewhere.
IndicatorSeries unconstrained_years(const std::vector<ReplicateResult>& results, int n_years);

/// The summary of a scenario's replicates (in replicate order). The places of a batch share
/// their template: no reference projection or audit each.
ScenarioSummary summarize(const CompiledScenario& c, const std::vector<ReplicateResult>& results);

}  // namespace laoxiao
