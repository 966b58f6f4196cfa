#include "sim/summary.hpp"

#include <cmath>
#include <cstdio>

#include "models/reference/cohort_component.hpp"

namespace laoxiao {

IndicatorSeries compute_indicators(const std::vector<ReplicateResult>& results, int n_years) {
  IndicatorSeries out;
  // Life tables once per replicate, not once per indicator.
  std::vector<std::vector<double>> e0s;
  for (const auto& r : results) e0s.push_back(period_life_expectancy(r.tallies));
  for (const auto& def : indicator_catalog()) {
    if (def.cls == IndicatorClass::kExogenous) continue;
    auto& series = out[def.id];
    series.assign(results.size(), std::vector<double>(static_cast<std::size_t>(n_years)));
    for (std::size_t k = 0; k < results.size(); ++k) {
      const auto& e0 = e0s[k];
      for (int y = 0; y < n_years; ++y) {
        const auto& cy = results[k].care_years;
        const CareYear* c = static_cast<int>(cy.size()) > y ? &cy[y] : nullptr;
        series[k][y] = indicator_value(def, IndicatorInputs{results[k].tallies, y, e0, c});
      }
    }
  }
  return out;
}

IndicatorSeries registered_series(const Plan& plan, const IndicatorSeries& resident,
                                  const std::vector<ReplicateResult>& results, int first_year,
                                  int n_years, std::string& rule) {
  IndicatorSeries out;
  rule.clear();
  const auto reg = registered_population(plan);
  if (!reg || results.empty()) return out;
  const int y0 = reg->year - first_year;
  if (y0 < 0 || y0 >= n_years) return out;
  constexpr int kElderlyAge = 60;  // the plans' 60周岁及以上
  // Simulated residents / stated registered people in the stated year, per replicate.
  std::vector<double> per_elderly, per_resident;
  double mean_elderly = 0, mean_total = 0;
  const double n = static_cast<double>(results.size());
  for (const auto& r : results) {
    const double e = population_at_year_end(r.tallies, y0, kElderlyAge, kMaxAge);
    const double t = population_at_year_end(r.tallies, y0, 0, kMaxAge);
    per_elderly.push_back(e / reg->elderly);
    per_resident.push_back(reg->total > 0 ? t / reg->total : 0.0);
    mean_elderly += e / n;
    mean_total += t / n;
  }
  for (const auto& def : indicator_catalog()) {
    const bool elderly = def.unit == "per_1000_elderly";
    if (!(elderly || def.unit == "per_1000_residents") || !resident.count(def.id)) continue;
    if (!elderly && reg->total <= 0) continue;
    const auto& res = resident.at(def.id);
    auto& series = out[def.id];
    for (std::size_t k = 0; k < results.size(); ++k) {
      series.push_back(res[k]);
      for (double& v : series.back()) v *= elderly ? per_elderly[k] : per_resident[k];
    }
  }
  char b[256];
  rule = reg->rule;
  std::snprintf(b, sizeof b,
                "; per 1,000 elderly x %.4f (%.0f simulated residents 60+ at the end of %d, mean "
                "over replicates)",
                mean_elderly / reg->elderly, mean_elderly, reg->year);
  rule += b;
  if (reg->total > 0) {
    std::snprintf(b, sizeof b, "; per 1,000 residents x %.4f (%.0f simulated residents)",
                  mean_total / reg->total, mean_total);
    rule += b;
  }
  rule += "; the ratio of that year held for the others";
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
  // A life expectancy the mortality level is calibrated to is met by construction in its year.
  const MortalityParams& mort = s.demography.mortality;
  if (mort.target_life_expectancy) {
    const int year = mort.target_life_expectancy_year.value_or(s.horizon.first_year());
    auto same = [&](const std::optional<double>& v) {
      return v && std::fabs(*v - *mort.target_life_expectancy) < 1e-9;
    };
    for (const PlanIndicator& ind : s.plan.indicators) {
      if (ind.id != "life_expectancy") continue;
      bool stated = ind.baseline.year == year && same(ind.baseline.value);
      for (const PlanTarget& t : ind.targets) stated = stated || (t.year == year && same(t.value));
      if (stated)
        ctx.assumptions.push_back(
            {ind.key, year, "demography.mortality.target_life_expectancy (the level calibrated)"});
    }
  }
  ctx.unconstrained = unconstrained_years(results, n_years);
  ctx.registered = registered_series(s.plan, out.indicators, results, s.horizon.first_year(),
                                     n_years, ctx.registered_rule);
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
