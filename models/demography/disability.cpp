#include "models/demography/disability.hpp"

#include <Eigen/LU>

#include <algorithm>
#include <cmath>

#include "models/demography/mortality.hpp"
#include "sim/units.hpp"

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

PrevalenceByAge graduate_prevalence(const DisabilityParams& p,
                                    const std::vector<double>& weights_by_age) {
  std::vector<double> w(kMaxAge + 1);
  for (int a = 0; a <= kMaxAge; ++a) w[a] = weights_by_age[a] + 1e-9;  // empty ages still count
  PrevalenceByAge out;
  out.partial = graduate_level(p.groups, p.partial_prevalence, w, p.entry_age);
  out.full = graduate_level(p.groups, p.full_prevalence, w, p.entry_age);
  return out;
}

Eigen::Vector3d monthly_death_probabilities(const Mortality& m, int age, int sex) {
  Eigen::Vector3d q;
  for (int st = 0; st < kStates; ++st)
    q[st] = monthly_probability_from_hazard(RatePerYear{m.hazard(age, sex, st)}).value;
  return q;
}

namespace {

Eigen::Matrix3d make_matrix(double onset, double direct_share, double recover_p, double progress,
                            double improve_f) {
  Eigen::Matrix3d t = Eigen::Matrix3d::Zero();
  t(0, 1) = onset * (1.0 - direct_share);
  t(0, 2) = onset * direct_share;
  t(0, 0) = 1.0 - onset;
  t(1, 0) = recover_p;
  t(1, 2) = progress;
  t(1, 1) = 1.0 - recover_p - progress;
  t(2, 1) = improve_f;
  t(2, 2) = 1.0 - improve_f;
  return t;
}

/// Distribution among survivors after `months` months of deaths then transitions.
Eigen::RowVector3d advance(Eigen::RowVector3d v, const Eigen::Vector3d& q, const Eigen::Matrix3d& t,
                           int months) {
  for (int m = 0; m < months; ++m) {
    v = v.cwiseProduct((Eigen::Vector3d::Ones() - q).transpose()) * t;
  }
  return v / v.sum();
}

}  // namespace

DisabilityTransitions::DisabilityTransitions(const DisabilityParams& p, const PrevalenceByAge& pi,
                                             const Mortality& mort) {
  const double recover_p =
      monthly_probability_from_annual(AnnualProbability{p.recovery_partial_to_independent}).value;
  const double improve_f =
      monthly_probability_from_annual(AnnualProbability{p.recovery_full_to_partial}).value;
  const double direct = p.onset_direct_full_share;
  constexpr double kMaxMonthly = 0.5;
  for (int s = 0; s < kSexes; ++s) {
    matrix_[s].assign(kMaxAge + 1, Eigen::Matrix3d::Identity());
    double onset = 0.002, progress = 0.005;
    for (int a = p.entry_age; a <= kMaxAge; ++a) {
      const int next = std::min(a + 1, kMaxAge);
      const Eigen::RowVector3d start(1.0 - pi.partial[a] - pi.full[a], pi.partial[a], pi.full[a]);
      const Eigen::RowVector3d target(1.0 - pi.partial[next] - pi.full[next], pi.partial[next],
                                      pi.full[next]);
      const Eigen::Vector3d q = monthly_death_probabilities(mort, a, s);
      const int months = (a == p.entry_age) ? 11 : 12;  // the entry month draws, not transits
      auto residual = [&](double o, double g) {
        const Eigen::RowVector3d v =
            advance(start, q, make_matrix(o, direct, recover_p, g, improve_f), months);
        return Eigen::Vector2d(v[1] - target[1], v[2] - target[2]);
      };
      for (int it = 0; it < 100; ++it) {
        const Eigen::Vector2d r = residual(onset, progress);
        if (r.norm() < 1e-14) break;
        const double h = 1e-7;
        Eigen::Matrix2d j;
        j.col(0) = (residual(onset + h, progress) - r) / h;
        j.col(1) = (residual(onset, progress + h) - r) / h;
        const Eigen::Vector2d step = j.fullPivLu().solve(r);
        onset = std::clamp(onset - step[0], 0.0, kMaxMonthly);
        progress = std::clamp(progress - step[1], 0.0, kMaxMonthly - recover_p);
      }
      matrix_[s][a] = make_matrix(onset, direct, recover_p, progress, improve_f);
    }
    // Cohort check: follow pi(entry) through the monthly chain and compare at every age.
    Eigen::RowVector3d v(1.0 - pi.partial[p.entry_age] - pi.full[p.entry_age],
                         pi.partial[p.entry_age], pi.full[p.entry_age]);
    for (int a = p.entry_age; a < kMaxAge; ++a) {
      v = advance(v, monthly_death_probabilities(mort, a, s), matrix_[s][a],
                  a == p.entry_age ? 11 : 12);
      max_error_ = std::max(
          {max_error_, std::fabs(v[1] - pi.partial[a + 1]), std::fabs(v[2] - pi.full[a + 1])});
    }
  }
}

double DisabilityTransitions::annual_onset(int age, int sex) const {
  const double o = 1.0 - matrix_[sex][age](0, 0);
  return 1.0 - std::pow(1.0 - o, 12);
}

}  // namespace laoxiao
