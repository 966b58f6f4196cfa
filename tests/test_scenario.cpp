#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "core/toml_read.hpp"
#include "input/chain.hpp"
#include "input/registry.hpp"
#include "input/scenario.hpp"
#include "input/text_guard.hpp"
#include "test_util.hpp"

namespace laoxiao {
namespace {

using test::TempDir;

Diagnostics load_errors(const std::filesystem::path& p) {
  try {
    load_scenario(p);
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  return {};
}

bool has_error(const Diagnostics& d, const std::string& file_end, int line, int col,
               const std::string& key, const std::string& fragment) {
  for (const auto& x : d.items()) {
    const bool file_ok =
        x.pos.file.size() >= file_end.size() &&
        x.pos.file.compare(x.pos.file.size() - file_end.size(), file_end.size(), file_end) == 0;
    if (file_ok && x.pos.line == line && (col == 0 || x.pos.column == col) && x.key == key &&
        x.message.find(fragment) != std::string::npos)
      return true;
  }
  ADD_FAILURE() << "wanted " << file_end << ":" << line << ":" << col << ": " << key << ": ..."
                << fragment << "...\n got:\n"
                << d.format();
  return false;
}

TEST(Scenario, LoadsASmallPlace) {
  TempDir dir;
  const auto f = dir.write("place.toml", test::small_place());
  const Scenario s = load_scenario(f);
  EXPECT_EQ(s.place.id, "testville");
  EXPECT_EQ(s.baseline.age_groups.size(), 19u);
  EXPECT_EQ(s.baseline.date, Month::from_year_month(2020, 11));
  EXPECT_EQ(s.horizon.end_year, 2025);  // from the built-in defaults
  EXPECT_TRUE(s.baseline.townships.empty());
  EXPECT_EQ(townships_or_all(s.baseline).size(), 1u);  // one township "all" by default
  EXPECT_DOUBLE_EQ(s.demography.fertility.sex_ratio_at_birth, 111.3);
  EXPECT_NE(s.resolved_toml.find("sex_ratio_at_birth"), std::string::npos);
}

TEST(Scenario, EveryErrorIsReportedAtOnceWithItsPosition) {
  TempDir dir;
  const auto f = dir.write("bad.toml", test::small_place() +
                                           "\n[horizon]\nend_yaer = 2025\n"              // line 13
                                           "\n[run]\nsample = \"all\"\n"                 // line 16
                                           "replicates = 0\n"                            // line 17
                                           "\n[demography.mortality]\nscale = -2.0\n");  // 20
  const Diagnostics d = load_errors(f);
  ASSERT_GE(d.size(), 4u) << d.format();
  has_error(d, "bad.toml", 13, 1, "horizon.end_yaer",
            "unknown key (did you mean 'horizon.end_year'");
  has_error(d, "bad.toml", 16, 10, "run.sample", "expected a number, found a string");
  has_error(d, "bad.toml", 17, 14, "run.replicates", "below the minimum 1");
  has_error(d, "bad.toml", 20, 9, "demography.mortality.scale", "below the minimum 0");
  // One line per error, in file order, each "file:line:column: key: message".
  const std::string text = d.format();
  EXPECT_NE(text.find("bad.toml:13:1: horizon.end_yaer: unknown key"), std::string::npos) << text;
}

TEST(Scenario, SyntaxErrorsNameTheLineAndColumn) {
  TempDir dir;
  const auto f = dir.write("syntax.toml", "[place]\nid = \"x\"\nlevel = = 3\n");
  const Diagnostics d = load_errors(f);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.items()[0].pos.line, 3);
  EXPECT_GT(d.items()[0].pos.column, 0);
  EXPECT_NE(d.items()[0].message.find("TOML syntax error"), std::string::npos);
}

TEST(Scenario, SourcedValuesAreCheckedToo) {
  TempDir dir;
  const auto f = dir.write(
      "sourced.toml",
      test::small_place() +
          "\n[demography.mortality]\n"
          "hazard_ratio_full = { value = 3.0, source = \"a study\", unit = \"years\" }\n"  // 13
          "hazard_ratio_partial = { value = 1.2, sauce = \"typo\" }\n"                     // 14
          "scale = { source = \"no value\" }\n");                                          // 15
  const Diagnostics d = load_errors(f);
  has_error(d, "sourced.toml", 13, 0, "demography.mortality.hazard_ratio_full",
            "does not match the declared unit 'factor'");
  has_error(d, "sourced.toml", 14, 0, "demography.mortality.hazard_ratio_partial.sauce",
            "unknown key in a sourced value");
  has_error(d, "sourced.toml", 15, 0, "demography.mortality.scale", "needs a 'value' key");
}

TEST(Scenario, ExtendsMergesAndKeepsPositionsOfEachFile) {
  TempDir dir;
  dir.write("parent.toml", "[demography.fertility]\nscale = 0.8\ntarget_tfr = 25.0\n");
  const auto child = dir.write("child.toml", "extends = \"parent.toml\"\n" + test::small_place());
  const Diagnostics d = load_errors(child);
  // The out-of-range value is reported in the parent, where it was written.
  has_error(d, "parent.toml", 3, 14, "demography.fertility.target_tfr", "above the maximum 10");

  dir.write("parent.toml", "[demography.fertility]\nscale = 0.8\n");
  const Scenario s = load_scenario(child);
  EXPECT_DOUBLE_EQ(s.demography.fertility.scale, 0.8);
  const auto grandchild = dir.write(
      "grandchild.toml", "extends = \"child.toml\"\n[demography.fertility]\nscale = 0.9\n");
  EXPECT_DOUBLE_EQ(load_scenario(grandchild).demography.fertility.scale, 0.9);
}

TEST(Scenario, ExtendsCyclesAndMissingFilesAreErrors) {
  TempDir dir;
  dir.write("a.toml", "extends = \"b.toml\"\n");
  dir.write("b.toml", "extends = \"a.toml\"\n");
  has_error(load_errors(dir.path() / "a.toml"), "b.toml", 1, 0, "extends", "extends cycle");
  const auto m = dir.write("m.toml", "extends = \"nowhere.toml\"\n");
  has_error(load_errors(m), "m.toml", 1, 0, "extends", "cannot open scenario file");
}

TEST(Scenario, SemanticChecks) {
  TempDir dir;
  const auto f = dir.write(
      "sem.toml", test::small_place(20000, "total = 5\n") +
                      "\n[demography.disability]\nage_groups = [\"60-64\", \"65+\"]\n"
                      "male_partial_prevalence = [0.1]\nmale_full_prevalence = [0.5, 0.6]\n"
                      "\n[[baseline.townships]]\nname = \"a\"\nshare = 0.5\n"
                      "\n[[baseline.townships]]\nname = \"a\"\nshare = 0.4\n");
  const Diagnostics d = load_errors(f);
  const std::string t = d.format();
  EXPECT_NE(t.find("baseline.total: stated total 5 differs"), std::string::npos) << t;
  EXPECT_NE(t.find("male_partial_prevalence: has 1 values but"), std::string::npos) << t;
  EXPECT_NE(t.find("township shares sum to 0.9"), std::string::npos) << t;
  EXPECT_NE(t.find("duplicate township 'a'"), std::string::npos) << t;
}

TEST(Scenario, RejectsInvalidUtf8WithItsPosition) {
  TempDir dir;
  const auto f = dir.write("latin1.toml", "[place]\nid = \"caf\xe9\"\n");
  has_error(load_errors(f), "latin1.toml", 2, 10, "", "invalid UTF-8");
}

TEST(Scenario, TextGuardLetsValidTomlThrough) {
  // Arrays on lines of their own, floats in inline tables and 32-part keys are valid TOML.
  std::string key32 = "k";
  for (int i = 1; i < 32; ++i) key32 += ".k";
  const std::string ok =
      "x = [\n  [\n    1.5,\n  ],\n  [2.5, 3.5],\n]\n"
      "y = { a.b = 1.5, c = [0.5] }\n" +
      key32 + " = 1\n[" + key32 + "]\n";
  EXPECT_FALSE(scenario_text_problem(ok, "ok.toml").has_value());
  const auto too_many = scenario_text_problem("[t]\nk" + std::string(32, '.') + " = 1\n", "f");
  ASSERT_TRUE(too_many.has_value());
  EXPECT_EQ(too_many->pos.line, 2);
  EXPECT_NE(too_many->message.find("more than 32 dotted parts"), std::string::npos);
  const auto lone = scenario_text_problem("a = 1\n  [  \n", "f");
  ASSERT_TRUE(lone.has_value());
  EXPECT_EQ(lone->message, "a table header with no name");
  const auto deep =
      scenario_text_problem("a = " + std::string(65, '[') + std::string(65, ']'), "f");
  ASSERT_TRUE(deep.has_value());
  EXPECT_NE(deep->message.find("nested more than 64 levels"), std::string::npos);
  EXPECT_FALSE(
      scenario_text_problem("a = " + std::string(64, '[') + std::string(64, ']'), "f").has_value());
}

TEST(Scenario, CensusRowsFillTheBaseline) {
  const Scenario s = load_scenario(test::scenarios_dir() / "wuzhong.toml");
  EXPECT_DOUBLE_EQ(s.baseline.people(), 1382713.0);  // five county-level units
  EXPECT_NEAR(s.baseline.urban_share, 771119.0 / 1382713.0, 1e-12);
  EXPECT_EQ(s.baseline.age_groups.back().label, "85+");
}

TEST(Scenario, ParentFilesAreCheckedButNotRunAndTheirRoleIsNotInherited) {
  TempDir dir;
  const auto parent =
      dir.write("parent.toml", "role = \"parent\"\n[demography.fertility]\nscale = 0.8\n");
  const auto child = dir.write("child.toml", "extends = \"parent.toml\"\n" + test::small_place());
  const auto files = check_parent_file(parent);
  ASSERT_TRUE(files.has_value());
  EXPECT_EQ(files->back(), parent.string());
  has_error(load_errors(parent), "parent.toml", 1, 8, "role", "meant only to be extended");
  // The child runs: role stays with the file that says it.
  EXPECT_FALSE(check_parent_file(child).has_value());
  EXPECT_DOUBLE_EQ(load_scenario(child).demography.fertility.scale, 0.8);
  dir.write("parent.toml", "role = \"parent\"\n[demography.fertility]\nscale = -2\n");
  try {
    check_parent_file(parent);
    ADD_FAILURE() << "a parent file's out-of-range value went unnoticed";
  } catch (const InputError& e) {
    has_error(e.diagnostics(), "parent.toml", 3, 9, "demography.fertility.scale", "below");
  }
  const auto odd = dir.write("odd.toml", "role = 1\n" + test::small_place());
  has_error(load_errors(odd), "odd.toml", 1, 8, "role", "expected \"scenario\" or \"parent\"");
}

TEST(Scenario, ShippedScenariosAllValidate) {
  int parents = 0;
  for (const auto& dir : {test::scenarios_dir(), test::scenarios_dir() / "templates"}) {
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      if (e.path().extension() != ".toml") continue;
      SCOPED_TRACE(e.path().string());
      if (check_parent_file(e.path())) {
        ++parents;
        continue;
      }
      EXPECT_NO_THROW(load_scenarios(e.path()));
    }
  }
  EXPECT_EQ(parents, 2);  // defaults.toml and templates/national_targets.toml
}

TEST(Plans, EveryRowOfEachPlansIndicatorTableIsInItsScenario) {
  // Table sizes counted in the plan documents: Lianshui 27 rows, Yuanqu 12 + 13, Wuzhong 13,
  // Dianjiang 24 (it says "24具体发展指标" itself).
  struct Want {
    const char* file;
    std::vector<std::string> keys;
  };
  auto seq = [](const std::string& prefix, int n) {
    std::vector<std::string> k;
    for (int i = 1; i <= n; ++i) k.push_back(prefix + (i < 10 ? "0" : "") + std::to_string(i));
    return k;
  };
  std::vector<std::string> yuanqu = seq("t1.e", 12);
  for (const auto& k : seq("t1.c", 13)) yuanqu.push_back(k);
  const Want wants[] = {{"lianshui.toml", seq("t1.", 27)},
                        {"yuanqu.toml", yuanqu},
                        {"wuzhong.toml", seq("t1.", 13)},
                        {"dianjiang.toml", seq("t1.", 24)}};
  for (const auto& w : wants) {
    const Scenario s = load_scenario(test::scenarios_dir() / w.file);
    for (const auto& key : w.keys) {
      const bool found = std::any_of(s.plan.indicators.begin(), s.plan.indicators.end(),
                                     [&](const PlanIndicator& i) { return i.key == key; });
      EXPECT_TRUE(found) << w.file << " lacks table row " << key;
    }
    for (const auto& ind : s.plan.indicators) {
      EXPECT_FALSE(ind.location.empty()) << w.file << " " << ind.key;
      EXPECT_TRUE(ind.def()) << w.file << " " << ind.key;
    }
  }
  // Lianshui gives a target for every year 2022-2025 in its table.
  const Scenario l = load_scenario(test::scenarios_dir() / "lianshui.toml");
  for (const auto& ind : l.plan.indicators) {
    if (ind.key.rfind("t1.", 0) == 0) {
      EXPECT_EQ(ind.targets.size(), 4u) << ind.key;
    }
  }
}

TEST(Params, EveryDefaultIsDeclaredAndCarriesASource) {
  // The defaults file validates like any scenario fragment, and every figure has a source.
  const toml::table& d = builtin_defaults();
  const auto& reg = ParamRegistry::instance();
  std::function<void(const toml::table&, const std::string&, bool)> walk =
      [&](const toml::table& t, const std::string& prefix, bool table_has_source) {
        const bool has_source = table_has_source || t.contains("source");
        for (auto&& [k, v] : t) {
          const std::string key =
              prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
          if (k.str() == "source" || k.str() == "note") continue;
          if (reg.find(key)) {
            const bool sourced = v.is_table() && v.as_table()->contains("source");
            EXPECT_TRUE(sourced || has_source) << key << " has no source";
          } else {
            ASSERT_TRUE(v.is_table() && reg.is_table(key)) << key << " is not declared";
            walk(*v.as_table(), key, has_source);
          }
        }
      };
  walk(d, "", false);
}

TEST(Params, DocumentationIsGeneratedFromTheRegistry) {
  std::ifstream in(test::source_dir() / "docs" / "PARAMETERS.md");
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), ParamRegistry::instance().markdown(builtin_defaults()))
      << "docs/PARAMETERS.md is stale: regenerate with build/laoxiao params --markdown > "
         "docs/PARAMETERS.md";
}

}  // namespace
}  // namespace laoxiao

namespace laoxiao {
namespace {

TEST(Batch, EveryCountyOfAProvinceBecomesAPlace) {
  const auto all = load_scenarios(test::scenarios_dir() / "shanxi_counties.toml");
  ASSERT_EQ(all.size(), 121u);  // every 山西省 row of the census table, coded or not
  double people = 0;
  std::set<std::string> ids;
  std::set<std::uint32_t> streams;
  for (const auto& s : all) {
    people += s.baseline.people();
    ids.insert(s.place.id);
    streams.insert(s.rng_stream());
    EXPECT_EQ(s.batch, "shanxi_counties");
    EXPECT_EQ(s.place.province, "山西省");
    EXPECT_EQ(s.plan.indicators.size(), 2u);  // the national targets template
  }
  EXPECT_DOUBLE_EQ(people, 34915616.0);
  EXPECT_EQ(ids.size(), all.size());
  EXPECT_EQ(streams.size(), all.size());
  const auto yuanqu = std::find_if(all.begin(), all.end(),
                                   [](const Scenario& s) { return s.place.id == "c140827"; });
  ASSERT_NE(yuanqu, all.end());
  EXPECT_DOUBLE_EQ(yuanqu->baseline.people(), 197772.0);
  EXPECT_EQ(yuanqu->place.name_zh, "垣曲县");
  // Capacity stated per 1,000 follows each county's own census population.
  ASSERT_FALSE(yuanqu->capacity.stock.empty());
  EXPECT_DOUBLE_EQ(yuanqu->capacity.stock[0].places(), std::round(1.8 * 197772 / 1000));
  EXPECT_THROW(load_scenario(test::scenarios_dir() / "shanxi_counties.toml"), InputError);
}

}  // namespace
}  // namespace laoxiao
