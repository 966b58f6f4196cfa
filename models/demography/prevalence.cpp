#include "models/demography/prevalence.hpp"

#include <algorithm>
#include <cmath>

namespace laoxiao {

namespace {
double logit(double p) {
  return std::log(p / (1.0 - p));
}
double logistic(double x) {
  return 1.0 / (1.0 + std::exp(-std::clamp(x, -40.0, 40.0)));
}

constexpr double kTailDecayYears = 10.0;

/// Monotone cubic Hermite interpolation (Fritsch-Butland slopes) through (x_k, v_k), continued
/// linearly below the first knot and with a decaying slope beyond the last, returned through
/// the logistic, by single age. It never overshoots the knots, and its slope is continuous.
std::vector<double> interpolate(const std::vector<double>& x, const std::vector<double>& v,
                                int first_age) {
  const std::size_t n = x.size();
  std::vector<double> out(kMaxAge + 1, 0.0);
  std::vector<double> slope(n, 0.0), secant(n > 1 ? n - 1 : 0);
  for (std::size_t k = 0; k + 1 < n; ++k) secant[k] = (v[k + 1] - v[k]) / (x[k + 1] - x[k]);
  if (n > 1) {
    slope[0] = secant[0];
    slope[n - 1] = secant[n - 2];
    for (std::size_t k = 1; k + 1 < n; ++k) {
      const double a = secant[k - 1], b = secant[k];
      const double w1 = 2 * (x[k + 1] - x[k]) + (x[k] - x[k - 1]);
      const double w2 = (x[k + 1] - x[k]) + 2 * (x[k] - x[k - 1]);
      slope[k] = a * b <= 0 ? 0.0 : (w1 + w2) / (w1 / a + w2 / b);
    }
  }
  for (int age = first_age; age <= kMaxAge; ++age) {
    const double a = age;
    double y;
    if (n == 1) {
      y = v[0];
    } else if (a <= x.front()) {
      y = v.front() + slope.front() * (a - x.front());
    } else if (a >= x.back()) {
      y = v.back() +
          slope.back() * kTailDecayYears * (1.0 - std::exp(-(a - x.back()) / kTailDecayYears));
    } else {
      std::size_t k = 0;
      while (a > x[k + 1]) ++k;
      const double h = x[k + 1] - x[k], t = (a - x[k]) / h;
      const double t2 = t * t, t3 = t2 * t;
      y = (2 * t3 - 3 * t2 + 1) * v[k] + (t3 - 2 * t2 + t) * h * slope[k] +
          (-2 * t3 + 3 * t2) * v[k + 1] + (t3 - t2) * h * slope[k + 1];
    }
    out[age] = logistic(y);
  }
  return out;
}

double band_mean(const std::vector<double>& p, const std::vector<double>& w, const AgeGroup& b) {
  double sw = 0, sp = 0;
  for (int a = b.lo; a <= b.hi; ++a) {
    sw += w[a];
    sp += w[a] * p[a];
  }
  return sp / sw;
}
}  // namespace

LevelsByAge graduate_prevalence(const std::vector<AgeGroup>& bands,
                                const std::vector<double>& partial, const std::vector<double>& full,
                                int first_age, const std::vector<double>& weights_by_age) {
  std::vector<double> w(kMaxAge + 1);
  for (int a = 0; a <= kMaxAge; ++a) w[a] = weights_by_age[a] + 1e-9;  // empty ages still count
  const std::size_t n = bands.size();
  std::vector<double> anchor(n), any_target(n), any_value(n), share_value(n);
  for (std::size_t k = 0; k < n; ++k) {
    double sw = 0, sa = 0;
    for (int a = bands[k].lo; a <= bands[k].hi; ++a) {
      sw += w[a];
      sa += w[a] * a;
    }
    anchor[k] = sa / sw;
    any_target[k] = partial[k] + full[k];
    // Zero prevalence stays ~0; a band with no partial dependence is all full.
    any_value[k] = any_target[k] > 0 ? logit(any_target[k]) : -40.0;
    share_value[k] =
        any_target[k] > 0 ? logit(std::clamp(full[k] / any_target[k], 1e-12, 1.0 - 1e-12)) : -40.0;
  }
  LevelsByAge out;
  std::vector<double> any, share;
  auto evaluate = [&] {
    any = interpolate(anchor, any_value, first_age);
    share = interpolate(anchor, share_value, first_age);
    out.full.assign(kMaxAge + 1, 0.0);
    out.partial.assign(kMaxAge + 1, 0.0);
    for (int a = first_age; a <= kMaxAge; ++a) {
      out.full[a] = any[a] * share[a];
      out.partial[a] = any[a] - out.full[a];
    }
  };
  for (int it = 0; it < 1000; ++it) {
    evaluate();
    double worst = 0;
    for (std::size_t k = 0; k < n; ++k) {
      if (any_target[k] <= 0) continue;
      const double mean_any = band_mean(any, w, bands[k]);
      const double mean_full = band_mean(out.full, w, bands[k]);
      any_value[k] += logit(any_target[k]) - logit(mean_any);
      if (full[k] > 0 && partial[k] > 0)
        share_value[k] += logit(full[k] / any_target[k]) - logit(mean_full / mean_any);
      worst =
          std::max({worst, std::fabs(mean_any - any_target[k]), std::fabs(mean_full - full[k])});
    }
    if (worst < 1e-13) break;
  }
  evaluate();
  return out;
}

}  // namespace laoxiao
