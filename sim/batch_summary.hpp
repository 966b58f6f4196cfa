// Batch results: the places of a [batch] file (every county of a province, or of China) run
// under one template; what matters is how many places meet each target.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/runner.hpp"

namespace laoxiao {

struct BatchTargetSummary {
  std::string key, id, name_zh, text, comparator;
  std::string basis;  // of the template's row: an assumed row is not a check in any place
  int year = 0;
  int places_checked = 0;     // places where the indicator could be computed
  int places_meeting = 0;     // places with P(meet) >= 0.5
  double people_meeting = 0;  // 2020 census residents of those places
  double people_checked = 0;
};

/// The runs of each batch, in order: batch name -> indices into `runs`.
std::map<std::string, std::vector<std::size_t>> batches_of(const std::vector<ScenarioRun>& runs);

/// One row per (plan row, target year) of the batch template.
std::vector<BatchTargetSummary> summarize_batch(const std::vector<ScenarioRun>& runs,
                                                const std::vector<std::size_t>& members);

}  // namespace laoxiao
