// The one check of where a run may write, made before the run starts: an output is never an
// input of the run (a scenario file, any file of its extends chain, a census table: compared by
// identity, so another spelling or a link of the same file is caught), never the path of
// another output, never empty. What the file system refuses (a missing or read-only directory,
// a destination that is not a regular file) is AtomicOutput's check, also made up front.
#pragma once

#include <string>
#include <vector>

#include "input/scenario.hpp"

namespace laoxiao {

struct OutputPath {
  std::string option;  // "--out", "--stats"
  std::string path;
};

/// Throws UsageError (exit code 2) naming the option and the file it would destroy.
void check_output_paths(const std::vector<OutputPath>& outputs,
                        const std::vector<Scenario>& scenarios);

}  // namespace laoxiao
