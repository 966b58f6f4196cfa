// laoxiao sweep end to end: bad sweep files (the tests/bad_sweeps corpus) refused with their
// positions and nothing written; identical datasets for --threads 1, --threads 2, mpirun -np 2
// and -np 3 and for job-array shares run in any order; --resume rules; common random numbers
// across points; the index and task files open with xarray and ncdump; the example sweeps
// validate.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "h5_datasets.hpp"
#include "test_util.hpp"

namespace laoxiao {
namespace {

namespace fs = std::filesystem;
using test::Result;
using test::run;
using test::run_command;
using test::TempDir;

const fs::path kCorpus = test::source_dir() / "tests" / "bad_sweeps";
const std::string kSmall = "tests/sweeps/small_lhs.toml";

struct BadSweep {
  std::string name;
  std::vector<std::string> expect;
};

/// Every NAME.toml with a NAME.expected: a line that starts with a digit is "LINE:COLUMN: key:
/// message" right after "NAME.toml:"; other lines must appear anywhere in the error output.
std::vector<BadSweep> corpus() {
  std::vector<BadSweep> all;
  for (const auto& e : fs::directory_iterator(kCorpus)) {
    if (e.path().extension() != ".expected") continue;
    BadSweep b{e.path().stem().string() + ".toml", {}};
    std::ifstream in(e.path());
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line[0] != '#') b.expect.push_back(line);
    all.push_back(std::move(b));
  }
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return all;
}

void expect_messages(const BadSweep& b, const std::string& err) {
  for (const auto& line : b.expect) {
    const bool position = line[0] >= '0' && line[0] <= '9';
    const std::string wanted = position ? b.name + ":" + line : line;
    EXPECT_NE(err.find(wanted), std::string::npos) << b.name << ": wanted '" << wanted << "' in:\n"
                                                   << err;
  }
  for (const char* sign : {"Sanitizer", "runtime error", "terminate called", "Segmentation"})
    EXPECT_EQ(err.find(sign), std::string::npos) << b.name << ": " << err;
}

[[maybe_unused]] std::string mpirun(int ranks) {  // unused without MPI
  // Open MPI refuses root unless told; beyond the cores it needs --oversubscribe; its default
  // binding would give each rank one core.
  return "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun -np " +
         std::to_string(ranks) + " --oversubscribe --bind-to none '" + test::binary() + "' ";
}

std::map<std::string, std::string> results(const fs::path& dir) {
  return test::h5_datasets_except(dir / "sweep.h5", "timing/");
}

TEST(BadSweeps, CorpusHasThirtyCasesAndEveryFileHasOne) {
  const auto all = corpus();
  EXPECT_GE(all.size(), 30u);
  std::set<std::string> names;
  for (const auto& b : all) {
    EXPECT_TRUE(fs::exists(kCorpus / b.name)) << b.name;
    EXPECT_FALSE(b.expect.empty()) << b.name;
    names.insert(b.name);
  }
  for (const auto& e : fs::directory_iterator(kCorpus)) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() != ".toml" || names.count(name)) continue;
    EXPECT_TRUE(name == "base.toml" || name == "good.toml") << name << ": no .expected";
  }
  const Result good = run("validate good.toml base.toml", kCorpus);
  EXPECT_EQ(good.code, 0) << good.err;
}

TEST(BadSweeps, ValidateAndSweepRefuseEachWithItsPositionAndWriteNothing) {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  fs::create_directories(out);
  std::ofstream(out / "previous.txt") << "kept";
  for (const auto& b : corpus()) {
    const Result v = run("validate '" + b.name + "'", kCorpus);
    EXPECT_EQ(v.code, 2) << b.name << ":\n" << v.err;
    expect_messages(b, v.err);
    const Result s = run("sweep '" + b.name + "' --quiet --out '" + out.string() + "'", kCorpus);
    EXPECT_EQ(s.code, 2) << b.name << ":\n" << s.err;
    expect_messages(b, s.err);
    EXPECT_TRUE(s.out.empty()) << b.name << ": " << s.out;
  }
  EXPECT_EQ(test::slurp(out / "previous.txt"), "kept");
  EXPECT_EQ(std::distance(fs::directory_iterator(out), fs::directory_iterator()), 1);
}

/// The reference sweep, run once for the tests of this file.
const fs::path& reference() {
  static TempDir dir;
  static const fs::path out = [] {
    const fs::path p = dir.path() / "one-thread";
    const Result r = run("sweep " + kSmall + " --threads 1 --quiet --out '" + p.string() + "'");
    EXPECT_EQ(r.code, 0) << r.err;
    return p;
  }();
  return out;
}

TEST(Sweep, DatasetsAreIdenticalForAnyThreadAndRankCount) {
  const auto ref = results(reference());
  ASSERT_GT(ref.size(), 40u);
  // The datasets hold what the design varies: points differ, replicates differ.
  ASSERT_TRUE(ref.count("indicators/life_expectancy") && ref.count("targets/p_meet"));
  TempDir dir;
  std::vector<std::pair<std::string, std::string>> runs = {
      {"two threads", "'" + test::binary() + "' sweep " + kSmall + " --threads 2"},
#ifdef LAOXIAO_HAVE_MPI
      {"mpirun -np 2", mpirun(2) + "sweep " + kSmall + " --threads 1"},
      {"mpirun -np 3", mpirun(3) + "sweep " + kSmall + " --threads 2"},
#endif
  };
  for (const auto& [what, command] : runs) {
    const fs::path out = dir.path() / what;
    const Result r =
        run_command(command + " --quiet --out '" + out.string() + "'", test::source_dir());
    ASSERT_EQ(r.code, 0) << what << "\n" << r.err;
    const auto got = results(out);
    EXPECT_EQ(got.size(), ref.size()) << what;
    for (const auto& [name, bytes] : ref) {
      auto it = got.find(name);
      ASSERT_NE(it, got.end()) << what << ": no " << name;
      EXPECT_TRUE(it->second == bytes) << what << ": " << name << " differs";
    }
    // Only timing tells where tasks ran.
    const auto timing = test::h5_datasets(out / "sweep.h5");
    if (what != "two threads") {
      EXPECT_NE(timing.at("timing/rank"), std::string(64 * 8, '\0'));
    }
  }
}

TEST(Sweep, JobArraySharesInAnyOrderThenResumeGiveTheSameIndex) {
  TempDir dir;
  const fs::path out = dir.path() / "shares";
  const std::string base = "sweep " + kSmall + " --quiet --threads 1 --out '" + out.string() + "'";
  for (int share : {2, 0, 1}) {
    const Result r = run(base + " --task-index " + std::to_string(share) + " --task-count 3");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("share " + std::to_string(share) + " of 3 done"), std::string::npos)
        << r.out;
    EXPECT_FALSE(fs::exists(out / "sweep.h5"));
  }
  const Result again =
      run("sweep " + kSmall + " --threads 1 --out '" + out.string() + "' --resume");
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.err.find("64 of 64 tasks done already, 0 to compute"), std::string::npos)
      << again.err;
  EXPECT_TRUE(results(out) == results(reference()));
}

TEST(Sweep, AnExistingSweepNeedsResumeAndAnotherSweepIsRefused) {
  TempDir dir;
  const fs::path out = dir.path() / "s";
  fs::copy(reference(), out, fs::copy_options::recursive);
  const Result again = run("sweep " + kSmall + " --quiet --out '" + out.string() + "'");
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("add --resume"), std::string::npos) << again.err;
  // Another seed is another sweep: its tasks would not be the ones on disk.
  const std::string text = test::slurp(test::source_dir() / kSmall);
  const fs::path other = dir.path() / "other.toml";
  std::string changed = text;
  changed.replace(changed.find("seed = 7"), 8, "seed = 8");
  changed.replace(changed.find("../../scenarios"), 15, (test::source_dir() / "scenarios").string());
  changed.replace(changed.find("../../scenarios"), 15, (test::source_dir() / "scenarios").string());
  std::ofstream(other) << changed;
  const Result refused =
      run("sweep '" + other.string() + "' --resume --quiet --out '" + out.string() + "'");
  EXPECT_EQ(refused.code, 2);
  EXPECT_NE(refused.err.find("holds another sweep"), std::string::npos) << refused.err;
  // A task file removed is computed again, and only it.
  fs::remove(out / "tasks" / "p00003" / "q0001_r0002.h5");
  const Result resumed = run("sweep " + kSmall + " --resume --out '" + out.string() + "'");
  ASSERT_EQ(resumed.code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("63 of 64 tasks done already, 1 to compute"), std::string::npos)
      << resumed.err;
  EXPECT_TRUE(results(out) == results(reference()));
}

TEST(Sweep, ASweepThatWouldNotFitIsRefusedOnEveryRank) {
  TempDir dir;
  const fs::path out = dir.path() / "s";
  const Result r = run("sweep " + kSmall + " --max-memory 20M --out '" + out.string() + "'");
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("not enough memory: this rank needs about"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out / "sweep.h5"));
  EXPECT_TRUE(fs::is_empty(out / "tasks"));
#ifdef LAOXIAO_HAVE_MPI
  // Two ranks on one node share its bound: each gets half.
  const Result m =
      run_command(mpirun(2) + "sweep " + kSmall +
                      " --threads 1 --resume --max-memory 100M --out '" + out.string() + "'",
                  test::source_dir());
  EXPECT_EQ(m.code, 3) << m.err;
  EXPECT_NE(m.err.find("rank 0/2"), std::string::npos) << m.err;
  EXPECT_NE(m.err.find("its share 50.0 MiB of the 100.0 MiB allowed by --max-memory (2 ranks"),
            std::string::npos)
      << m.err;
  EXPECT_TRUE(fs::is_empty(out / "tasks"));
#endif
}

TEST(Sweep, PointsShareTheirRandomNumbers) {
  // A grid over care demand only: every point simulates the same people (common random
  // numbers), while what they ask for differs.
  TempDir dir;
  const fs::path file = dir.write(
      "crn.toml", "[sweep]\nscenarios = [\"" + (test::scenarios_dir() / "lianshui.toml").string() +
                      "\"]\nreplicates = 2\nseed = 3\nsample = 0.02\n"
                      "[sweep.design]\nkind = \"grid\"\n"
                      "[[sweep.parameters]]\n"
                      "key = \"demand.elder.wish_partial\"\n"
                      "values = [0.01, 0.2]\n");
  const fs::path out = dir.path() / "out";
  const Result r = run("sweep '" + file.string() + "' --quiet --out '" + out.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto d = test::h5_datasets(out / "sweep.h5");
  const std::string& pop = d.at("population");  // [point, replicate, year] doubles
  const std::size_t half = pop.size() / 2;
  EXPECT_EQ(pop.substr(0, half), pop.substr(half)) << "the people differ between points";
  const std::string& rep = d.at("population");
  EXPECT_NE(rep.substr(0, half / 2), rep.substr(half / 2, half / 2)) << "replicates are equal";
  const std::string& beds = d.at("indicators/elder_bed_occupancy");
  EXPECT_NE(beds.substr(0, beds.size() / 2), beds.substr(beds.size() / 2))
      << "the demand did not change";
}

TEST(Sweep, IndexAndTaskFilesOpenWithXarrayAndNcdump) {
  const std::string py = R"(
import sys, h5py, xarray as xr
for path in sys.argv[1:]:
    groups = [None]
    with h5py.File(path, "r") as f:
        f.visit(lambda n: groups.append(n) if isinstance(f[n], h5py.Group) else None)
    for g in groups:
        ds = xr.open_dataset(path, group=g, engine="h5netcdf")
        for name, v in ds.data_vars.items():
            assert all(d in ds.coords for d in v.dims), (path, g, name, v.dims)
    if path.endswith("sweep.h5"):
        ds = xr.open_dataset(path, engine="h5netcdf")
        assert ds["design"].dims == ("point", "parameter"), ds["design"].dims
        assert list(ds["parameter"].values) == ["demography.fertility.target_tfr",
                                                "demand.elder.wish_partial"]
        ind = xr.open_dataset(path, group="indicators", engine="h5netcdf")
        assert ind["life_expectancy"].dims == ("point", "place", "replicate", "year")
print("ok")
)";
  TempDir t;
  const auto script = t.write("open.py", py);
  const fs::path index = reference() / "sweep.h5";
  const fs::path task = reference() / "tasks" / "p00000" / "q0000_r0000.h5";
  const Result r = run_command(
      "/usr/bin/python3 '" + script.string() + "' '" + index.string() + "' '" + task.string() + "'",
      test::source_dir());
  EXPECT_EQ(r.code, 0) << r.err;
  for (const auto& f : {index, task}) {
    const Result n = run_command("ncdump -h '" + f.string() + "'", test::source_dir());
    EXPECT_EQ(n.code, 0) << n.err;
  }
}

TEST(Sweep, APointOfABatchIsThePlainRunOfTheSameCounties) {
  // One point that sets the template's own value: the tasks are the batch run's replicates,
  // with the same seed, so every indicator is the run's, bit for bit.
  TempDir dir;
  const fs::path file = dir.write(
      "point.toml", "[sweep]\nscenarios = [\"" +
                        (test::scenarios_dir() / "shanxi_counties.toml").string() +
                        "\"]\nreplicates = 2\nseed = 5\nsample = 0.02\n[sweep.design]\n"
                        "kind = \"grid\"\n[[sweep.parameters]]\n"
                        "key = \"capacity.planned[0].per_1000_residents\"\nvalues = [4.5]\n");
  const fs::path out = dir.path() / "sweep", run_file = dir.path() / "run.h5";
  const Result s = run("sweep '" + file.string() + "' --quiet --out '" + out.string() + "'");
  ASSERT_EQ(s.code, 0) << s.err;
  const Result r =
      run("run scenarios/shanxi_counties.toml --replicates 2 --seed 5 --sample 0.02 "
          "--quiet --out '" +
          run_file.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto swept = test::h5_datasets(out / "sweep.h5");
  const auto plain = test::h5_datasets(run_file);
  int compared = 0;
  for (const auto& [name, bytes] : plain) {
    const std::string prefix = "shanxi_counties/indicators/";
    if (name.rfind(prefix, 0) != 0 || name.size() <= prefix.size()) continue;
    const std::string id = name.substr(prefix.size());
    if (id == "year" || id == "replicate" || id == "place") continue;
    auto it = swept.find("indicators/" + id);
    ASSERT_NE(it, swept.end()) << id;
    EXPECT_TRUE(it->second == bytes) << id << " differs from the plain run";
    ++compared;
  }
  EXPECT_GT(compared, 20);
  EXPECT_TRUE(swept.at("population") == plain.at("shanxi_counties/population"));
}

TEST(Sweep, LayoutDocExamplesRun) {
  // The "python sweep" blocks of docs/HDF5-LAYOUT.md read DIR/sweep.h5: a Morris sweep here.
  TempDir dir;
  const fs::path file =
      dir.write("morris.toml",
                "[sweep]\nscenarios = [\"" + (test::scenarios_dir() / "lianshui.toml").string() +
                    "\"]\nreplicates = 2\nseed = 3\nsample = 0.02\n[sweep.design]\n"
                    "kind = \"morris\"\ntrajectories = 2\n[[sweep.parameters]]\n"
                    "key = \"demography.mortality.target_life_expectancy\"\nmin = 77.2\n"
                    "max = 78.6\n[[sweep.parameters]]\nkey = \"demand.elder.wish_full\"\n"
                    "min = 0.01\nmax = 0.2\n");
  const Result s =
      run("sweep '" + file.string() + "' --quiet --out '" + (dir.path() / "DIR").string() + "'");
  ASSERT_EQ(s.code, 0) << s.err;
  const std::string doc = test::slurp(test::source_dir() / "docs" / "HDF5-LAYOUT.md");
  const std::string open = "```python sweep\n", close = "```";
  int ran = 0;
  for (std::size_t at = doc.find(open); at != std::string::npos; at = doc.find(open, at)) {
    const std::size_t start = at + open.size(), end = doc.find(close, start);
    ASSERT_NE(end, std::string::npos) << "an unclosed python sweep block";
    const std::string code = doc.substr(start, end - start);
    const auto script = dir.write("example" + std::to_string(ran) + ".py", code);
    const Result r = run_command("/usr/bin/python3 '" + script.string() + "'", dir.path());
    EXPECT_EQ(r.code, 0) << code << "\n" << r.err;
    ++ran;
    at = end + close.size();
  }
  EXPECT_GE(ran, 1);
}

TEST(Sweep, EverySweepKeyIsDocumented) {
  const std::string doc = test::slurp(test::source_dir() / "docs" / "SWEEPS.md");
  const Result r = run("params --sweep");
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream lines(r.out);
  int keys = 0;
  for (std::string line; std::getline(lines, line);) {
    const std::string key = line.substr(0, line.find("  "));
    EXPECT_NE(doc.find("`" + key + "`"), std::string::npos) << key << " is not in docs/SWEEPS.md";
    ++keys;
  }
  EXPECT_GE(keys, 15);
}

TEST(Sweep, TheExampleSweepsValidate) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(test::scenarios_dir() / "sweeps")) {
    if (e.path().extension() != ".toml") continue;
    ++n;
    const Result r = run("validate '" + e.path().string() + "'");
    EXPECT_EQ(r.code, 0) << e.path() << "\n" << r.err;
    EXPECT_NE(r.out.find("OK (sweep:"), std::string::npos) << r.out;
  }
  EXPECT_GE(n, 2);
}

}  // namespace
}  // namespace laoxiao
