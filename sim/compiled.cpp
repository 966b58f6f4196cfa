#include "sim/compiled.hpp"

#include "core/parallel.hpp"
#include "models/reference/cohort_component.hpp"

namespace laoxiao {

namespace {

[[noreturn]] void throw_at(const Scenario& s, const std::string& key, const std::string& message) {
  Diagnostics d;
  d.error(s.position(key), key, message);
  throw InputError(d);
}

}  // namespace

CompiledScenario compile(const Scenario& s) {
  CompiledScenario c;
  c.scenario = s;
  try {
    c.model = std::make_unique<DemographyModel>(s.baseline, s.demography, s.horizon);
  } catch (const ParamError& e) {
    throw_at(s, e.key(), e.what());
  }
  const auto& fe = s.demography.fertility;
  if (fe.target_births && fe.target_births_year) {
    const DemographicTallies t = project_expected(*c.model, *fe.target_births_year);
    const int y = *fe.target_births_year - s.horizon.first_year();
    const double births = t.births[t.ys(y, 0)] + t.births[t.ys(y, 1)];
    if (births <= 0)
      throw_at(s, "demography.fertility.target_births",
               "no births are expected at all, so no scale can reach the target");
    c.model->rescale_fertility(*fe.target_births / births);
  }
  c.capacity =
      std::make_unique<CapacityModel>(s.capacity, s.horizon.start, townships_or_all(s.baseline));
  if (!c.capacity->empty())
    c.care = std::make_unique<CareSetup>(
        *c.capacity,
        Demand(s.care.elder, s.care.childcare, s.demography.disability.entry_age,
               s.horizon.first_year(), s.horizon.n_years()),
        s.care.staffing, s.care.allocation);
  return c;
}

std::vector<CompiledScenario> compile_all(const std::vector<Scenario>& scenarios) {
  std::vector<CompiledScenario> out(scenarios.size());
  parallel_for(std::size_t{0}, scenarios.size(),
               [&](std::size_t i) { out[i] = compile(scenarios[i]); });
  return out;
}

}  // namespace laoxiao
