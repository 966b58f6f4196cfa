#include "sim/task.hpp"

#include <chrono>

namespace laoxiao {

ReplicateResult simulate(const CompiledScenario& c, std::uint32_t replicate,
                         const SimulateOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  const Scenario& s = c.scenario;
  EngineOptions eo;
  eo.seed = s.run.seed;
  eo.replicate = replicate;
  eo.place_stream = s.rng_stream();
  eo.sample = s.run.sample;
  eo.faults = opt.faults;
  eo.care = c.care.get();
  Simulation sim(*c.model, eo);
  sim.initialize();
  ReplicateResult r;
  r.stats.agents_initial = sim.population().size();
  std::uint64_t last = 0;
  sim.run([&](Month t) {
    if (const int sig = opt.stop.requested()) throw Interrupted(sig);
    if (opt.progress) opt.progress(sim.person_months() - last, s.place.id + " " + t.to_string());
    last = sim.person_months();
  });
  r.tallies = sim.tallies();
  r.care_years = sim.care_years();
  r.stats.agents_final = sim.population().size();
  r.stats.person_months = sim.person_months();
  r.stats.bytes_per_agent = sim.population().bytes_per_slot();
  r.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace laoxiao
