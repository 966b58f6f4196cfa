#include "core/distribution.hpp"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>

namespace laoxiao {

namespace {

constexpr std::string_view kNames[] = {"uniform", "triangular", "pert", "normal", "lognormal"};

// The 97.5% quantile of the standard normal: low and high of normal shapes are +-kZ sd.
const double kZ = boost::math::quantile(boost::math::normal(), 0.975);

struct Normal {
  double mu, sigma;
};

Normal normal_of(const Distribution& d) {
  if (d.shape == DistributionShape::kLognormal) {
    const double a = std::log(d.low), b = std::log(d.high);
    return {0.5 * (a + b), (b - a) / (2 * kZ)};
  }
  return {0.5 * (d.low + d.high), (d.high - d.low) / (2 * kZ)};
}

// Truncation of normal shapes to the parameter's bounds, on the scale the normal lives on.
std::pair<double, double> normal_bounds(const Distribution& d) {
  if (d.shape == DistributionShape::kLognormal)
    return {d.lower_bound > 0 ? std::log(d.lower_bound) : -INFINITY,
            d.upper_bound < 1e300 ? std::log(d.upper_bound) : INFINITY};
  return {d.lower_bound, d.upper_bound};
}

}  // namespace

std::string_view to_string(DistributionShape s) {
  return kNames[static_cast<int>(s)];
}

std::optional<DistributionShape> distribution_shape(std::string_view name) {
  for (int i = 0; i < 5; ++i)
    if (kNames[i] == name) return static_cast<DistributionShape>(i);
  return std::nullopt;
}

std::string distribution_shape_names() {
  std::string s;
  for (auto n : kNames) s += (s.empty() ? "" : ", ") + std::string(n);
  return s;
}

double Distribution::quantile(double u) const {
  u = std::clamp(u, 1e-12, 1 - 1e-12);
  switch (shape) {
    case DistributionShape::kUniform:
      return low + u * (high - low);
    case DistributionShape::kTriangular: {
      const double w = high - low, f = (central - low) / w;
      return u < f ? low + std::sqrt(u * w * (central - low))
                   : high - std::sqrt((1 - u) * w * (high - central));
    }
    case DistributionShape::kPert: {
      const double w = high - low;
      const double a = 1 + 4 * (central - low) / w, b = 1 + 4 * (high - central) / w;
      return low + w * boost::math::quantile(boost::math::beta_distribution<>(a, b), u);
    }
    case DistributionShape::kNormal:
    case DistributionShape::kLognormal: {
      const Normal n = normal_of(*this);
      const boost::math::normal z;
      const auto [lo, hi] = normal_bounds(*this);
      const double flo = std::isfinite(lo) ? boost::math::cdf(z, (lo - n.mu) / n.sigma) : 0.0;
      const double fhi = std::isfinite(hi) ? boost::math::cdf(z, (hi - n.mu) / n.sigma) : 1.0;
      const double p = std::clamp(flo + u * (fhi - flo), 1e-15, 1 - 1e-15);
      const double x = n.mu + n.sigma * boost::math::quantile(z, p);
      const double v = shape == DistributionShape::kLognormal ? std::exp(x) : x;
      return std::clamp(v, lower_bound, upper_bound);
    }
  }
  return central;
}

double Distribution::mean() const {
  switch (shape) {
    case DistributionShape::kUniform:
      return 0.5 * (low + high);
    case DistributionShape::kTriangular:
      return (low + central + high) / 3;
    case DistributionShape::kPert:
      return (low + 4 * central + high) / 6;
    default: {
      // Midpoint rule on the quantile function: exact enough for reporting.
      constexpr int n = 20000;
      double s = 0;
      for (int i = 0; i < n; ++i) s += quantile((i + 0.5) / n);
      return s / n;
    }
  }
}

std::string distribution_problem(const Distribution& d) {
  auto num = [](double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%g", v);
    return std::string(b);
  };
  if (!std::isfinite(d.low) || !std::isfinite(d.high) || !std::isfinite(d.central))
    return "low, high and the value must be finite";
  if (!(d.low < d.high)) return "low (" + num(d.low) + ") must be below high (" + num(d.high) + ")";
  if (d.central < d.low || d.central > d.high)
    return "the value (" + num(d.central) + ") must lie in [low, high] = [" + num(d.low) + ", " +
           num(d.high) + "]";
  if (d.shape == DistributionShape::kLognormal && d.low <= 0) return "a lognormal needs low > 0";
  const bool bounded = d.shape == DistributionShape::kUniform ||
                       d.shape == DistributionShape::kTriangular ||
                       d.shape == DistributionShape::kPert;
  if (bounded && (d.low < d.lower_bound || d.high > d.upper_bound))
    return "[low, high] = [" + num(d.low) + ", " + num(d.high) +
           "] leaves the parameter's bounds [" + num(d.lower_bound) + ", " + num(d.upper_bound) +
           "]";
  if (!bounded && (d.central < d.lower_bound || d.central > d.upper_bound))
    return "the value leaves the parameter's bounds";
  return {};
}

}  // namespace laoxiao
