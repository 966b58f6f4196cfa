#include "app/stats.hpp"

#include <sys/resource.h>

#include <nlohmann/json.hpp>

#include "app/hdf5_writer.hpp"
#include "laoxiao/version.hpp"

namespace laoxiao {

std::string run_stats_json(const std::vector<ScenarioRun>& runs, int threads, double sim_seconds,
                           double wall_seconds, const MemoryEstimate& memory) {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::uint64_t agents = 0, agent_months = 0, slots = 0;
  double store_bytes = 0;
  nlohmann::ordered_json scenarios = nlohmann::ordered_json::array();
  const auto names = run_group_names(runs);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    std::uint64_t a = 0, pm = 0;
    for (const auto& r : runs[i].results) {
      a += r.stats.agents_initial;
      pm += r.stats.person_months;
      store_bytes += r.stats.bytes_per_agent * static_cast<double>(r.stats.agents_final);
      slots += r.stats.agents_final;
    }
    agents += a;
    agent_months += pm;
    scenarios.push_back({{"name", names[i]},
                         {"replicates", runs[i].results.size()},
                         {"agents_initial", a},
                         {"agent_months", pm}});
  }
  nlohmann::ordered_json j;
  j["laoxiao_version"] = kVersion;
  j["threads"] = threads;
  j["scenarios"] = scenarios;
  j["agents_initial"] = agents;
  j["agent_months"] = agent_months;
  j["simulation_seconds"] = sim_seconds;
  j["wall_seconds"] = wall_seconds;
  j["person_months_per_s_per_core"] = static_cast<double>(agent_months) / sim_seconds / threads;
  j["store_bytes_per_agent"] = slots ? store_bytes / static_cast<double>(slots) : 0.0;
  j["peak_rss_bytes"] = static_cast<std::uint64_t>(ru.ru_maxrss) * 1024;
  j["memory_estimate_bytes"] = memory.total;
  return j.dump(2) + "\n";
}

}  // namespace laoxiao
