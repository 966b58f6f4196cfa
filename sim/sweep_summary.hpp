// From the outputs of a sweep's tasks to what is reported: indicators as point x place x
// replicate x year, the check table of every point and place (P(meet) per target), and which
// parameters move each target's P(meet) and each indicator (Morris or Sobol designs).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "input/sweep.hpp"
#include "models/care/checks.hpp"
#include "sim/sensitivity.hpp"
#include "sim/sweep_tasks.hpp"

namespace laoxiao {

/// The tasks' outputs gathered in task order (SweepTasks numbering).
struct SweepData {
  std::size_t points = 0, places = 0;
  int replicates = 0, first_year = 0, n_years = 0;
  std::map<std::string, std::vector<double>> indicators;  // id -> [point][place][replicate][year]
  std::vector<double> population;                         // [point][place][replicate][year]

  SweepData(std::size_t points, std::size_t places, int replicates, int first_year, int n_years);
  /// Puts task `t`'s output in place.
  void add(const SweepTasks& tasks, std::size_t t, const TaskOutput& out);
  std::size_t at(std::size_t point, std::size_t place, int replicate, int year) const;
};

/// A target of the plans (a row and year of a check table), across places.
struct SweepTarget {
  std::string key, id, text, comparator;
  int year = 0;
  std::string label() const { return key + " " + std::to_string(year); }
};

/// One output whose sensitivity is measured: a value per point.
struct SweepOutput {
  std::vector<double> y;  // [point]
};

struct SweepSummary {
  std::vector<std::vector<std::vector<CheckRow>>> checks;  // [point][place]
  std::vector<SweepTarget> targets;
  std::vector<double> p_meet;              // [point][place][target], NaN where a place lacks it
  std::vector<double> mean_p_meet;         // [point][target]: mean over places
  std::vector<double> share_meeting;       // [point][target]: share of places with P(meet) >= 0.5
  std::vector<std::string> indicator_ids;  // modelled catalog indicators, catalog order
  std::vector<double> indicator_mean;      // [indicator][point][year]: mean, places and reps

  bool morris = false, sobol = false;
  std::vector<MorrisIndices> target_morris;                  // [target]
  std::vector<std::vector<MorrisIndices>> indicator_morris;  // [indicator][year]
  std::vector<SobolIndices> target_sobol;
  std::vector<std::vector<SobolIndices>> indicator_sobol;
};

/// The summary of a sweep whose every task output is in `data`. The plans come from each
/// point's scenarios (loaded again, `points` at a time in parallel).
SweepSummary summarize_sweep(const Sweep& s, const SweepData& data);

}  // namespace laoxiao
