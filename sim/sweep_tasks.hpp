// The tasks of a sweep: one per point, place and replicate. A task loads its point's scenarios
// (input/sweep.hpp), compiles its place and simulates one replicate with the sweep's seed, so
// points that differ only in parameters share their random numbers. Its output is plain data
// (indicators by year, residents, statistics) that the app writes as one file per task.
#pragma once

#include <cstdint>
#include <future>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "input/sweep.hpp"
#include "sim/compiled.hpp"
#include "sim/task.hpp"

namespace laoxiao {

struct SweepTask {
  std::uint32_t point = 0, place = 0, replicate = 0;
};

/// The tasks of a sweep, numbered point by point, place by place, replicate by replicate.
class SweepTasks {
 public:
  SweepTasks(std::size_t points, std::size_t places, int replicates)
      : points_(points), places_(places), replicates_(static_cast<std::size_t>(replicates)) {}
  std::size_t size() const { return points_ * places_ * replicates_; }
  std::size_t points() const { return points_; }
  std::size_t places() const { return places_; }
  int replicates() const { return static_cast<int>(replicates_); }
  SweepTask at(std::size_t i) const;
  std::size_t index(const SweepTask& t) const;
  /// The order to hand tasks out: point by point (a worker then holds one or two points'
  /// scenarios), inside a point the largest places first (places differ 10,000-fold in size, so
  /// the last tasks are small), a place's replicates one after another (compiled once).
  std::vector<std::size_t> dispatch_order(const std::vector<std::vector<double>>& cost) const;

 private:
  std::size_t points_, places_, replicates_;
};

/// What one task gives.
struct TaskOutput {
  std::string place_id;
  int first_year = 0;
  std::map<std::string, std::vector<double>> indicators;  // catalog id -> [year]
  std::vector<double> population;                         // residents on 31 December, [year]
  ReplicateStats stats;
};

/// The scenarios of the sweep's points and their compiled places, loaded and compiled on first
/// use and kept for the next tasks (a few points, `compiled` places). Safe to use from several
/// threads: each point is loaded and each place compiled once while it is kept.
class SweepModels {
 public:
  SweepModels(const Sweep& sweep, std::size_t places_per_point, std::size_t compiled);
  std::shared_ptr<const CompiledScenario> compiled(std::size_t point, std::size_t place);
  std::shared_ptr<const std::vector<Scenario>> scenarios(std::size_t point);
  /// Keeps scenarios already loaded (by the checks before the run) for `point`.
  void keep(std::size_t point, std::shared_ptr<const std::vector<Scenario>> loaded);
  const Sweep& sweep() const { return sweep_; }

 private:
  template <class K, class V>
  struct Lru {
    std::size_t capacity = 1;
    std::list<K> order;  // most recent first
    std::map<K, std::shared_future<V>> items;
  };
  template <class K, class V, class Make>
  V get(Lru<K, V>& lru, const K& key, Make make);

  const Sweep& sweep_;
  std::mutex mu_;
  Lru<std::size_t, std::shared_ptr<const std::vector<Scenario>>> points_;
  Lru<std::pair<std::size_t, std::size_t>, std::shared_ptr<const CompiledScenario>> compiled_;
};

/// Runs one task.
TaskOutput run_sweep_task(SweepModels& models, const SweepTask& task, const SimulateOptions& opt);

}  // namespace laoxiao
