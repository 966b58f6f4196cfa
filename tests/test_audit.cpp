// The plan audit on small crafted plans: each rule finds the contradiction planted for it,
// names the figures and their places, and a consistent plan gives no finding.
#include <gtest/gtest.h>

#include "app/report.hpp"
#include "models/care/audit.hpp"
#include "models/reference/cohort_component.hpp"
#include "sim/runner.hpp"
#include "test_util.hpp"

namespace laoxiao {
namespace {

std::vector<AuditFinding> audit(const std::string& plan) {
  test::TempDir dir;
  const Scenario s = load_scenario(dir.write(
      "plan.toml", test::small_place(50000) + "\n[plan]\ndocument = \"test〔2022〕1号\"\n" + plan));
  const auto model = test::compile_model(s);
  const CapacityModel cap = test::capacity_of(s);
  return audit_plan(s.plan, s.capacity, cap, project_expected(*model));
}

std::string indicator(const std::string& key, const std::string& id, const std::string& unit,
                      const std::string& rest) {
  return "\n[[plan.indicators]]\nkey = \"" + key + "\"\nid = \"" + id + "\"\nname_zh = \"" + key +
         "\"\nnature = \"expected\"\nunit = \"" + unit + "\"\nlocation = \"" + key + " place\"\n" +
         rest;
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

TEST(Audit, TwoTargetsForTheSameIndicatorAndYear) {
  const auto f = audit(
      indicator("t.a", "childcare_slots_per_1000", "per_1000_residents",
                "targets = [ { year = 2022, value = 3, text = \"3个\" } ]\n") +
      indicator("t.b", "childcare_slots_per_1000", "per_1000_residents",
                "targets = [ { year = 2022, value = 2.5, text = \"2.5个\" } ]\n") +
      indicator("o.1", "other", "percent",
                "targets = [ { year = 2025, value = 96.2, text = \"96.2\" } ]\n") +
      indicator("o.2", "other", "percent",
                "same_as = \"o.1\"\ntargets = [ { year = 2025, value = 80, text = \"80%\" } ]\n") +
      indicator("o.3", "other", "percent",
                "same_as = \"o.1\"\ntargets = [ { year = 2025, value = 96.2, comparator = \">=\", "
                "text = \"96.2%以上\" } ]\n"));
  EXPECT_EQ(count(f, "conflicting-targets", "contradiction"), 3)
      << all(f);                                                    // a/b, o.1/o.2, o.2/o.3
  EXPECT_EQ(count(f, "conflicting-targets", "note"), 1) << all(f);  // o.1/o.3
  bool named = false;
  for (const auto& x : f)
    for (const auto& g : x.figures) named |= (g.key == "t.a" && g.location == "t.a place");
  EXPECT_TRUE(named);
}

TEST(Audit, ARatioThatItsNumeratorAndDenominatorDoNotGive) {
  const auto f = audit(fact("beds", "elder_beds_total", "beds", 8305, 2021) +
                       fact("old", "elderly_population", "persons", 218600, 2021) +
                       indicator("b1000", "elder_beds_per_1000_elderly", "per_1000_elderly",
                                 "baseline = { year = 2021, value = 44.8, text = \"44.8\" }\n"));
  ASSERT_EQ(count(f, "ratio", "contradiction"), 1) << all(f);
  EXPECT_NE(f[0].message.find("37.99"), std::string::npos) << f[0].message;
  EXPECT_EQ(f[0].figures.size(), 3u);
}

TEST(Audit, ProjectsThatCannotReachACapacityTarget) {
  const auto f = audit(
      "\n[[capacity.stock]]\nkey = \"s\"\nkind = \"childcare_slot\"\ncapacity = 100\nyear = 2021\n"
      "location = \"stock place\"\n"
      "\n[[capacity.projects]]\nkey = \"p\"\nname_zh = \"托育中心\"\nkind = "
      "\"childcare_slot\"\ntier = "
      "\"affordable\"\ncapacity = 50\nopens = \"2023-12\"\nlocation = \"list\"\n" +
      indicator("slots", "childcare_slots_total", "slots",
                "targets = [ { year = 2025, value = 500, text = \"500个\" } ]\n") +
      indicator("ok", "childcare_slots_total", "slots",
                "targets = [ { year = 2024, value = 150, text = \"150个\" } ]\n"));
  ASSERT_EQ(count(f, "shortfall", "shortfall"), 1) << all(f);
  EXPECT_NE(f[0].message.find("350 short of the 500"), std::string::npos) << f[0].message;
}

TEST(Audit, SharesThatDoNotAddUp) {
  const auto f = audit(indicator("s", "safety_net_childcare_share", "percent",
                                 "baseline = { year = 2020, value = 31, text = \"31\" }\n") +
                       indicator("a", "affordable_childcare_slot_share", "percent",
                                 "baseline = { year = 2020, value = 45, text = \"45\" }\n") +
                       indicator("m", "market_childcare_share", "percent",
                                 "baseline = { year = 2020, value = 29, text = \"29\" }\n"));
  ASSERT_EQ(count(f, "shares", "contradiction"), 1) << all(f);
  EXPECT_NE(f[0].message.find("105"), std::string::npos) << f[0].message;
}

TEST(Audit, PopulationFiguresFarFromTheCensusProjection) {
  // The test place has about 25,700 residents; a plan claiming 40,000 is flagged, and 65+
  // exceeding 60+ is a contradiction.
  const auto f = audit(fact("pop", "total_population", "persons", 40000, 2022) +
                       fact("p60", "elderly_population", "persons", 3000, 2025) +
                       fact("p65", "elderly_65_population", "persons", 3100, 2025));
  EXPECT_GE(count(f, "population", "note"), 1) << all(f);
  EXPECT_EQ(count(f, "population", "contradiction"), 1) << all(f);
}

TEST(Audit, ShippedPlansReportTheirKnownContradictions) {
  // Regression: the contradictions found by reading the plans stay found.
  auto run = [](const char* file) {
    const Scenario s = load_scenario(test::scenarios_dir() / file);
    const auto model = test::compile_model(s);
    return audit_plan(s.plan, s.capacity, test::capacity_of(s), project_expected(*model));
  };
  const auto lianshui = run("lianshui.toml");
  EXPECT_GE(count(lianshui, "ratio", "contradiction"), 2) << all(lianshui);  // 44.8, 45 vs 37.99
  EXPECT_GE(count(lianshui, "conflicting-targets", "contradiction"), 1);     // 96.2 vs 80
  EXPECT_GE(count(lianshui, "shortfall", "shortfall"), 4);  // 托位, beds, nursing
  const auto yuanqu = run("yuanqu.toml");
  EXPECT_EQ(count(yuanqu, "conflicting-targets", "contradiction"), 1) << all(yuanqu);  // 3 vs 2.5
  const auto dianjiang = run("dianjiang.toml");
  EXPECT_EQ(count(dianjiang, "population", "contradiction"), 1) << all(dianjiang);  // 65+ vs 60+
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
