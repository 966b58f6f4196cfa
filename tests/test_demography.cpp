// The demography by place and year: the mortality trend and the local level, the fertility
// level from each census and its path, births and resident targets, net migration from the
// census estimates, single years that keep cohort sizes.
#include <gtest/gtest.h>

#include <cmath>

#include "core/diagnostics.hpp"
#include "input/overrides.hpp"
#include "input/scenario.hpp"
#include "models/demography/demography.hpp"
#include "models/demography/life_table.hpp"
#include "models/reference/cohort_component.hpp"
#include "sim/compiled.hpp"
#include "test_util.hpp"

namespace laoxiao {
namespace {

Scenario shipped(const std::string& name) {
  return load_scenario(test::scenarios_dir() / name);
}

double logit(double l) {
  return 0.5 * std::log((1 - l) / l);
}

TEST(LifeTable, BrassShiftsTheLogitOfEverySurvivorByAlpha) {
  const Scenario s = shipped("china.toml");
  const auto& m = s.demography.mortality;
  for (const double alpha : {-0.4, 0.25}) {
    const auto shifted = brass_relational(m.age_groups, m.female_mx, alpha, LifeTableSex::kFemale);
    const auto l = survivorship(m.age_groups, m.female_mx, LifeTableSex::kFemale);
    const auto ls = survivorship(m.age_groups, shifted, LifeTableSex::kFemale);
    for (std::size_t g = 1; g < l.size(); ++g)
      EXPECT_NEAR(logit(ls[g]) - logit(l[g]), alpha, 1e-9) << m.age_groups[g].label;
  }
  EXPECT_EQ(brass_relational(m.age_groups, m.male_mx, 0.0, LifeTableSex::kMale), m.male_mx);
}

TEST(Mortality, LifeExpectancyRisesYearByYearAsTheTrendSays) {
  for (const char* place : {"china.toml", "yuanqu.toml", "wuzhong.toml", "lianshui.toml",
                            "dianjiang.toml", "shanxi.toml"}) {
    const Scenario s = shipped(place);
    const DemographyModel m = test::model_of(s);
    for (int y = 1; y < m.n_years(); ++y) {
      const double gain =
          m.mortality().life_expectancy(y, 2) - m.mortality().life_expectancy(y - 1, 2);
      // The 2005-2015 rates of decline on the 2020 schedule: about 0.19 years a year.
      EXPECT_GT(gain, 0.15) << place << " " << 2020 + y;
      EXPECT_LT(gain, 0.25) << place << " " << 2020 + y;
    }
  }
}

TEST(Mortality, ThePlansStatedLifeExpectancyIsMet) {
  const struct {
    const char* place;
    int year;
    double e0;
  } stated[] = {
      {"yuanqu.toml", 2020, 77.3}, {"lianshui.toml", 2022, 78.55}, {"wuzhong.toml", 2023, 77.3}};
  for (const auto& x : stated) {
    const DemographyModel m = test::model_of(shipped(x.place));
    EXPECT_NEAR(m.mortality().life_expectancy(x.year - 2020, 2), x.e0, 1e-9) << x.place;
  }
  // The national schedule is the national level.
  EXPECT_EQ(test::model_of(shipped("china.toml")).mortality().level(), 0.0);
}

TEST(Fertility, TheNationsOwnCensusGivesTheNationalLevel) {
  const DemographyModel m = test::model_of(shipped("china.toml"));
  const CensusFertilityLevel& c = m.census_fertility();
  ASSERT_TRUE(c.estimated);
  EXPECT_NEAR(c.rho0, 1.0, 2e-3);
  EXPECT_NEAR(c.rho14, 1.0, 1e-3);
  EXPECT_NEAR(m.fertility().level(), 1.0, 2e-3);
}

TEST(Fertility, CensusLevelFollowsTheInfantsOfLargePlacesAndShrinksSmallOnes) {
  const FertilityParams p = shipped("china.toml").demography.fertility;
  const std::vector<AgeGroup> groups = {*AgeGroup::parse("0"), *AgeGroup::parse("1-4"),
                                        *AgeGroup::parse("5+")};
  std::vector<double> women(kMaxAge + 1, 0.0);
  for (int a = 15; a < 50; ++a) women[a] = 1000;  // E = 1000 x 5 x sum(ASFR) = 1000 x 1.3
  auto level = [&](double scale, double infants, double children) {
    std::vector<double> w(women);
    for (double& x : w) x *= scale;
    const auto c = census_fertility_level(p, groups, {infants / 2, children / 2, 0},
                                          {infants / 2, children / 2, 0}, w, 0.997);
    return c;
  };
  // A large place whose infants say 1.3 times the national level, its children 1.0 times.
  const double E = 1300 * 100;
  const auto big = level(100, 1.3 * E * 0.997 * (1 - p.census_age0_undercount),
                         E * p.census_children_1_4_per_birth);
  EXPECT_NEAR(big.rho0, 1.3, 1e-9);
  EXPECT_NEAR(big.rho14, 1.0, 1e-9);
  EXPECT_NEAR(big.level, 1.3, 0.01);
  // The same proportions in a place with 13 expected births: pulled most of the way to 1.0.
  const auto small = level(0.01, 1.3 * 13 * 0.997 * (1 - p.census_age0_undercount),
                           13 * p.census_children_1_4_per_birth);
  EXPECT_GT(small.level, 1.0);
  EXPECT_LT(small.level, 1.1);
}

TEST(Fertility, BirthsOfSomeMonthsOfAYearAreMetAndTheYearsBetweenInterpolated) {
  const CompiledScenario c = compile(shipped("lianshui.toml"));
  ASSERT_EQ(c.calibration.size(), 1u);
  const CalibrationRecord& r = c.calibration[0];
  EXPECT_EQ(r.year, 2022);
  EXPECT_EQ(r.last_month, 10);
  const DemographicTallies t = project_expected(*c.model);
  EXPECT_NEAR(t.births_in_months(2, 1, 10), 2573.0, 1e-6);
  EXPECT_NEAR(r.after, 2573.0, 1e-6);
  EXPECT_GT(r.before, r.target);  // the census-based projection expects more
  const Fertility& f = c.model->fertility();
  EXPECT_DOUBLE_EQ(f.adjustment(0), 1.0);
  EXPECT_NEAR(f.adjustment(1), std::sqrt(f.adjustment(2)), 1e-12);  // log-linear between
  EXPECT_DOUBLE_EQ(f.adjustment(5), f.adjustment(2));               // held after the target
}

TEST(Migration, CensusRowsTakeTheirEstimatesUnlessSwitchedOff) {
  const Scenario lianshui = shipped("lianshui.toml");
  const auto& mg = lianshui.demography.migration;
  ASSERT_TRUE(mg.enabled());
  ASSERT_EQ(mg.age_groups.size(), 17u);
  EXPECT_EQ(mg.age_groups[4].label, "20-24");
  // One row: its own rates (net_migration_2010_2020.csv, 320826).
  EXPECT_NEAR(mg.net_rate_male[4], -39.670, 1e-9);
  EXPECT_NEAR(mg.net_rate_female[16], -2.138, 1e-9);
  // Five rows: between the lowest and the highest of them (20-24 males: 同心 -34.0 ... 利通 10.9).
  const auto& w = shipped("wuzhong.toml").demography.migration;
  EXPECT_GT(w.net_rate_male[4], -34.008);
  EXPECT_LT(w.net_rate_male[4], 10.887);
  const Scenario closed =
      load_scenario(test::scenarios_dir() / "lianshui.toml",
                    {parse_set_argument("demography.migration.from_census=false")});
  EXPECT_FALSE(closed.demography.migration.enabled());
}

TEST(Migration, ResidentTargetsAreMetByScalingNetMigration) {
  test::TempDir dir;
  const std::string place =
      test::small_place(40000) +
      "\n[demography.migration]\nage_groups = [\"0-14\", \"15-29\", \"30+\"]\n"
      "net_rate = [-5.0, -20.0, -2.0]\n";
  auto residents = [](const DemographicTallies& t, int y) {
    double v = 0;
    for (int a = 0; a <= kMaxAge; ++a)
      for (int s = 0; s < kSexes; ++s)
        for (int st = 0; st < kStates; ++st) v += t.population_end[t.yass(y, a, s, st)];
    return v;
  };
  const DemographicTallies open =
      project_expected(*compile(load_scenario(dir.write("open.toml", place))).model);
  // Fewer leave until 2022 than the rates say, more after.
  const double r2022 = std::round(residents(open, 2) * 1.01),
               r2025 = std::round(residents(open, 5) * 0.98);
  const auto file = dir.write(
      "place.toml", place + "[[demography.migration.resident_targets]]\nyear = 2022\nresidents = " +
                        std::to_string(r2022) +
                        "\n[[demography.migration.resident_targets]]\nyear = 2025\nresidents = " +
                        std::to_string(r2025) + "\n");
  const CompiledScenario c = compile(load_scenario(file));
  ASSERT_EQ(c.calibration.size(), 2u);
  const DemographicTallies t = project_expected(*c.model);
  EXPECT_NEAR(residents(t, 2), r2022, 1.0);
  EXPECT_NEAR(residents(t, 5), r2025, 1.0);
  EXPECT_LT(c.model->migration().year_scale(2), 1.0);
  EXPECT_GT(c.model->migration().year_scale(3), 1.0);
}

TEST(Reference, ItsOwnPrevalenceBySexIsTheAgentModelsCurve) {
  // The reference graduates the prevalence by its own code; its starting population by age,
  // sex and state must equal the agent model's curves applied to the same counts, and the
  // sexes must differ (women are more often dependent at old ages).
  const DemographyModel m = test::model_of(shipped("lianshui.toml"));
  const DemographicTallies t = project_expected(m, 2020);
  const auto& pi = m.prevalence();
  double worst = 0;
  for (int s = 0; s < kSexes; ++s)
    for (int a = 61; a < DemographicTallies::kAges - 1; ++a) {
      double all = 0;
      for (int st = 0; st < kStates; ++st)
        all += t.population_start[DemographicTallies::ass(a, s, st)];
      ASSERT_GT(all, 0);
      worst = std::max(
          {worst,
           std::fabs(t.population_start[DemographicTallies::ass(a, s, 1)] / all - pi.partial[s][a]),
           std::fabs(t.population_start[DemographicTallies::ass(a, s, 2)] / all - pi.full[s][a])});
    }
  EXPECT_LT(worst, 1e-9);
  EXPECT_GT(pi.full[1][85] + pi.partial[1][85], pi.full[0][85] + pi.partial[0][85]);
}

TEST(AgeStructure, SingleYearsKeepTheCohortSizesOfTheFamineAndTheBoom) {
  const DemographyModel m = test::model_of(shipped("china.toml"));
  const Scenario& s = shipped("china.toml");
  for (int sex = 0; sex < kSexes; ++sex) {
    const auto& a = m.baseline_by_age()[sex];
    // Every census group keeps its count.
    for (std::size_t g = 0; g < s.baseline.age_groups.size(); ++g) {
      double sum = 0;
      for (int x = s.baseline.age_groups[g].lo; x <= s.baseline.age_groups[g].hi; ++x) sum += a[x];
      const double want = (sex == 0 ? s.baseline.male : s.baseline.female)[g];
      EXPECT_NEAR(sum, want, 1e-6 * want) << s.baseline.age_groups[g].label;
    }
    // On 2020-11-01, age 59 was born mostly in 1961 (16.9 million births), 57 in 1963 (33.5
    // million); age 60 in 1960 (19.3 million), 63 in 1957 (27.1 million).
    EXPECT_LT(a[59], 0.65 * a[57]);
    EXPECT_LT(a[60], 0.8 * a[63]);
    EXPECT_GT(a[58], 1.3 * a[59]);
  }
}

TEST(Scenario, TheFertilityLevelFromTheCensusNeedsAgesZeroAndOneToFourApart) {
  test::TempDir dir;
  std::string text = test::small_place(20000);
  const std::string from = "age_groups = [\"0\", \"1-4\",";
  text.replace(text.find(from), from.size(), "age_groups = [\"0-4\",");
  // Merge the first two counts of each sex.
  for (const char* key : {"male = [", "female = ["}) {
    const std::size_t at = text.find(key) + std::string(key).size();
    const std::size_t c1 = text.find(',', at), c2 = text.find(',', c1 + 1);
    const long long v =
        std::stoll(text.substr(at, c1 - at)) + std::stoll(text.substr(c1 + 1, c2 - c1 - 1));
    text.replace(at, c2 - at, std::to_string(v));
  }
  const auto file = dir.write("merged.toml", text);
  try {
    (void)compile(load_scenario(file));
    FAIL() << "a merged 0-4 group was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("demography.fertility.level_from_census"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace laoxiao
