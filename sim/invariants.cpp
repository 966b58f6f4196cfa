#include "sim/invariants.hpp"

#include <cmath>
#include <sstream>
#include <string>

#include "models/demography/life_table.hpp"

namespace laoxiao {

namespace {

/// Where a value stands, for messages: scenario, dataset, replicate (-1: none), year.
struct Where {
  std::string place;
  std::string dataset;
  int replicate = -1;
};

[[noreturn]] void fail(const Where& w, int year, double value, const std::string& rule) {
  std::ostringstream o;
  o << "impossible output, nothing written: " << w.place << "/" << w.dataset;
  if (w.replicate >= 0) o << " replicate " << w.replicate;
  if (year != 0) o << " year " << year;
  o << ": " << value << " " << rule;
  throw InvariantViolation(o.str());
}

/// A count: finite and not negative. `per_year` values per year from `first_year` (0: none).
void counts(const Where& w, const std::vector<double>& v, int first_year, std::size_t per_year) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    const int year = per_year ? first_year + static_cast<int>(i / per_year) : 0;
    if (!std::isfinite(v[i])) fail(w, year, v[i], "where a count is promised");
    if (v[i] < 0) fail(w, year, v[i], "is a negative count");
  }
}

template <std::size_t N>
void counts(const Where& w, const std::array<double, N>& v, int year) {
  counts(w, std::vector<double>(v.begin(), v.end()), year, N);
}

void tallies(const std::string& place, const std::string& prefix, const DemographicTallies& t,
             int replicate) {
  const std::size_t yass = DemographicTallies::kAges * kSexes * kStates;
  const std::size_t yas = DemographicTallies::kAges * kSexes;
  const auto at = [&](const char* name) { return Where{place, prefix + name, replicate}; };
  counts(at("population_baseline"), t.population_start, 0, 0);
  counts(at("population"), t.population_end, t.first_year, yass);
  counts(at("deaths"), t.deaths, t.first_year, yass);
  counts(at("exposure"), t.exposure, t.first_year, yas);
  counts(at("births"), t.births, t.first_year, kSexes);
  counts(at("disability_transitions"), t.transitions, t.first_year, kStates * kStates);
  counts(at("arrivals"), t.arrivals, t.first_year, yas);
  counts(at("departures"), t.departures, t.first_year, yas);
}

/// NaN (not computable, documented) or within the bounds of a life table.
bool life_expectancy_ok(double e0) {
  return std::isnan(e0) || (e0 > 0 && e0 < kMaxLifeExpectancy);
}
const std::string kLifeTableBounds = "is outside (0, " +
                                     std::to_string(static_cast<int>(kMaxLifeExpectancy)) +
                                     ") years, the bounds of a life table";

void life_expectancy(const Where& w, double e0, int year) {
  if (!life_expectancy_ok(e0)) fail(w, year, e0, kLifeTableBounds);
}

void care_year(const std::string& place, const CareYear& c, int replicate, int year) {
  const auto at = [&](const char* name) {
    return Where{place, std::string("care/") + name, replicate};
  };
  counts(at("places"), c.places, year);
  counts(at("occupied"), c.occupied, year);
  counts(at("residents_by_state"), c.residents_by_state, year);
  counts(at("children_by_band"), c.children_by_band, year);
  counts(at("waiting"), c.waiting, year);
  counts(at("admissions"), c.admissions, year);
  for (std::size_t i = 0; i < c.places.size(); ++i)
    // Relative slack for sums of weighted agents in floating point only.
    if (c.occupied[i] > c.places[i] * (1 + 1e-9) + 1e-9)
      fail(at("occupied"), year, c.occupied[i],
           "places occupied, more than the " + std::to_string(c.places[i]) + " open");
}

void indicators(const std::string& place, const IndicatorSeries& series, int first_year) {
  for (const auto& [id, by_replicate] : series)
    for (std::size_t r = 0; r < by_replicate.size(); ++r)
      for (std::size_t y = 0; y < by_replicate[r].size(); ++y) {
        const double v = by_replicate[r][y];
        const Where w{place, "indicators/" + id, static_cast<int>(r)};
        const int year = first_year + static_cast<int>(y);
        if (std::isinf(v)) fail(w, year, v, "(an indicator is a number or NaN, never infinite)");
        if (id.find("occupancy") != std::string::npos && v > 100 + 1e-9)
          fail(w, year, v, "percent occupancy, above 100%");
      }
}

}  // namespace

void check_invariants(const ScenarioRun& run) {
  const Scenario& s = run.scenario();
  const std::string& place = s.place.id;
  const int first = s.horizon.first_year();
  const DemographyModel& m = *run.compiled.model;
  for (int sex = 0; sex < kSexes; ++sex)
    life_expectancy(Where{place, "input_life_expectancy", -1},
                    m.mortality().life_expectancy(0, sex), 0);
  for (std::size_t r = 0; r < run.results.size(); ++r) {
    const ReplicateResult& res = run.results[r];
    const int rep = static_cast<int>(r);
    tallies(place, "", res.tallies, rep);
    const std::vector<double> e0 = period_life_expectancy(res.tallies);
    for (std::size_t i = 0; i < e0.size(); ++i)
      life_expectancy(Where{place, "life_expectancy", rep}, e0[i], first + static_cast<int>(i / 3));
    for (std::size_t y = 0; y < res.care_years.size(); ++y)
      care_year(place, res.care_years[y], rep, first + static_cast<int>(y));
  }
  if (s.batch.empty()) tallies(place, "reference/", run.summary.reference, -1);
  indicators(place, run.summary.indicators, first);
}

void check_life_expectancy(const std::string& where, double e0) {
  if (life_expectancy_ok(e0)) return;
  std::ostringstream o;
  o << "impossible output, nothing written: " << where << ": " << e0 << " " << kLifeTableBounds;
  throw InvariantViolation(o.str());
}

void check_invariants(const std::vector<ScenarioRun>& runs) {
  for (const ScenarioRun& r : runs) check_invariants(r);
}

}  // namespace laoxiao
