// Run statistics as JSON (`laoxiao run --stats FILE`), read by the end-to-end benchmark.
#pragma once

#include <string>
#include <vector>

#include "app/resources.hpp"
#include "sim/runner.hpp"

namespace laoxiao {

/// The statistics of a finished run as JSON text.
std::string run_stats_json(const std::vector<ScenarioRun>& runs, int threads, double sim_seconds,
                           double wall_seconds, const MemoryEstimate& memory);

}  // namespace laoxiao
