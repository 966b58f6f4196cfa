#include "sim/summary.hpp"

#include "models/reference/cohort_component.hpp"

namespace laoxiao {

IndicatorSeries compute_indicators(const std::vector<ReplicateResult>& results, int n_years) {
  IndicatorSeries out;
  for (const auto& def : indicator_catalog()) {
    if (def.cls == IndicatorClass::kExogenous) continue;
    auto& series = out[def.id];
    series.assign(results.size(), std::vector<double>(static_cast<std::size_t>(n_years)));
    for (std::size_t k = 0; k < results.size(); ++k) {
      const auto e0 = period_life_expectancy(results[k].tallies);
      for (int y = 0; y < n_years; ++y) {
        const auto& cy = results[k].care_years;
        const CareYear* c = static_cast<int>(cy.size()) > y ? &cy[y] : nullptr;
        series[k][y] = indicator_value(def, IndicatorInputs{results[k].tallies, y, e0, c});
      }
    }
  }
  return out;
}

IndicatorSeries unconstrained_years(const std::vector<ReplicateResult>& results, int n_years) {
  IndicatorSeries out;
  for (const IndicatorEcho& e : indicator_echoes()) {
    auto& series = out[e.id];
    for (const auto& r : results) {
      auto& rep = series.emplace_back(static_cast<std::size_t>(n_years), 0.0);
      for (int y = 0; y < n_years && y < static_cast<int>(r.care_years.size()); ++y)
        rep[static_cast<std::size_t>(y)] = e.unconstrained(r.care_years[y]) ? 1.0 : 0.0;
    }
  }
  return out;
}

ScenarioSummary summarize(const CompiledScenario& c, const std::vector<ReplicateResult>& results) {
  const Scenario& s = c.scenario;
  const int n_years = s.horizon.n_years();
  ScenarioSummary out;
  const bool batch = !s.batch.empty();
  if (!batch) out.reference = project_expected(*c.model);
  out.indicators = compute_indicators(results, n_years);
  CheckContext ctx;
  ctx.assumptions = capacity_assumptions(s.capacity);
  ctx.unconstrained = unconstrained_years(results, n_years);
  if (s.draws_parameters()) {
    for (const auto& p : s.uncertain) ctx.drawn.push_back(p.key);
    for (const auto& r : results) ctx.levels.push_back(r.parameter_levels);
  }
  out.checks = build_checks(s.plan, out.indicators, s.horizon.first_year(), n_years, ctx);
  if (!batch)
    out.audit = audit_plan(AuditInputs{s.plan, s.capacity, s.baseline, s.horizon.start,
                                       out.reference, s.care.staffing, &out.indicators});
  if (c.care) {
    for (const auto& r : results) {
      auto& years = out.care.emplace_back();
      for (int y = 0; y < n_years; ++y) {
        const CareYear* prev = y > 0 ? &r.care_years[y - 1] : nullptr;
        years.push_back(diagnostics(r.care_years[y], prev, r.tallies.months[y], s.care.staffing,
                                    s.care.policy));
      }
    }
    out.capital =
        capital_costs(*c.capacity, s.capacity, s.care.policy, s.horizon.first_year(), n_years);
  }
  return out;
}

}  // namespace laoxiao
