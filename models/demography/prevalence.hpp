// Disability prevalence by single age. The scenario gives the shares partially (半失能) and
// fully (失能) dependent by age band (CLHLS 2018 by default). They become single-age
// prevalences pi(a), taken at exact age a: logit-linear interpolation between anchors at each
// band's mean age (weighted by the place's own baseline population), flat beyond the first and
// last anchor, with the anchor values adjusted until every band's population-weighted mean
// equals the scenario's figure.
#pragma once

#include <vector>

#include "core/age_group.hpp"

namespace laoxiao {

struct PrevalenceByAge {
  std::vector<double> partial, full;  // by single age 0..kMaxAge, zero below the entry age
};

/// Single-age prevalence from age `first_age` whose band means (weighted by `weights_by_age`)
/// equal the given shares.
PrevalenceByAge graduate_prevalence(const std::vector<AgeGroup>& bands,
                                    const std::vector<double>& partial,
                                    const std::vector<double>& full, int first_age,
                                    const std::vector<double>& weights_by_age);

}  // namespace laoxiao
