// What a run counts: population by single age, sex and disability state at the baseline and
// at each year end, and the year's deaths, births, transitions, migrants and exposure. The
// agent engine fills it with agent counts times the weight; the reference model with expected
// values; outputs and tests read both the same way.
#pragma once

#include <cstddef>
#include <vector>

#include "models/demography/types.hpp"

namespace laoxiao {

struct DemographicTallies {
  int first_year = 0;  // calendar year of the baseline date
  int n_years = 0;     // first_year .. first_year + n_years - 1
  static constexpr int kAges = kMaxAge + 1;

  std::vector<double> population_start;  // [age][sex][state]
  std::vector<double> population_end;    // [year][age][sex][state], 31 December
  std::vector<double> deaths;            // [year][age][sex][state], age at start of the month
  std::vector<double> exposure;          // [year][age][sex], person-years
  std::vector<double> births;            // [year][sex]
  std::vector<double> births_by_month;   // [year][month 0..11], both sexes
  std::vector<double> transitions;       // [year][from][to]
  std::vector<double> arrivals;          // [year][age][sex]
  std::vector<double> departures;        // [year][age][sex]
  std::vector<int> months;               // [year] months simulated in the year

  void init(int first, int years);
  void scale(double w);  // multiply every count by w (agent weight)
  void add(const DemographicTallies& o);

  static std::size_t ass(int age, int sex, int state) {
    return (static_cast<std::size_t>(age) * kSexes + sex) * kStates + state;
  }
  std::size_t yass(int year, int age, int sex, int state) const {
    return static_cast<std::size_t>(year) * kAges * kSexes * kStates + ass(age, sex, state);
  }
  std::size_t yas(int year, int age, int sex) const {
    return (static_cast<std::size_t>(year) * kAges + age) * kSexes + sex;
  }
  std::size_t ys(int year, int sex) const { return static_cast<std::size_t>(year) * kSexes + sex; }
  /// Births of the months first..last (1-12) of year index `year`.
  double births_in_months(int year, int first, int last) const;
  std::size_t yft(int year, int from, int to) const {
    return (static_cast<std::size_t>(year) * kStates + from) * kStates + to;
  }
};

/// Period life expectancy at birth per year and sex (index 2 = both sexes) from the tallied
/// deaths and exposures, by abridged groups 0, 1-4, …, 100+. [year][3]
std::vector<double> period_life_expectancy(const DemographicTallies& t);

}  // namespace laoxiao
