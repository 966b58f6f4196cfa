#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "core/units.hpp"
#include "input/scenario.hpp"
#include "models/demography/age_structure.hpp"
#include "models/demography/demography.hpp"
#include "models/demography/life_table.hpp"
#include "test_util.hpp"

namespace laoxiao {
namespace {

Scenario county(const std::string& name) {
  return load_scenario(test::scenarios_dir() / name);
}

TEST(AgeStructure, GraduationKeepsEveryGroupTotalAndIsNonNegative) {
  const Scenario s = county("lianshui.toml");
  const auto hazard =
      expand_by_age(s.demography.mortality.age_groups, s.demography.mortality.male_mx);
  const auto single = graduate_counts(s.baseline.age_groups, s.baseline.male, hazard);
  for (std::size_t g = 0; g < s.baseline.age_groups.size(); ++g) {
    double sum = 0;
    for (int a = s.baseline.age_groups[g].lo; a <= s.baseline.age_groups[g].hi; ++a) {
      EXPECT_GE(single[a], 0.0);
      sum += single[a];
    }
    EXPECT_NEAR(sum, s.baseline.male[g], 1e-6 * (1 + s.baseline.male[g]))
        << s.baseline.age_groups[g].label;
  }
  // The open group thins out with age like a stationary population.
  EXPECT_GT(single[85], single[90]);
  EXPECT_GT(single[90], single[100]);
}

TEST(AgeStructure, GraduationOfAFlatProfileIsFlat) {
  std::vector<AgeGroup> g = {*AgeGroup::parse("0-4"), *AgeGroup::parse("5-9"),
                             *AgeGroup::parse("10-14"), *AgeGroup::parse("15+")};
  const auto single =
      graduate_counts(g, {500, 500, 500, 100}, std::vector<double>(kMaxAge + 1, 0.1));
  for (int a = 0; a < 15; ++a) EXPECT_NEAR(single[a], 100.0, 1e-9) << a;
}

TEST(LifeTable, ReproducesTheDocumentedLifeExpectancyOfTheDefaults) {
  // DEMOGRAPHY-SOURCES.md (b): e0 recomputed from the delivered m(x) = 75.26 (M), 80.89 (F).
  const Scenario s = county("yuanqu.toml");
  const auto& m = s.demography.mortality;
  EXPECT_NEAR(life_expectancy_at_birth(m.age_groups, m.male_mx, LifeTableSex::kMale), 75.26, 0.006);
  EXPECT_NEAR(life_expectancy_at_birth(m.age_groups, m.female_mx, LifeTableSex::kFemale), 80.89,
              0.006);
}

TEST(LifeTable, ConstantHazardGivesOneOverHazard) {
  // With m(x) = mu at every age beyond infancy, e0 approaches 1/mu.
  std::vector<double> mx(abridged_groups().size(), 0.05);
  const double e0 = life_expectancy_at_birth(abridged_groups(), mx, LifeTableSex::kFemale);
  EXPECT_NEAR(e0, 20.0, 0.05);
}

TEST(Mortality, TargetLifeExpectancyIsReached) {
  Scenario s = county("yuanqu.toml");
  s.demography.mortality.target_life_expectancy = 80.5;
  s.demography.mortality.target_life_expectancy_year = 2023;
  const DemographyModel m = test::model_of(s);
  EXPECT_NEAR(m.mortality().life_expectancy(2023 - 2020, 2), 80.5, 1e-9);
  EXPECT_LT(m.mortality().level(), 0.0);  // lower mortality than the national schedule
}

TEST(Mortality, DisabledDieFasterButTheAverageMatchesTheLifeTable) {
  const DemographyModel m = test::model_of(county("dianjiang.toml"));
  const auto& p = m.prevalence();
  for (int a : {62, 70, 80, 90, 100}) {
    for (int s = 0; s < kSexes; ++s) {
      for (int y : {0, 3}) {
        const Mortality& mo = m.mortality();
        const double mean = (1 - p.partial[a] - p.full[a]) * mo.hazard(y, a, s, 0) +
                            p.partial[a] * mo.hazard(y, a, s, 1) +
                            p.full[a] * mo.hazard(y, a, s, 2);
        EXPECT_NEAR(mean, mo.population_hazard(y, s)[a], 1e-12);
        EXPECT_NEAR(mo.hazard(y, a, s, 2) / mo.hazard(y, a, s, 0), 4.45, 1e-12);
      }
    }
  }
}

TEST(Disability, SingleAgePrevalenceKeepsTheBandMeans) {
  const Scenario s = county("lianshui.toml");
  const DemographyModel m = test::model_of(s);
  const auto& d = s.demography.disability;
  const auto& base = m.baseline_by_age();
  for (std::size_t b = 0; b < d.age_groups.size(); ++b) {
    double w = 0, pp = 0, pf = 0;
    for (int a = d.age_groups[b].lo; a <= d.age_groups[b].hi; ++a) {
      const double n = base[0][a] + base[1][a] + 1e-9;
      w += n;
      pp += n * m.prevalence().partial[a];
      pf += n * m.prevalence().full[a];
    }
    EXPECT_NEAR(pp / w, d.partial_prevalence[b], 1e-10) << d.age_groups[b].label;
    EXPECT_NEAR(pf / w, d.full_prevalence[b], 1e-10) << d.age_groups[b].label;
  }
  for (int a = 0; a < d.entry_age; ++a) EXPECT_EQ(m.prevalence().partial[a], 0.0);
  for (int a = d.entry_age; a < kMaxAge; ++a)
    EXPECT_LE(m.prevalence().full[a], m.prevalence().full[a + 1] + 1e-15);
}

TEST(Disability, TransitionsAreStochasticAndKeepPrevalenceStationary) {
  const DemographyModel m = test::model_of(county("yuanqu.toml"));
  EXPECT_LT(m.transitions().max_stationarity_error(), 1e-9);
  for (int s = 0; s < kSexes; ++s)
    for (int a = 60; a <= kMaxAge; ++a) {
      const auto& t = m.transitions().monthly(a, s);
      for (int i = 0; i < 3; ++i) {
        EXPECT_NEAR(t.row(i).sum(), 1.0, 1e-12);
        for (int j = 0; j < 3; ++j) EXPECT_GE(t(i, j), 0.0) << a << " " << i << j;
      }
    }
  // Onset rises with age; the 65+ annual onset should be of the order of the CLHLS incidence
  // (4.6-6.2% a year, CARE-SOURCES.md 2.3) at ages where most incidence happens.
  EXPECT_LT(m.transitions().annual_onset(66, 1), m.transitions().annual_onset(86, 1));
}

TEST(Fertility, TheNationalScheduleGivesTheCensusTfrAndTargetsSetTheLevel) {
  Scenario s = county("yuanqu.toml");
  s.demography.fertility.level_from_census = false;
  const DemographyModel national = test::model_of(s);
  EXPECT_NEAR(national.fertility().base_tfr(), 1.3, 0.001);
  // The year's TFR follows the path relative to the census year (Nov 2019-Oct 2020).
  const auto& f = s.demography.fertility;
  const double census_year = (2 * path_tfr(f, 2019) + 10 * path_tfr(f, 2020)) / 12;
  EXPECT_NEAR(national.fertility().tfr(2),
              national.fertility().base_tfr() * path_tfr(f, 2022) / census_year, 1e-12);
  s.demography.fertility.target_tfr = 1.05;
  const DemographyModel m = test::model_of(s);
  EXPECT_NEAR(m.fertility().level() * m.fertility().base_tfr(), 1.05, 1e-12);
  EXPECT_NEAR(m.fertility().male_share_at_birth(), 111.3 / 211.3, 1e-15);
}

TEST(Kernel, ThresholdsAreOrderedAndMatchTheProcesses) {
  const DemographyModel m = test::model_of(county("yuanqu.toml"));
  const auto& k = m.kernel(0);
  for (int c = 0; c < kCells; ++c) {
    ASSERT_LE(k.t0[c], k.t1[c]);
    ASSERT_LE(k.t1[c], k.t2[c]);
  }
  // A woman of 28: death then birth with the ASFR of 25-29 scaled to a month.
  const int c = cell_index(28, 1, 0);
  EXPECT_EQ(k.alt1[c], Outcome::kBirth);
  const double q = m.p_death(0, c);
  EXPECT_NEAR(m.p_alt1(0, c) / (1 - q), m.fertility().rate(0, 28) / 12, 1e-9);
  EXPECT_NEAR(m.fertility().rate(0, 28) / m.fertility().rate(0, 31), 0.09776 / 0.07022,
              1e-12);  // the national age pattern
  // Men never give birth; children never change state.
  EXPECT_EQ(k.alt1[cell_index(28, 0, 0)], Outcome::kNone);
  EXPECT_EQ(k.t2[cell_index(10, 0, 0)], k.t0[cell_index(10, 0, 0)]);
  // The entry row draws the state from the prevalence at the entry age.
  const int e = cell_index(kEntryRow, 0, 0);
  EXPECT_NEAR(m.p_alt1(0, e) / (1 - m.p_death(0, e)), m.prevalence().partial[60], 1e-9);
}

}  // namespace
}  // namespace laoxiao
