#include "sim/mpi_farm.hpp"

#include <mpi.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace laoxiao {

namespace {

constexpr int kTagRequest = 1;   // a slot asks for a task
constexpr int kTagReply = 2;     // rank 0 answers: a task or none, and the farm's status
constexpr int kTagFinished = 3;  // a task is done
constexpr int kTagDone = 4;      // a rank's slots have all stopped

/// Completes `req`, sleeping between tests so that a waiting rank leaves its core to the
/// simulations (a blocking MPI call spins); stops early, returning false, if `stop` says so.
bool wait(MPI_Request& req, MPI_Status* st, const std::function<bool()>& stop = {}) {
  for (int flag = 0;;) {
    MPI_Test(&req, &flag, st ? st : MPI_STATUS_IGNORE);
    if (flag) return true;
    if (stop && stop()) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

}  // namespace

bool MpiSession::launched() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(v)) return true;
  return false;
}

MpiSession::MpiSession() {
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided);
  if (provided < MPI_THREAD_SERIALIZED) {
    std::fprintf(stderr, "laoxiao: the MPI library does not offer MPI_THREAD_SERIALIZED\n");
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node);
  MPI_Comm_size(node, &node_size_);
  MPI_Comm_free(&node);
  char name[256] = {0};
  if (::gethostname(name, sizeof name - 1) != 0) std::snprintf(name, sizeof name, "unknown");
  host_ = name;
}

MpiSession::~MpiSession() {
  MPI_Finalize();
}

bool MpiSession::all(bool ok) const {
  int mine = ok ? 1 : 0, every = 0;
  MPI_Request req;
  MPI_Iallreduce(&mine, &every, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD, &req);
  wait(req, nullptr);
  return every == 1;
}

int MpiSession::broadcast(int value) const {
  MPI_Request req;
  MPI_Ibcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD, &req);
  wait(req, nullptr);
  return value;
}

std::string MpiSession::broadcast(const std::string& text) const {
  const int n = broadcast(static_cast<int>(text.size()));
  std::string out = rank_ == 0 ? text : std::string(static_cast<std::size_t>(n), '\0');
  MPI_Request req;
  MPI_Ibcast(out.data(), n, MPI_CHAR, 0, MPI_COMM_WORLD, &req);
  wait(req, nullptr);
  return out;
}

void MpiSession::barrier() const {
  MPI_Request req;
  MPI_Ibarrier(MPI_COMM_WORLD, &req);
  wait(req, nullptr);
}

void MpiSession::abort(int code) const {
  std::fflush(stderr);
  std::fflush(stdout);
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

void MpiFarm::run(const std::vector<std::size_t>& order, const std::vector<double>& cost,
                  const std::function<void(std::size_t)>& work,
                  const std::function<void(const FarmStatus&)>& status) {
  if (mpi_.rank() == 0)
    serve(order, cost, work, status);
  else
    ask(work, status);
}

void MpiFarm::serve(const std::vector<std::size_t>& order, const std::vector<double>& cost,
                    const std::function<void(std::size_t)>& work,
                    const std::function<void(const FarmStatus&)>& status) {
  std::mutex mu;
  std::size_t handed = 0;
  FarmStatus st;
  st.total = order.size();
  for (std::size_t t : order) st.total_cost += cost.at(t);
  auto take = [&](std::size_t& task) {
    const std::lock_guard<std::mutex> lock(mu);
    if (handed >= order.size()) return false;
    task = order[handed++];
    return true;
  };
  auto finished = [&](std::size_t task) {
    const std::lock_guard<std::mutex> lock(mu);
    ++st.done;
    st.done_cost += cost.at(task);
    if (status) status(st);
  };
  // This rank's own slots run beside the loop that answers the others (this thread makes
  // every MPI call of rank 0).
  std::exception_ptr local_error;
  std::atomic<bool> local_failed{false};
  std::thread local([&] {
    try {
      LocalFarm::run_slots(slots_, take, [&](std::size_t t) {
        work(t);
        finished(t);
      });
    } catch (...) {
      local_error = std::current_exception();
      local_failed.store(true);
    }
  });
  auto failed = [&] { return local_failed.load(); };
  for (int ranks_left = mpi_.size() - 1; ranks_left > 0 && !failed();) {
    long long msg = 0;
    MPI_Request req;
    MPI_Status source;
    MPI_Irecv(&msg, 1, MPI_LONG_LONG, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &req);
    if (!wait(req, &source, failed)) {
      MPI_Cancel(&req);
      break;
    }
    if (source.MPI_TAG == kTagDone) {
      --ranks_left;
    } else if (source.MPI_TAG == kTagFinished) {
      finished(static_cast<std::size_t>(msg));
    } else if (source.MPI_TAG == kTagRequest) {
      std::size_t task = 0;
      const bool some = take(task);
      double reply[5];
      {
        const std::lock_guard<std::mutex> lock(mu);
        reply[0] = some ? static_cast<double>(task) : -1.0;
        reply[1] = static_cast<double>(st.done);
        reply[2] = static_cast<double>(st.total);
        reply[3] = st.done_cost;
        reply[4] = st.total_cost;
      }
      MPI_Send(reply, 5, MPI_DOUBLE, source.MPI_SOURCE, kTagReply, MPI_COMM_WORLD);
    }
  }
  local.join();
  if (local_error) fatal_(local_error);
}

void MpiFarm::ask(const std::function<void(std::size_t)>& work,
                  const std::function<void(const FarmStatus&)>& status) {
  std::mutex mu;  // one MPI call at a time on this rank (MPI_THREAD_SERIALIZED)
  auto next = [&](std::size_t& task) {
    const std::lock_guard<std::mutex> lock(mu);
    long long none = -1;
    MPI_Send(&none, 1, MPI_LONG_LONG, 0, kTagRequest, MPI_COMM_WORLD);
    double reply[5];
    MPI_Request req;
    MPI_Irecv(reply, 5, MPI_DOUBLE, 0, kTagReply, MPI_COMM_WORLD, &req);
    wait(req, nullptr);
    FarmStatus st;
    st.done = static_cast<std::size_t>(reply[1]);
    st.total = static_cast<std::size_t>(reply[2]);
    st.done_cost = reply[3];
    st.total_cost = reply[4];
    if (status) status(st);
    if (reply[0] < 0) return false;
    task = static_cast<std::size_t>(reply[0]);
    return true;
  };
  try {
    LocalFarm::run_slots(slots_, next, [&](std::size_t t) {
      work(t);
      const std::lock_guard<std::mutex> lock(mu);
      long long done = static_cast<long long>(t);
      MPI_Send(&done, 1, MPI_LONG_LONG, 0, kTagFinished, MPI_COMM_WORLD);
    });
  } catch (...) {
    fatal_(std::current_exception());
  }
  const std::lock_guard<std::mutex> lock(mu);
  long long rank = mpi_.rank();
  MPI_Send(&rank, 1, MPI_LONG_LONG, 0, kTagDone, MPI_COMM_WORLD);
}

}  // namespace laoxiao
