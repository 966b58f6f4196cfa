// Distributions of uncertain parameters: the shape a sourced value's `uncertainty` table names,
// drawn by inverting its distribution function at a uniform number (one per parameter and
// replicate), so a draw is a pure function of that number.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace laoxiao {

enum class DistributionShape {
  kUniform,     // every value in [low, high] alike: only the range is known
  kTriangular,  // mode at the central value, linear to low and high: a judged range
  kPert,        // beta-PERT on [low, high] with its mode at the central value (weight 4):
                // a judged range with less weight in the tails than the triangle
  kNormal,      // low and high are the 2.5% and 97.5% quantiles (a published 95% interval)
  kLognormal,   // as kNormal on the log scale: ratios and rates with asymmetric intervals
};

std::string_view to_string(DistributionShape s);
std::optional<DistributionShape> distribution_shape(std::string_view name);
/// The names accepted in scenario files, for messages.
std::string distribution_shape_names();

struct Distribution {
  DistributionShape shape = DistributionShape::kUniform;
  double low = 0, central = 0, high = 0;
  /// The bounds of what the value may be (the parameter's own bounds): normal and lognormal
  /// draws are truncated to them.
  double lower_bound = -1e300, upper_bound = 1e300;

  /// The value at probability u in (0, 1).
  double quantile(double u) const;
  /// Mean of the distribution (of the truncated one for normal shapes, by quadrature).
  double mean() const;
};

/// Why a distribution cannot be used as written (empty when it can): low <= central <= high,
/// low < high, finite, positive for lognormal, inside the bounds for bounded shapes.
std::string distribution_problem(const Distribution& d);

}  // namespace laoxiao
