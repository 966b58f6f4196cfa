#include "sim/compiled.hpp"

#include <sstream>

#include <cmath>
#include <exception>

#include "core/parallel.hpp"
#include "models/demography/life_table.hpp"
#include "models/reference/cohort_component.hpp"

namespace laoxiao {

namespace {

[[noreturn]] void throw_at(const Scenario& s, const std::string& key, const std::string& message) {
  Diagnostics d;
  d.error(s.position(key), key, message);
  throw InputError(d);
}

/// A target solved into a schedule no population has had is refused where it was set: the
/// target scales every rate, so the solved schedule must stay within the input's own bounds.
void check_fertility_bounds(const Scenario& s, const Fertility& f) {
  const auto& fe = s.demography.fertility;
  const std::string key = fe.target_births ? "demography.fertility.target_births"
                          : fe.target_tfr  ? "demography.fertility.target_tfr"
                                           : "demography.fertility.scale";
  std::ostringstream o;
  o.precision(4);
  if (f.tfr() > kMaxTfr + 1e-9)
    o << "gives a total fertility rate of " << f.tfr() << " births per woman, above " << kMaxTfr;
  else if (f.max_rate() > kMaxAsfr + 1e-9)
    o << "gives a fertility rate of " << f.max_rate() << " births per woman-year at one age, above "
      << kMaxAsfr;
  else
    return;
  o << " (fertility scale " << f.scale() << "); the population cannot produce this";
  throw_at(s, key, o.str());
}

/// Death rates whose life table cannot close (no deaths in the open group, or a life
/// expectancy beyond any population's) describe no population: refused at the rates.
void check_life_table(const Scenario& s, const Mortality& m) {
  for (int sex = 0; sex < kSexes; ++sex)
    if (std::isnan(m.life_expectancy(sex)))
      throw_at(s, sex == 0 ? "demography.mortality.male_mx" : "demography.mortality.female_mx",
               "these death rates (times demography.mortality.scale) give no life table: the "
               "open age group needs a rate above 0 and life expectancy must stay below " +
                   std::to_string(static_cast<int>(kMaxLifeExpectancy)) + " years");
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
  check_fertility_bounds(s, c.model->fertility());
  check_life_table(s, c.model->mortality());
  c.capacity =
      std::make_unique<CapacityModel>(s.capacity, s.horizon.start, townships_or_all(s.baseline));
  if (!c.capacity->empty())
    c.care = std::make_unique<CareSetup>(
        *c.capacity, Demand(s.care.elder, s.care.childcare, s.demography.disability.entry_age),
        s.care.staffing, s.care.allocation);
  return c;
}

std::vector<CompiledScenario> compile_all(const std::vector<Scenario>& scenarios) {
  std::vector<CompiledScenario> out(scenarios.size());
  // The error of the first place that has one, whichever thread finds it first: the same
  // message on every run.
  std::vector<std::exception_ptr> errors(scenarios.size());
  parallel_for(std::size_t{0}, scenarios.size(), [&](std::size_t i) {
    try {
      out[i] = compile(scenarios[i]);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  });
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  return out;
}

}  // namespace laoxiao
