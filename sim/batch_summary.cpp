#include "sim/batch_summary.hpp"

#include <cmath>

namespace laoxiao {

std::map<std::string, std::vector<std::size_t>> batches_of(const std::vector<ScenarioRun>& runs) {
  std::map<std::string, std::vector<std::size_t>> out;
  for (std::size_t i = 0; i < runs.size(); ++i)
    if (!runs[i].scenario().batch.empty()) out[runs[i].scenario().batch].push_back(i);
  return out;
}

std::vector<BatchTargetSummary> summarize_batch(const std::vector<ScenarioRun>& runs,
                                                const std::vector<std::size_t>& members) {
  std::vector<BatchTargetSummary> out;
  if (members.empty()) return out;
  // Every place has the same template, so the same check rows in the same order.
  const auto& first = runs[members.front()].summary.checks;
  for (std::size_t row = 0; row < first.size(); ++row) {
    const CheckRow& c = first[row];
    if (c.kind != "target" || c.status == "not modelled") continue;
    BatchTargetSummary s{c.key, c.id, c.name_zh, c.text, c.comparator, c.basis, c.year};
    for (std::size_t m : members) {
      const CheckRow& x = runs[m].summary.checks[row];
      const double people = runs[m].scenario().baseline.people();
      if (!std::isfinite(x.p_meet)) continue;
      ++s.places_checked;
      s.people_checked += people;
      if (x.p_meet >= 0.5) {
        ++s.places_meeting;
        s.people_meeting += people;
      }
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace laoxiao
