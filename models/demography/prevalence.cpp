#include "models/demography/prevalence.hpp"

#include <algorithm>
#include <cmath>

namespace laoxiao {

namespace {
double logit(double p) {
  return std::log(p / (1.0 - p));
}
double logistic(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

/// Logit-linear interpolation through (x_k, v_k), flat outside.
std::vector<double> interpolate(const std::vector<double>& x, const std::vector<double>& v,
                                int first_age) {
  std::vector<double> out(kMaxAge + 1, 0.0);
  for (int a = first_age; a <= kMaxAge; ++a) {
    double y;
    if (a <= x.front()) {
      y = v.front();
    } else if (a >= x.back()) {
      y = v.back();
    } else {
      std::size_t k = 0;
      while (a > x[k + 1]) ++k;
      const double t = (a - x[k]) / (x[k + 1] - x[k]);
      y = v[k] + t * (v[k + 1] - v[k]);
    }
    out[a] = logistic(y);
  }
  return out;
}

std::vector<double> graduate_level(const std::vector<AgeGroup>& bands,
                                   const std::vector<double>& targets, const std::vector<double>& w,
                                   int first_age) {
  const std::size_t n = bands.size();
  std::vector<double> anchor(n), value(n);
  for (std::size_t k = 0; k < n; ++k) {
    double sw = 0, sa = 0;
    for (int a = bands[k].lo; a <= bands[k].hi; ++a) {
      sw += w[a];
      sa += w[a] * a;
    }
    anchor[k] = sa / sw;
  }
  for (std::size_t k = 0; k < n; ++k)
    value[k] = targets[k] > 0 ? logit(targets[k]) : -40.0;  // zero prevalence stays ~0
  std::vector<double> pi;
  for (int it = 0; it < 500; ++it) {
    pi = interpolate(anchor, value, first_age);
    double worst = 0;
    for (std::size_t k = 0; k < n; ++k) {
      if (targets[k] <= 0) continue;
      double sw = 0, sp = 0;
      for (int a = bands[k].lo; a <= bands[k].hi; ++a) {
        sw += w[a];
        sp += w[a] * pi[a];
      }
      const double mean = sp / sw;
      value[k] += logit(targets[k]) - logit(mean);
      worst = std::max(worst, std::fabs(mean - targets[k]));
    }
    if (worst < 1e-13) break;
  }
  return interpolate(anchor, value, first_age);
}
}  // namespace

PrevalenceByAge graduate_prevalence(const std::vector<AgeGroup>& bands,
                                    const std::vector<double>& partial,
                                    const std::vector<double>& full, int first_age,
                                    const std::vector<double>& weights_by_age) {
  std::vector<double> w(kMaxAge + 1);
  for (int a = 0; a <= kMaxAge; ++a) w[a] = weights_by_age[a] + 1e-9;  // empty ages still count
  PrevalenceByAge out;
  out.partial = graduate_level(bands, partial, w, first_age);
  out.full = graduate_level(bands, full, w, first_age);
  return out;
}

}  // namespace laoxiao
