// Writes a run (scenarios x replicates, plus the reference projection) as one self-describing
// HDF5 file that h5py, pandas, xarray (h5netcdf), ncdump and R's hdf5r read. Layout:
// docs/HDF5-LAYOUT.md (format_version 2).
#pragma once

#include <string>
#include <vector>

#include "sim/runner.hpp"

namespace laoxiao {

struct RunMetadata {
  std::string command_line;
  int threads = 1;
};

/// Writes the file at `path` (the caller makes the write atomic, see AtomicOutput).
void write_run_hdf5(const std::string& path, const std::vector<ScenarioRun>& runs,
                    const RunMetadata& meta);

/// Group names for the runs: scenario file stems, made unique.
std::vector<std::string> run_group_names(const std::vector<ScenarioRun>& runs);

}  // namespace laoxiao
