#include "sim/runner.hpp"

#include <tbb/task_arena.h>

#include <chrono>

#include "models/reference/cohort_component.hpp"
#include "sim/parallel.hpp"
#include "sim/progress.hpp"

namespace laoxiao {

std::atomic<int> g_interrupt_signal{0};

std::unique_ptr<DemographyModel> compile_demography(const Scenario& s) {
  auto m = std::make_unique<DemographyModel>(s);
  const auto& fe = s.demography.fertility;
  if (fe.target_births) {
    const DemographicTallies t = project_expected(*m, fe.target_births_year);
    const int y = fe.target_births_year - s.first_year();
    const double births = t.births[t.ys(y, 0)] + t.births[t.ys(y, 1)];
    if (births <= 0) {
      Diagnostics d;
      d.error(s.position("demography.fertility.target_births"),
              "demography.fertility.target_births",
              "no births are expected at all, so no scale can reach the target");
      throw InputError(d);
    }
    m->rescale_fertility(*fe.target_births / births);
  }
  return m;
}

void fill_indicators(ScenarioRun& r) {
  const int n_years = r.scenario.n_years();
  for (const auto& def : indicator_catalog()) {
    if (def.cls == IndicatorClass::kExogenous) continue;
    auto& series = r.indicators[def.id];
    series.assign(r.replicates.size(), std::vector<double>(static_cast<std::size_t>(n_years)));
    for (std::size_t k = 0; k < r.replicates.size(); ++k) {
      const auto e0 = period_life_expectancy(r.replicates[k]);
      for (int y = 0; y < n_years; ++y) {
        const CareYear* c =
            static_cast<int>(r.care_years[k].size()) > y ? &r.care_years[k][y] : nullptr;
        series[k][y] = indicator_value(def.id, y, r.replicates[k], e0, c);
      }
    }
  }
}

std::vector<ScenarioRun> prepare_runs(const std::vector<Scenario>& scenarios) {
  std::vector<ScenarioRun> runs(scenarios.size());
  parallel_for(std::size_t{0}, scenarios.size(), [&](std::size_t i) {
    ScenarioRun& r = runs[i];
    r.scenario = scenarios[i];
    r.model = compile_demography(r.scenario);
    r.capacity = std::make_unique<CapacityModel>(r.scenario);
    if (!r.capacity->empty()) r.care = std::make_unique<CareSetup>(r.scenario, *r.capacity);
  });
  return runs;
}

std::vector<ScenarioRun> run_scenarios(const std::vector<Scenario>& scenarios,
                                       const RunOptions& opt) {
  auto runs = prepare_runs(scenarios);
  run_prepared(runs, opt);
  return runs;
}

void run_prepared(std::vector<ScenarioRun>& runs, const RunOptions& opt) {
  const std::size_t n = runs.size();
  std::uint64_t total_work = 0;
  for (const auto& r : runs) {
    const Scenario& s = r.scenario;
    const int months = s.end_month() - s.start_month() + 1;
    total_work +=
        static_cast<std::uint64_t>(s.baseline.total() * s.run.sample * months * s.run.replicates);
  }
  Progress progress(total_work, opt.progress);

  // Places run side by side (a batch holds thousands); within a place, small ones run their
  // replicates side by side and large ones one at a time (memory), each parallel over blocks.
  parallel_for(std::size_t{0}, n, [&](std::size_t i) {
    ScenarioRun& r = runs[i];
    const Scenario& s = r.scenario;
    const int n_rep = s.run.replicates;
    r.replicates.resize(n_rep);
    r.care_years.resize(n_rep);
    r.stats.resize(n_rep);
    const double agents = s.baseline.total() * s.run.sample;
    auto simulate = [&](std::size_t rep) {
      const auto t0 = std::chrono::steady_clock::now();
      EngineOptions eo;
      eo.seed = s.run.seed;
      eo.replicate = static_cast<std::uint32_t>(rep);
      eo.sample = s.run.sample;
      eo.faults = opt.faults;
      eo.care = r.care.get();
      Simulation sim(*r.model, eo);
      sim.initialize();
      ReplicateStats& st = r.stats[rep];
      st.agents_initial = sim.population().size();
      std::uint64_t last_pm = 0;
      sim.run([&](Month t) {
        if (const int sig = g_interrupt_signal.load()) throw Interrupted(sig);
        progress.add(sim.person_months() - last_pm, s.place.id + " " + t.to_string());
        last_pm = sim.person_months();
      });
      r.replicates[rep] = sim.tallies();
      r.care_years[rep] = sim.care_years();
      st.agents_final = sim.population().size();
      st.person_months = sim.person_months();
      st.bytes_per_agent = sim.population().bytes_per_slot();
      st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    auto one = [&](std::size_t rep) { tbb::this_task_arena::isolate([&] { simulate(rep); }); };
    if (agents < kSideBySideReplicateAgents) {
      parallel_for(std::size_t{0}, static_cast<std::size_t>(n_rep), one);
    } else {
      for (int rep = 0; rep < n_rep; ++rep) one(static_cast<std::size_t>(rep));
    }
    // The places of a batch share their template: no per-place reference or audit.
    const bool batch = !s.batch.empty();
    if (!batch) r.reference = project_expected(*r.model);
    fill_indicators(r);
    r.checks = build_checks(s.plan, r.indicators, s.first_year(), s.n_years());
    if (!batch) r.audit = audit_plan(s, *r.capacity, r.reference);
  });
  progress.finish();
}

}  // namespace laoxiao
