// The files of a sweep's output directory (docs/HDF5-LAYOUT.md, "Sweeps"):
//   DIR/sweep.definition       what the sweep computes (points, places, base scenarios); a rerun
//                              with --resume must find the same
//   DIR/tasks/pPPPPP/qQQQQ_rRRRR.h5   one HDF5 file per task (point, place, replicate), written
//                              atomically with a host-tagged temporary: a file that exists is
//                              complete
//   DIR/sweep.h5               the index, built by one process from the task files
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/atomic_file.hpp"
#include "input/sweep.hpp"
#include "sim/sweep_summary.hpp"
#include "sim/sweep_tasks.hpp"

namespace laoxiao {

struct SweepDirectory {
  std::filesystem::path root;
  std::filesystem::path tasks() const { return root / "tasks"; }
  std::filesystem::path task_file(const SweepTask& t) const;
  std::filesystem::path definition() const { return root / "sweep.definition"; }
  std::filesystem::path index() const { return root / "sweep.h5"; }
};

/// Where and how a task ran (not part of its results).
struct TaskRun {
  std::string host;
  int rank = 0;
  int threads = 1;
};

/// One task's file read back.
struct TaskFile {
  SweepTask task;
  std::string fingerprint, place_id;
  TaskRun run;
  TaskOutput output;
};

/// The text that defines a sweep's results, and its fingerprint (FNV-1a, 64 bits, hex).
std::string sweep_definition(const Sweep& s, const SweepLayout& layout,
                             const std::vector<std::string>& base_resolved);
std::string fingerprint_of(const std::string& definition);

/// Commits written task files (fsync, then rename) on threads of its own, so that a slot does
/// not wait for the disk: an fsync takes about 10 ms on a virtual disk, as long as a small
/// task, and several at once take hardly longer than one (the file system commits them
/// together). A task counts as done before its file is committed; a file not committed when
/// the process dies is absent, and --resume redoes its task.
class TaskCommitter {
 public:
  TaskCommitter();
  ~TaskCommitter();  // commits what is queued (errors ignored), then stops
  TaskCommitter(const TaskCommitter&) = delete;
  TaskCommitter& operator=(const TaskCommitter&) = delete;
  /// Queues a file whose temporary is written; rethrows an earlier commit's error.
  void add(std::unique_ptr<AtomicOutput> file);
  /// Waits until every queued file is committed; rethrows the first error.
  void drain();

 private:
  static constexpr int kThreads = 4;
  void loop();
  std::mutex mu_;
  std::condition_variable wake_, idle_;
  std::deque<std::unique_ptr<AtomicOutput>> queue_;
  int busy_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
  std::vector<std::thread> threads_;
};

/// Writes task `t`'s file to its temporary (HDF5 calls are serialized across threads) and hands
/// it to `committer`.
void write_task_file(const SweepDirectory& dir, const SweepTask& t, const std::string& fingerprint,
                     const TaskOutput& out, const TaskRun& run, TaskCommitter& committer);
/// Reads a task file (throws std::runtime_error naming the file).
TaskFile read_task_file(const std::filesystem::path& file);

struct SweepIndexMeta {
  std::string command_line, definition, fingerprint;
};

/// Writes the index (the caller makes it atomic). Every dataset except those under timing/
/// depends only on the sweep's definition: not on ranks, threads or task order.
void write_sweep_index(const std::string& path, const Sweep& s, const SweepLayout& layout,
                       const SweepData& data, const SweepSummary& summary,
                       const std::vector<TaskFile>& tasks, const SweepIndexMeta& meta);

}  // namespace laoxiao
