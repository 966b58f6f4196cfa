#include "app/resources.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <stdexcept>

#include "models/care/indicators.hpp"
#include "models/demography/synthesis.hpp"

namespace laoxiao {

namespace {

// Growth of the process beyond what it holds now: worker stacks, allocator slack, the HDF5
// library's own tables.
constexpr std::uint64_t kHeadroomBytes = 32ull << 20;

/// Resident memory of this process now (scenarios and compiled models included).
std::uint64_t resident_bytes() {
  std::ifstream in("/proc/self/statm");
  std::uint64_t pages = 0, resident = 0;
  in >> pages >> resident;
  return resident * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}
// Care state per person who wishes for care: a placement or a waiting entry (8 bytes), the
// month's queue (8) and its order (4), in vectors that may hold twice their size.
constexpr double kInCareytesPerWisher = 2.0 * (8 + 8 + 4);

/// Bytes of one simulation of `r` alive: its population store as synthesis reserves it and
/// the care state of everyone who may wish for care.
std::uint64_t simulation_bytes(const ScenarioRun& r, std::uint64_t& slots) {
  const Scenario& s = r.scenario();
  const DemographyModel& m = *r.compiled.model;
  const double sample = s.run.sample;
  const double births = expected_volume(m).additions * sample;
  slots = expected_agent_slots(r.compiled);
  double bytes = static_cast<double>(slots) * PopulationStore::kBytesPerAgent;
  if (r.compiled.care) {
    double elderly = 0, children = births;
    const auto& by_age = m.baseline_by_age();
    for (int a = 0; a <= kMaxAge; ++a) {
      const double people = (by_age[0][a] + by_age[1][a]) * sample;
      if (a >= s.demography.disability.entry_age) elderly += people;
      if (a < 3) children += people;
    }
    const Demand& d = r.compiled.care->demand;
    const double p_elder = d.largest_elder_share();
    const double p_child = d.largest_child_share();
    bytes += (elderly * p_elder + children * p_child) * kInCareytesPerWisher;
  }
  // Per-simulation tables (cohort counts, tallies, block buffers). Saturates at a pebibyte,
  // far above any machine yet summable over 4096 threads: growth over a long horizon can
  // exceed what 64 bits count, and must still be refused.
  bytes += 1 << 20;
  constexpr double kCeiling = 1125899906842624.0;  // 2^50
  return static_cast<std::uint64_t>(std::min(bytes, kCeiling));
}

struct ResultBytes {
  std::uint64_t memory = 0;  // held from the simulation to the end
  std::uint64_t file = 0;    // in the HDF5 file
};

ResultBytes result_bytes(const ScenarioRun& r) {
  const Scenario& s = r.scenario();
  DemographicTallies t;
  t.init(s.horizon.first_year(), s.horizon.n_years());
  const std::uint64_t tallies =
      (t.population_start.size() + t.population_end.size() + t.deaths.size() + t.exposure.size() +
       t.births.size() + t.transitions.size() + t.arrivals.size() + t.departures.size()) *
          sizeof(double) +
      t.months.size() * sizeof(int);
  const std::uint64_t per_year = sizeof(CareYear) + indicator_catalog().size() * sizeof(double);
  const std::uint64_t summaries = static_cast<std::uint64_t>(s.horizon.n_years()) * per_year;
  const auto reps = static_cast<std::uint64_t>(s.run.replicates);
  const bool batch = !s.batch.empty();  // no reference projection; summaries only in the file
  ResultBytes b;
  b.memory =
      reps * (tallies + summaries + sizeof(ReplicateResult)) + (batch ? 0 : tallies) + (16u << 10);
  b.file = batch ? reps * summaries : (reps + 1) * (tallies + summaries) + (256u << 10);
  return b;
}

std::optional<std::uint64_t> read_number_file(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  if (!(in >> text) || text == "max") return std::nullopt;
  try {
    return std::stoull(text);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

MemoryEstimate estimate_memory(const std::vector<ScenarioRun>& runs, int threads) {
  MemoryEstimate e;
  const auto t = static_cast<std::size_t>(std::max(1, threads));
  std::vector<std::uint64_t> jobs;  // simulations that may be alive at once, by size
  for (const auto& r : runs) {
    std::uint64_t slots = 0;
    const std::uint64_t b = simulation_bytes(r, slots);
    if (slots > e.largest_agents) {
      e.largest_agents = slots;
      e.largest_place = r.scenario().place.id;
    }
    const bool side_by_side =
        r.scenario().baseline.people() * r.scenario().run.sample < kSideBySideReplicateAgents;
    const std::size_t copies =
        side_by_side ? std::min(t, static_cast<std::size_t>(r.scenario().run.replicates)) : 1;
    jobs.insert(jobs.end(), copies, b);
    const ResultBytes rb = result_bytes(r);
    e.results += rb.memory;
    e.output += rb.file;
  }
  const std::size_t n = std::min(t, jobs.size());
  std::partial_sort(jobs.begin(), jobs.begin() + static_cast<std::ptrdiff_t>(n), jobs.end(),
                    std::greater<>());
  for (std::size_t i = 0; i < n; ++i) e.simulations += jobs[i];
  e.side_by_side = static_cast<int>(n);
  e.process = resident_bytes() + kHeadroomBytes;
  // The simulations are gone when the file is built: count the larger of the two phases.
  e.output *= 2;  // HDF5's in-memory file and the image copied out of it
  e.total = std::max(e.simulations, e.output) + e.results + e.process;
  return e;
}

std::optional<MemoryLimit> available_memory() {
  std::optional<MemoryLimit> best;
  auto consider = [&](std::uint64_t bytes, const std::string& source) {
    if (!best || bytes < best->bytes) best = MemoryLimit{bytes, source};
  };
  // Free memory figures exclude what this process holds already; the estimate includes it.
  const std::uint64_t held = resident_bytes();
  {
    std::ifstream in("/proc/meminfo");
    std::string key, unit;
    std::uint64_t kib = 0;
    while (in >> key >> kib >> unit)
      if (key == "MemAvailable:") consider(held + kib * 1024, "MemAvailable in /proc/meminfo");
  }
  // cgroup v2, then v1: the limit of the group this process runs in, less its usage.
  std::string group;
  {
    std::ifstream in("/proc/self/cgroup");
    for (std::string line; std::getline(in, line);)
      if (line.rfind("0::", 0) == 0) group = line.substr(3);
  }
  const std::string v2 = "/sys/fs/cgroup" + (group == "/" ? std::string() : group);
  if (auto max = read_number_file(v2 + "/memory.max")) {
    const auto used = read_number_file(v2 + "/memory.current").value_or(0);
    consider(held + (*max > used ? *max - used : 0), "the cgroup limit " + v2 + "/memory.max");
  } else if (auto v1 = read_number_file("/sys/fs/cgroup/memory/memory.limit_in_bytes")) {
    const auto used = read_number_file("/sys/fs/cgroup/memory/memory.usage_in_bytes").value_or(0);
    if (*v1 < (1ull << 60))
      consider(held + (*v1 > used ? *v1 - used : 0), "the cgroup memory limit");
  }
  rlimit as{};
  if (::getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY)
    consider(static_cast<std::uint64_t>(as.rlim_cur), "the address-space limit (ulimit -v)");
  return best;
}

std::uint64_t parse_memory_size(const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    throw std::invalid_argument("'" + text + "' is not a memory size (e.g. 512M, 8G)");
  }
  std::string unit = text.substr(used);
  for (auto& ch : unit) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (unit.size() > 1 && unit.back() == 'B') unit.pop_back();
  if (unit.size() > 1 && unit.back() == 'I') unit.pop_back();
  double scale = 0;
  if (unit.empty() || unit == "B")
    scale = 1;
  else if (unit == "K")
    scale = 1024.0;
  else if (unit == "M")
    scale = 1024.0 * 1024;
  else if (unit == "G")
    scale = 1024.0 * 1024 * 1024;
  else if (unit == "T")
    scale = 1024.0 * 1024 * 1024 * 1024;
  if (scale == 0 || !(value > 0) || value * scale > 1e19)
    throw std::invalid_argument("'" + text + "' is not a memory size (e.g. 512M, 8G)");
  return static_cast<std::uint64_t>(value * scale);
}

std::string format_bytes(std::uint64_t bytes) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 4) v /= 1024, ++u;
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

}  // namespace laoxiao
