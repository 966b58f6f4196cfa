#include "models/demography/disability.hpp"

#include <Eigen/LU>

#include <algorithm>
#include <cmath>

#include "core/units.hpp"
#include "models/demography/mortality.hpp"
#include "models/demography/prevalence.hpp"

namespace laoxiao {

namespace {

ParamFields<DisabilityParams> make_fields() {
  using D = DisabilityParams;
  ParamFields<D> f("demography.disability");
  f.field(LAOXIAO_KEY(D, entry_age), "years", 40, 90,
          "Age from which disability is modelled; people reaching it draw their state from the "
          "prevalence at that age.")
      .required();
  f.field(LAOXIAO_KEY(D, age_groups),
          "Age bands of the prevalence figures (from entry_age; last band open).")
      .required();
  f.field(LAOXIAO_KEY(D, male_partial_prevalence), "share", 0, 1,
          "Share of men partially dependent (半失能) by band.", "半失能率")
      .required();
  f.field(LAOXIAO_KEY(D, female_partial_prevalence), "share", 0, 1,
          "Share of women partially dependent (半失能) by band.", "半失能率")
      .required();
  f.field(LAOXIAO_KEY(D, male_full_prevalence), "share", 0, 1,
          "Share of men fully dependent (失能) by band.", "失能率")
      .required();
  f.field(LAOXIAO_KEY(D, female_full_prevalence), "share", 0, 1,
          "Share of women fully dependent (失能) by band.", "失能率")
      .required();
  f.field(LAOXIAO_KEY(D, recovery_partial_to_independent), "annual probability", 0, 1,
          "Annual probability that a partially dependent person recovers independence.")
      .required();
  f.field(LAOXIAO_KEY(D, recovery_full_to_partial), "annual probability", 0, 1,
          "Annual probability that a fully dependent person improves to partial dependence.")
      .required();
  f.field(LAOXIAO_KEY(D, onset_direct_full_share), "share", 0, 1,
          "Share of onsets among independent people that go straight to full dependence.")
      .required();
  f.check([](const D& p, const ParamSource& src) {
    const std::string groups = "demography.disability.age_groups";
    check_covers_ages(src, groups, p.age_groups, p.entry_age);
    for (int sex = 0; sex < kSexes; ++sex) {
      const std::string prefix = std::string("demography.disability.") + kSexNames[sex];
      const auto& pp = p.partial_prevalence(sex);
      const auto& fp = p.full_prevalence(sex);
      check_per_group(src, prefix + "_partial_prevalence", pp.size(), groups, p.age_groups.size());
      check_per_group(src, prefix + "_full_prevalence", fp.size(), groups, p.age_groups.size());
      for (std::size_t i = 0; i < std::min(pp.size(), fp.size()); ++i)
        if (pp[i] + fp[i] >= 1.0)
          src.error(prefix + "_full_prevalence",
                    "partial + full prevalence reaches 100% in band " + std::to_string(i));
    }
  });
  return f;
}

}  // namespace

const ParamFields<DisabilityParams>& disability_params() {
  return declared<DisabilityParams, make_fields>();
}

Eigen::Vector3d monthly_death_probabilities(const Mortality& m, int y, int age, int sex) {
  Eigen::Vector3d q;
  for (int st = 0; st < kStates; ++st)
    q[st] = monthly_probability_from_hazard(RatePerYear{m.hazard(y, age, sex, st)}).value;
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
                                             const Mortality& mort)
    : entry_age_(p.entry_age) {
  for (int s = 0; s < kSexes; ++s) {
    entry_partial_[s] = pi.partial[s][p.entry_age];
    entry_full_[s] = pi.full[s][p.entry_age];
  }
  const double recover_p =
      monthly_probability_from_annual(AnnualProbability{p.recovery_partial_to_independent}).value;
  const double improve_f =
      monthly_probability_from_annual(AnnualProbability{p.recovery_full_to_partial}).value;
  const double direct = p.onset_direct_full_share;
  constexpr double kMaxMonthly = 0.5;
  for (int s = 0; s < kSexes; ++s) {
    const std::vector<double>& pp = pi.partial[s];
    const std::vector<double>& pf = pi.full[s];
    matrix_[s].assign(kMaxAge + 1, Eigen::Matrix3d::Identity());
    double onset = 0.002, progress = 0.005;
    for (int a = p.entry_age; a <= kMaxAge; ++a) {
      const int next = std::min(a + 1, kMaxAge);
      const Eigen::RowVector3d start(1.0 - pp[a] - pf[a], pp[a], pf[a]);
      const Eigen::RowVector3d target(1.0 - pp[next] - pf[next], pp[next], pf[next]);
      const Eigen::Vector3d q = monthly_death_probabilities(mort, 0, a, s);
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
    Eigen::RowVector3d v(1.0 - pp[p.entry_age] - pf[p.entry_age], pp[p.entry_age], pf[p.entry_age]);
    for (int a = p.entry_age; a < kMaxAge; ++a) {
      v = advance(v, monthly_death_probabilities(mort, 0, a, s), matrix_[s][a],
                  a == p.entry_age ? 11 : 12);
      max_error_ = std::max({max_error_, std::fabs(v[1] - pp[a + 1]), std::fabs(v[2] - pf[a + 1])});
    }
  }
}

bool DisabilityTransitions::claims(int, int row, int age, int sex, int state,
                                   CellAlternatives& out) const {
  if (row == kEntryRow) {
    if (state == 0)  // everybody is independent before the entry age
      out = {{Outcome::kToPartial, Outcome::kToFull}, {entry_partial_[sex], entry_full_[sex]}};
    return true;
  }
  if (age < entry_age_) return false;
  const Eigen::Matrix3d& t = monthly(age, sex);
  static constexpr int kOthers[kStates][2] = {{1, 2}, {0, 2}, {0, 1}};
  static constexpr Outcome kTo[kStates] = {Outcome::kToIndependent, Outcome::kToPartial,
                                           Outcome::kToFull};
  out = {{kTo[kOthers[state][0]], kTo[kOthers[state][1]]},
         {t(state, kOthers[state][0]), t(state, kOthers[state][1])}};
  return true;
}

double DisabilityTransitions::annual_onset(int age, int sex) const {
  const double o = 1.0 - matrix_[sex][age](0, 0);
  return 1.0 - std::pow(1.0 - o, 12);
}

}  // namespace laoxiao
