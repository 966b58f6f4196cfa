// Reliability of the laoxiao binary: hostile inputs (the tests/bad_inputs corpus and inputs
// generated at test time), unwritable and full disks, memory limits, signals and SIGKILL at
// random moments. See docs/RELIABILITY.md for the promises these tests prove.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <vector>

#include "test_util.hpp"

namespace laoxiao {
namespace {

namespace fs = std::filesystem;
using test::Result;
using test::run;
using test::run_command;
using test::slurp;
using test::TempDir;

const fs::path kCorpus = test::source_dir() / "tests" / "bad_inputs";

struct BadInput {
  std::string name;                 // file name of the .toml
  std::vector<std::string> expect;  // lines that must appear in stderr
  std::string args;                 // command-line arguments of the case (NAME.args), if any
};

/// The corpus: every NAME.toml with a NAME.expected beside it (and NAME.args, arguments such as
/// --set KEY=VALUE given with it). An expected line that starts with a digit is a position,
/// "LINE:COLUMN: key: message", and must appear right after "NAME.toml:"; other lines must
/// appear anywhere in the error output.
std::vector<BadInput> corpus() {
  std::vector<BadInput> all;
  for (const auto& e : fs::directory_iterator(kCorpus)) {
    if (e.path().extension() != ".expected") continue;
    BadInput b{e.path().stem().string() + ".toml", {}, {}};
    std::ifstream in(e.path());
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line[0] != '#') b.expect.push_back(line);
    auto args = e.path();
    args.replace_extension(".args");
    if (fs::exists(args)) {
      std::ifstream a(args);
      std::getline(a, b.args);
    }
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
    const Result r = run("validate '" + b.name + "' " + b.args, kCorpus);
    EXPECT_EQ(r.code, 2) << b.name << ":\n" << r.err;
    expect_messages(b, r.err);
    expect_no_crash(b.name, r);
    // Every error names its file (or command-line option): never an anonymous "<input>".
    EXPECT_EQ(r.err.find("<input>"), std::string::npos) << b.name << ": " << r.err;
  }
}

TEST(BadInputs, RunRefusesEachAndLeavesThePreviousOutputAlone) {
  TempDir dir;
  const fs::path out = dir.path() / "previous.h5";
  std::ofstream(out) << "previous results";
  for (const auto& b : corpus()) {
    // No --replicates: an override replaces the file's value before validation.
    const Result r =
        run("run '" + b.name + "' " + b.args + " --quiet --out '" + out.string() + "'", kCorpus);
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

// ---------------------------------------------------------------------------------------------
// Processes started directly (fork/exec), to signal them, kill them or limit their resources.

struct Child {
  pid_t pid = -1;
  fs::path err;  // its stderr
};

/// Starts `laoxiao args...` in the source directory with stdout discarded and stderr in a file
/// of `dir`; `file_size_limit` > 0 sets RLIMIT_FSIZE (what a full disk or quota looks like to
/// the writer).
Child start(const std::vector<std::string>& args, const fs::path& dir, rlim_t file_size_limit = 0) {
  static int counter = 0;
  Child c;
  c.err = dir / ("stderr." + std::to_string(counter++));
  c.pid = ::fork();
  if (c.pid == 0) {
    if (file_size_limit > 0) {
      rlimit lim{file_size_limit, file_size_limit};
      ::setrlimit(RLIMIT_FSIZE, &lim);
    }
    const int null_fd = ::open("/dev/null", O_WRONLY);
    const int err_fd = ::open(c.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(null_fd, 1);
    ::dup2(err_fd, 2);
    if (::chdir(test::source_dir().c_str()) != 0) ::_exit(126);
    std::vector<std::string> all{test::binary()};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return c;
}

/// Waits for the child; its exit code, or 128 + the signal that killed it.
int finish(const Child& c) {
  int status = 0;
  ::waitpid(c.pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/// Files of `dir` other than `keep`.
std::set<std::string> other_files(const fs::path& dir, const std::set<std::string>& keep) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (!keep.count(name) && name.rfind("stderr.", 0) != 0) out.insert(name);
  }
  return out;
}

bool is_readable_hdf5(const fs::path& p) {
  const std::string bytes = slurp(p);
  return bytes.size() > 8 && bytes.compare(0, 8, "\x89HDF\r\n\x1a\n") == 0;
}

std::vector<std::string> words(const std::string& args) {
  std::vector<std::string> out;
  std::istringstream in(args);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// A run of about a second: long enough to be interrupted in each of its phases (loading,
// models, simulation, writing), short enough to repeat.
const std::string kRun = "run scenarios/lianshui.toml --replicates 8 --sample 0.5 --quiet";

TEST(Output, UnwritablePathsFailEarlyWithAClearMessage) {
  TempDir dir;
  dir.write("a-file", "not a directory");
  const Result r = run(kRun + " --out '" + (dir.path() / "a-file" / "x.h5").string() + "'");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(
      r.err.find("output directory '" + (dir.path() / "a-file").string() + "' is not a directory"),
      std::string::npos)
      << r.err;
  const Result d = run(kRun + " --out '" + dir.path().string() + "'");
  EXPECT_EQ(d.code, 1);
  EXPECT_NE(d.err.find("is a directory"), std::string::npos) << d.err;
  const Result p = run(kRun + " --out /proc/laoxiao-test.h5");
  EXPECT_EQ(p.code, 1);
  EXPECT_NE(p.err.find("/proc/laoxiao-test.h5: cannot write in '/proc'"), std::string::npos)
      << p.err;
  EXPECT_EQ(slurp(dir.path() / "a-file"), "not a directory");
}

TEST(Output, AFullDiskFailsClearlyAndKeepsThePreviousFile) {
  TempDir dir;
  const fs::path out = dir.path() / "out.h5";
  dir.write("out.h5", "previous complete results");
  // A file-size limit makes every write past 64 KiB fail with EFBIG, as a quota does.
  const Child c = start(words(kRun + " --out " + out.string()), dir.path(), 64 << 10);
  EXPECT_EQ(finish(c), 1);
  const std::string err = slurp(c.err);
  EXPECT_NE(err.find("laoxiao: error: " + out.string() + ": cannot write the file ("),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("File too large; nothing was written in its place"), std::string::npos) << err;
  EXPECT_EQ(slurp(out), "previous complete results");
  EXPECT_TRUE(other_files(dir.path(), {"out.h5"}).empty());
}

TEST(Output, ARealFullFileSystemFailsClearlyAndKeepsThePreviousFile) {
  TempDir dir;
  const fs::path mnt = dir.path() / "small";
  fs::create_directories(mnt);
  // A 256 KiB file system (needs the right to mount, e.g. root in CI).
  const std::string mount = "mount -t tmpfs -o size=256k laoxiao-test '" + mnt.string() + "'";
  if (::geteuid() != 0 || std::system((mount + " 2>/dev/null").c_str()) != 0)
    GTEST_SKIP() << "cannot mount a small tmpfs here; the file-size-limit test covers the writer";
  std::ofstream(mnt / "out.h5") << "previous complete results";
  const Child c = start(words(kRun + " --out " + (mnt / "out.h5").string()), dir.path());
  const int code = finish(c);
  const std::string err = slurp(c.err);
  const std::string previous = slurp(mnt / "out.h5");
  const auto left = other_files(mnt, {"out.h5"});
  std::system(("umount '" + mnt.string() + "'").c_str());
  EXPECT_EQ(code, 1);
  EXPECT_NE(err.find("No space left on device"), std::string::npos) << err;
  EXPECT_EQ(previous, "previous complete results");
  EXPECT_TRUE(left.empty());
}

TEST(Memory, ARunTooLargeForTheBoundIsRefusedBeforeItStarts) {
  TempDir dir;
  const fs::path out = dir.path() / "out.h5";
  dir.write("out.h5", "previous");
  const Result r =
      run("run scenarios/china.toml --sample 0.05 --replicates 2 --threads 2 "
          "--max-memory 200M --out '" +
          out.string() + "'");
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("laoxiao: not enough memory: this run needs about"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("more than the 200.0 MiB allowed by --max-memory"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("monthly step order"), std::string::npos) << "it started: " << r.err;
  EXPECT_EQ(slurp(out), "previous");
  EXPECT_EQ(other_files(dir.path(), {"out.h5"}), std::set<std::string>{});
  EXPECT_EQ(run("run scenarios/yuanqu.toml --max-memory 12X").code, 2);
}

TEST(Memory, TheEstimateBoundsThePeakAndIsNotFarAbove) {
  // A run of 14 million agents: the peak resident memory, measured, must stay below the
  // estimate (or refusals would let runs through that then fail) and not far below it (or the
  // estimate would refuse runs that fit).
  TempDir dir;
  const fs::path stats = dir.path() / "stats.json";
  const Result r =
      run("run scenarios/china.toml --sample 0.01 --replicates 2 --threads 2 --quiet "
          "--out '" +
          (dir.path() / "o.h5").string() + "' --stats '" + stats.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string json = slurp(stats);
  auto number = [&](const std::string& key) {
    const auto p = json.find("\"" + key + "\": ");
    EXPECT_NE(p, std::string::npos) << key;
    return std::stod(json.substr(p + key.size() + 4));
  };
  const double peak = number("peak_rss_bytes"), estimate = number("memory_estimate_bytes");
  EXPECT_GT(estimate, peak);
  EXPECT_LT(estimate, 2.5 * peak);
}

TEST(Signals, SigtermAndSigintStopCleanlyWithTheirExitCodes) {
  for (const int sig : {SIGTERM, SIGINT}) {
    TempDir dir;
    const fs::path out = dir.path() / "out.h5";
    dir.write("out.h5", "previous");
    const Child c = start(words("run scenarios/lianshui.toml --replicates 100 --sample 0.5 "
                                "--out " +
                                out.string()),
                          dir.path());
    // Wait until the run has its temporary file (it is working), then signal it.
    bool started = false;
    for (int i = 0; i < 3000 && !started; ++i) {
      started = !other_files(dir.path(), {"out.h5"}).empty();
      if (!started) ::usleep(10'000);
    }
    ASSERT_TRUE(started) << slurp(c.err);
    ::usleep(300'000);
    ::kill(c.pid, sig);
    EXPECT_EQ(finish(c), 128 + sig) << slurp(c.err);
    EXPECT_NE(slurp(c.err).find("stopped by signal " + std::to_string(sig)), std::string::npos);
    EXPECT_EQ(slurp(out), "previous");
    EXPECT_TRUE(other_files(dir.path(), {"out.h5"}).empty());
  }
}

TEST(Signals, ASecondSignalStopsAtOnceAndStillRemovesTheTemporaryFile) {
  TempDir dir;
  const fs::path out = dir.path() / "out.h5";
  const Child c = start(
      words("run scenarios/lianshui.toml --replicates 100 --sample 0.5 --out " + out.string()),
      dir.path());
  for (int i = 0; i < 3000 && other_files(dir.path(), {}).empty(); ++i) ::usleep(10'000);
  ::usleep(200'000);
  ::kill(c.pid, SIGTERM);
  ::kill(c.pid, SIGTERM);
  EXPECT_EQ(finish(c), 143);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(other_files(dir.path(), {}).empty());
}

TEST(Kill, SigkillAtRandomMomentsLeavesACompleteFileOrNothing) {
  // Reference files: the previous results (seed 1) and what the killed runs would write
  // (seed 2) had they finished, and how long such a run takes.
  TempDir dir;
  const fs::path out = dir.path() / "out.h5", previous = dir.path() / "previous.h5",
                 complete = dir.path() / "complete.h5";
  // Written to out.h5 and renamed: the command line, stored in the file, is the same.
  ASSERT_EQ(run(kRun + " --seed 1 --out '" + out.string() + "'").code, 0);
  fs::rename(out, previous);
  // The median of three runs: the first one is often slower (cold caches), and a window
  // longer than the run would let most runs finish before their kill.
  std::vector<double> durations;
  for (int i = 0; i < 3; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    ASSERT_EQ(run(kRun + " --seed 2 --out '" + out.string() + "'").code, 0);
    durations.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(durations.begin(), durations.end());
  const double seconds = durations[1];
  fs::rename(out, complete);
  const std::string before = slurp(previous), after = slurp(complete);
  ASSERT_NE(before, after);

  std::mt19937 gen(20211231);  // fixed: the same moments on every run of the test
  const std::set<std::string> keep{"out.h5", "previous.h5", "complete.h5"};
  std::set<pid_t> killed;
  int kills = 0, kept_previous = 0, found_nothing = 0, found_complete = 0, temporaries = 0;
  // Until 24 runs were killed; a run that finishes first counts as a check of the other case.
  int i = 0;
  for (; i < 80 && kills < 24; ++i) {
    const bool had_previous = i % 4 != 0;  // one time in four there is no previous file
    if (had_previous)
      fs::copy_file(previous, out, fs::copy_options::overwrite_existing);
    else
      fs::remove(out);
    // Moments spread over the whole run, up to its usual end.
    const double at = seconds * static_cast<double>(gen()) / 4294967296.0;
    const Child c = start(words(kRun + " --seed 2 --out " + out.string()), dir.path());
    ::usleep(static_cast<useconds_t>(at * 1e6));
    ::kill(c.pid, SIGKILL);
    const int code = finish(c);
    if (code == 128 + SIGKILL) {
      ++kills;
      killed.insert(c.pid);
    } else {
      EXPECT_EQ(code, 0) << slurp(c.err);  // it finished before the kill
    }

    if (!fs::exists(out)) {
      EXPECT_FALSE(had_previous) << "kill " << i << " at " << at << " s lost the previous file";
      ++found_nothing;
    } else {
      const std::string now = slurp(out);
      EXPECT_TRUE(is_readable_hdf5(out) || now == before);
      if (now == before) {
        EXPECT_TRUE(had_previous);
        ++kept_previous;
      } else {
        EXPECT_EQ(now, after) << "kill " << i << " at " << at << " s left a damaged file";
        ++found_complete;
      }
    }
    // Anything else in the directory is a recognisable temporary of a killed run.
    for (const auto& name : other_files(dir.path(), keep)) {
      ++temporaries;
      const std::string prefix = ".out.h5.laoxiao-partial.";
      ASSERT_EQ(name.rfind(prefix, 0), 0u) << "unexpected file " << name;
      EXPECT_TRUE(killed.count(static_cast<pid_t>(std::stol(name.substr(prefix.size())))))
          << name << " is not the temporary file of a killed run";
    }
  }
  // The next run to the same path removes what the killed runs left and writes its file.
  ASSERT_EQ(run(kRun + " --seed 2 --out '" + out.string() + "'").code, 0);
  EXPECT_TRUE(other_files(dir.path(), keep).empty());
  EXPECT_EQ(slurp(out), after);
  EXPECT_GE(kills, 20);
  std::cout << "[ kills ] " << kills << " SIGKILLs in " << i << " runs over " << seconds
            << " s windows: previous file kept " << kept_previous << ", nothing (no previous) "
            << found_nothing << ", new complete file " << found_complete << "; " << temporaries
            << " temporary files seen, all removed by the next run\n";
}

// ---------------------------------------------------------------------------------------------
// Which files are read: regular files of bounded size only, for every format (core/paths.hpp).

/// A scenario in `dir` whose census table is `table` (any path).
std::string census_scenario(const TempDir& dir, const std::string& table) {
  return dir
      .write("census.toml",
             "[place]\nid = \"x\"\n[baseline]\ndate = \"2020-11\"\n"
             "census_table = \"" +
                 table + "\"\ncensus_codes = [\"140827\"]\n")
      .string();
}

TEST(Inputs, CensusTablesThatAreNotRegularFilesAreRefusedAtOnce) {
  TempDir dir;
  const fs::path fifo = dir.path() / "table.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  fs::create_directories(dir.path() / "a-directory");
  // A FIFO with no writer would block a plain open for ever; the devices never end.
  const std::pair<std::string, std::string> cases[] = {{fifo.string(), "a FIFO"},
                                                       {"/dev/zero", "a character device"},
                                                       {"/dev/urandom", "a character device"},
                                                       {"a-directory", "a directory"}};
  for (const auto& [table, kind] : cases) {
    const std::string file = census_scenario(dir, table);
    for (const std::string command : {"validate", "run --quiet --out o.h5"}) {
      const Result r = run_command(
          "timeout 60 '" + test::binary() + "' " + command + " '" + file + "'", dir.path());
      EXPECT_EQ(r.code, 2) << table << " (124: it blocked)\n" << r.err;
      EXPECT_NE(r.err.find("census.toml:5:16: baseline.census_table: "), std::string::npos)
          << r.err;
      EXPECT_NE(r.err.find("is not a regular file (it is " + kind + ")"), std::string::npos)
          << r.err;
    }
  }
  EXPECT_FALSE(fs::exists(dir.path() / "o.h5"));
}

TEST(Inputs, AnOversizedCensusTableIsRefusedBeforeItIsRead) {
  TempDir dir;
  const fs::path big = dir.path() / "big.csv";
  { std::ofstream(big) << "code,province\n"; }
  fs::resize_file(big, (64u << 20) + 1);  // sparse: costs no disk
  const Result r = run("validate '" + census_scenario(dir, "big.csv") + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("big.csv: file is 67108865 bytes; tables are limited to 67108864 bytes"),
            std::string::npos)
      << r.err;
}

TEST(Inputs, AnExtendsChainThousandsOfFilesDeepIsRefusedWithAPosition) {
  TempDir dir;
  // 3000 files, each extending the next: the recursion over the chain would overflow the stack.
  const int n = 3000;
  dir.write("f" + std::to_string(n) + ".toml", "[place]\nid = \"deep\"\n");
  for (int i = 0; i < n; ++i)
    dir.write("f" + std::to_string(i) + ".toml",
              "extends = \"f" + std::to_string(i + 1) + ".toml\"\n");
  const Result r = run("validate f0.toml", dir.path());
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("f63.toml:1:11: extends: the extends chain is more than 64 files deep"),
            std::string::npos)
      << r.err;
  expect_no_crash("deep chain", r);
  // 64 files are a chain like any other.
  dir.write("f62.toml", "extends = \"base.toml\"\n");
  fs::copy_file(kCorpus / "base.toml", dir.path() / "base.toml");
  EXPECT_EQ(run("validate f0.toml", dir.path()).code, 0);
}

TEST(Inputs, OutOfMemoryWhileLoadingIsExitCode3) {
  // Address-space limits around what loading a scenario with a census table needs: each run
  // either loads (0) or runs out of memory (3), never reports it as bad input (2). Below about
  // 28 MB the dynamic loader itself fails (127), which says nothing about laoxiao.
  int out_of_memory = 0;
  for (int kib = 28000; kib <= 40000; kib += 1000) {
    const Result r = run_command("ulimit -v " + std::to_string(kib) + "; '" + test::binary() +
                                     "' validate scenarios/shanxi.toml",
                                 test::source_dir());
    if (r.code == 127) continue;
    EXPECT_TRUE(r.code == 0 || r.code == 3) << kib << " KiB: " << r.code << "\n" << r.err;
    if (r.code == 3) {
      ++out_of_memory;
      EXPECT_NE(r.err.find("laoxiao: out of memory"), std::string::npos) << r.err;
    }
    EXPECT_EQ(r.err.find("bad_alloc"), std::string::npos) << kib << " KiB: " << r.err;
    expect_no_crash("out of memory", r);
  }
  EXPECT_GT(out_of_memory, 0) << "no limit made the load run out of memory";
}

// ---------------------------------------------------------------------------------------------
// Which files are written: never an input of the run, never twice, never a non-regular file,
// all checked before the run starts (app/output_paths.cpp, app/atomic_file.cpp).

/// A run of the corpus' base scenario in a copy of the corpus' files in `dir`.
Result run_base(const TempDir& dir, const std::string& options) {
  return run("run base.toml --replicates 1 --quiet " + options, dir.path());
}

TEST(Output, NoOutputMayOverwriteAnInputOfTheRun) {
  TempDir dir;
  fs::copy_file(kCorpus / "base.toml", dir.path() / "base.toml");
  fs::create_directories(dir.path() / "data");
  fs::copy_file(test::scenarios_dir() / "data" / "census2020_counties.csv",
                dir.path() / "data" / "counties.csv");
  fs::copy_file(test::scenarios_dir() / "data" / "net_migration_2010_2020.csv",
                dir.path() / "data" / "net_migration_2010_2020.csv");
  dir.write("child.toml", "extends = \"base.toml\"\n[place]\nid = \"child\"\n");
  dir.write("census.toml",
            "[place]\nid = \"c\"\n[baseline]\ndate = \"2020-11\"\n"
            "census_table = \"data/counties.csv\"\ncensus_codes = [\"140827\"]\n");
  fs::create_symlink(dir.path() / "base.toml", dir.path() / "link.h5");
  const std::string before = slurp(dir.path() / "base.toml");
  const std::string table = slurp(dir.path() / "data" / "counties.csv");
  const std::pair<std::string, std::string> cases[] = {
      {"run child.toml --out child.toml", "'child.toml' is an input of this run"},
      {"run child.toml --out base.toml", "'base.toml' is an input of this run"},
      {"run child.toml --out ./data/../base.toml", "is an input of this run"},
      {"run child.toml --out link.h5", "is an input of this run"},
      {"run census.toml --out data/counties.csv", "is an input of this run"},
      {"run census.toml --out data/net_migration_2010_2020.csv", "is an input of this run"},
      {"run child.toml --stats base.toml --out o.h5", "--stats: 'base.toml' is an input"},
      {"run child.toml --out o.h5 --stats o.h5", "--stats: 'o.h5' is also the file of --out"},
      {"run child.toml --out o.h5 --stats ./o.h5", "is also the file of --out"},
      {"run child.toml --out ''", "--out: needs a file name, not ''"},
      {"run child.toml --stats '' --out o.h5", "--stats: needs a file name, not ''"}};
  for (const auto& [args, message] : cases) {
    const Result r = run(args + " --replicates 1", dir.path());
    EXPECT_EQ(r.code, 2) << args << "\n" << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << args << "\n" << r.err;
    EXPECT_EQ(r.err.find("monthly step order"), std::string::npos) << args << ": it ran";
  }
  EXPECT_EQ(slurp(dir.path() / "base.toml"), before);
  EXPECT_EQ(slurp(dir.path() / "data" / "counties.csv"), table);
  EXPECT_FALSE(fs::exists(dir.path() / "o.h5"));
}

TEST(Output, DevicesFifosAndDirectoriesAreNeverReplaced) {
  TempDir dir;
  fs::copy_file(kCorpus / "base.toml", dir.path() / "base.toml");
  ASSERT_EQ(::mkfifo((dir.path() / "out.fifo").c_str(), 0644), 0);
  fs::create_directories(dir.path() / "out.dir");
  std::vector<std::pair<std::string, std::string>> cases = {{"out.fifo", "is a FIFO"},
                                                            {"out.dir", "is a directory"}};
  // A device node of our own (a copy of /dev/null's numbers), where we may make one.
  if (::mknod((dir.path() / "out.dev").c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0)
    cases.push_back({"out.dev", "is a character device"});
  for (const auto& [out, message] : cases) {
    for (const std::string option : {"--out ", "--out o.h5 --stats "}) {
      const Result r = run_base(dir, option + out);
      EXPECT_EQ(r.code, 1) << out << "\n" << r.err;
      EXPECT_NE(r.err.find(out + ": " + message + ", not a regular file; refusing to replace it"),
                std::string::npos)
          << r.err;
    }
  }
  struct stat st {};
  ASSERT_EQ(::stat((dir.path() / "out.fifo").c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  if (::stat((dir.path() / "out.dev").c_str(), &st) == 0) {
    EXPECT_TRUE(S_ISCHR(st.st_mode));
  }
  EXPECT_TRUE(fs::is_directory(dir.path() / "out.dir"));
  EXPECT_FALSE(fs::exists(dir.path() / "o.h5"));
}

TEST(Output, AnUnwritableStatsPathFailsBeforeTheOutputIsReplaced) {
  TempDir dir;
  fs::copy_file(kCorpus / "base.toml", dir.path() / "base.toml");
  dir.write("o.h5", "previous results");
  const Result r = run_base(dir, "--out o.h5 --stats /proc/laoxiao-stats.json");
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("/proc/laoxiao-stats.json: cannot write in '/proc'"), std::string::npos)
      << r.err;
  EXPECT_EQ(slurp(dir.path() / "o.h5"), "previous results");
  // Both files appear together when both can be written.
  const Result ok = run_base(dir, "--out o.h5 --stats s.json");
  ASSERT_EQ(ok.code, 0) << ok.err;
  EXPECT_TRUE(is_readable_hdf5(dir.path() / "o.h5"));
  EXPECT_NE(slurp(dir.path() / "s.json").find("\"memory_estimate_bytes\""), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Runs that grow: the memory bound and the progress line hold during the run.

/// The base scenario with strong net in-migration (within the documented bounds) to 2100.
std::string growing_scenario(const TempDir& dir, double rate) {
  fs::copy_file(kCorpus / "base.toml", dir.path() / "base.toml",
                fs::copy_options::overwrite_existing);
  return dir
      .write("growing.toml",
             "extends = \"base.toml\"\n[horizon]\nend_year = 2100\n"
             "[demography.migration]\nage_groups = [\"0+\"]\nnet_rate = [" +
                 std::to_string(rate) + "]\n")
      .string();
}

TEST(Memory, TheEstimateFollowsGrowthOverTheHorizon) {
  TempDir dir;
  const std::string file = growing_scenario(dir, 500);  // +50% a year for 80 years
  const Result r = run("run '" + file + "' --replicates 1 --max-memory 4G --out o.h5", dir.path());
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("laoxiao: not enough memory: this run needs about"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("monthly step order"), std::string::npos) << "it started: " << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "o.h5"));
}

TEST(Progress, AGrowingRunNeverShowsMoreThan100PercentOrNegativeTimeLeft) {
  TempDir dir;
  const std::string file = growing_scenario(dir, 45);  // about 35-fold by 2100
  const Result r = run("run '" + file + "' --replicates 2 --threads 1 --out o.h5", dir.path());
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream lines(r.err);
  int shown = 0;
  for (std::string line; std::getline(lines, line);) {
    const auto open = line.find('[');
    if (line.find("% ]") == std::string::npos && line.find("%]") == std::string::npos) continue;
    ++shown;
    const double percent = std::stod(line.substr(open + 1));
    EXPECT_GE(percent, 0.0) << line;
    EXPECT_LE(percent, 100.0) << line;
    EXPECT_EQ(line.find("about -"), std::string::npos) << line;
  }
  std::cout << "[ progress ] " << shown << " progress lines checked\n";
}

// ---------------------------------------------------------------------------------------------
// Accepted inputs give possible numbers: checked on every run before its file is written
// (sim/invariants.hpp); here, the runs that used to give impossible ones.

/// A float dataset of an HDF5 file, flattened.
std::vector<double> read_doubles(const fs::path& file, const std::string& dataset) {
  std::vector<double> v;
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) return v;
  const hid_t d = H5Dopen2(f, dataset.c_str(), H5P_DEFAULT);
  if (d >= 0) {
    const hid_t space = H5Dget_space(d);
    v.resize(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
    H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
    H5Sclose(space);
    H5Dclose(d);
  }
  H5Fclose(f);
  return v;
}

TEST(Outputs, SmallSamplesOfCountiesKeepOccupancyAtMost100Percent) {
  // Stochastic rounding of small bed pools reported occupancy above 100% (112% here, up to
  // 417% for every county of China at --sample 0.01): the occupancy is now that of the sampled
  // places, and the invariant check would fail a run (exit 1) rather than write such a file.
  TempDir dir;
  const fs::path out = dir.path() / "o.h5";
  const Result r =
      run("run scenarios/shanxi_counties.toml --sample 0.005 --quiet --out '" + out.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* id : {"elder_bed_occupancy", "childcare_slot_occupancy"}) {
    const auto v = read_doubles(out, std::string("/shanxi_counties/indicators/") + id);
    ASSERT_FALSE(v.empty()) << id;
    std::size_t computed = 0;
    for (const double x : v) {
      if (std::isnan(x)) continue;
      ++computed;
      EXPECT_GE(x, 0.0) << id;
      EXPECT_LE(x, 100.0) << id;
    }
    EXPECT_GT(computed, v.size() / 2) << id;
  }
}

TEST(Outputs, ExtremeDeathRatesWithinTheirBoundsGiveAPositiveLifeExpectancy) {
  // A death rate of 10 per person-year at ages 1-4 used to give e0 = -38.
  TempDir dir;
  fs::copy_file(kCorpus / "base.toml", dir.path() / "base.toml");
  dir.write("deadly.toml",
            "extends = \"base.toml\"\n[demography.mortality]\nmale_mx = [10, 10, 0.001, 0.001, "
            "0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.01, 0.02, "
            "0.05, 0.1, 0.2, 0.3, 0.5, 0.8]\n");
  const Result r = run("run deadly.toml --replicates 1 --quiet --out o.h5", dir.path());
  ASSERT_EQ(r.code, 0) << r.err;
}

}  // namespace
}  // namespace laoxiao
