#include "models/demography/tallies.hpp"

#include <limits>

#include "core/age_group.hpp"
#include "models/demography/life_table.hpp"

namespace laoxiao {

void DemographicTallies::init(int first, int years) {
  first_year = first;
  n_years = years;
  const std::size_t ny = static_cast<std::size_t>(years);
  population_start.assign(kAges * kSexes * kStates, 0.0);
  population_end.assign(ny * kAges * kSexes * kStates, 0.0);
  deaths.assign(ny * kAges * kSexes * kStates, 0.0);
  exposure.assign(ny * kAges * kSexes, 0.0);
  births.assign(ny * kSexes, 0.0);
  births_by_month.assign(ny * 12, 0.0);
  transitions.assign(ny * kStates * kStates, 0.0);
  arrivals.assign(ny * kAges * kSexes, 0.0);
  departures.assign(ny * kAges * kSexes, 0.0);
  months.assign(ny, 0);
}

namespace {
void scale_vec(std::vector<double>& v, double w) {
  for (auto& x : v) x *= w;
}
void add_vec(std::vector<double>& v, const std::vector<double>& o) {
  for (std::size_t i = 0; i < v.size(); ++i) v[i] += o[i];
}
}  // namespace

void DemographicTallies::scale(double w) {
  for (auto* v : {&population_start, &population_end, &deaths, &exposure, &births, &births_by_month,
                  &transitions, &arrivals, &departures})
    scale_vec(*v, w);
}

void DemographicTallies::add(const DemographicTallies& o) {
  add_vec(population_start, o.population_start);
  add_vec(population_end, o.population_end);
  add_vec(deaths, o.deaths);
  add_vec(exposure, o.exposure);
  add_vec(births, o.births);
  add_vec(births_by_month, o.births_by_month);
  add_vec(transitions, o.transitions);
  add_vec(arrivals, o.arrivals);
  add_vec(departures, o.departures);
}

double DemographicTallies::births_in_months(int year, int first, int last) const {
  double b = 0;
  for (int m = first; m <= last; ++m)
    b += births_by_month[static_cast<std::size_t>(year) * 12 + static_cast<std::size_t>(m - 1)];
  return b;
}

std::vector<double> period_life_expectancy(const DemographicTallies& t) {
  std::vector<double> out(static_cast<std::size_t>(t.n_years) * 3,
                          std::numeric_limits<double>::quiet_NaN());
  for (int y = 0; y < t.n_years; ++y) {
    if (t.months[y] == 0) continue;
    for (int which = 0; which < 3; ++which) {
      auto sum = [&](int lo, int hi, double& d, double& e) {
        d = e = 0;
        for (int a = lo; a <= hi; ++a) {
          for (int s = 0; s < kSexes; ++s) {
            if (which < 2 && s != which) continue;
            e += t.exposure[t.yas(y, a, s)];
            for (int st = 0; st < kStates; ++st) d += t.deaths[t.yass(y, a, s, st)];
          }
        }
      };
      // The open group starts at 100, or lower (95, 90, 85) where a small population has no
      // deaths or no one left at the oldest ages.
      for (int open = 100; open >= 85; open -= 5) {
        std::vector<AgeGroup> groups;
        for (const auto& g : abridged_groups()) {
          if (g.lo >= open) break;
          groups.push_back(g);
        }
        AgeGroup top = *AgeGroup::parse(std::to_string(open) + "+");
        groups.push_back(top);
        std::vector<double> mx;
        bool ok = true;
        for (const auto& g : groups) {
          double d, e;
          sum(g.lo, g.hi, d, e);
          if (e <= 0 || (g.open && d <= 0)) {
            ok = false;
            break;
          }
          mx.push_back(d / e);
        }
        if (!ok) continue;
        const LifeTableSex sex = which == 0   ? LifeTableSex::kMale
                                 : which == 1 ? LifeTableSex::kFemale
                                              : LifeTableSex::kBoth;
        out[static_cast<std::size_t>(y) * 3 + which] = life_expectancy_at_birth(groups, mx, sex);
        break;
      }
    }
  }
  return out;
}

}  // namespace laoxiao
