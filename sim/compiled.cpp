#include "sim/compiled.hpp"

#include <cmath>
#include <exception>
#include <sstream>

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
  if (f.max_tfr() > kMaxTfr + 1e-9)
    o << "gives a total fertility rate of " << f.max_tfr() << " births per woman, above "
      << kMaxTfr;
  else if (f.max_rate() > kMaxAsfr + 1e-9)
    o << "gives a fertility rate of " << f.max_rate() << " births per woman-year at one age, above "
      << kMaxAsfr;
  else
    return;
  o << "; the population cannot produce this";
  throw_at(s, key, o.str());
}

/// Death rates whose life table cannot close (no deaths in the open group, or a life
/// expectancy beyond any population's) describe no population: refused at the rates.
void check_life_table(const Scenario& s, const DemographyModel& d) {
  const Mortality& m = d.mortality();
  for (int y = 0; y < d.n_years(); ++y)
    for (int sex = 0; sex < kSexes; ++sex)
      if (std::isnan(m.life_expectancy(y, sex)))
        throw_at(s, sex == 0 ? "demography.mortality.male_mx" : "demography.mortality.female_mx",
                 "these death rates (times demography.mortality.scale) give no life table: the "
                 "open age group needs a rate above 0 and life expectancy must stay below " +
                     std::to_string(static_cast<int>(kMaxLifeExpectancy)) + " years");
}

double residents_at_end(const DemographicTallies& t, int y) {
  double v = 0;
  const std::size_t per_year = DemographicTallies::kAges * kSexes * kStates;
  for (std::size_t i = 0; i < per_year; ++i)
    v += t.population_end[static_cast<std::size_t>(y) * per_year + i];
  return v;
}

/// Resident totals: the scale of net migration in the years after the previous target (or from
/// the start) up to the target's year, found by the secant method on the reference projection.
void meet_resident_targets(const Scenario& s, DemographyModel& m,
                           std::vector<CalibrationRecord>& out) {
  const auto& targets = s.demography.migration.resident_targets;
  const int first = s.horizon.first_year();
  int from = 0;  // first year index the next scale applies to
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const ResidentsTarget& t = targets[i];
    const std::string key = "demography.migration.resident_targets[" + std::to_string(i) + "]";
    const int y = t.year - first;
    if (y < from || y >= m.n_years())
      throw_at(s, key + ".year", "not a simulated year after the previous target");
    auto residents = [&](double scale) {
      for (int k = from; k < m.n_years(); ++k) m.set_migration_scale(k, scale);
      return residents_at_end(project_expected(m, t.year), y);
    };
    CalibrationRecord r{"residents", key, t.year, 12, 12, t.residents, 0, 0, 1};
    double s0 = m.migration().year_scale(from), r0 = residents(s0);
    r.before = r0;
    double s1 = s0 + 0.5, r1 = residents(s1);
    for (int it = 0; it < 30 && std::fabs(r1 - t.residents) > 0.5; ++it) {
      if (r1 == r0) break;
      const double next = s1 + (t.residents - r1) * (s1 - s0) / (r1 - r0);
      s0 = s1;
      r0 = r1;
      s1 = std::clamp(next, 0.0, 10.0);
      r1 = residents(s1);
    }
    if (std::fabs(r1 - t.residents) > std::max(1.0, 1e-6 * t.residents))
      throw_at(s, key + ".residents",
               "no scale of net migration in [0, 10] reaches this total (the projection gives " +
                   std::to_string(static_cast<long long>(std::llround(r1))) + ")");
    r.after = r1;
    r.factor = s1;
    out.push_back(r);
    from = y + 1;
  }
}

/// Births targets: the fertility of the target's year is multiplied so that the expected births
/// of its months equal the target (births in a year are linear in its fertility, all mothers
/// being born); the years since the previous anchor are interpolated log-linearly, later years
/// keep the factor.
void meet_births_targets(const Scenario& s, DemographyModel& m,
                         std::vector<CalibrationRecord>& out) {
  const auto targets = births_targets(s.demography.fertility);
  const int first = s.horizon.first_year();
  int anchor = 0;
  double anchor_adj = m.fertility().adjustment(0);
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const BirthsTarget& t = targets[i];
    std::string key = "demography.fertility.target_births";
    for (std::size_t j = 0; j < s.demography.fertility.births_targets.size(); ++j)
      if (s.demography.fertility.births_targets[j].year == t.year)
        key = "demography.fertility.births_targets[" + std::to_string(j) + "].births";
    const int y = t.year - first;
    if (y <= 0 || y >= m.n_years())
      throw_at(s, key, "the target's year is not a full simulated year");
    const double expected =
        project_expected(m, t.year).births_in_months(y, t.first_month, t.last_month);
    if (expected <= 0)
      throw_at(s, key, "no births are expected at all, so no scale can reach the target");
    const double adj = m.fertility().adjustment(y) * t.births / expected;
    for (int k = anchor + 1; k < m.n_years(); ++k) {
      const double w = k >= y ? 1.0 : static_cast<double>(k - anchor) / (y - anchor);
      m.set_fertility_adjustment(k, std::exp((1 - w) * std::log(anchor_adj) + w * std::log(adj)));
    }
    CalibrationRecord r{"births", key,      t.year, t.first_month,      t.last_month,
                        t.births, expected, 0,      t.births / expected};
    r.after = project_expected(m, t.year).births_in_months(y, t.first_month, t.last_month);
    out.push_back(r);
    anchor = y;
    anchor_adj = adj;
  }
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
  meet_resident_targets(s, *c.model, c.calibration);
  meet_births_targets(s, *c.model, c.calibration);
  check_fertility_bounds(s, c.model->fertility());
  check_life_table(s, *c.model);
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

std::string format_calibration(const CalibrationRecord& r) {
  std::ostringstream o;
  o << r.what << ' ' << r.year;
  if (r.what == "births" && (r.first_month != 1 || r.last_month != 12))
    o << " months " << r.first_month << '-' << r.last_month;
  if (r.what == "residents") o << " (31 December)";
  const double gap = r.before > 0 ? (r.target / r.before - 1) * 100 : 0.0;
  o << ": target " << std::llround(r.target) << ", census-based projection "
    << std::llround(r.before) << " (target " << (gap >= 0 ? "+" : "") << std::llround(gap)
    << "%), calibrated " << std::llround(r.after);
  o.precision(4);
  o << " (" << (r.what == "births" ? "fertility of the year x" : "net migration x") << r.factor
    << ") [" << r.key << "]";
  return o.str();
}

}  // namespace laoxiao
