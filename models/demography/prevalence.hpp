// Disability prevalence by single age and sex. The scenario gives the shares partially (半失能)
// and fully (失能) dependent by age band and sex. They become single-age prevalences pi(a, s),
// taken at exact age a, as two smooth curves: the share dependent at all (partial + full) and
// the share of the dependent who are fully dependent, each a monotone cubic (Fritsch-Butland)
// in logit space through anchors at each band's mean age (weighted by the place's own baseline
// population of that sex), continued beyond the last anchor along its slope with a decay of
// ten years (so it levels off rather than reaching 100%) and beyond the first anchor along
// its slope. The anchor values are adjusted until every band's population-weighted means equal
// the scenario's figures. Both curves and their slopes are continuous in age (no overshoot
// between anchors), so the transitions solved from them have no jumps at band boundaries
// (the death rates, constant within 5-year groups, still cause steps at 70, 75, ...), and
// 0 <= full <= partial + full <= 1 at every age.
#pragma once

#include <array>
#include <vector>

#include "core/age_group.hpp"
#include "models/demography/types.hpp"

namespace laoxiao {

struct PrevalenceByAge {
  // [sex][age 0..kMaxAge], zero below the entry age
  std::array<std::vector<double>, kSexes> partial, full;
};

struct LevelsByAge {
  std::vector<double> partial, full;  // by single age 0..kMaxAge
};

/// Single-age prevalences from age `first_age` whose band means (weighted by `weights_by_age`)
/// equal `partial` and `full`.
LevelsByAge graduate_prevalence(const std::vector<AgeGroup>& bands,
                                const std::vector<double>& partial, const std::vector<double>& full,
                                int first_age, const std::vector<double>& weights_by_age);

}  // namespace laoxiao
