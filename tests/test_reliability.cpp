// Reliability of the laoxiao binary: hostile inputs (the tests/bad_inputs corpus and inputs
// generated at test time), unwritable and full disks, memory limits, signals and SIGKILL at
// random moments. See docs/RELIABILITY.md for the promises these tests prove.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <vector>

#include "test_util.hpp"

namespace laoxiao {
namespace {

namespace fs = std::filesystem;
using test::Result;
using test::run;
using test::slurp;
using test::TempDir;

const fs::path kCorpus = test::source_dir() / "tests" / "bad_inputs";

struct BadInput {
  std::string name;                 // file name of the .toml
  std::vector<std::string> expect;  // lines that must appear in stderr
};

/// The corpus: every NAME.toml with a NAME.expected beside it. An expected line that starts
/// with a digit is a position, "LINE:COLUMN: key: message", and must appear right after
/// "NAME.toml:"; other lines must appear anywhere in the error output.
std::vector<BadInput> corpus() {
  std::vector<BadInput> all;
  for (const auto& e : fs::directory_iterator(kCorpus)) {
    if (e.path().extension() != ".expected") continue;
    BadInput b{e.path().stem().string() + ".toml", {}};
    std::ifstream in(e.path());
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line[0] != '#') b.expect.push_back(line);
    all.push_back(std::move(b));
  }
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return all;
}

void expect_messages(const BadInput& b, const std::string& err) {
  for (const auto& line : b.expect) {
    const bool position = line[0] >= '0' && line[0] <= '9';
    const std::string wanted = position ? b.name + ":" + line : line;
    EXPECT_NE(err.find(wanted), std::string::npos) << b.name << ": wanted '" << wanted << "' in:\n"
                                                   << err;
  }
}

/// A crash, a sanitizer report or an uncaught exception instead of a clean error.
void expect_no_crash(const std::string& name, const Result& r) {
  for (const char* sign :
       {"Sanitizer", "runtime error", "terminate called", "Assertion", "Aborted", "Segmentation"})
    EXPECT_EQ(r.err.find(sign), std::string::npos) << name << ": " << r.err;
}

TEST(BadInputs, CorpusHasAtLeastFortyCasesAndEveryFileHasOne) {
  const auto all = corpus();
  EXPECT_GE(all.size(), 40u);
  std::set<std::string> expected;
  for (const auto& b : all) {
    EXPECT_TRUE(fs::exists(kCorpus / b.name)) << b.name << " has an .expected but no .toml";
    EXPECT_FALSE(b.expect.empty()) << b.name << ": expects nothing";
    expected.insert(b.name);
  }
  // Helpers (the valid base and the second half of the extends cycle) are the only .toml files
  // without expectations.
  for (const auto& e : fs::directory_iterator(kCorpus)) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() != ".toml" || expected.count(name)) continue;
    EXPECT_TRUE(name == "base.toml" || name == "extends_cycle_b.toml") << name << ": no .expected";
  }
}

TEST(BadInputs, ValidateRefusesEachWithItsMessageAndExitCode2) {
  for (const auto& b : corpus()) {
    const Result r = run("validate '" + b.name + "'", kCorpus);
    EXPECT_EQ(r.code, 2) << b.name << ":\n" << r.err;
    expect_messages(b, r.err);
    expect_no_crash(b.name, r);
  }
}

TEST(BadInputs, RunRefusesEachAndLeavesThePreviousOutputAlone) {
  TempDir dir;
  const fs::path out = dir.path() / "previous.h5";
  std::ofstream(out) << "previous results";
  for (const auto& b : corpus()) {
    const Result r =
        run("run '" + b.name + "' --quiet --replicates 1 --out '" + out.string() + "'", kCorpus);
    EXPECT_EQ(r.code, 2) << b.name << ":\n" << r.err;
    expect_messages(b, r.err);
    expect_no_crash(b.name, r);
    EXPECT_TRUE(r.out.empty()) << b.name << ": " << r.out;
  }
  EXPECT_EQ(slurp(out), "previous results");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(BadInputs, AHundredMegabyteFileIsRefusedBeforeItIsRead) {
  TempDir dir;
  const fs::path big = dir.path() / "huge.toml";
  {
    std::ofstream f(big, std::ios::binary);
    f << "[place]\nid = \"huge\"\n";
    const std::string line = "# " + std::string(98, 'x') + "\n";
    for (int i = 0; i < 1'000'000; ++i) f << line;
  }
  const auto size = fs::file_size(big);
  ASSERT_GE(size, 100'000'000u);
  const Result r = run("validate '" + big.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(big.string() + ": file is " + std::to_string(size) +
                       " bytes; scenario files are limited to 8388608 bytes"),
            std::string::npos)
      << r.err;
  // The same text handed over by an including file.
  dir.write("child.toml", "extends = \"huge.toml\"\n");
  const Result c = run("validate child.toml", dir.path());
  EXPECT_EQ(c.code, 2);
  EXPECT_NE(c.err.find("limited to 8388608 bytes"), std::string::npos) << c.err;
}

TEST(BadInputs, DevicesAndDirectoriesAreNotScenarioFiles) {
  TempDir dir;
  dir.write("dev.toml", "extends = \"/dev/zero\"\n");
  const Result r = run("validate dev.toml /dev/zero '" + dir.path().string() + "'", dir.path());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("dev.toml:1:11: extends: '/dev/zero' is not a regular file"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("'" + dir.path().string() + "' is not a regular file"), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace laoxiao
