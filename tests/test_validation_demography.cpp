// The demography against its data: every county's births in the census year against the infants
// its census counts, before and after the level comes from the county's own census.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>

#include "input/scenario.hpp"
#include "models/demography/demography.hpp"
#include "test_util.hpp"

namespace laoxiao {
namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

TEST(Demography, EveryCountysCensusYearBirthsMatchItsInfants) {
  const std::vector<Scenario> places =
      load_scenarios(test::scenarios_dir() / "china_counties.toml");
  ASSERT_GT(places.size(), 2900u);
  std::vector<double> before, after;
  int off20_before = 0, off20_after = 0, off5_after = 0;
  for (const Scenario& s : places) {
    const DemographyModel m = test::model_of(s);
    const CensusFertilityLevel& c = m.census_fertility();
    if (!(c.implied_births > 0)) continue;  // no infants counted (三沙's islands)
    // Births of the census year: the national rates (level 1) against the county's women, and
    // the county's level (the census year's path factor is 1 by definition).
    const double national = c.national_rate_births;
    const double county = m.fertility().level() * c.national_rate_births;
    before.push_back(std::fabs(national / c.implied_births - 1));
    after.push_back(std::fabs(county / c.implied_births - 1));
    off20_before += before.back() > 0.20;
    off5_after += after.back() > 0.05;
    off20_after += after.back() > 0.20;
  }
  const double med_before = median(before), med_after = median(after);
  std::cout << before.size() << " counties with infants; |expected births of the census year / "
            << "births implied by the infants - 1|:\n  national rates: median " << 100 * med_before
            << "%, " << off20_before << " counties ("
            << 100.0 * off20_before / static_cast<double>(before.size())
            << "%) more than 20% off\n  the county's census level: median " << 100 * med_after
            << "%, " << off5_after << " counties more than 5% off, " << off20_after
            << " more than 20% (small places shrunk towards their children aged 1-4)\n";
  RecordProperty("median_gap_before", std::to_string(med_before));
  RecordProperty("median_gap_after", std::to_string(med_after));
  EXPECT_LE(med_after, 0.05);
  EXPECT_GT(med_before, 0.10);  // the comparison measures something: national rates miss
}

TEST(Demography, TheNationalProjectionAgainstPublishedFigures) {
  // The expected values do not depend on the sample: a small one keeps the run short.
  test::TempDir dir;
  const auto out = dir.path() / "china.h5";
  ASSERT_EQ(
      test::run("run scenarios/china.toml --sample 0.0005 --quiet --out '" + out.string() + "'")
          .code,
      0);
  const test::Result r = test::run_command(
      "/usr/bin/python3 analysis/validate_demography.py '" + out.string() + "' --check",
      test::source_dir());
  std::cout << r.out;
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  for (const char* row : {"2021 births", "2024 aged 60+ 31 Dec", "2025 life expectancy (both)"})
    EXPECT_NE(r.out.find(row), std::string::npos) << row;
}

}  // namespace
}  // namespace laoxiao
