#include "sim/task.hpp"

#include <algorithm>
#include <chrono>
#include <sstream>

#include "models/demography/synthesis.hpp"

namespace laoxiao {

std::uint64_t expected_agent_slots(const CompiledScenario& c) {
  const Scenario& s = c.scenario;
  const double agents = s.baseline.people() * s.run.sample;
  const double additions = expected_volume(*c.model).additions * s.run.sample;
  return store_reserve(static_cast<std::size_t>(agents) + 2 * s.baseline.age_groups.size() + 1,
                       additions);
}

namespace {

/// The store's size against the run's memory bound (`allowed` slots), after a month.
void check_slot_budget(const CompiledScenario& c, const Simulation& sim, std::uint64_t allowed,
                       Month t) {
  if (sim.population().size() <= allowed) return;
  std::ostringstream o;
  o << c.scenario.place.id << " grew to " << sim.population().size() << " agent slots by "
    << t.to_string() << ", more than the " << allowed
    << " the memory bound allows (the estimate foresaw " << expected_agent_slots(c)
    << "); no output written. Use a smaller --sample, fewer --threads or a shorter horizon";
  throw MemoryBoundExceeded(o.str());
}

}  // namespace

namespace {

ReplicateResult simulate_compiled(const CompiledScenario& c, std::uint32_t replicate,
                                  const SimulateOptions& opt,
                                  std::chrono::steady_clock::time_point t0);

}  // namespace

ReplicateResult simulate(const CompiledScenario& c, std::uint32_t replicate,
                         const SimulateOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  const Scenario& s = c.scenario;
  if (!s.draws_parameters()) return simulate_compiled(c, replicate, opt, t0);
  std::vector<double> levels = draw_levels(s.uncertain, s.run.seed, replicate);
  const CompiledScenario drawn =
      compile(with_overrides(s, draw_overrides(s.uncertain, levels, replicate)));
  ReplicateResult r = simulate_compiled(drawn, replicate, opt, t0);
  r.parameter_levels = std::move(levels);
  return r;
}

namespace {

ReplicateResult simulate_compiled(const CompiledScenario& c, std::uint32_t replicate,
                                  const SimulateOptions& opt,
                                  std::chrono::steady_clock::time_point t0) {
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
  // Agent ids are 32-bit: that bound holds with or without a memory bound.
  const double budget = opt.slot_budget > 0
                            ? opt.slot_budget * static_cast<double>(expected_agent_slots(c))
                            : static_cast<double>(kMaxAgentSlots);
  const auto allowed =
      static_cast<std::uint64_t>(std::min(budget, static_cast<double>(kMaxAgentSlots)));
  std::uint64_t last = 0;
  sim.run([&](Month t) {
    if (const int sig = opt.stop.requested()) throw Interrupted(sig);
    check_slot_budget(c, sim, allowed, t);
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

}  // namespace

}  // namespace laoxiao
