// Micro-benchmarks of the engine (Google Benchmark; Debian's build is a debug build of the
// library only: compare timings relatively, within one run).
//
//   BM_MonthlyStep/agents/threads   the whole demographic step at 1M, 10M and 35M agents
//   BM_Process/<name>               the step with one demographic process switched on
//   BM_PhiloxFill                   the random numbers alone
//   BM_Synthesis                    building a population
//   BM_Demand_Wishes                evaluating everyone's wish for care
//   BM_Care_Month                   a monthly step of a plan place with care (demography +
//                                   demand + allocation) against the same without care
//   BM_Allocation_Month             the allocation step alone
//   BM_Indicators_YearEnd           year-end counts and every catalog indicator
// Counters: agent_months_per_s_per_core, ns_per_agent_month_core, bytes_per_agent.
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include <memory>
#include <vector>

#include "input/scenario.hpp"
#include "models/care/allocation.hpp"
#include "models/care/outcomes.hpp"
#include "models/demography/demography.hpp"
#include "sim/compiled.hpp"
#include "sim/engine.hpp"
#include "sim/runner.hpp"

namespace laoxiao {
namespace {

DemographyModel model_of(const Scenario& s) {
  return DemographyModel(s.baseline, s.demography, s.horizon);
}

std::string scenario_path(const char* name) {
  return std::string(LAOXIAO_SOURCE_DIR) + "/scenarios/" + name;
}

/// The national scenario sampled down to about `agents` agents, with a long horizon so that
/// benchmarks can step many months.
Scenario national(double agents) {
  Scenario s = load_scenario(scenario_path("china.toml"));
  s.run.sample = agents / s.baseline.people();
  s.horizon.end_year = 2100;
  return s;
}

void per_core_counters(benchmark::State& state, std::uint64_t agent_months, int threads,
                       const PopulationStore& store) {
  state.SetItemsProcessed(static_cast<std::int64_t>(agent_months));
  state.counters["agent_months_per_s_per_core"] =
      benchmark::Counter(static_cast<double>(agent_months) / threads, benchmark::Counter::kIsRate);
  state.counters["ns_per_agent_month_core"] =
      benchmark::Counter(static_cast<double>(agent_months) / threads,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["bytes_per_agent"] = store.bytes_per_slot();
}

void step_benchmark(benchmark::State& state, const DemographyModel& model, double sample,
                    int threads, const FaultInjection& faults = {}) {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism, threads);
  EngineOptions eo;
  eo.seed = 1;
  eo.sample = sample;
  eo.faults = faults;
  Simulation sim(model, eo);
  sim.initialize();
  Month t = model.horizon().start;
  for (int warm = 0; warm < 2; ++warm) sim.step(t), t = t + 1;
  const std::uint64_t pm0 = sim.person_months();
  for (auto _ : state) {
    sim.step(t);
    t = t + 1;
  }
  per_core_counters(state, sim.person_months() - pm0, threads, sim.population());
}

void BM_MonthlyStep(benchmark::State& state) {
  const Scenario s = national(static_cast<double>(state.range(0)));
  const DemographyModel model = model_of(s);
  step_benchmark(state, model, s.run.sample, static_cast<int>(state.range(1)));
}
BENCHMARK(BM_MonthlyStep)
    ->ArgsProduct({{1'000'000, 10'000'000}, {1, 2}})
    ->ArgNames({"agents", "threads"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(48);
BENCHMARK(BM_MonthlyStep)
    ->Args({35'000'000, 2})
    ->ArgNames({"agents", "threads"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(12);

/// One demographic process at a time: the others are switched off in the model's tables.
void BM_Process(benchmark::State& state, const char* which) {
  Scenario s = national(1'000'000);
  FaultInjection f;
  const std::string w = which;
  if (w != "mortality") s.demography.mortality.scale = 0.0;
  if (w != "fertility") s.demography.fertility.scale = 0.0;
  if (w != "disability") {
    f.no_disability_onset = true;
    f.no_entry_draw = true;
  }
  const DemographyModel model = model_of(s);
  step_benchmark(state, model, s.run.sample, 1, f);
}
BENCHMARK_CAPTURE(BM_Process, mortality, "mortality")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(48);
BENCHMARK_CAPTURE(BM_Process, fertility, "fertility")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(48);
BENCHMARK_CAPTURE(BM_Process, disability, "disability")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(48);
BENCHMARK_CAPTURE(BM_Process, none, "none")->Unit(benchmark::kMillisecond)->Iterations(48);

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
  const Scenario s = national(static_cast<double>(state.range(0)));
  const DemographyModel model = model_of(s);
  EngineOptions eo;
  eo.sample = s.run.sample;
  for (auto _ : state) {
    Simulation sim(model, eo);
    sim.initialize();
    benchmark::DoNotOptimize(sim.population().size());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Synthesis)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

/// A plan place with its capacity (Lianshui: 830,000 people, beds and 托位).
struct CarePlace {
  CompiledScenario c = compile(load_scenario(scenario_path("lianshui.toml")));
  const Scenario& s = c.scenario;
  const DemographyModel& model = *c.model;
  const CareSetup& care = *c.care;
};

void BM_Demand_Wishes(benchmark::State& state) {
  CarePlace p;
  EngineOptions eo;
  Simulation sim(p.model, eo);
  sim.initialize();
  const PopulationStore& store = sim.population();
  const RngKey key{1, 0, p.s.rng_stream()};
  const int tm = p.s.horizon.start.index;
  for (auto _ : state) {
    std::size_t n = 0;
    for (std::uint32_t i = 0; i < store.size(); ++i)
      n += p.care.demand.wishes(key, i, store.flags()[i], tm - store.birth()[i], p.s.horizon.start);
    benchmark::DoNotOptimize(n);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * store.size()));
  state.SetLabel("items = agents evaluated");
}
BENCHMARK(BM_Demand_Wishes)->Unit(benchmark::kMillisecond);

void BM_Care_Month(benchmark::State& state) {
  CarePlace p;
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 1);
  EngineOptions eo;
  eo.care = state.range(0) ? &p.care : nullptr;
  auto sim = std::make_unique<Simulation>(p.model, eo);
  sim->initialize();
  Month t = p.s.horizon.start;
  std::uint64_t months = 0;
  for (auto _ : state) {
    if (t > p.s.horizon.end_month()) {  // the horizon ends: start again (not timed)
      state.PauseTiming();
      months += sim->person_months();
      sim = std::make_unique<Simulation>(p.model, eo);
      sim->initialize();
      t = p.s.horizon.start;
      state.ResumeTiming();
    }
    sim->step(t);
    t = t + 1;
  }
  per_core_counters(state, months + sim->person_months(), 1, sim->population());
  state.SetLabel(state.range(0) ? "with care (demand, allocation, year-end counts)"
                                : "demography only");
}
BENCHMARK(BM_Care_Month)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(60);

/// The plan place after fourteen months with care: its store, allocation and tallies.
struct PlaceAfterAYear {
  CarePlace p;
  Month t;
  PopulationStore store;
  DemographicTallies tallies;
  std::unique_ptr<Allocation> alloc;
  PlaceAfterAYear() {
    EngineOptions eo;
    eo.care = &p.care;
    Simulation sim(p.model, eo);
    sim.initialize();
    t = p.s.horizon.start;
    for (int m = 0; m < 14; ++m) sim.step(t), t = t + 1;
    store = sim.population();
    tallies = sim.tallies();
    alloc = std::make_unique<Allocation>(p.care, RngKey{1, 0, p.s.rng_stream()}, 1.0);
    alloc->initialize(store, t);
  }
};

void BM_Allocation_Month(benchmark::State& state) {
  PlaceAfterAYear place;
  PopulationStore& store = place.store;
  Allocation& alloc = *place.alloc;
  const Month t = place.t;
  for (auto _ : state) {
    alloc.month(store, t, {});
    benchmark::DoNotOptimize(alloc.placed());
  }
  state.counters["placed"] = static_cast<double>(alloc.placed());
  state.counters["waiting"] = static_cast<double>(alloc.waiting());
}
BENCHMARK(BM_Allocation_Month)->Unit(benchmark::kMicrosecond);

void BM_Indicators_YearEnd(benchmark::State& state) {
  const PlaceAfterAYear place;
  const PopulationStore& store = place.store;
  const Allocation& alloc = *place.alloc;
  const Month t = place.t;
  const DemographicTallies& tallies = place.tallies;
  const auto e0 = period_life_expectancy(tallies);
  for (auto _ : state) {
    const CareYear y = alloc.year_end(store, t);
    double sum = 0;
    for (const auto& def : indicator_catalog())
      sum += indicator_value(def, IndicatorInputs{tallies, 1, e0, &y});
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * store.size()));
  state.SetLabel("items = agents counted");
}
BENCHMARK(BM_Indicators_YearEnd)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace laoxiao

BENCHMARK_MAIN();
