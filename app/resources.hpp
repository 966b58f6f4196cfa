// Memory a run will need, measured against what the machine (or --max-memory) allows, so that
// a run too large for the node is refused before it allocates anything rather than killed by
// the kernel hours later.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/runner.hpp"

namespace laoxiao {

struct MemoryEstimate {
  std::uint64_t total = 0;           // bytes at the peak
  std::uint64_t simulations = 0;     // population stores and care state alive at once
  std::uint64_t results = 0;         // tallies, care years and indicators of every replicate
  std::uint64_t output = 0;          // the HDF5 file, built in memory, and its image
  std::uint64_t process = 0;         // held now (program, scenarios, models) and headroom
  std::uint64_t resident = 0;        // held now
  int side_by_side = 0;              // simulations alive at once
  std::uint64_t largest_agents = 0;  // agent slots of the largest simulation
  std::string largest_place;
};

/// Peak memory of running `runs` (models compiled, nothing simulated yet) on `threads` threads.
/// An upper estimate: stores are sized as synthesis reserves them, care state as if every
/// eligible person waited, at most `threads` simulations are alive at once (each runs
/// isolated, see run_prepared), and the output file is built in memory and copied out.
MemoryEstimate estimate_memory(const std::vector<ScenarioRun>& runs, int threads);

struct MemoryLimit {
  std::uint64_t bytes = 0;
  std::string source;  // where the figure comes from, for messages
};

/// Memory this process may hold in all: what it holds now plus the smallest of MemAvailable
/// (/proc/meminfo) and the cgroup limit less its usage; or RLIMIT_AS if smaller. Empty when
/// none can be read.
std::optional<MemoryLimit> available_memory();

/// "512M", "2G", "1.5GiB", "800MB", "1000000" (bytes); units are powers of 1024. Throws
/// std::invalid_argument on anything else.
std::uint64_t parse_memory_size(const std::string& text);

/// "1.4 GiB", "730 MiB", "12 KiB".
std::string format_bytes(std::uint64_t bytes);

}  // namespace laoxiao
