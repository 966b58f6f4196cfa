// Designs of experiments in the unit cube [0, 1]^k, one row per point, for sweeps over
// parameters (input/sweep.hpp maps each coordinate to a parameter's range or list of values):
// full grids, Latin hypercubes, the Sobol sequence and Saltelli's design built on it, and Morris
// one-at-a-time trajectories. Random choices (Latin hypercube permutations, Morris trajectories)
// come from Philox keyed by the design's seed (Stream::kDesign), so a design is the same on every
// machine and for every rank count.
#pragma once

#include <cstdint>
#include <vector>

namespace laoxiao {

/// Points of a design: [point][dimension].
using UnitDesign = std::vector<std::vector<double>>;

/// Every combination of level indices, levels[i] per dimension, the last dimension varying
/// fastest: [point][dimension] level indices.
std::vector<std::vector<int>> grid_levels(const std::vector<int>& levels);

/// A Latin hypercube of n points in k dimensions: in every dimension each stratum
/// [j/n, (j+1)/n) holds exactly one point, at a random position inside it; strata are paired
/// across dimensions by independent random permutations.
UnitDesign latin_hypercube(int n, int k, std::uint64_t seed);

/// The Sobol sequence, unscrambled, in Gray-code order (Antonov and Saleev), with Joe and Kuo's
/// direction numbers (core/sobol_directions.hpp); the first point is the origin.
class SobolSequence {
 public:
  explicit SobolSequence(int dims);  // 1..kSobolMaxDims
  /// The next point (the first call returns point 0).
  std::vector<double> next();

 private:
  int dims_;
  std::uint32_t index_ = 0;
  std::vector<std::uint32_t> x_;
  std::vector<std::vector<std::uint32_t>> v_;  // [dimension][bit] direction numbers
};

/// The first n points of the Sobol sequence in `dims` dimensions.
UnitDesign sobol_points(int n, int dims);

/// Saltelli's design for first-order and total indices of k factors from n base samples: the
/// Sobol sequence in 2k dimensions gives A (its first k coordinates) and B (the last k); the
/// rows are, for each base sample j in turn, A_j, AB_j^1 .. AB_j^k (A_j with factor i taken
/// from B_j), B_j: n(k + 2) points.
UnitDesign saltelli_design(int n, int k);

/// The Morris step for p levels: p / (2 (p - 1)) (p even, so that it is a whole number of levels).
double morris_delta(int levels);

/// r Morris trajectories of k + 1 points on the grid {0, 1/(p-1), ..., 1}^k: from a random base
/// point, each factor in a random order moves once by +delta or -delta (Morris 1991; the
/// direction and base level random per factor and trajectory). [trajectory * (k + 1) + step].
UnitDesign morris_design(int r, int k, int levels, std::uint64_t seed);

}  // namespace laoxiao
