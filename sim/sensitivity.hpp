// Which parameters move an output most, from the outputs of a sweep's points: Morris elementary
// effects (mu, mu*, sigma) from one-at-a-time trajectories, and Sobol first-order and total
// indices from Saltelli's design with the Saltelli (2010) first-order and Jansen (1999) total
// estimators, with bootstrap standard errors. Coordinates are those of the unit cube
// (core/design.hpp): an effect is the change of the output over a parameter's whole range.
#pragma once

#include <cstdint>
#include <vector>

#include "core/design.hpp"

namespace laoxiao {

/// Per factor. mu_star_se = sd(|EE|) / sqrt(effects). NaN where no effect could be computed.
struct MorrisIndices {
  std::vector<double> mu, mu_star, sigma, mu_star_se;
  std::vector<int> effects;  // elementary effects used (outputs that are NaN are skipped)
};

/// Elementary effects of the Morris design `x` (trajectories of k + 1 points, each step changing
/// one coordinate) with outputs `y` (one per point): EE = (y_s - y_{s-1}) / (x_s - x_{s-1}).
MorrisIndices morris_indices(const UnitDesign& x, const std::vector<double>& y, int k);

/// Per factor, with the standard errors of `bootstrap` resamples of the base samples (rows).
struct SobolIndices {
  std::vector<double> s1, s1_se, st, st_se;
  double variance = 0;  // of the outputs of A and B
  int rows = 0;         // base samples used (rows with a NaN output are dropped)
};

/// Indices from the outputs of saltelli_design(n, k) in its order (per base sample: A, AB_1..k,
/// B): S_i = mean(f_B (f_ABi - f_A)) / V (Saltelli et al. 2010), ST_i = mean((f_A - f_ABi)^2) /
/// (2V) (Jansen 1999), V the variance of f_A and f_B together. Resamples are drawn from Philox
/// keyed by `seed`.
SobolIndices sobol_indices(const std::vector<double>& y, int n, int k, int bootstrap = 200,
                           std::uint64_t seed = 1);

}  // namespace laoxiao
