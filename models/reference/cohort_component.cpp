#include "models/reference/cohort_component.hpp"

#include <Eigen/Core>
#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <vector>

#include "core/units.hpp"

namespace laoxiao {

namespace {

constexpr int kAges = kMaxAge + 1;
constexpr int kMonthsOfAge = kAges * 12;

/// A grouped schedule at single ages.
std::vector<double> at_single_ages(const std::vector<AgeGroup>& groups,
                                   const std::vector<double>& v) {
  std::vector<double> out(kAges, 0.0);
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (int a = groups[g].lo; a <= std::min(groups[g].hi, kMaxAge); ++a)
      out[static_cast<std::size_t>(a)] = v[g];
  return out;
}

// --- mortality ---------------------------------------------------------------------------

/// Coale-Demeny a0 and 4a1 (Preston et al. 2001, Table 3.3).
void separation(double m0, int sex, double& a0, double& a1) {
  const bool high = m0 >= 0.107;
  if (sex == 0) {
    a0 = high ? 0.330 : 0.045 + 2.684 * m0;
    a1 = high ? 1.352 : 1.651 - 2.816 * m0;
  } else {
    a0 = high ? 0.350 : 0.053 + 2.800 * m0;
    a1 = high ? 1.361 : 1.522 - 1.518 * m0;
  }
}

/// Brass relational logit (beta = 1) of an abridged schedule 0, 1-4, 5-year groups, open.
std::vector<double> brass(const std::vector<AgeGroup>& g, std::vector<double> m, double alpha,
                          int sex) {
  if (alpha == 0.0) return m;
  const std::size_t n = g.size();
  double a0, a1;
  separation(m[0], sex, a0, a1);
  std::vector<double> l(n, 1.0);
  for (std::size_t i = 1; i < n; ++i) {
    double q;
    if (i == 1)
      q = m[0] / (1 + (1 - a0) * m[0]);
    else if (i == 2)
      q = 4 * m[1] / (1 + (4 - a1) * m[1]);
    else
      q = 1 - std::exp(-m[i - 1] * g[i - 1].width());
    l[i] = l[i - 1] * (1 - q);
  }
  std::vector<double> ls(n, 1.0);
  for (std::size_t i = 1; i < n; ++i) {
    const double y = 0.5 * std::log((1 - l[i]) / l[i]) + alpha;
    ls[i] = 1 / (1 + std::exp(2 * y));
  }
  std::vector<double> out = m;
  for (std::size_t i = 0; i + 1 < n; ++i) {
    const double q = 1 - ls[i + 1] / ls[i];
    if (i == 0) {
      double x = m[0];
      for (int it = 0; it < 100; ++it) {
        separation(x, sex, a0, a1);
        x = q / (1 - (1 - a0) * q);
      }
      out[0] = x;
    } else if (i == 1) {
      separation(out[0], sex, a0, a1);
      out[1] = q / (4 - (4 - a1) * q);
    } else {
      out[i] = -std::log(1 - q) / g[i].width();
    }
  }
  out[n - 1] = m[n - 1] * out[n - 2] / m[n - 2];
  return out;
}

// --- disability prevalence ---------------------------------------------------------------

/// Logistic of a monotone cubic Hermite curve through (x_k, y_k) at single ages from `first`:
/// Fritsch-Butland slopes (harmonic means of neighbouring secants weighted by the interval
/// lengths, zero at a local extremum), one-sided secants at the ends; continued along the first
/// slope below the first knot and, beyond the last, along a slope decaying over ten years.
std::vector<double> logistic_curve(const std::vector<double>& x, const std::vector<double>& y,
                                   int first) {
  const std::size_t n = x.size();
  std::vector<double> d(n, 0.0);
  if (n > 1) {
    for (std::size_t k = 0; k < n; ++k) {
      const double left = k > 0 ? (y[k] - y[k - 1]) / (x[k] - x[k - 1]) : 0.0;
      const double right = k + 1 < n ? (y[k + 1] - y[k]) / (x[k + 1] - x[k]) : 0.0;
      if (k == 0) {
        d[k] = right;
      } else if (k + 1 == n) {
        d[k] = left;
      } else if (left * right > 0) {
        const double h0 = x[k] - x[k - 1], h1 = x[k + 1] - x[k];
        const double wl = h0 + 2 * h1, wr = 2 * h0 + h1;  // weights of the left, right secant
        d[k] = (wl + wr) / (wl / left + wr / right);
      }
    }
  }
  std::vector<double> p(kAges, 0.0);
  for (int a = first; a <= kMaxAge; ++a) {
    double v;
    if (n == 1) {
      v = y[0];
    } else if (a <= x.front()) {
      v = y.front() + d.front() * (a - x.front());
    } else if (a >= x.back()) {
      v = y.back() + d.back() * 10.0 * -std::expm1(-(a - x.back()) / 10.0);
    } else {
      std::size_t k = 0;
      while (a > x[k + 1]) ++k;
      const double h = x[k + 1] - x[k], t = (a - x[k]) / h;
      const double h00 = (1 + 2 * t) * (1 - t) * (1 - t), h10 = t * (1 - t) * (1 - t);
      const double h01 = t * t * (3 - 2 * t), h11 = t * t * (t - 1);
      v = h00 * y[k] + h10 * h * d[k] + h01 * y[k + 1] + h11 * h * d[k + 1];
    }
    p[static_cast<std::size_t>(a)] = 1 / (1 + std::exp(-std::clamp(v, -40.0, 40.0)));
  }
  return p;
}

double logit_of(double p) {
  return std::log(p / (1 - p));
}

/// Single-age prevalences partial and full from age `first`, as two curves: the share dependent
/// at all and the share of the dependent who are fully so, each a logistic_curve through
/// anchors at the bands' mean ages (weighted by `w`), the anchors moved until the band means,
/// weighted by `w`, of dependence and of full dependence are the targets.
void prevalence(const std::vector<AgeGroup>& bands, const std::vector<double>& partial,
                const std::vector<double>& full, const std::vector<double>& w, int first,
                std::vector<double>& out_partial, std::vector<double>& out_full) {
  const std::size_t n = bands.size();
  std::vector<double> x(n), any(n), y_any(n), y_share(n);
  auto mean = [&](const std::vector<double>& p, std::size_t k) {
    double sw = 0, sp = 0;
    for (int a = bands[k].lo; a <= bands[k].hi; ++a) {
      sw += w[static_cast<std::size_t>(a)];
      sp += w[static_cast<std::size_t>(a)] * p[static_cast<std::size_t>(a)];
    }
    return sp / sw;
  };
  for (std::size_t k = 0; k < n; ++k) {
    double sw = 0, sa = 0;
    for (int a = bands[k].lo; a <= bands[k].hi; ++a) {
      sw += w[static_cast<std::size_t>(a)];
      sa += w[static_cast<std::size_t>(a)] * a;
    }
    x[k] = sa / sw;
    any[k] = partial[k] + full[k];
    y_any[k] = any[k] > 0 ? logit_of(any[k]) : -40.0;
    y_share[k] = any[k] > 0 ? logit_of(std::clamp(full[k] / any[k], 1e-12, 1 - 1e-12)) : -40.0;
  }
  std::vector<double> p_any, p_full(kAges);
  auto curves = [&]() {
    p_any = logistic_curve(x, y_any, first);
    const std::vector<double> share = logistic_curve(x, y_share, first);
    for (std::size_t a = 0; a < kAges; ++a) p_full[a] = p_any[a] * share[a];
  };
  for (int it = 0; it < 2000; ++it) {
    curves();
    double worst = 0;
    for (std::size_t k = 0; k < n; ++k) {
      if (any[k] <= 0) continue;
      const double m_any = mean(p_any, k), m_full = mean(p_full, k);
      y_any[k] += logit_of(any[k]) - logit_of(m_any);
      if (partial[k] > 0 && full[k] > 0)
        y_share[k] += logit_of(full[k] / any[k]) - logit_of(m_full / m_any);
      worst = std::max({worst, std::fabs(m_any - any[k]), std::fabs(m_full - full[k])});
    }
    if (worst < 1e-14) break;
  }
  curves();
  out_partial.assign(kAges, 0.0);
  out_full = p_full;
  for (std::size_t a = 0; a < kAges; ++a) out_partial[a] = p_any[a] - p_full[a];
}

// --- the monthly model --------------------------------------------------------------------

using Row = Eigen::RowVector3d;

/// Transition matrix among survivors (row: from, column: to).
Eigen::Matrix3d transition(double onset, double direct, double recover, double progress,
                           double improve) {
  Eigen::Matrix3d t;
  t << 1 - onset, onset * (1 - direct), onset * direct,  //
      recover, 1 - recover - progress, progress,         //
      0, improve, 1 - improve;
  return t;
}

struct Rates {
  int n_years = 0;
  // [year][sex][state][age] monthly death probability
  std::vector<std::array<std::array<std::vector<double>, kStates>, kSexes>> q;
  std::array<std::vector<Eigen::Matrix3d>, kSexes> move;  // [sex][age], from the entry age
  std::vector<std::vector<double>> birth;                 // [year][age] monthly, women
  std::vector<std::array<std::vector<double>, kSexes>> leave, arrive;  // [year][sex][age]
  std::array<std::vector<double>, kSexes> pi_partial, pi_full;         // [sex][age]
  double male_share = 0.5;
};

Rates compute_rates(const DemographyModel& m) {
  const DemographyParams& p = m.params();
  const DemographyCalibration cal = m.calibration();
  const Horizon& h = m.horizon();
  Rates r;
  r.n_years = h.n_years();
  const auto& by_age = m.baseline_by_age();
  const DisabilityParams& d = p.disability;
  for (int s = 0; s < kSexes; ++s) {
    std::vector<double> w(kAges);
    for (int a = 0; a < kAges; ++a) w[static_cast<std::size_t>(a)] = by_age[s][a] + 1e-9;
    prevalence(d.age_groups, s == 0 ? d.male_partial_prevalence : d.female_partial_prevalence,
               s == 0 ? d.male_full_prevalence : d.female_full_prevalence, w, d.entry_age,
               r.pi_partial[s], r.pi_full[s]);
  }

  const MortalityParams& mp = p.mortality;
  const double hr[kStates] = {1.0, mp.hazard_ratio_partial, mp.hazard_ratio_full};
  r.q.resize(static_cast<std::size_t>(r.n_years));
  for (int y = 0; y < r.n_years; ++y) {
    const int year = h.first_year() + y;
    for (int s = 0; s < kSexes; ++s) {
      const auto& mx = s == 0 ? mp.male_mx : mp.female_mx;
      const auto& imp = s == 0 ? mp.male_improvement : mp.female_improvement;
      std::vector<double> sched(mx.size());
      for (std::size_t g = 0; g < mx.size(); ++g)
        sched[g] = cal.mortality_scale * mx[g] * std::exp(-imp[g] * (year - mp.base_year));
      const std::vector<double> mu =
          at_single_ages(mp.age_groups, brass(mp.age_groups, sched, cal.mortality_level, s));
      for (int st = 0; st < kStates; ++st) {
        auto& q = r.q[static_cast<std::size_t>(y)][s][st];
        q.assign(kAges, 0.0);
        for (int a = 0; a < kAges; ++a) {
          const auto ua = static_cast<std::size_t>(a);
          const double pp = r.pi_partial[s][ua], pf = r.pi_full[s][ua];
          const double mix = a >= d.entry_age ? (1 - pp - pf) + hr[1] * pp + hr[2] * pf : 1.0;
          q[ua] = monthly_probability_from_hazard(RatePerYear{mu[ua] * hr[st] / mix}).value;
        }
      }
    }
  }

  // Disability transitions: onset and progression at each age so that the prevalence of age a,
  // after the months to a+1 of first-year deaths then transitions, becomes that of a+1.
  const double recover =
      monthly_probability_from_annual(AnnualProbability{d.recovery_partial_to_independent}).value;
  const double improve =
      monthly_probability_from_annual(AnnualProbability{d.recovery_full_to_partial}).value;
  for (int s = 0; s < kSexes; ++s) {
    r.move[s].assign(kAges, Eigen::Matrix3d::Identity());
    Eigen::Vector2d x(0.002, 0.005);
    for (int a = d.entry_age; a <= kMaxAge; ++a) {
      const auto ua = static_cast<std::size_t>(a);
      const auto un = static_cast<std::size_t>(std::min(a + 1, kMaxAge));
      const Row from(1 - r.pi_partial[s][ua] - r.pi_full[s][ua], r.pi_partial[s][ua],
                     r.pi_full[s][ua]);
      const Eigen::Vector2d want(r.pi_partial[s][un], r.pi_full[s][un]);
      Row alive;
      for (int st = 0; st < kStates; ++st) alive[st] = 1 - r.q[0][s][st][ua];
      const int months = a == d.entry_age ? 11 : 12;
      auto shares = [&](const Eigen::Vector2d& v) {
        const Eigen::Matrix3d t =
            transition(v[0], d.onset_direct_full_share, recover, v[1], improve);
        Row w = from;
        for (int k = 0; k < months; ++k) w = w.cwiseProduct(alive) * t;
        w /= w.sum();
        return Eigen::Vector2d(w[1], w[2]);
      };
      for (int it = 0; it < 60; ++it) {
        const Eigen::Vector2d f = shares(x) - want;
        if (f.cwiseAbs().maxCoeff() < 1e-15) break;
        Eigen::Matrix2d jac;
        for (int k = 0; k < 2; ++k) {
          Eigen::Vector2d e = Eigen::Vector2d::Zero();
          e[k] = 1e-6;
          jac.col(k) = (shares(x + e) - shares(x - e)) / 2e-6;
        }
        x -= jac.partialPivLu().solve(f);
        x[0] = std::clamp(x[0], 0.0, 0.5);
        x[1] = std::clamp(x[1], 0.0, 0.5 - recover);
      }
      r.move[s][ua] = transition(x[0], d.onset_direct_full_share, recover, x[1], improve);
    }
  }

  // Fertility: the national pattern, the level, the path relative to the census year, the
  // yearly adjustment.
  const FertilityParams& fp = p.fertility;
  auto path = [&](int year) {
    if (fp.path_tfr.empty()) return 1.0;
    const int i =
        std::clamp(year - fp.path_first_year, 0, static_cast<int>(fp.path_tfr.size()) - 1);
    return fp.path_tfr[static_cast<std::size_t>(i)];
  };
  double census_year = 0;
  for (int k = 1; k <= 12; ++k) census_year += path((h.start - k).year()) / 12.0;
  const std::vector<double> asfr = at_single_ages(fp.age_groups, fp.asfr);
  r.birth.resize(static_cast<std::size_t>(r.n_years));
  for (int y = 0; y < r.n_years; ++y) {
    const double f = cal.fertility_level * path(h.first_year() + y) / census_year *
                     cal.fertility_adjustment[static_cast<std::size_t>(y)];
    auto& b = r.birth[static_cast<std::size_t>(y)];
    b.assign(kAges, 0.0);
    for (int a = 0; a < d.entry_age && a < kAges; ++a)
      b[static_cast<std::size_t>(a)] = asfr[static_cast<std::size_t>(a)] * f / 12.0;
  }
  r.male_share = fp.sex_ratio_at_birth / (fp.sex_ratio_at_birth + 100.0);

  // Migration.
  const MigrationParams& mg = p.migration;
  r.leave.resize(static_cast<std::size_t>(r.n_years));
  r.arrive.resize(static_cast<std::size_t>(r.n_years));
  for (int y = 0; y < r.n_years; ++y)
    for (int s = 0; s < kSexes; ++s) {
      auto& lv = r.leave[static_cast<std::size_t>(y)][s];
      auto& ar = r.arrive[static_cast<std::size_t>(y)][s];
      lv.assign(kAges, 0.0);
      ar.assign(kAges, 0.0);
      if (!mg.enabled()) continue;
      const auto& given =
          mg.net_rate.empty() ? (s == 0 ? mg.net_rate_male : mg.net_rate_female) : mg.net_rate;
      const std::vector<double> net = at_single_ages(mg.age_groups, given);
      for (int a = 0; a < kAges; ++a) {
        const double v = net[static_cast<std::size_t>(a)] / 1000.0 * mg.scale *
                         cal.migration_scale[static_cast<std::size_t>(y)];
        if (v < 0)
          lv[static_cast<std::size_t>(a)] = monthly_probability_from_hazard(RatePerYear{-v}).value;
        else
          ar[static_cast<std::size_t>(a)] =
              monthly_probability_from_event_rate(RatePerYear{v}).value;
      }
    }
  return r;
}

}  // namespace

DemographicTallies project_expected(const DemographyModel& m, int stop_after_year) {
  const Horizon& sc = m.horizon();
  const Month start = sc.start;
  const Month end = stop_after_year
                        ? std::min(sc.end_month(), Month::from_year_month(stop_after_year, 12))
                        : sc.end_month();
  const Rates r = compute_rates(m);
  const int entry = m.params().disability.entry_age;
  const int entry_m = 12 * entry;
  const int min_bm = start.index - kMonthsOfAge + 1;
  const int n_cohorts = sc.end_month().index + 1 - min_bm + 1;
  std::vector<Row> v(static_cast<std::size_t>(n_cohorts) * kSexes, Row::Zero());
  auto at = [&](int cohort, int sex) -> Row& {
    return v[static_cast<std::size_t>(cohort) * kSexes + static_cast<std::size_t>(sex)];
  };

  DemographicTallies t;
  t.init(sc.first_year(), sc.n_years());

  // The baseline: each single-year count spread evenly over its twelve birth months; above the
  // entry age, the states in proportion to the prevalence.
  const auto& by_age = m.baseline_by_age();
  for (int am = 0; am < kMonthsOfAge; ++am) {
    const int age = am / 12;
    const auto ua = static_cast<std::size_t>(age);
    for (int s = 0; s < kSexes; ++s) {
      const double pp = r.pi_partial[s][ua], pf = r.pi_full[s][ua];
      const Row share = am <= entry_m ? Row(1, 0, 0) : Row(1 - pp - pf, pp, pf);
      Row& c = at(start.index - am - min_bm, s);
      c = by_age[s][ua] / 12.0 * share;
      for (int st = 0; st < kStates; ++st)
        t.population_start[DemographicTallies::ass(age, s, st)] += c[st];
    }
  }

  for (Month month = start; month <= end; month = month + 1) {
    const int y = month.year() - sc.first_year();
    const auto uy = static_cast<std::size_t>(y);
    const int tm = month.index;
    double births = 0;
    std::vector<double> start_as(DemographicTallies::kAges * kSexes, 0.0);
    std::vector<double> deaths_as(DemographicTallies::kAges * kSexes, 0.0);
    for (int c = 0; c < n_cohorts; ++c) {
      const int age_m = tm - (min_bm + c);
      if (age_m < 0) continue;
      const int age = std::min(age_m / 12, kMaxAge);
      const auto ua = static_cast<std::size_t>(age);
      for (int s = 0; s < kSexes; ++s) {
        Row& row = at(c, s);
        const double alive = row.sum();
        if (alive == 0.0) continue;
        start_as[ua * kSexes + static_cast<std::size_t>(s)] += alive;
        Row survivors;
        for (int st = 0; st < kStates; ++st) {
          const double dead = row[st] * r.q[uy][s][st][ua];
          t.deaths[t.yass(y, age, s, st)] += dead;
          deaths_as[ua * kSexes + static_cast<std::size_t>(s)] += dead;
          survivors[st] = row[st] - dead;
        }
        // Migrants: survivors who do nothing else this month (a leaver or a source of an
        // arrival keeps its state); the rate applies to all survivors.
        const double out = r.leave[uy][s][ua], in = r.arrive[uy][s][ua];
        const Row movers = survivors * (out + in);
        Row next = survivors;
        if (age_m == entry_m) {  // the month the entry age is reached: the state is drawn
          const double draw_p = r.pi_partial[s][static_cast<std::size_t>(entry)];
          const double draw_f = r.pi_full[s][static_cast<std::size_t>(entry)];
          next = Row(survivors[0] * (1 - draw_p - draw_f), survivors[0] * draw_p + survivors[1],
                     survivors[0] * draw_f + survivors[2]);
          t.transitions[t.yft(y, 0, 1)] += survivors[0] * draw_p;
          t.transitions[t.yft(y, 0, 2)] += survivors[0] * draw_f;
        } else if (age >= entry) {
          const Eigen::Matrix3d& mv = r.move[s][ua];
          next = survivors * mv;
          for (int from = 0; from < kStates; ++from)
            for (int to = 0; to < kStates; ++to)
              if (from != to) t.transitions[t.yft(y, from, to)] += survivors[from] * mv(from, to);
        } else if (s == 1) {
          births += survivors[0] * r.birth[uy][ua];  // mothers stay where they are
        }
        if (out + in > 0) {
          t.departures[t.yas(y, age, s)] += movers.sum() * out / (out + in);
          t.arrivals[t.yas(y, age, s)] += movers.sum() * in / (out + in);
          next += (in > 0 ? 1.0 : -1.0) * movers;
        }
        row = next;
      }
    }
    // Newborns, joining at age 0 next month.
    const int nb = tm + 1 - min_bm;
    at(nb, 0)[0] += births * r.male_share;
    at(nb, 1)[0] += births * (1.0 - r.male_share);
    t.births[t.ys(y, 0)] += births * r.male_share;
    t.births[t.ys(y, 1)] += births * (1.0 - r.male_share);
    t.births_by_month[uy * 12 + static_cast<std::size_t>(month.month_of_year() - 1)] += births;

    for (int a = 0; a < DemographicTallies::kAges; ++a)
      for (int s = 0; s < kSexes; ++s) {
        const std::size_t i = static_cast<std::size_t>(a) * kSexes + static_cast<std::size_t>(s);
        t.exposure[t.yas(y, a, s)] += (start_as[i] - 0.5 * deaths_as[i]) / 12.0;
      }
    t.months[uy] += 1;

    if (month.month_of_year() == 12 || month == end) {
      const int tn = tm + 1;
      for (int c = 0; c < n_cohorts; ++c) {
        const int age_m = tn - (min_bm + c);
        if (age_m < 0) continue;
        const int age = std::min(age_m / 12, kMaxAge);
        for (int s = 0; s < kSexes; ++s)
          for (int st = 0; st < kStates; ++st)
            t.population_end[t.yass(y, age, s, st)] += at(c, s)[st];
      }
    }
  }
  return t;
}

}  // namespace laoxiao
