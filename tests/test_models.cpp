#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "core/units.hpp"
#include "input/scenario.hpp"
#include "models/demography/age_structure.hpp"
#include "models/demography/demography.hpp"
#include "models/demography/life_table.hpp"
#include "models/demography/synthesis.hpp"
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
        const double pp = p.partial[s][a], pf = p.full[s][a];
        const double mean = (1 - pp - pf) * mo.hazard(y, a, s, 0) + pp * mo.hazard(y, a, s, 1) +
                            pf * mo.hazard(y, a, s, 2);
        EXPECT_NEAR(mean, mo.population_hazard(y, s)[a], 1e-12);
        EXPECT_NEAR(mo.hazard(y, a, s, 2) / mo.hazard(y, a, s, 0), 4.45, 1e-12);
      }
    }
  }
}

TEST(Disability, SingleAgePrevalenceKeepsTheBandMeans) {
  const Scenario sc = county("lianshui.toml");
  const DemographyModel m = test::model_of(sc);
  const auto& d = sc.demography.disability;
  const auto& base = m.baseline_by_age();
  for (int s = 0; s < kSexes; ++s) {
    for (std::size_t b = 0; b < d.age_groups.size(); ++b) {
      double w = 0, pp = 0, pf = 0;
      for (int a = d.age_groups[b].lo; a <= d.age_groups[b].hi; ++a) {
        const double n = base[s][a] + 1e-9;
        w += n;
        pp += n * m.prevalence().partial[s][a];
        pf += n * m.prevalence().full[s][a];
      }
      EXPECT_NEAR(pp / w, d.partial_prevalence(s)[b], 1e-10) << d.age_groups[b].label;
      EXPECT_NEAR(pf / w, d.full_prevalence(s)[b], 1e-10) << d.age_groups[b].label;
    }
    for (int a = 0; a < d.entry_age; ++a) EXPECT_EQ(m.prevalence().partial[s][a], 0.0);
    for (int a = d.entry_age; a < kMaxAge; ++a) {
      EXPECT_LE(m.prevalence().full[s][a], m.prevalence().full[s][a + 1] + 1e-15);
      EXPECT_LE(m.prevalence().partial[s][a] + m.prevalence().full[s][a],
                m.prevalence().partial[s][a + 1] + m.prevalence().full[s][a + 1] + 1e-15);
    }
  }
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

TEST(Disability, OnsetRisesWithAge) {
  // Onset rises year by year from the entry age to 99 (within 1%: the young-old plateau of
  // the sources leaves it flat around 68).
  for (const char* place : {"yuanqu.toml", "lianshui.toml"}) {
    const DemographyModel m = test::model_of(county(place));
    for (int s = 0; s < kSexes; ++s)
      for (int a = 61; a < 99; ++a)
        EXPECT_LE(m.transitions().annual_onset(a, s), 1.01 * m.transitions().annual_onset(a + 1, s))
            << place << " sex " << s << " age " << a;
  }
}

TEST(Disability, OnsetHasNoJumpsAtPrevalenceBandBoundaries) {
  // With death rates that do not change with age, the onset solved from the smooth prevalence
  // curve changes from one year to the next as it does in the years around it, at band
  // boundaries (64->65, 74->75, 84->85) and anchors alike. (The shipped death rates are
  // constant within 5-year groups and step at 65, 70, ...: those steps pass into the onset,
  // since a stationary prevalence needs them.)
  Scenario sc = county("lianshui.toml");
  MortalityParams& mp = sc.demography.mortality;
  for (auto* mx : {&mp.male_mx, &mp.female_mx})
    for (double& x : *mx) x = 0.03;
  for (auto* r : {&mp.male_improvement, &mp.female_improvement})
    for (double& x : *r) x = 0.0;
  mp.target_life_expectancy.reset();
  mp.scale = 1.0;
  const DemographyModel m = test::model_of(sc);
  EXPECT_LT(m.transitions().max_stationarity_error(), 1e-9);
  for (int s = 0; s < kSexes; ++s) {
    auto growth = [&](int a) {
      return std::log(m.transitions().annual_onset(a + 1, s) / m.transitions().annual_onset(a, s));
    };
    for (int a = 62; a < 98; ++a)
      EXPECT_LT(std::fabs(growth(a) - 0.5 * (growth(a - 1) + growth(a + 1))), 0.02)
          << "sex " << s << " age " << a << ": " << growth(a - 1) << " " << growth(a) << " "
          << growth(a + 1);
  }
}

TEST(Poverty, RelativeRisksReproduceTheProfileOnTheReferencePopulation) {
  const Scenario sc = county("yuanqu.toml");
  const PovertyParams& p = sc.demography.poverty;
  const auto pr = poverty_probabilities(p);
  const double u = p.reference_urban_share, d = p.reference_dependent_share;
  double total = 0, rural = 0, dependent = 0;
  for (int urban = 0; urban < 2; ++urban)
    for (int dep = 0; dep < 2; ++dep) {
      const double w = (urban ? u : 1 - u) * (dep ? d : 1 - d);
      const double x = w * pr[urban][dep ? 1 : 0];
      total += x;
      rural += urban ? 0 : x;
      dependent += dep ? x : 0;
    }
  EXPECT_NEAR(total, p.extreme_poverty_share, 1e-12);
  EXPECT_NEAR(rural / total, p.rural_share, 1e-12);
  EXPECT_NEAR(dependent / total, p.dependent_share, 1e-12);
  EXPECT_EQ(pr[0][1], pr[0][2]);  // partial and full dependence count alike
  EXPECT_GT(pr[0][1], 10 * pr[1][0]);
}

TEST(Poverty, SynthesisDrawsSupportByResidenceAndState) {
  // Each 60+ agent of Lianshui is 特困 with the probability of its residence and state: the
  // share in each cell is within 4 binomial standard errors (fixed seed), so the 特困 people are
  // mostly rural and far more often dependent than the other elderly.
  const Scenario sc = county("lianshui.toml");
  const DemographyModel m = test::model_of(sc);
  PopulationStore store;
  synthesize(m, RngKey{11, 0, 1}, 1.0, store);
  const auto pr = poverty_probabilities(sc.demography.poverty);
  const int t0 = m.horizon().start.index;
  double n[2][kStates] = {}, k[2][kStates] = {};
  for (std::size_t i = 0; i < store.size(); ++i) {
    if (t0 - store.birth()[i] <= m.entry_age_months()) continue;
    const std::uint8_t f = store.flags()[i];
    const int urban = (f & person_flags::kUrban) ? 1 : 0, st = person_flags::state(f);
    n[urban][st] += 1;
    if (f & person_flags::kPoverty) k[urban][st] += 1;
  }
  double poor = 0, poor_rural = 0, poor_dep = 0, dep = 0, all = 0;
  for (int urban = 0; urban < 2; ++urban)
    for (int st = 0; st < kStates; ++st) {
      const double p = pr[urban][st];
      ASSERT_GT(n[urban][st], 100);
      EXPECT_NEAR(k[urban][st] / n[urban][st], p, 4 * std::sqrt(p * (1 - p) / n[urban][st]))
          << "urban " << urban << " state " << st;
      poor += k[urban][st];
      poor_rural += urban ? 0 : k[urban][st];
      poor_dep += st > 0 ? k[urban][st] : 0;
      dep += st > 0 ? n[urban][st] : 0;
      all += n[urban][st];
    }
  EXPECT_GT(poor_rural / poor, 0.8);
  EXPECT_GT(poor_dep / poor, 2.0 * dep / all);
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
  EXPECT_NEAR(m.p_alt1(0, e) / (1 - m.p_death(0, e)), m.prevalence().partial[0][60], 1e-9);
}

}  // namespace
}  // namespace laoxiao
