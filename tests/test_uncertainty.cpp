// Parameter uncertainty: the distributions, the draws and what a replicate under uncertainty is
// (the run with its draws set), the echo of demand parameters and the drivers of a check.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/distribution.hpp"
#include "input/registry.hpp"
#include "input/scenario.hpp"
#include "input/sweep.hpp"
#include "input/uncertainty.hpp"
#include "models/care/checks.hpp"
#include "models/care/indicators.hpp"
#include "sim/runner.hpp"
#include "test_util.hpp"

namespace laoxiao {
namespace {

Distribution dist(DistributionShape shape, double low, double central, double high) {
  Distribution d;
  d.shape = shape;
  d.low = low;
  d.central = central;
  d.high = high;
  return d;
}

/// Mean of the quantile function on a fine grid (the mean of the distribution).
double grid_mean(const Distribution& d) {
  constexpr int n = 40000;
  double s = 0;
  for (int i = 0; i < n; ++i) s += d.quantile((i + 0.5) / n);
  return s / n;
}

TEST(Distribution, BoundedShapesHaveTheirModeAndMean) {
  const auto u = dist(DistributionShape::kUniform, 2, 3, 6);
  EXPECT_DOUBLE_EQ(u.quantile(0.5), 4.0);
  EXPECT_NEAR(grid_mean(u), u.mean(), 1e-6);
  const auto t = dist(DistributionShape::kTriangular, 1, 2, 5);
  // The distribution function at the mode is (mode - low) / (high - low).
  EXPECT_NEAR(t.quantile(0.25), 2.0, 1e-12);
  EXPECT_NEAR(grid_mean(t), 8.0 / 3.0, 1e-5);
  const auto p = dist(DistributionShape::kPert, 1, 2, 5);
  EXPECT_NEAR(grid_mean(p), (1 + 8 + 5) / 6.0, 1e-5);
  for (const auto& d : {u, t, p}) {
    double last = d.low;
    for (int i = 1; i < 1000; ++i) {
      const double q = d.quantile(i / 1000.0);
      EXPECT_GE(q, last);
      EXPECT_LE(q, d.high);
      last = q;
    }
  }
}

TEST(Distribution, NormalShapesPutLowAndHighAtTheirTwoAndAHalfPercentQuantiles) {
  const auto n = dist(DistributionShape::kNormal, 0.1, 0.2, 0.5);
  EXPECT_NEAR(n.quantile(0.025), 0.1, 1e-9);
  EXPECT_NEAR(n.quantile(0.975), 0.5, 1e-9);
  EXPECT_NEAR(n.quantile(0.5), 0.3, 1e-12);
  const auto l = dist(DistributionShape::kLognormal, 2.69, 4.45, 7.38);
  EXPECT_NEAR(l.quantile(0.025), 2.69, 1e-9);
  EXPECT_NEAR(l.quantile(0.975), 7.38, 1e-9);
  EXPECT_NEAR(l.quantile(0.5), std::sqrt(2.69 * 7.38), 1e-9);
  // Truncated to the parameter's bounds: a share never leaves [0, 1].
  auto wide = dist(DistributionShape::kNormal, -0.2, 0.1, 0.4);
  wide.lower_bound = 0;
  wide.upper_bound = 1;
  for (int i = 1; i < 1000; ++i) EXPECT_GE(wide.quantile(i / 1000.0), 0.0);
  EXPECT_GT(wide.quantile(0.001), 0.0);
}

TEST(Distribution, ProblemsAreNamed) {
  EXPECT_EQ(distribution_problem(dist(DistributionShape::kUniform, 0, 0.5, 1)), "");
  EXPECT_NE(distribution_problem(dist(DistributionShape::kUniform, 1, 0.5, 0)).find("below high"),
            std::string::npos);
  EXPECT_NE(distribution_problem(dist(DistributionShape::kTriangular, 0, 2, 1)).find("must lie"),
            std::string::npos);
  EXPECT_NE(distribution_problem(dist(DistributionShape::kLognormal, 0, 1, 2)).find("low > 0"),
            std::string::npos);
  auto out = dist(DistributionShape::kPert, 0.5, 0.9, 1.2);
  out.lower_bound = 0;
  out.upper_bound = 1;
  EXPECT_NE(distribution_problem(out).find("bounds"), std::string::npos);
  EXPECT_TRUE(distribution_shape("pert"));
  EXPECT_FALSE(distribution_shape("beta"));
}

/// A small place with one uncertain care parameter besides the built-in ones, and elder beds.
std::string uncertain_place(const std::string& more = "") {
  return test::small_place(
      20000.0,
      "\n[run]\nreplicates = 3\nsample = 0.5\n"
      "\n[demand.elder]\nwish_full = { value = 0.05, source = \"test\", uncertainty = { shape = "
      "\"uniform\", low = 0.02, high = 0.2, reasoning = \"a test range\" } }\n"
      "\n[[capacity.stock]]\nkey = \"b\"\nkind = \"elder_bed\"\ncapacity = 40\nyear = 2020\n"
      "location = \"t\"\n" +
          more);
}

TEST(Uncertainty, ScenarioListsItsUncertainParametersSortedByKey) {
  test::TempDir dir;
  const Scenario s = load_scenario(dir.write("u.toml", uncertain_place()));
  std::vector<std::string> keys;
  for (const auto& p : s.uncertain) keys.push_back(p.key);
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_NE(std::find(keys.begin(), keys.end(), "demand.elder.wish_full"), keys.end());
  EXPECT_NE(std::find(keys.begin(), keys.end(), "demography.mortality.hazard_ratio_full"),
            keys.end());
  EXPECT_TRUE(s.draws_parameters());
  // A value set by hand is that value: its distribution goes with the value it replaced.
  const Scenario pinned =
      load_scenario(dir.path() / "u.toml", {{"demand.elder.wish_full", "0.07", "--set"}});
  for (const auto& p : pinned.uncertain) EXPECT_NE(p.key, "demand.elder.wish_full");
  EXPECT_EQ(pinned.uncertain.size(), s.uncertain.size() - 1);
  const Scenario none =
      load_scenario(dir.path() / "u.toml", {{"run.uncertainty", "\"none\"", "--uncertainty"}});
  EXPECT_FALSE(none.draws_parameters());
}

TEST(Uncertainty, DrawsDependOnlyOnSeedReplicateAndKey) {
  test::TempDir dir;
  const Scenario s = load_scenario(dir.write("u.toml", uncertain_place()));
  const auto a = draw_levels(s.uncertain, 7, 2);
  EXPECT_EQ(a, draw_levels(s.uncertain, 7, 2));
  EXPECT_NE(a, draw_levels(s.uncertain, 7, 3));
  EXPECT_NE(a, draw_levels(s.uncertain, 8, 2));
  // Another parameter in the list, or another order, leaves each key's draw alone.
  std::vector<UncertainParameter> one = {s.uncertain.back()};
  EXPECT_EQ(draw_levels(one, 7, 2).front(), a.back());
  std::vector<UncertainParameter> reversed(s.uncertain.rbegin(), s.uncertain.rend());
  const auto b = draw_levels(reversed, 7, 2);
  EXPECT_EQ(std::vector<double>(b.rbegin(), b.rend()), a);
}

TEST(Uncertainty, ParametersDrawnWithAnotherShareItsRandomNumber) {
  // wish_partial drawn with wish_full: the same quantile of each distribution in every
  // replicate, so the two move together; without draw_with they are drawn apart.
  test::TempDir dir;
  const auto with = [&](const std::string& extra) {
    return load_scenario(dir.write(
        "w.toml", uncertain_place("\n[demand.elder.wish_partial]\nvalue = 0.02\nsource = \"t\"\n"
                                  "uncertainty = { shape = \"uniform\", low = 0.01, high = 0.08, "
                                  "reasoning = \"r\"" +
                                  extra + " }\n")));
  };
  const Scenario together = with(", draw_with = \"demand.elder.wish_full\"");
  const Scenario apart = with("");
  const auto index = [](const Scenario& s, const std::string& key) {
    for (std::size_t i = 0; i < s.uncertain.size(); ++i)
      if (s.uncertain[i].key == key) return i;
    return s.uncertain.size();
  };
  const std::size_t full = index(together, "demand.elder.wish_full");
  const std::size_t partial = index(together, "demand.elder.wish_partial");
  ASSERT_LT(full, together.uncertain.size());
  ASSERT_LT(partial, together.uncertain.size());
  EXPECT_NE(together.uncertain[partial].describe().find("drawn with demand.elder.wish_full"),
            std::string::npos);
  int differ = 0;
  for (std::uint32_t r = 0; r < 50; ++r) {
    const auto t = draw_levels(together.uncertain, 9, r);
    // uniform on [0.02, 0.2] and on [0.01, 0.08]: equal quantiles.
    EXPECT_NEAR((t[full] - 0.02) / 0.18, (t[partial] - 0.01) / 0.07, 1e-12) << r;
    const auto a = draw_levels(apart.uncertain, 9, r);
    differ += std::fabs((a[full] - 0.02) / 0.18 - (a[partial] - 0.01) / 0.07) > 1e-6 ? 1 : 0;
    EXPECT_EQ(a[full], t[full]);  // the other keys' draws are untouched
  }
  EXPECT_EQ(differ, 50);
}

TEST(Uncertainty, DrawsFollowTheirDistribution) {
  test::TempDir dir;
  const Scenario s = load_scenario(dir.write("u.toml", uncertain_place()));
  constexpr int n = 4000;
  for (std::size_t p = 0; p < s.uncertain.size(); ++p) {
    const Distribution& d = s.uncertain[p].distribution;
    double sum = 0, sum2 = 0;
    int below_low = 0;
    for (int r = 0; r < n; ++r) {
      const double x = draw_levels(s.uncertain, 20201101, static_cast<std::uint32_t>(r))[p];
      sum += x;
      sum2 += x * x;
      below_low += x < d.low ? 1 : 0;
    }
    const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
    EXPECT_NEAR(mean, d.mean(), 4 * sd / std::sqrt(n)) << s.uncertain[p].key;
    // Normal shapes put 2.5% below low; bounded ones none.
    const bool bounded = d.shape == DistributionShape::kUniform ||
                         d.shape == DistributionShape::kTriangular ||
                         d.shape == DistributionShape::kPert;
    const double expected = bounded ? 0.0 : 0.025;
    EXPECT_NEAR(below_low / static_cast<double>(n), expected,
                4 * std::sqrt(0.025 * 0.975 / n) + 1e-12)
        << s.uncertain[p].key;
  }
}

std::vector<ScenarioRun> run_quiet(const Scenario& s) {
  RunOptions opt;
  opt.progress = false;
  return run_scenarios({s}, opt);
}

TEST(Uncertainty, AReplicateIsTheRunWithItsDrawsSet) {
  test::TempDir dir;
  const auto file = dir.write("u.toml", uncertain_place());
  const Scenario s = load_scenario(file);
  const auto drawn = run_quiet(s);
  ASSERT_EQ(drawn[0].results.size(), 3u);
  const auto& levels = drawn[0].results[2].parameter_levels;
  ASSERT_EQ(levels.size(), s.uncertain.size());
  std::vector<Override> set = draw_overrides(s.uncertain, levels, 2);
  set.push_back({"run.uncertainty", "\"none\"", "--uncertainty none"});
  const auto fixed = run_quiet(load_scenario(file, set));
  EXPECT_TRUE(fixed[0].results[2].parameter_levels.empty());
  const auto& a = drawn[0].results[2];
  const auto& b = fixed[0].results[2];
  EXPECT_EQ(a.tallies.population_end, b.tallies.population_end);
  EXPECT_EQ(a.tallies.deaths, b.tallies.deaths);
  ASSERT_EQ(a.care_years.size(), b.care_years.size());
  for (std::size_t y = 0; y < a.care_years.size(); ++y) {
    EXPECT_EQ(a.care_years[y].occupied, b.care_years[y].occupied) << y;
    EXPECT_EQ(a.care_years[y].waiting, b.care_years[y].waiting) << y;
  }
  // Another replicate's draws are not these: its run differs from replicate 2's values set.
  EXPECT_NE(drawn[0].results[1].parameter_levels, levels);
}

TEST(Uncertainty, NoneRunsTheCentralValuesAndDrawsChangeTheRun) {
  test::TempDir dir;
  const auto file = dir.write("u.toml", uncertain_place());
  const auto none = run_quiet(load_scenario(file, {{"run.uncertainty", "\"none\"", "x"}}));
  // The central values written plainly (a multiplier of 1, a value itself): the same run as no
  // uncertainty at all.
  const Scenario given = load_scenario(file);
  std::vector<double> central;
  for (const auto& p : given.uncertain)
    central.push_back(p.multiplier ? 1.0 : p.distribution.central);
  const auto plain = run_quiet(load_scenario(file, draw_overrides(given.uncertain, central, 0)));
  ASSERT_GT(given.uncertain.size(), 3u);
  ASSERT_TRUE(plain[0].scenario().uncertain.empty());
  for (std::size_t r = 0; r < 3; ++r)
    EXPECT_EQ(none[0].results[r].tallies.population_end,
              plain[0].results[r].tallies.population_end);
  const auto drawn = run_quiet(load_scenario(file));
  EXPECT_NE(none[0].results[0].tallies.deaths, drawn[0].results[0].tallies.deaths);
}

TEST(Checks, ALifeExpectancyTheMortalityLevelIsCalibratedToIsAnAssumption) {
  // Lianshui's mortality level is the plan's 78.55 for 2022 (row t1.10): that row is met by
  // construction; the later years, moved by the trend from it, are checks.
  const Scenario s = load_scenario(test::source_dir() / "scenarios" / "lianshui.toml",
                                   {{"run.sample", "0.01", "x"}, {"run.replicates", "2", "x"}});
  const auto runs = run_quiet(s);
  int seen = 0;
  for (const CheckRow& c : runs[0].summary.checks) {
    if (c.key != "t1.10" || c.kind != "target") continue;
    ++seen;
    if (c.year == 2022) {
      EXPECT_EQ(c.basis, "assumed");
      EXPECT_EQ(c.status, "assumption");
      EXPECT_NE(c.assumed_from.find("demography.mortality.target_life_expectancy"),
                std::string::npos);
    } else {
      EXPECT_EQ(c.basis, "computed") << c.year;
    }
  }
  EXPECT_EQ(seen, 4);
}

TEST(Uncertainty, ASweepTakesTheRegistryDistributionThroughItsQuantiles) {
  // A grid of 3 levels over the built-in lognormal of hazard_ratio_full (95% in [2.69, 7.38]):
  // coordinates 0, 1/2, 1 are its 2.5% quantile, median and 97.5% quantile.
  const std::string text = R"([sweep]
scenarios = ["base.toml"]
replicates = 1
seed = 1
[sweep.design]
kind = "grid"
levels = 3
[[sweep.parameters]]
key = "demography.mortality.hazard_ratio_full"
distribution = "registry"
)";
  const Sweep s =
      load_sweep_text(text, test::source_dir() / "tests" / "bad_sweeps" / "registry_grid.toml");
  ASSERT_EQ(s.points.size(), 3u);
  const double expected[] = {2.69, std::sqrt(2.69 * 7.38), 7.38};
  for (std::size_t p = 0; p < 3; ++p)
    EXPECT_NEAR(s.points[p].numeric[0], expected[p], 1e-6 * expected[p]) << "point " << p;
  // The point sets the value: its scenario no longer draws it.
  const auto scenarios = load_sweep_point(s, 1);
  ASSERT_FALSE(scenarios.empty());
  for (const auto& u : scenarios.front().uncertain)
    EXPECT_NE(u.key, "demography.mortality.hazard_ratio_full");
  EXPECT_NEAR(scenarios.front().demography.mortality.hazard_ratio_full, expected[1],
              1e-6 * expected[1]);
}

TEST(Checks, SpearmanRanks) {
  EXPECT_DOUBLE_EQ(spearman({1, 2, 3, 4}, {10, 20, 30, 400}), 1.0);
  EXPECT_DOUBLE_EQ(spearman({1, 2, 3, 4}, {4, 3, 2, 1}), -1.0);
  // Ties share their mean rank: x ranks 0, 1.5, 1.5, 3 against y's 0..3.
  EXPECT_NEAR(spearman({1, 2, 2, 3}, {1, 2, 3, 4}), 4.5 / std::sqrt(4.5 * 5.0), 1e-12);
  EXPECT_TRUE(std::isnan(spearman({1, 1, 1}, {1, 2, 3})));
}

Plan rate_plan() {
  Plan plan;
  PlanIndicator ind;
  ind.key = "r";
  ind.id = "tekun_disabled_institutional_rate";
  ind.unit = "percent";
  ind.nature = "binding";
  PlanTarget t;
  t.year = 2022;
  t.value = 50;
  t.text = "50%";
  ind.targets.push_back(t);
  plan.indicators.push_back(ind);
  return plan;
}

TEST(Checks, ARateSetByItsWishShareIsAnEchoAndNamesItsDriver) {
  const int reps = 40;
  IndicatorSeries values, unconstrained;
  CheckContext ctx;
  ctx.drawn = {"demand.elder.tekun_placement_dependent", "demography.mortality.hazard_ratio_full"};
  for (int r = 0; r < reps; ++r) {
    const double wish = 0.2 + 0.01 * r, other = std::fmod(r * 7.0, 11.0);
    values["tekun_disabled_institutional_rate"].push_back({0, 0, 100 * wish});
    unconstrained["tekun_disabled_institutional_rate"].push_back({1, 1, r < 30 ? 1.0 : 0.0});
    ctx.levels.push_back({wish, other});
  }
  ctx.unconstrained = unconstrained;
  const auto rows = build_checks(rate_plan(), values, 2020, 3, ctx);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NEAR(rows[0].echo_share, 0.75, 1e-12);
  EXPECT_TRUE(rows[0].echoes());
  EXPECT_TRUE(rows[0].echo_drawn);
  EXPECT_NE(rows[0].echo_of.find("tekun_placement_dependent"), std::string::npos);
  EXPECT_EQ(rows[0].driver, "demand.elder.tekun_placement_dependent");
  EXPECT_DOUBLE_EQ(rows[0].driver_rho, 1.0);
  // Waiting in most replicates: the value is no longer the parameter's echo.
  for (auto& rep : ctx.unconstrained["tekun_disabled_institutional_rate"]) rep[2] = 0;
  ctx.unconstrained["tekun_disabled_institutional_rate"][0][2] = 1;
  const auto waited = build_checks(rate_plan(), values, 2020, 3, ctx);
  EXPECT_FALSE(waited[0].echoes());
  // Not drawn: the echo says its P(meet) is certain only by the fixed parameter.
  ctx.drawn = {"demography.mortality.hazard_ratio_full",
               "demography.mortality.hazard_ratio_partial"};
  for (auto& rep : ctx.unconstrained["tekun_disabled_institutional_rate"]) rep[2] = 1;
  EXPECT_FALSE(build_checks(rate_plan(), values, 2020, 3, ctx)[0].echo_drawn);
}

TEST(Checks, EveryEchoedParameterIsADeclaredKeyOfTheDemandProcess) {
  // An echo names the keys that set the value; a renamed or removed key must not linger.
  for (const IndicatorEcho& e : indicator_echoes()) {
    ASSERT_NE(find_indicator(e.id), nullptr) << e.id;
    for (const std::string& k : e.parameters) {
      EXPECT_NE(ParamRegistry::instance().find(k), nullptr) << e.id << ": " << k;
      EXPECT_EQ(k.rfind("demand.", 0), 0u) << e.id << ": " << k;
    }
  }
  const auto& placed = find_echo("tekun_disabled_institutional_rate")->parameters;
  EXPECT_NE(std::find(placed.begin(), placed.end(), "demand.elder.tekun_placement_dependent"),
            placed.end());
}

TEST(Checks, ARegisteredRowReadsTheRegisteredBasis) {
  Plan plan;
  PlanFact elderly, share;
  elderly.key = "elderly";
  elderly.measure = "elderly_population";
  elderly.population_basis = "registered";
  elderly.value = 218600;
  elderly.year = 2021;
  share = elderly;
  share.key = "share";
  share.measure = "elderly_share";
  share.value = 19.91;
  plan.facts = {elderly, share};
  const auto reg = registered_population(plan);
  ASSERT_TRUE(reg);
  EXPECT_EQ(reg->year, 2021);
  EXPECT_NEAR(reg->total, 218600 / 0.1991, 1e-6);
  EXPECT_EQ(reg->from, (std::vector<std::string>{"elderly", "share"}));
  PlanIndicator ind;
  ind.key = "beds";
  ind.id = "elder_beds_per_1000_elderly";
  ind.unit = "per_1000_elderly";
  ind.nature = "expected";
  ind.population_basis = "registered";
  PlanTarget t;
  t.year = 2022;
  t.value = 40;
  t.comparator = "=";  // a plain figure, read by the indicator's direction (at least)
  t.text = "40";
  ind.targets.push_back(t);
  plan.indicators.push_back(ind);
  IndicatorSeries resident;
  resident["elder_beds_per_1000_elderly"] = {{42, 42}, {42, 42}};
  CheckContext ctx;
  ctx.registered["elder_beds_per_1000_elderly"] = {{37, 37}, {38, 38}};
  ctx.registered_rule = "rule";
  const auto rows = build_checks(plan, resident, 2021, 2, ctx);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(rows[0].mean, 37.5);
  EXPECT_DOUBLE_EQ(rows[0].p_meet, 0.0);
  EXPECT_EQ(rows[0].population_basis, "registered");
  EXPECT_EQ(rows[0].conversion, "rule");
  // On the resident basis the same row meets the target.
  plan.indicators[0].population_basis = "resident";
  const auto res_rows = build_checks(plan, resident, 2021, 2, ctx);
  EXPECT_DOUBLE_EQ(res_rows[0].mean, 42.0);
  EXPECT_DOUBLE_EQ(res_rows[0].p_meet, 1.0);
  // Registered without a stated registered population: not computable, never resident values.
  plan.indicators[0].population_basis = "registered";
  EXPECT_EQ(build_checks(plan, resident, 2021, 2, {})[0].status, "not computable");
}

TEST(Checks, NoDriverFromTooFewReplicates) {
  IndicatorSeries values;
  CheckContext ctx;
  ctx.drawn = {"k"};
  for (int r = 0; r < 10; ++r) {
    values["tekun_disabled_institutional_rate"].push_back({0, 0, 10.0 * r});
    ctx.levels.push_back({static_cast<double>(r)});
  }
  EXPECT_TRUE(build_checks(rate_plan(), values, 2020, 3, ctx)[0].driver.empty());
}

}  // namespace
}  // namespace laoxiao
