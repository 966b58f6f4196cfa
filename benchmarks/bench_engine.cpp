// Micro-benchmarks of the engine: one monthly step of the demographic kernel at a given
// population size, the random-number fill alone, and synthesis. Report: items/s = agent-months
// per second (divide by threads for per core), bytes_per_agent = store bytes per agent slot.
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include <memory>
#include <vector>

#include "models/demography/demography.hpp"
#include "sim/engine.hpp"
#include "sim/scenario.hpp"

namespace laoxiao {
namespace {

/// The national scenario, sampled down to about `agents` agents, with a long horizon so that
/// benchmarks can step many months.
std::unique_ptr<DemographyModel> national(double agents, double& sample) {
  Scenario s = load_scenario(std::string(LAOXIAO_SOURCE_DIR) + "/scenarios/china.toml");
  sample = agents / s.baseline.total();
  s.end_year = 2100;
  s.run.sample = sample;
  return std::make_unique<DemographyModel>(s);
}

void BM_MonthlyStep(benchmark::State& state) {
  const double agents = static_cast<double>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism, threads);
  double sample = 0;
  const auto model = national(agents, sample);
  EngineOptions eo;
  eo.seed = 1;
  eo.sample = sample;
  Simulation sim(*model, eo);
  sim.initialize();
  Month t = model->scenario().start_month();
  std::uint64_t pm0 = sim.person_months();
  for (auto _ : state) {
    sim.step(t);
    t = t + 1;
  }
  const auto pm = sim.person_months() - pm0;
  state.SetItemsProcessed(static_cast<std::int64_t>(pm));
  state.counters["agent_months_per_s_per_core"] =
      benchmark::Counter(static_cast<double>(pm) / threads, benchmark::Counter::kIsRate);
  state.counters["ns_per_agent_month_core"] = benchmark::Counter(
      static_cast<double>(pm) / threads, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["bytes_per_agent"] = sim.population().bytes_per_slot();
  state.counters["threads"] = threads;
}
BENCHMARK(BM_MonthlyStep)
    ->ArgsProduct({{1'000'000}, {1, 2}})
    ->ArgNames({"agents", "threads"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(120);

void BM_PhiloxFill(benchmark::State& state) {
  const std::uint32_t n = 1u << 16;
  std::vector<std::uint32_t> a(n), b(n), c(n), d(n);
  const RngKey key{1, 0, 1};
  std::uint32_t month = 0;
  for (auto _ : state) {
    philox_fill(key, Stream::kDemography, month++, 0, n, a.data(), b.data(), c.data(), d.data());
    benchmark::DoNotOptimize(a.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * n * 4);
  state.SetLabel("items = 32-bit words");
}
BENCHMARK(BM_PhiloxFill);

void BM_Synthesis(benchmark::State& state) {
  double sample = 0;
  const auto model = national(static_cast<double>(state.range(0)), sample);
  EngineOptions eo;
  eo.sample = sample;
  for (auto _ : state) {
    Simulation sim(*model, eo);
    sim.initialize();
    benchmark::DoNotOptimize(sim.population().size());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Synthesis)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace laoxiao

BENCHMARK_MAIN();
