#include <gtest/gtest.h>

#include <tbb/task_arena.h>

#include "input/scenario.hpp"
#include "models/demography/demography.hpp"
#include "sim/engine.hpp"
#include "test_util.hpp"

namespace laoxiao {
namespace {

Scenario small(const std::string& extra = "", double people = 30000) {
  test::TempDir dir;
  return load_scenario(dir.write("s.toml", test::small_place(people, extra)));
}

struct RunOutcome {
  std::vector<std::uint16_t> birth;
  std::vector<std::uint8_t> flags, town;
  DemographicTallies tallies;
};

RunOutcome run(const DemographyModel& m, int threads, std::uint32_t block, std::uint32_t rep = 0,
               double sample = 1.0) {
  RunOutcome o;
  tbb::task_arena arena(threads);
  arena.execute([&] {
    EngineOptions eo;
    eo.seed = 99;
    eo.replicate = rep;
    eo.sample = sample;
    eo.block = block;
    Simulation sim(m, eo);
    sim.initialize();
    sim.run();
    EXPECT_TRUE(sim.cohort_counts_match_store());
    const auto& p = sim.population();
    o.birth.assign(p.birth(), p.birth() + p.size());
    o.flags.assign(p.flags(), p.flags() + p.size());
    o.town.assign(p.township(), p.township() + p.size());
    o.tallies = sim.tallies();
  });
  return o;
}

void expect_same(const RunOutcome& a, const RunOutcome& b) {
  EXPECT_EQ(a.birth, b.birth);
  EXPECT_EQ(a.flags, b.flags);
  EXPECT_EQ(a.town, b.town);
  EXPECT_EQ(a.tallies.population_end, b.tallies.population_end);
  EXPECT_EQ(a.tallies.deaths, b.tallies.deaths);
  EXPECT_EQ(a.tallies.births, b.tallies.births);
  EXPECT_EQ(a.tallies.exposure, b.tallies.exposure);
  EXPECT_EQ(a.tallies.transitions, b.tallies.transitions);
}

TEST(Engine, IdenticalForAnyThreadCountAndChunking) {
  const DemographyModel m =
      test::model_of(small("\n[[baseline.townships]]\nname = \"east\"\nshare = 0.3\n"
                           "\n[[baseline.townships]]\nname = \"west\"\nshare = 0.7\n"));
  const RunOutcome ref = run(m, 1, 1u << 14);
  expect_same(ref, run(m, 2, 1u << 14));
  expect_same(ref, run(m, 2, 4096));
  expect_same(ref, run(m, 1, 100));
  expect_same(ref, run(m, 2, 1u << 20));
  // ...and a different replicate differs.
  EXPECT_NE(ref.tallies.deaths, run(m, 2, 1u << 14, 1).tallies.deaths);
}

TEST(Engine, PopulationAccountingBalances) {
  const DemographyModel m =
      test::model_of(small("\n[demography.migration]\nage_groups = [\"0-19\", \"20-39\", \"40+\"]\n"
                           "net_rate = [-8.0, 15.0, -3.0]\n"));
  const RunOutcome o = run(m, 2, 4096);
  const auto& t = o.tallies;
  double prev = 0;
  for (double v : t.population_start) prev += v;
  for (int y = 0; y < t.n_years; ++y) {
    double end = 0, flow = 0;
    for (int a = 0; a <= kMaxAge; ++a)
      for (int s = 0; s < kSexes; ++s) {
        flow += t.arrivals[t.yas(y, a, s)] - t.departures[t.yas(y, a, s)];
        for (int st = 0; st < kStates; ++st) {
          end += t.population_end[t.yass(y, a, s, st)];
          flow -= t.deaths[t.yass(y, a, s, st)];
        }
      }
    flow += t.births[t.ys(y, 0)] + t.births[t.ys(y, 1)];
    EXPECT_EQ(end, prev + flow) << "year " << t.first_year + y;
    prev = end;
  }
  double arrivals = 0, departures = 0;
  for (double v : t.arrivals) arrivals += v;
  for (double v : t.departures) departures += v;
  EXPECT_GT(arrivals, 0);
  EXPECT_GT(departures, 0);
}

TEST(Engine, DegenerateRatesGiveExactZeros) {
  const DemographyModel m =
      test::model_of(small("\n[demography.mortality]\nscale = 0.0\n"
                           "\n[demography.fertility]\nscale = 0.0\n"));
  const RunOutcome o = run(m, 2, 4096);
  for (double d : o.tallies.deaths) ASSERT_EQ(d, 0.0);
  for (double b : o.tallies.births) ASSERT_EQ(b, 0.0);
  double start = 0, end = 0;
  for (double v : o.tallies.population_start) start += v;
  for (int a = 0; a <= kMaxAge; ++a)
    for (int s = 0; s < 2; ++s)
      for (int st = 0; st < 3; ++st)
        end += o.tallies.population_end[o.tallies.yass(o.tallies.n_years - 1, a, s, st)];
  EXPECT_EQ(start, end);
}

TEST(Engine, SampleWeightsGiveRealPeopleUnits) {
  const DemographyModel m = test::model_of(small("", 200000));
  const RunOutcome full = run(m, 2, 1u << 14, 0, 1.0);
  const RunOutcome tenth = run(m, 2, 1u << 14, 0, 0.1);
  double a = 0, b = 0;
  for (double v : full.tallies.population_start) a += v;
  for (double v : tenth.tallies.population_start) b += v;
  EXPECT_NEAR(b / a, 1.0, 0.002);  // stochastic rounding per group, weight 10
  EXPECT_NEAR(static_cast<double>(tenth.birth.size()), 0.1 * static_cast<double>(full.birth.size()),
              0.01 * static_cast<double>(full.birth.size()));
}

TEST(Engine, CommonRandomNumbers_FertilityDoesNotMoveAnyoneElsesFate) {
  // Minimally different worlds: only fertility differs, so every agent of the baseline lives,
  // dies and changes state exactly as before; only newborns differ.
  const DemographyModel a = test::model_of(small());
  const DemographyModel b = test::model_of(small("\n[demography.fertility]\nscale = 1.4\n"));
  const RunOutcome oa = run(a, 2, 4096), ob = run(b, 2, 4096);
  std::size_t n0 = 0;
  for (auto bm : oa.birth)
    if (bm <= Month::from_year_month(2020, 11).index) ++n0;
  ASSERT_GT(n0, 10000u);
  for (std::size_t i = 0; i < n0; ++i) ASSERT_EQ(oa.flags[i], ob.flags[i]) << i;
  EXPECT_GT(ob.birth.size(), oa.birth.size());
}

}  // namespace
}  // namespace laoxiao
