// The invariant check every run passes before its file is written (sim/invariants.hpp): fed a
// correct result it passes; fed each kind of broken result it fails naming the dataset.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "sim/invariants.hpp"
#include "test_util.hpp"

namespace laoxiao {
namespace {

/// A small scenario with capacity, run once: a correct result to break.
ScenarioRun small_run() {
  test::TempDir dir;
  const std::string capacity =
      "\n[[capacity.stock]]\nkey = \"beds\"\nkind = \"elder_bed\"\ncapacity = 200\nyear = 2020\n"
      "location = \"test\"\n";
  Scenario s = load_scenario(dir.write("p.toml", test::small_place(20000.0, capacity)));
  s.run.replicates = 1;
  s.run.sample = 0.5;
  RunOptions opt;
  opt.progress = false;
  auto runs = run_scenarios({s}, opt);
  return std::move(runs[0]);
}

/// The message of the violation `check_invariants` throws, or "" when it passes.
std::string violation(const ScenarioRun& r) {
  try {
    check_invariants(r);
  } catch (const InvariantViolation& e) {
    return e.what();
  }
  return "";
}

const double kNan = std::numeric_limits<double>::quiet_NaN();

TEST(Invariants, ACorrectRunPasses) {
  const ScenarioRun r = small_run();
  EXPECT_EQ(violation(r), "");
  EXPECT_FALSE(r.results[0].care_years.empty());
}

TEST(Invariants, EveryKindOfImpossibleNumberIsNamedByItsDataset) {
  struct Case {
    const char* what;
    void (*brk)(ScenarioRun&);
    const char* message;
  };
  const Case cases[] = {
      {"NaN population", [](ScenarioRun& r) { r.results[0].tallies.population_end[5] = kNan; },
       "testville/population replicate 0 year 2020: nan where a count is promised"},
      {"negative births", [](ScenarioRun& r) { r.results[0].tallies.births[2] = -1; },
       "testville/births replicate 0 year 2021: -1 is a negative count"},
      {"infinite deaths",
       [](ScenarioRun& r) {
         r.results[0].tallies.deaths.back() = std::numeric_limits<double>::infinity();
       },
       "testville/deaths replicate 0 year 2025: inf where a count is promised"},
      {"negative exposure", [](ScenarioRun& r) { r.results[0].tallies.exposure[0] = -0.5; },
       "testville/exposure replicate 0 year 2020: -0.5 is a negative count"},
      {"negative arrivals", [](ScenarioRun& r) { r.results[0].tallies.arrivals[0] = -2; },
       "testville/arrivals"},
      {"NaN baseline", [](ScenarioRun& r) { r.results[0].tallies.population_start[0] = kNan; },
       "testville/population_baseline replicate 0: nan"},
      {"reference", [](ScenarioRun& r) { r.summary.reference.population_end[0] = -3; },
       "testville/reference/population year 2020: -3 is a negative count"},
      {"NaN places", [](ScenarioRun& r) { r.results[0].care_years[1].places[0] = kNan; },
       "testville/care/places replicate 0 year 2021: nan where a count is promised"},
      {"occupancy above 100%",
       [](ScenarioRun& r) {
         CareYear& c = r.results[0].care_years[0];
         for (std::size_t i = 0; i < c.places.size(); ++i)
           if (c.places[i] > 0) c.occupied[i] = c.places[i] + 1;
       },
       "testville/care/occupied replicate 0 year 2020: "},
      {"negative residents",
       [](ScenarioRun& r) { r.results[0].care_years[0].residents_by_state[1] = -1; },
       "testville/care/residents_by_state"},
      {"infinite indicator",
       [](ScenarioRun& r) {
         r.summary.indicators.begin()->second[0][0] = std::numeric_limits<double>::infinity();
       },
       "never infinite"},
      {"occupancy indicator above 100",
       [](ScenarioRun& r) { r.summary.indicators["elder_bed_occupancy"][0][1] = 104.0; },
       "testville/indicators/elder_bed_occupancy replicate 0 year 2021: 104 percent occupancy, "
       "above 100%"},
  };
  for (const Case& c : cases) {
    ScenarioRun r = small_run();  // the same seed: the same correct result each time
    ASSERT_EQ(violation(r), "") << c.what;
    c.brk(r);
    const std::string v = violation(r);
    EXPECT_NE(v.find(c.message), std::string::npos) << c.what << ": " << v;
    EXPECT_EQ(v.rfind("impossible output, nothing written: ", 0), 0u) << v;
  }
}

TEST(Invariants, LifeExpectancyOutsideTheBoundsOfALifeTableFails) {
  EXPECT_NO_THROW(check_life_expectancy("x/life_expectancy", 78.2));
  EXPECT_NO_THROW(check_life_expectancy("x/life_expectancy", kNan));  // not computable
  for (const double bad : {-38.0, 0.0, 120.0, 250.0, std::numeric_limits<double>::infinity()}) {
    try {
      check_life_expectancy("x/life_expectancy", bad);
      ADD_FAILURE() << bad << " passed";
    } catch (const InvariantViolation& e) {
      EXPECT_NE(std::string(e.what()).find("x/life_expectancy: "), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("the bounds of a life table"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace laoxiao
