#include "models/demography/age_structure.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace laoxiao {

namespace {
ParamFields<AgeDetailParams> make_age_detail_fields() {
  using A = AgeDetailParams;
  ParamFields<A> f("demography.age_detail");
  f.field(LAOXIAO_KEY(A, cohort_births_first_year), "year", 1800, 2100,
          "Calendar year of the first value of cohort_births.")
      .required();
  f.field(LAOXIAO_KEY(A, cohort_births), "persons", 0, 1e9,
          "National births by calendar year from cohort_births_first_year: the relative sizes of "
          "the cohorts that split each 5-year census group into single years.",
          "出生人口")
      .required();
  return f;
}
}  // namespace

const ParamFields<AgeDetailParams>& age_detail_params() {
  return declared<AgeDetailParams, make_age_detail_fields>();
}

std::vector<double> cohort_shape(const AgeDetailParams& p, Month date,
                                 const std::vector<double>& hazard_by_age) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> out(kMaxAge + 1, nan);
  const int n = static_cast<int>(p.cohort_births.size());
  double l = 1.0;
  for (int a = 0; a <= kMaxAge; ++a) {
    // Aged a (completed years) at the start of `date`: born in the twelve months ending
    // 12a + 1 months before it.
    double births = 0;
    bool known = true;
    for (int k = 1; k <= 12; ++k) {
      const int y = (date - (12 * a + k)).year() - p.cohort_births_first_year;
      if (y < 0 || y >= n) {
        known = false;
        break;
      }
      births += p.cohort_births[static_cast<std::size_t>(y)] / 12.0;
    }
    // Survivors at exact age a + 1/2 of a cohort of that size (the current hazards).
    const double half = std::exp(-0.5 * hazard_by_age[static_cast<std::size_t>(a)]);
    if (known) out[static_cast<std::size_t>(a)] = births * l * half;
    l *= half * half;
  }
  return out;
}

std::vector<double> expand_by_age(const std::vector<AgeGroup>& groups,
                                  const std::vector<double>& values, double outside) {
  std::vector<double> out(kMaxAge + 1, outside);
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (int a = groups[g].lo; a <= groups[g].hi; ++a) out[a] = values[g];
  return out;
}

namespace {

/// Fritsch-Butland tangents for a monotone (non-decreasing) piecewise cubic through (x, y).
std::vector<double> monotone_tangents(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = x.size();
  std::vector<double> h(n - 1), d(n - 1), m(n, 0.0);
  for (std::size_t k = 0; k + 1 < n; ++k) {
    h[k] = x[k + 1] - x[k];
    d[k] = (y[k + 1] - y[k]) / h[k];
  }
  for (std::size_t k = 1; k + 1 < n; ++k) {
    if (d[k - 1] <= 0.0 || d[k] <= 0.0) continue;
    m[k] = 3.0 * (h[k - 1] + h[k]) /
           ((2.0 * h[k] + h[k - 1]) / d[k - 1] + (h[k] + 2.0 * h[k - 1]) / d[k]);
  }
  // End points: three-point one-sided estimate, limited to keep monotonicity.
  auto end_tangent = [](double h0, double h1, double d0, double d1) {
    double t = ((2.0 * h0 + h1) * d0 - h0 * d1) / (h0 + h1);
    if (t * d0 <= 0.0) return 0.0;
    if (d0 * d1 <= 0.0 && std::fabs(t) > std::fabs(3.0 * d0)) return 3.0 * d0;
    return t;
  };
  if (n == 2) {
    m[0] = m[1] = d[0];
  } else {
    m[0] = end_tangent(h[0], h[1], d[0], d[1]);
    m[n - 1] = end_tangent(h[n - 2], h[n - 3], d[n - 2], d[n - 3]);
  }
  // Fritsch-Carlson limiter: keeps each cubic monotone.
  for (std::size_t k = 0; k + 1 < n; ++k) {
    if (d[k] == 0.0) {
      m[k] = m[k + 1] = 0.0;
      continue;
    }
    const double a = m[k] / d[k], b = m[k + 1] / d[k];
    const double s = a * a + b * b;
    if (s > 9.0) {
      const double tau = 3.0 / std::sqrt(s);
      m[k] = tau * a * d[k];
      m[k + 1] = tau * b * d[k];
    }
  }
  return m;
}

double hermite(double x0, double x1, double y0, double y1, double m0, double m1, double x) {
  const double h = x1 - x0, t = (x - x0) / h;
  const double t2 = t * t, t3 = t2 * t;
  return (2 * t3 - 3 * t2 + 1) * y0 + (t3 - 2 * t2 + t) * h * m0 + (-2 * t3 + 3 * t2) * y1 +
         (t3 - t2) * h * m1;
}

}  // namespace

std::vector<double> graduate_counts(const std::vector<AgeGroup>& groups,
                                    const std::vector<double>& counts,
                                    const std::vector<double>& hazard_by_age,
                                    const std::vector<double>& cohort) {
  if (groups.empty() || groups.size() != counts.size())
    throw std::invalid_argument("graduate_counts: groups and counts differ in size");
  std::vector<double> out(kMaxAge + 1, 0.0);

  // Open group: stationary population L(x) of the hazard, x = lo..kMaxAge.
  const AgeGroup& top = groups.back();
  if (top.open) {
    std::vector<double> w(kMaxAge + 1, 0.0);
    double l = 1.0, sum = 0.0;
    for (int a = top.lo; a <= kMaxAge; ++a) {
      const double mu = std::max(hazard_by_age[a], 1e-9);
      const double survive = std::exp(-mu);
      w[a] = (a == kMaxAge) ? l / mu : l * (1.0 - survive) / mu;
      sum += w[a];
      l *= survive;
    }
    for (int a = top.lo; a <= kMaxAge; ++a) out[a] = counts.back() * w[a] / sum;
  }

  // Closed groups: monotone spline of the cumulative count.
  const std::size_t n_closed = top.open ? groups.size() - 1 : groups.size();
  if (n_closed == 0) return out;
  std::vector<double> x{static_cast<double>(groups[0].lo)}, y{0.0};
  for (std::size_t g = 0; g < n_closed; ++g) {
    x.push_back(static_cast<double>(groups[g].hi + 1));
    y.push_back(y.back() + counts[g]);
  }
  if (x.size() == 2) {
    for (int a = groups[0].lo; a <= groups[0].hi; ++a) out[a] = counts[0] / groups[0].width();
    return out;
  }
  const std::vector<double> m = monotone_tangents(x, y);
  for (std::size_t k = 0; k + 1 < x.size(); ++k) {
    const int lo = static_cast<int>(x[k]), hi = static_cast<int>(x[k + 1]);
    double prev = y[k];
    for (int a = lo; a < hi; ++a) {
      const double next = (a + 1 == hi) ? y[k + 1]
                                        : hermite(x[k], x[k + 1], y[k], y[k + 1], m[k], m[k + 1],
                                                  static_cast<double>(a + 1));
      out[a] = std::max(0.0, next - prev);
      prev = next;
    }
  }
  // Groups whose cohorts are all known: in proportion to the cohort sizes.
  if (!cohort.empty()) {
    for (std::size_t g = 0; g < n_closed; ++g) {
      double sum = 0;
      bool known = true;
      for (int a = groups[g].lo; a <= groups[g].hi; ++a) {
        const double c = cohort[static_cast<std::size_t>(a)];
        if (!(c > 0)) known = false;
        sum += c;
      }
      if (!known || groups[g].width() == 1) continue;
      for (int a = groups[g].lo; a <= groups[g].hi; ++a)
        out[static_cast<std::size_t>(a)] = counts[g] * cohort[static_cast<std::size_t>(a)] / sum;
    }
  }
  return out;
}

}  // namespace laoxiao
