// What laoxiao reads and the bounds of what it can represent: the one reader of input files
// (core/paths.hpp), the pre-scan's positions, the life table's caps, the memory guard during a
// run and the growth the memory estimate foresees.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cmath>
#include <random>

#include "app/resources.hpp"
#include "core/paths.hpp"
#include "core/toml_write.hpp"
#include "input/text_guard.hpp"
#include "models/demography/life_table.hpp"
#include "sim/runner.hpp"
#include "test_util.hpp"

namespace laoxiao {
namespace {

namespace fs = std::filesystem;

TEST(InputFiles, OnlyRegularFilesOfBoundedSizeAreRead) {
  test::TempDir dir;
  std::string problem;
  EXPECT_EQ(read_input_file(dir.write("a.txt", "hello"), 10, "texts", problem), "hello");
  EXPECT_FALSE(read_input_file(dir.write("b.txt", "hello world"), 10, "texts", problem));
  EXPECT_EQ(problem, "file is 11 bytes; texts are limited to 10 bytes");
  EXPECT_FALSE(read_input_file(dir.path() / "missing", 10, "texts", problem));
  EXPECT_EQ(problem, "no such file");
  const fs::path fifo = dir.path() / "f";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  // Would block for ever without O_NONBLOCK: nobody writes to it.
  EXPECT_FALSE(read_input_file(fifo, 10, "texts", problem));
  EXPECT_EQ(problem, "'" + fifo.string() + "' is not a regular file (it is a FIFO)");
  for (const char* dev : {"/dev/zero", "/dev/urandom"}) {
    EXPECT_FALSE(read_input_file(dev, 1u << 20, "texts", problem));
    EXPECT_EQ(problem,
              std::string("'") + dev + "' is not a regular file (it is a character device)");
  }
  EXPECT_FALSE(read_input_file(dir.path(), 10, "texts", problem));
  EXPECT_NE(problem.find("(it is a directory)"), std::string::npos);
}

TEST(InputFiles, IdentityComparesFilesNotSpellings) {
  test::TempDir dir;
  const fs::path a = dir.write("a.toml", "x");
  fs::create_directories(dir.path() / "sub");
  fs::create_symlink(a, dir.path() / "link.toml");
  EXPECT_EQ(identity_of(a), identity_of(dir.path() / "sub" / ".." / "a.toml"));
  EXPECT_EQ(identity_of(a), identity_of(dir.path() / "link.toml"));
  EXPECT_NE(identity_of(a), identity_of(dir.write("b.toml", "x")));
  EXPECT_FALSE(identity_of(dir.path() / "missing"));
  EXPECT_EQ(non_regular_kind(a), "");
  EXPECT_EQ(non_regular_kind(dir.path() / "sub"), "a directory");
  EXPECT_EQ(non_regular_kind("/dev/null"), "a character device");
}

TEST(TextGuard, LineEndingBackslashesInMultiLineStringsKeepLinesCounted) {
  // Line 5 holds the bare non-ASCII key, after three lines joined by line-ending backslashes
  // (one with trailing spaces, one with CRLF).
  const std::string text = "a = \"\"\"one \\\ntwo \\  \nthree \\\r\nfour\"\"\"\n名 = 1\n";
  const auto p = scenario_text_problem(text, "t.toml");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->pos.line, 5);
  EXPECT_EQ(p->pos.column, 1);
  // Escapes that TOML knows pass; others are named.
  EXPECT_FALSE(scenario_text_problem("a = \"\\t\\n\\\\\\\"\\u00e9\\U0001F600\"\n", "t.toml"));
  for (const char* bad : {"a = \"\\x41\"\n", "a = \"\\u12\"\n", "a = \"\\ \"\n"}) {
    const auto q = scenario_text_problem(bad, "t.toml");
    ASSERT_TRUE(q) << bad;
    EXPECT_EQ(q->message.rfind("invalid escape", 0), 0u) << q->message;
  }
  // A byte-order mark at the start is accepted and takes no column.
  const auto bom = scenario_text_problem(
      "\xEF\xBB\xBF"
      "名 = 1\n",
      "t.toml");
  ASSERT_TRUE(bom);
  EXPECT_EQ(bom->pos.column, 1);
  EXPECT_FALSE(
      scenario_text_problem("\xEF\xBB\xBF"
                            "a = 1\n",
                            "t.toml"));
}

TEST(LifeTable, ProbabilitiesAreCappedSoLifeExpectancyIsNeverNegative) {
  const auto groups = abridged_groups();
  // A death rate of 10 at ages 1-4 gave q = 1.45 and e0 = -38 before the cap.
  std::vector<double> mx(groups.size(), 0.01);
  mx[1] = 10;
  const double e0 = life_expectancy_at_birth(groups, mx, LifeTableSex::kMale);
  EXPECT_GT(e0, 0);
  EXPECT_LT(e0, 1.5);  // nearly everyone dies before 5
  // Any rates within the declared bounds (0-10): e0 in (0, 120) or NaN.
  std::mt19937 gen(13);
  std::uniform_real_distribution<double> rate(0.0, 10.0), log_rate(-12.0, std::log(10.0));
  for (int i = 0; i < 20000; ++i) {
    for (auto& m : mx) m = i % 2 ? rate(gen) : std::exp(log_rate(gen));
    for (const auto sex : {LifeTableSex::kMale, LifeTableSex::kFemale, LifeTableSex::kBoth}) {
      const double e = life_expectancy_at_birth(groups, mx, sex);
      EXPECT_TRUE(std::isnan(e) || (e > 0 && e < kMaxLifeExpectancy)) << e;
    }
  }
  // Too few deaths to close: NaN, not 1,000 years.
  std::vector<double> low(groups.size(), 1e-5);
  EXPECT_TRUE(std::isnan(life_expectancy_at_birth(groups, low, LifeTableSex::kBoth)));
}

/// A small place scenario with strong net in-migration (+20% a year) to `end_year`.
Scenario growing_place(const test::TempDir& dir, int end_year) {
  const std::string extra = "\n[horizon]\nend_year = " + std::to_string(end_year) +
                            "\n[demography.migration]\nage_groups = [\"0+\"]\nnet_rate = [200]\n";
  Scenario s = load_scenario(dir.write("g.toml", test::small_place(20000.0, extra)));
  s.run.replicates = 1;
  s.run.sample = 0.25;
  // The stated rates, not a draw of their scale: the estimate is of the scenario's own growth.
  s.run.uncertainty = UncertaintyMode::kNone;
  return s;
}

TEST(MemoryGuard, TheEstimateFollowsGrowthOverTheHorizon) {
  test::TempDir dir;
  auto runs = prepare_runs({growing_place(dir, 2040)});
  // 20 years at +20%: about 38-fold; the store is sized for it, and holds what the run makes.
  const std::uint64_t slots = expected_agent_slots(runs[0].compiled);
  EXPECT_GT(slots, 20 * 5000u);
  RunOptions opt;
  opt.progress = false;
  opt.simulate.slot_budget = 1.0;  // the estimate itself as the bound
  run_prepared(runs, opt);
  const auto final_slots = runs[0].results[0].stats.agents_final;
  EXPECT_LE(final_slots, slots);
  EXPECT_GT(static_cast<double>(final_slots), 0.7 * static_cast<double>(slots));
}

TEST(MemoryGuard, GrowthBeyondTheBoundStopsTheRunDuringIt) {
  test::TempDir dir;
  auto runs = prepare_runs({growing_place(dir, 2040)});
  RunOptions opt;
  opt.progress = false;
  opt.simulate.slot_budget = 0.2;  // room for a fifth of the expected growth
  try {
    run_prepared(runs, opt);
    FAIL() << "the run outgrew its bound without stopping";
  } catch (const MemoryBoundExceeded& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("testville grew to "), std::string::npos) << m;
    EXPECT_NE(m.find("the memory bound allows"), std::string::npos) << m;
    EXPECT_NE(m.find("no output written"), std::string::npos) << m;
  }
}

}  // namespace
}  // namespace laoxiao

namespace laoxiao {
namespace {

TEST(TomlWrite, ADocumentReadsBackToAnEqualTable) {
  const std::string text = R"(top = 0.0064
"quoted key" = "a \"quote\", a \\ and a tab\t, 一老一小"
when = 2022-10-01
list = [0.1, -2.5e-7, 3, "x"]
inline = { value = 0.73, source = "census" }
[a]
x = 1
[a.b]
y = [[1, 2], [3]]
[[a.items]]
n = 1
[a.items.sub]
z = true
[[a.items]]
n = 2
)";
  const toml::table t = toml::parse(text);
  const std::string written = toml_document(t);
  const toml::table back = toml::parse(written);
  EXPECT_EQ(back, t) << written;
  EXPECT_NE(written.find("inline = { source = \"census\", value = 0.73 }"), std::string::npos)
      << written;
  EXPECT_EQ(toml_real(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(toml_real(2.0), "2.0");
}

}  // namespace
}  // namespace laoxiao
