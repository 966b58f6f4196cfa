// The plan audit on small crafted plans: each rule finds the contradiction planted for it,
// names the figures and their places, and a consistent plan gives no finding.
#include <gtest/gtest.h>

#include "app/report.hpp"
#include "models/care/audit.hpp"
#include "models/reference/cohort_component.hpp"
#include "sim/runner.hpp"
#include "test_util.hpp"

#include <set>

namespace laoxiao {
namespace {

std::vector<AuditFinding> audit(const std::string& plan) {
  test::TempDir dir;
  const Scenario s = load_scenario(dir.write(
      "plan.toml", test::small_place(50000) + "\n[plan]\ndocument = \"test〔2022〕1号\"\n" + plan));
  const auto model = test::compile_model(s);
  const DemographicTallies projection = project_expected(*model);
  return audit_plan(
      AuditInputs{s.plan, s.capacity, s.baseline, s.horizon.start, projection, s.care.staffing});
}

std::string indicator(const std::string& key, const std::string& id, const std::string& unit,
                      const std::string& rest, const std::string& location = "") {
  return "\n[[plan.indicators]]\nkey = \"" + key + "\"\nid = \"" + id + "\"\nname_zh = \"" + key +
         "\"\nnature = \"expected\"\nunit = \"" + unit + "\"\nlocation = \"" +
         (location.empty() ? key + " place" : location) + "\"\n" + rest;
}

std::string fact(const std::string& key, const std::string& measure, const std::string& unit,
                 double value, int year) {
  return "\n[[plan.facts]]\nkey = \"" + key + "\"\ntext_zh = \"" + key +
         " text\"\nvalue = " + std::to_string(value) + "\nunit = \"" + unit + "\"\nmeasure = \"" +
         measure + "\"\nyear = " + std::to_string(year) + "\nlocation = \"" + key + " place\"\n";
}

int count(const std::vector<AuditFinding>& f, const std::string& rule,
          const std::string& severity) {
  int n = 0;
  for (const auto& x : f) n += (x.rule == rule && x.severity == severity);
  return n;
}

std::string all(const std::vector<AuditFinding>& f) {
  std::string s;
  for (const auto& x : f) s += format_finding(x) + "\n";
  return s;
}

TEST(Audit, AConsistentPlanHasNoFindings) {
  // 233 beds for 4,660 elderly (about the census-based projection) is 50 per 1,000, as
  // stated; the tiers add up.
  const auto f = audit(fact("beds", "elder_beds_total", "beds", 233, 2021) +
                       fact("old", "elderly_population", "persons", 4660, 2021) +
                       indicator("b1000", "elder_beds_per_1000_elderly", "per_1000_elderly",
                                 "baseline = { year = 2021, value = 50, text = \"50\" }\n") +
                       indicator("s", "safety_net_childcare_share", "percent",
                                 "targets = [ { year = 2025, value = 35, text = \"35\" } ]\n") +
                       indicator("a", "affordable_childcare_slot_share", "percent",
                                 "targets = [ { year = 2025, value = 45, text = \"45\" } ]\n") +
                       indicator("m", "market_childcare_share", "percent",
                                 "targets = [ { year = 2025, value = 20, text = \"20\" } ]\n"));
  EXPECT_TRUE(f.empty()) << all(f);
}

std::string stock(const std::string& key, const std::string& kind, double places, int year,
                  const std::string& extra = "") {
  return "\n[[capacity.stock]]\nkey = \"" + key + "\"\nkind = \"" + kind +
         "\"\ncapacity = " + std::to_string(places) + "\nyear = " + std::to_string(year) +
         "\nlocation = \"" + key + " place\"\n" + extra;
}

std::string target(int year, double value, const std::string& text) {
  return "targets = [ { year = " + std::to_string(year) + ", value = " + std::to_string(value) +
         ", text = \"" + text + "\" } ]\n";
}

TEST(Audit, EveryRuleIsInTheTableWithADescription) {
  std::set<std::string> names;
  for (const auto& r : audit_rules()) {
    EXPECT_TRUE(names.insert(r.name).second) << r.name;
    EXPECT_GT(std::string(r.description).size(), 20u) << r.name;
  }
  EXPECT_EQ(names.size(), 11u);
}

TEST(Audit, TwoTargetsForTheSameIndicatorAndYear) {
  const auto f = audit(
      indicator("t.a", "childcare_slots_per_1000", "per_1000_residents", target(2022, 3, "3个")) +
      indicator("t.b", "childcare_slots_per_1000", "per_1000_residents",
                target(2022, 2.5, "2.5个")) +
      indicator("o.1", "other", "percent", target(2025, 96.2, "96.2")) +
      indicator("o.2", "other", "percent", "same_as = \"o.1\"\n" + target(2025, 80, "80%")) +
      indicator("o.3", "other", "percent",
                "same_as = \"o.1\"\ntargets = [ { year = 2025, value = 96.2, comparator = \">=\", "
                "text = \"96.2%以上\" } ]\n"));
  // ≥3 and ≥2.5 can both hold: two figures for one target, not a contradiction.
  EXPECT_EQ(count(f, "conflicting-targets", "inconsistency"), 1) << all(f);
  EXPECT_EQ(count(f, "conflicting-targets", "contradiction"), 2) << all(f);  // o.1/o.2, o.2/o.3
  // o.1 (96.2) and o.3 (96.2%以上) state one figure; wording alone is no finding.
  EXPECT_EQ(count(f, "conflicting-targets", "note"), 0) << all(f);
  bool named = false;
  for (const auto& x : f)
    for (const auto& g : x.figures) named |= (g.key == "t.a" && g.location == "t.a place");
  EXPECT_TRUE(named);
  // Silent: one figure stated twice the same way.
  EXPECT_TRUE(
      audit(indicator("u.1", "other", "percent", target(2025, 90, "90")) +
            indicator("u.2", "other", "percent", "same_as = \"u.1\"\n" + target(2025, 90, "90%")))
          .empty());
}

TEST(Audit, ValuesThatAgreeWithinTheirPrecisionOrCountDifferentlyAreNotContradictions) {
  // 44.8 (table) and 45 (text, a whole number: 44.5-45.5) agree; 8 registered institutions and
  // 25 institutions of any kind count different things (a note); 8 and 25 of one definition
  // contradict each other.
  auto row = [](const std::string& key, double v, const std::string& text,
                const std::string& extra) {
    return indicator(key, "childcare_institutions", "count",
                     "baseline = { year = 2021, value = " + std::to_string(v) + ", text = \"" +
                         text + "\" }\n" + extra);
  };
  const auto agree = audit(
      indicator("r1", "other", "per_1000_elderly",
                "baseline = { year = 2021, value = 44.8, text = \"44.8\" }\n") +
      indicator("r2", "other", "per_1000_elderly",
                "same_as = \"r1\"\nbaseline = { year = 2021, value = 45, text = \"45张\" }\n"));
  EXPECT_EQ(count(agree, "conflicting-values", "contradiction"), 0) << all(agree);
  const auto defined = audit(row("i1", 8, "8", "definition = \"registered (登记备案)\"\n") +
                             row("i2", 25, "25家", ""));
  EXPECT_EQ(count(defined, "conflicting-values", "contradiction"), 0) << all(defined);
  EXPECT_EQ(count(defined, "conflicting-values", "note"), 1) << all(defined);
  const auto clash = audit(row("i1", 8, "8", "") + row("i2", 25, "25家", ""));
  EXPECT_EQ(count(clash, "conflicting-values", "contradiction"), 1) << all(clash);
}

TEST(Audit, ARatioThatItsNumeratorAndDenominatorDoNotGive) {
  const auto f = audit(fact("beds", "elder_beds_total", "beds", 8305, 2021) +
                       fact("old", "elderly_population", "persons", 218600, 2021) +
                       indicator("b1000", "elder_beds_per_1000_elderly", "per_1000_elderly",
                                 "baseline = { year = 2021, value = 44.8, text = \"44.8\" }\n"));
  ASSERT_EQ(count(f, "ratio", "contradiction"), 1) << all(f);
  EXPECT_NE(f[0].message.find("37.99"), std::string::npos) << f[0].message;
  EXPECT_EQ(f[0].figures.size(), 3u);
  // Silent when the figures give the ratio (8305 / 218600 = 37.99, stated 38.0).
  const auto ok = audit(fact("beds", "elder_beds_total", "beds", 8305, 2021) +
                        fact("old", "elderly_population", "persons", 218600, 2021) +
                        indicator("b1000", "elder_beds_per_1000_elderly", "per_1000_elderly",
                                  "baseline = { year = 2021, value = 38.0, text = \"38.0\" }\n"));
  EXPECT_EQ(count(ok, "ratio", "contradiction"), 0) << all(ok);
}

TEST(Audit, ARatioIsComparedOnlyOnOneBasis) {
  // The elderly share of registered (户籍) people against the resident projection: a note that
  // shows the conversion, not a contradiction; and a stated ratio against stated figures of
  // another basis the same way.
  auto share = [](const std::string& basis) {
    return fact("old", "elderly_population", "persons", 9000, 2021) +
           indicator("sh", "elderly_share", "percent",
                     "baseline = { year = 2021, value = 19.91, text = \"占户籍人口的19.91%\" }\n" +
                         basis);
  };
  const auto registered = audit(share("population_basis = \"registered\"\n"));
  EXPECT_EQ(count(registered, "ratio", "inconsistency"), 0) << all(registered);
  ASSERT_EQ(count(registered, "ratio", "note"), 1) << all(registered);
  EXPECT_NE(all(registered).find("registered (户籍) basis"), std::string::npos);
  const auto unspecified = audit(share(""));
  EXPECT_EQ(count(unspecified, "ratio", "inconsistency"), 1) << all(unspecified);
}

TEST(Audit, CapacityTargetsAndPromisesThatTheFundedCapacityDoesNotReach) {
  const std::string funded =
      stock("s", "childcare_slot", 100, 2021) +
      "\n[[capacity.projects]]\nkey = \"p\"\nname_zh = \"托育中心\"\nkind = \"childcare_slot\"\n"
      "tier = \"affordable\"\ncapacity = 50\nopens = \"2023-12\"\nlocation = \"list\"\n";
  const auto f = audit(
      funded + indicator("slots", "childcare_slots_total", "slots", target(2025, 500, "500个")) +
      "\n[[capacity.planned]]\nkey = \"promise\"\nkind = \"childcare_slot\"\ncapacity = 400\n"
      "year = 2024\nlocation = \"text\"\n");
  EXPECT_EQ(count(f, "unfunded", "inconsistency"), 2) << all(f);
  EXPECT_NE(all(f).find("350 short of the target's 500"), std::string::npos) << all(f);
  EXPECT_NE(all(f).find("250 short of the 400 promised without projects"), std::string::npos);
  // Silent: the funded capacity reaches the target.
  const auto ok =
      audit(funded + indicator("ok", "childcare_slots_total", "slots", target(2024, 150, "150个")));
  EXPECT_EQ(count(ok, "unfunded", "inconsistency"), 0) << all(ok);
}

TEST(Audit, AShareTargetWithoutNewPlacesNeedsConversions) {
  const std::string beds = stock("s", "elder_bed", 1000, 2021, "nursing_share = 0.35\n");
  const auto f =
      audit(beds + indicator("n", "nursing_bed_share", "percent", target(2025, 60, "60")));
  ASSERT_EQ(count(f, "conversion", "inconsistency"), 1) << all(f);
  EXPECT_NE(all(f).find("250 of the 1000 existing beds"), std::string::npos) << all(f);
  // Silent where the target is already met, and where new beds are planned.
  EXPECT_EQ(
      count(audit(beds + indicator("n", "nursing_bed_share", "percent", target(2025, 30, "30"))),
            "conversion", "inconsistency"),
      0);
  const std::string project =
      "\n[[capacity.projects]]\nkey = \"p\"\nname_zh = \"护理院\"\nkind = \"elder_bed\"\n"
      "tier = \"affordable\"\ncapacity = 600\nnursing = true\nopens = \"2023-12\"\nlocation = "
      "\"l\"\n";
  EXPECT_EQ(count(audit(beds + project +
                        indicator("n", "nursing_bed_share", "percent", target(2025, 60, "60"))),
                  "conversion", "inconsistency"),
            0);
}

TEST(Audit, SharesThatDoNotAddUp) {
  auto tiers = [](double s, double a, double m) {
    auto row = [](const char* key, const char* id, double v) {
      return indicator(key, id, "percent",
                       "baseline = { year = 2020, value = " + std::to_string(v) + ", text = \"" +
                           std::to_string(static_cast<int>(v)) + "\" }\n");
    };
    return row("s", "safety_net_childcare_share", s) +
           row("a", "affordable_childcare_slot_share", a) + row("m", "market_childcare_share", m);
  };
  const auto f = audit(tiers(31, 45, 29));
  ASSERT_EQ(count(f, "shares", "contradiction"), 1) << all(f);
  EXPECT_NE(f[0].message.find("105"), std::string::npos) << f[0].message;
  EXPECT_EQ(count(audit(tiers(31, 40, 29)), "shares", "contradiction"), 0);
}

TEST(Audit, AShareThatNoWholeNumberOfItsUnitsCanGive) {
  // 30% of 7 托位 is 2.1 托位; 3 of 7 is 42.86%.
  auto plan = [](double share, const std::string& text) {
    return fact("slots", "childcare_slots_total", "slots", 7, 2021) +
           indicator("aff", "affordable_childcare_slot_share", "percent",
                     "baseline = { year = 2021, value = " + std::to_string(share) + ", text = \"" +
                         text + "\" }\n");
  };
  const auto f = audit(plan(30, "30"));
  ASSERT_EQ(count(f, "share-units", "contradiction"), 1) << all(f);
  EXPECT_NE(f[0].message.find("2"), std::string::npos);
  EXPECT_EQ(count(audit(plan(42.86, "42.86")), "share-units", "contradiction"), 0);
}

TEST(Audit, PopulationFiguresAgainstTheCensusAndTheProjection) {
  // The test place has about 25,700 residents; a plan claiming 40,000 is noted, and 65+
  // exceeding 60+ is a contradiction.
  const auto f = audit(fact("pop", "total_population", "persons", 40000, 2022) +
                       fact("p60", "elderly_population", "persons", 3000, 2025) +
                       fact("p65", "elderly_65_population", "persons", 3100, 2025));
  EXPECT_GE(count(f, "population", "note"), 1) << all(f);
  EXPECT_EQ(count(f, "population", "contradiction"), 1) << all(f);
  // Silent near the projection.
  EXPECT_TRUE(audit(fact("pop", "total_population", "persons", 25600, 2022)).empty());
}

TEST(Audit, WorkforceBelowWhatTheCapacityNeedsAtTheNationalRatios) {
  // 700 托位 need at least 100 carers even if every child were in a 托大班 (1:7).
  auto plan = [](double workers) {
    return stock("s", "childcare_slot", 700, 2021) +
           fact("w", "childcare_workers", "persons", workers, 2021);
  };
  const auto f = audit(plan(60));
  ASSERT_EQ(count(f, "staffing", "inconsistency"), 1) << all(f);
  EXPECT_NE(f[0].message.find("at least 100"), std::string::npos) << f[0].message;
  EXPECT_EQ(count(audit(plan(120)), "staffing", "inconsistency"), 0);
}

TEST(Audit, ATargetBelowTheBaselineOfAnIndicatorMeantToRise) {
  auto plan = [](double to) {
    return indicator("n", "nursing_bed_share", "percent",
                     "baseline = { year = 2020, value = 40, text = \"40\" }\n" +
                         target(2025, to, std::to_string(static_cast<int>(to))));
  };
  EXPECT_EQ(count(audit(plan(35)), "below-baseline", "inconsistency"), 1);
  EXPECT_EQ(count(audit(plan(55)), "below-baseline", "inconsistency"), 0);
}

TEST(Audit, ATableThatHasAlreadyReachedWhatTheTextCallsFuture) {
  // A table row (its location names a 表) at 62% in 2021; the text sets 60% for 2025.
  auto plan = [](double table_value) {
    return indicator("t1", "nursing_bed_share", "percent",
                     "baseline = { year = 2021, value = " + std::to_string(table_value) +
                         ", text = \"x\" }\n",
                     "表1 row 1") +
           indicator("text.n", "nursing_bed_share", "percent", target(2025, 60, "60%"));
  };
  EXPECT_EQ(count(audit(plan(62)), "reached-already", "inconsistency"), 1);
  EXPECT_EQ(count(audit(plan(40)), "reached-already", "inconsistency"), 0);
}

TEST(Audit, OneFindingPerFact) {
  // The same stated count as a fact and as the stock, both against one ratio: one finding.
  const auto f = audit(fact("beds", "elder_beds_total", "beds", 8305, 2021) +
                       stock("stock", "elder_bed", 8305, 2021) +
                       fact("old", "elderly_population", "persons", 218600, 2021) +
                       indicator("b1000", "elder_beds_per_1000_elderly", "per_1000_elderly",
                                 "baseline = { year = 2021, value = 44.8, text = \"44.8\" }\n"));
  EXPECT_EQ(count(f, "ratio", "contradiction"), 1) << all(f);
}

TEST(Audit, ShippedPlansReportTheirKnownContradictions) {
  // Regression: the contradictions found by reading the plans stay found.
  auto run = [](const char* file) {
    const Scenario s = load_scenario(test::scenarios_dir() / file);
    const auto model = test::compile_model(s);
    const DemographicTallies projection = project_expected(*model);
    return audit_plan(
        AuditInputs{s.plan, s.capacity, s.baseline, s.horizon.start, projection, s.care.staffing});
  };
  const auto lianshui = run("lianshui.toml");
  EXPECT_GE(count(lianshui, "ratio", "contradiction"), 2) << all(lianshui);  // 44.8, 45 vs 37.99
  EXPECT_GE(count(lianshui, "conflicting-targets", "contradiction"), 1);     // 96.2 vs 80
  EXPECT_GE(count(lianshui, "unfunded", "inconsistency"), 4);  // 托位, beds, nursing
  const auto yuanqu = run("yuanqu.toml");
  EXPECT_EQ(count(yuanqu, "conflicting-targets", "inconsistency"), 2) << all(yuanqu);  // 3 vs 2.5
  const auto dianjiang = run("dianjiang.toml");
  EXPECT_EQ(count(dianjiang, "population", "inconsistency"), 1) << all(dianjiang);  // 65+ vs 60+
  EXPECT_EQ(count(dianjiang, "conversion", "inconsistency"), 1) << all(dianjiang);  // 35% -> 60%
  const auto wuzhong = run("wuzhong.toml");
  EXPECT_EQ(count(wuzhong, "copied-column", "note"), 1) << all(wuzhong);
}

}  // namespace
}  // namespace laoxiao

namespace laoxiao {
namespace {

// The printed tables align Chinese names by terminal columns (2 per Han character) and never
// let a long cell run into the next one.
TEST(ReportTable, CellsAlignByDisplayWidthAndKeepAColumnGap) {
  EXPECT_EQ(display_width("托位"), 4);
  EXPECT_EQ(display_width("t1.22"), 5);
  EXPECT_EQ(fit("abc", 6), "abc   ");
  EXPECT_EQ(fit("托位", 6), "托位  ");
  EXPECT_EQ(fit("abcdef", 6), "abcd\u2026 ");
  EXPECT_EQ(display_width(fit("每千人口拥有托位数", 10)), 10);
  EXPECT_EQ(fit("每千人口拥有托位数", 10), "每千人口\u2026 ");
  EXPECT_EQ(fit("每千人口拥有托位数", 9), "每千人\u2026  ");
}

}  // namespace
}  // namespace laoxiao
