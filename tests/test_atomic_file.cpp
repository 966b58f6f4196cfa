#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "app/atomic_file.hpp"
#include "test_util.hpp"

namespace laoxiao {
namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(AtomicOutput, CommitReplacesAndAbortKeepsThePreviousFile) {
  test::TempDir dir;
  const auto dest = dir.path() / "out.h5";
  std::ofstream(dest) << "previous";
  {
    AtomicOutput out(dest);
    std::ofstream(out.temporary()) << "half-writ";
    // destroyed without commit: as if the run failed
  }
  EXPECT_EQ(read(dest), "previous");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
  {
    AtomicOutput out(dest);
    std::ofstream(out.temporary()) << "complete";
    out.commit();
  }
  EXPECT_EQ(read(dest), "complete");
}

TEST(AtomicOutput, StaleTemporariesOfDeadProcessesAreRemoved) {
  test::TempDir dir;
  const auto dest = dir.path() / "run.h5";
  const pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);  // a pid that is certainly dead now
  const auto stale = dir.path() / (".run.h5.laoxiao-partial." + std::to_string(child));
  std::ofstream(stale) << "junk";
  const auto unrelated = dir.path() / ".other.h5.laoxiao-partial.1";
  std::ofstream(unrelated) << "not ours";
  AtomicOutput out(dest);
  EXPECT_FALSE(std::filesystem::exists(stale));
  EXPECT_TRUE(std::filesystem::exists(unrelated));
  EXPECT_TRUE(AtomicOutput::is_partial_name(out.temporary().filename().string(), "run.h5"));
}

TEST(AtomicOutput, HostTaggedTemporariesOfOtherHostsAreKept) {
  // Several nodes write into one shared directory: a process id says nothing about another
  // node, so only this host's temporaries of dead processes are removed.
  test::TempDir dir;
  const auto dest = dir.path() / "q0001_r0002.h5";
  const pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  const std::string prefix = ".q0001_r0002.h5.laoxiao-partial.";
  const std::string host = AtomicOutput::host_name();
  ASSERT_FALSE(host.empty());
  EXPECT_EQ(host.find('.'), std::string::npos);
  const auto ours_dead = dir.path() / (prefix + host + "." + std::to_string(child));
  const auto ours_alive = dir.path() / (prefix + host + "." + std::to_string(getppid()));
  const auto other_node = dir.path() / (prefix + "another-node." + std::to_string(child));
  for (const auto& p : {ours_dead, ours_alive, other_node}) std::ofstream(p) << "partial";
  AtomicOutput out(dest, /*host_tagged=*/true);
  EXPECT_FALSE(std::filesystem::exists(ours_dead));
  EXPECT_TRUE(std::filesystem::exists(ours_alive));
  EXPECT_TRUE(std::filesystem::exists(other_node));
  const std::string name = out.temporary().filename().string();
  EXPECT_EQ(name, prefix + host + "." + std::to_string(getpid()));
  EXPECT_TRUE(AtomicOutput::is_partial_name(name, "q0001_r0002.h5"));
  EXPECT_TRUE(AtomicOutput::is_partial_name(other_node.filename().string(), "q0001_r0002.h5"));
  // A single run's output keeps the old name.
  AtomicOutput single(dir.path() / "run.h5");
  EXPECT_EQ(single.temporary().filename().string(),
            ".run.h5.laoxiao-partial." + std::to_string(getpid()));
  std::ofstream(out.temporary()) << "complete";
  out.commit();
  EXPECT_EQ(read(dest), "complete");
}

TEST(AtomicOutput, UnwritableDestinationsFailEarlyWithAClearMessage) {
  test::TempDir dir;
  try {
    AtomicOutput out(dir.path() / "missing-dir" / "x.h5");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
  }
  EXPECT_THROW(AtomicOutput(dir.path()), std::runtime_error);  // a directory
}

}  // namespace
}  // namespace laoxiao
