// A sweep killed with SIGKILL at random moments (the whole process, one rank of an mpirun, or
// every rank) and resumed ends with the same datasets as an uninterrupted run; at every moment a
// task file that exists is complete and equal to the uninterrupted run's, and anything else is a
// host-tagged temporary of a killed process, removed by the run that redoes its task.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <thread>

#include "h5_datasets.hpp"
#include "test_util.hpp"

namespace laoxiao {
namespace {

namespace fs = std::filesystem;
const std::string kSmall = "tests/sweeps/small_lhs.toml";

struct Child {
  pid_t pid = -1;
  fs::path err;
};

/// Starts argv (argv[0] looked up in PATH) in the source directory, stdout discarded.
Child start(const std::vector<std::string>& args, const fs::path& dir) {
  static int counter = 0;
  Child c;
  c.err = dir / ("stderr." + std::to_string(counter++));
  c.pid = ::fork();
  if (c.pid == 0) {
    const int null_fd = ::open("/dev/null", O_WRONLY);
    const int err_fd = ::open(c.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(null_fd, 1);
    ::dup2(err_fd, 2);
    if (::chdir(test::source_dir().c_str()) != 0) ::_exit(126);
    std::vector<std::string> all = args;
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  return c;
}

int finish(const Child& c) {
  int status = 0;
  ::waitpid(c.pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/// Processes whose parent is `parent` (mpirun's ranks).
std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> out;
  for (const auto& e : fs::directory_iterator("/proc")) {
    const std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(e.path() / "stat");
    std::string stat;
    std::getline(in, stat);
    const auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 2));
    char state = 0;
    long ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent && state != 'Z') out.push_back(static_cast<pid_t>(std::stol(name)));
  }
  return out;
}

bool alive(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  std::getline(in, stat);
  const auto close = stat.rfind(')');
  return close != std::string::npos && stat[close + 2] != 'Z';
}

std::vector<std::string> sweep_args(const fs::path& out, bool mpi) {
  std::vector<std::string> a;
  if (mpi) a = {"mpirun", "-np", "2", "--oversubscribe", "--bind-to", "none"};
  a.push_back(test::binary());
  for (const char* w : {"sweep", kSmall.c_str(), "--resume", "--quiet"}) a.push_back(w);
  a.insert(a.end(), {"--threads", mpi ? "1" : "2", "--out", out.string()});
  return a;
}

/// Datasets of every task file under dir/tasks, by path relative to dir.
std::map<std::string, std::map<std::string, std::string>> task_files(const fs::path& dir) {
  std::map<std::string, std::map<std::string, std::string>> out;
  for (const auto& e : fs::recursive_directory_iterator(dir / "tasks"))
    if (e.is_regular_file() && e.path().extension() == ".h5" &&
        e.path().filename().string()[0] != '.')
      out[fs::relative(e.path(), dir).string()] = test::h5_datasets(e.path());
  return out;
}

TEST(SweepKill, SigkillAtRandomMomentsThenResumeEndsWithTheUninterruptedDatasets) {
#ifndef LAOXIAO_HAVE_MPI
  GTEST_SKIP() << "built without MPI";
#endif
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
  test::TempDir dir;
  // The uninterrupted sweep, and how long a run from nothing takes, alone and under mpirun.
  const fs::path ref = dir.path() / "reference", out = dir.path() / "out";
  double seconds[2] = {0, 0};
  for (int mpi = 0; mpi < 2; ++mpi) {
    const fs::path where = mpi ? out : ref;
    const auto t0 = std::chrono::steady_clock::now();
    const Child c = start(sweep_args(where, mpi), dir.path());
    ASSERT_EQ(finish(c), 0) << test::slurp(c.err);
    seconds[mpi] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  const auto expected = test::h5_datasets_except(ref / "sweep.h5", "timing/");
  ASSERT_GT(expected.size(), 40u);
  ASSERT_TRUE(test::h5_datasets_except(out / "sweep.h5", "timing/") == expected);
  const auto expected_tasks = task_files(ref);
  ASSERT_EQ(expected_tasks.size(), 64u);
  fs::remove_all(out);

  const std::regex partial(
      R"(\.(q\d{4}_r\d{4}\.h5|sweep\.h5|sweep\.definition)\.laoxiao-partial\.(([^.]+)\.)?(\d+))");
  std::mt19937 gen(20221216);  // fixed: the same moments on every run of the test
  std::set<pid_t> killed;
  int kills = 0, rank_kills = 0, all_kills = 0, completed = 0, temporaries = 0;
  int i = 0;
  for (; i < 90 && (kills < 24 || rank_kills < 3); ++i) {
    const bool mpi = i % 3 == 2;
    const bool one_rank = mpi && (i / 3) % 2 == 0;
    const double at = seconds[mpi] * static_cast<double>(gen()) / 4294967296.0;
    const Child c = start(sweep_args(out, mpi), dir.path());
    std::this_thread::sleep_for(std::chrono::duration<double>(at));
    std::vector<pid_t> ranks = mpi ? children_of(c.pid) : std::vector<pid_t>{};
    if (one_rank && !ranks.empty()) {
      const pid_t victim = ranks[gen() % ranks.size()];
      ::kill(victim, SIGKILL);
      killed.insert(victim);
    } else {
      for (pid_t r : ranks) {
        ::kill(r, SIGKILL);
        killed.insert(r);
      }
      ::kill(c.pid, SIGKILL);
      killed.insert(c.pid);
    }
    const int code = finish(c);
    // No rank outlives its mpirun.
    for (int wait = 0; wait < 200; ++wait) {
      bool any = false;
      for (pid_t r : ranks) any = any || alive(r);
      if (!any) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (pid_t r : ranks) {
      EXPECT_FALSE(alive(r)) << "rank " << r << " outlived mpirun";
      killed.insert(r);
    }
    if (code == 0) {
      // It finished before the kill: its index must be the uninterrupted one. Start again.
      ++completed;
      EXPECT_TRUE(test::h5_datasets_except(out / "sweep.h5", "timing/") == expected)
          << "run " << i << " completed with other datasets";
      fs::remove_all(out);
      continue;
    }
    ++kills;
    if (one_rank && !ranks.empty())
      ++rank_kills;
    else if (mpi)
      ++all_kills;
    if (!fs::exists(out)) continue;
    // Every task file present is complete and right; everything else is a temporary of a
    // killed process.
    for (const auto& [name, datasets] : task_files(out)) {
      auto it = expected_tasks.find(name);
      ASSERT_NE(it, expected_tasks.end()) << name;
      EXPECT_TRUE(datasets == it->second) << "kill " << i << " at " << at << " s: " << name;
    }
    for (const auto& e : fs::recursive_directory_iterator(out)) {
      if (!e.is_regular_file()) continue;
      const std::string name = e.path().filename().string();
      const bool task = e.path().extension() == ".h5" && name[0] != '.';
      if (name == "sweep.definition" || name == "sweep.h5" || task) continue;
      std::smatch m;
      ASSERT_TRUE(std::regex_match(name, m, partial)) << "unexpected file " << e.path();
      ++temporaries;
      EXPECT_TRUE(killed.count(static_cast<pid_t>(std::stol(m[4].str()))))
          << name << " is not the temporary of a killed process";
    }
  }
  // The last run computes exactly the missing tasks, removes every temporary, and ends with
  // the uninterrupted datasets.
  std::size_t missing = 64;
  if (fs::exists(out)) missing -= task_files(out).size();
  const Child last =
      start({test::binary(), "sweep", kSmall, "--resume", "--threads", "2", "--out", out.string()},
            dir.path());
  ASSERT_EQ(finish(last), 0) << test::slurp(last.err);
  const std::string err = test::slurp(last.err);
  EXPECT_NE(err.find(std::to_string(64 - missing) + " of 64 tasks done already, " +
                     std::to_string(missing) + " to compute"),
            std::string::npos)
      << err;
  EXPECT_TRUE(test::h5_datasets_except(out / "sweep.h5", "timing/") == expected);
  for (const auto& e : fs::recursive_directory_iterator(out))
    EXPECT_FALSE(e.is_regular_file() && e.path().filename().string()[0] == '.') << e.path();
  EXPECT_GE(kills, 20);
  EXPECT_GE(rank_kills, 3);
  std::cout << "[ kills ] " << kills << " SIGKILLs in " << i << " runs (" << rank_kills
            << " of one rank of mpirun -np 2, " << all_kills << " of every rank; windows "
            << seconds[0] << " s alone, " << seconds[1] << " s under mpirun); " << completed
            << " runs finished first; " << temporaries << " temporaries seen; the last run "
            << "computed the " << missing << " missing tasks\n";
}

TEST(SweepKill, SigtermStopsWithItsExitCodeAndKeepsTheFinishedTasks) {
  test::TempDir dir;
  const fs::path out = dir.path() / "out";
  const Child c = start(sweep_args(out, false), dir.path());
  // Once the first task files are there.
  for (int i = 0; i < 400 && (!fs::exists(out / "tasks") || task_files(out).empty()); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ::kill(c.pid, SIGTERM);
  const int code = finish(c);
  if (code == 0) GTEST_SKIP() << "the sweep finished before the signal";
  EXPECT_EQ(code, 143) << test::slurp(c.err);
  EXPECT_NE(test::slurp(c.err).find("rerun with --resume"), std::string::npos);
  const std::size_t kept = task_files(out).size();
  EXPECT_GT(kept, 0u);
  EXPECT_LT(kept, 64u);
  const Child again = start(sweep_args(out, false), dir.path());
  EXPECT_EQ(finish(again), 0) << test::slurp(again.err);
  EXPECT_EQ(task_files(out).size(), 64u);
  EXPECT_TRUE(fs::exists(out / "sweep.h5"));
}

}  // namespace
}  // namespace laoxiao
