// The task farm across MPI ranks (built when CMake finds MPI: LAOXIAO_HAVE_MPI). Rank 0 hands
// tasks out one at a time to whichever slot asks (dynamic load balancing, in the order given:
// largest first), its own slots included; every rank runs `slots` tasks at a time on its
// oneTBB threads. Only messages of a few numbers travel: each task writes its own file, so no
// results are gathered and no parallel HDF5 is needed. Waiting ranks poll with short sleeps
// instead of spinning, leaving their cores to the simulations.
#pragma once

#include <functional>
#include <string>

#include "sim/task_farm.hpp"

namespace laoxiao {

/// MPI for the lifetime of the object: initialised (threads: MPI_THREAD_SERIALIZED) when the
/// process was started by mpirun or srun, absent otherwise.
class MpiSession {
 public:
  /// True if a launcher started this process as an MPI rank (its environment says so).
  static bool launched();
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  /// Ranks that share this rank's node (its memory).
  int ranks_on_node() const { return node_size_; }
  const std::string& host() const { return host_; }

  /// True on every rank if `ok` is true on every rank.
  bool all(bool ok) const;
  /// Rank 0's value, on every rank.
  int broadcast(int value) const;
  std::string broadcast(const std::string& text) const;
  /// Waits for every rank, sleeping between polls.
  void barrier() const;
  /// Ends every rank of the job with `code`.
  [[noreturn]] void abort(int code) const;

 private:
  int rank_ = 0, size_ = 1, node_size_ = 1;
  std::string host_;
};

class MpiFarm : public TaskFarm {
 public:
  /// `fatal` handles an exception of a task on any rank: it must end the job (abort()).
  MpiFarm(const MpiSession& mpi, int slots, std::function<void(std::exception_ptr)> fatal)
      : mpi_(mpi), slots_(slots < 1 ? 1 : slots), fatal_(std::move(fatal)) {}
  void run(const std::vector<std::size_t>& order, const std::vector<double>& cost,
           const std::function<void(std::size_t)>& work,
           const std::function<void(const FarmStatus&)>& status) override;

 private:
  void serve(const std::vector<std::size_t>& order, const std::vector<double>& cost,
             const std::function<void(std::size_t)>& work,
             const std::function<void(const FarmStatus&)>& status);
  void ask(const std::function<void(std::size_t)>& work,
           const std::function<void(const FarmStatus&)>& status);

  const MpiSession& mpi_;
  int slots_;
  std::function<void(std::exception_ptr)> fatal_;
};

}  // namespace laoxiao
