#include "sim/sweep_tasks.hpp"

#include <algorithm>
#include <numeric>

#include "models/care/indicators.hpp"
#include "sim/summary.hpp"

namespace laoxiao {

SweepTask SweepTasks::at(std::size_t i) const {
  SweepTask t;
  t.replicate = static_cast<std::uint32_t>(i % replicates_);
  i /= replicates_;
  t.place = static_cast<std::uint32_t>(i % places_);
  t.point = static_cast<std::uint32_t>(i / places_);
  return t;
}

std::size_t SweepTasks::index(const SweepTask& t) const {
  return (static_cast<std::size_t>(t.point) * places_ + t.place) * replicates_ + t.replicate;
}

std::vector<std::size_t> SweepTasks::dispatch_order(
    const std::vector<std::vector<double>>& cost) const {
  std::vector<std::size_t> out;
  out.reserve(size());
  std::vector<std::size_t> places(places_);
  for (std::size_t p = 0; p < points_; ++p) {
    std::iota(places.begin(), places.end(), std::size_t{0});
    std::stable_sort(places.begin(), places.end(), [&](std::size_t a, std::size_t b) {
      return cost.at(p).at(a) > cost.at(p).at(b);
    });
    for (std::size_t q : places)
      for (std::size_t r = 0; r < replicates_; ++r)
        out.push_back((p * places_ + q) * replicates_ + r);
  }
  return out;
}

SweepModels::SweepModels(const Sweep& sweep, std::size_t places_per_point, std::size_t compiled)
    : sweep_(sweep) {
  // A batch of all China holds 3,000 places per point: keep two points; a plan's sweep many.
  points_.capacity = std::max<std::size_t>(2, 512 / std::max<std::size_t>(1, places_per_point));
  compiled_.capacity = std::max<std::size_t>(1, compiled);
}

template <class K, class V, class Make>
V SweepModels::get(Lru<K, V>& lru, const K& key, Make make) {
  std::shared_future<V> f;
  bool mine = false;
  std::promise<V> promise;
  {
    const std::lock_guard<std::mutex> lock(mu_);
    auto it = lru.items.find(key);
    if (it != lru.items.end()) {
      lru.order.remove(key);
      f = it->second;
    } else {
      f = promise.get_future().share();
      lru.items.emplace(key, f);
      mine = true;
      while (lru.items.size() > lru.capacity && !lru.order.empty()) {
        lru.items.erase(lru.order.back());
        lru.order.pop_back();
      }
    }
    lru.order.push_front(key);
  }
  if (mine) {
    try {
      promise.set_value(make());
    } catch (...) {
      promise.set_exception(std::current_exception());
      const std::lock_guard<std::mutex> lock(mu_);
      lru.items.erase(key);
      lru.order.remove(key);
    }
  }
  return f.get();
}

std::shared_ptr<const std::vector<Scenario>> SweepModels::scenarios(std::size_t point) {
  return get(points_, point, [&] {
    return std::make_shared<const std::vector<Scenario>>(load_sweep_point(sweep_, point));
  });
}

void SweepModels::keep(std::size_t point, std::shared_ptr<const std::vector<Scenario>> loaded) {
  std::promise<std::shared_ptr<const std::vector<Scenario>>> ready;
  ready.set_value(std::move(loaded));
  const std::lock_guard<std::mutex> lock(mu_);
  points_.items[point] = ready.get_future().share();
  points_.order.remove(point);
  points_.order.push_front(point);
}

std::shared_ptr<const CompiledScenario> SweepModels::compiled(std::size_t point,
                                                              std::size_t place) {
  return get(compiled_, std::make_pair(point, place), [&] {
    const auto all = scenarios(point);
    try {
      return std::make_shared<const CompiledScenario>(compile(all->at(place)));
    } catch (const InputError& e) {
      throw sweep_point_error(sweep_, point, e);
    }
  });
}

TaskOutput run_sweep_task(SweepModels& models, const SweepTask& task, const SimulateOptions& opt) {
  const auto c = models.compiled(task.point, task.place);
  std::vector<ReplicateResult> results;
  results.push_back(simulate(*c, task.replicate, opt));
  const int n_years = c->scenario.horizon.n_years();
  TaskOutput out;
  out.place_id = c->scenario.place.id;
  out.first_year = c->scenario.horizon.first_year();
  for (auto& [id, series] : compute_indicators(results, n_years))
    out.indicators[id] = std::move(series.front());
  for (int y = 0; y < n_years; ++y)
    out.population.push_back(population_at_year_end(results.front().tallies, y, 0, kMaxAge));
  out.stats = results.front().stats;
  return out;
}

}  // namespace laoxiao
