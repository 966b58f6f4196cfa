#include "models/demography/life_table.hpp"

#include <cmath>
#include <limits>

namespace laoxiao {

namespace {
// Coale-Demeny separation factors, as tabulated in Preston et al. (2001), Table 3.3: for
// m0 >= 0.107 the constants, below it a + b m0.
struct Separation {
  double high_a0, a0, b0, high_a1_4, a1_4, b1_4;
};
constexpr Separation kMale{0.330, 0.045, 2.684, 1.352, 1.651, -2.816};
constexpr Separation kFemale{0.350, 0.053, 2.800, 1.361, 1.522, -1.518};

void separation(const Separation& s, double m0, double& a0, double& a1_4) {
  const bool high = m0 >= 0.107;
  a0 = high ? s.high_a0 : s.a0 + s.b0 * m0;
  a1_4 = high ? s.high_a1_4 : s.a1_4 + s.b1_4 * m0;
}

void coale_demeny(double m0, LifeTableSex sex, double& a0, double& a1_4) {
  if (sex != LifeTableSex::kBoth) {
    separation(sex == LifeTableSex::kMale ? kMale : kFemale, m0, a0, a1_4);
    return;
  }
  double am, bm, af, bf;  // both sexes: the mean of the two formulas
  separation(kMale, m0, am, bm);
  separation(kFemale, m0, af, bf);
  a0 = 0.5 * (am + af);
  a1_4 = 0.5 * (bm + bf);
}

bool infant(const AgeGroup& g, std::size_t i) {
  return i == 0 && g.lo == 0 && g.hi == 0;
}
bool child(const AgeGroup& g, std::size_t i) {
  return i == 1 && g.lo == 1 && g.hi == 4;
}

/// Probability of dying within group i of rate m (not the open group).
double group_q(const AgeGroup& g, std::size_t i, double m, double a0, double a1_4) {
  if (infant(g, i)) return m / (1.0 + (1.0 - a0) * m);
  if (child(g, i)) return 4.0 * m / (1.0 + (4.0 - a1_4) * m);
  return -std::expm1(-g.width() * m);
}

bool valid(const std::vector<AgeGroup>& groups, const std::vector<double>& mx) {
  if (groups.size() < 3 || groups.size() != mx.size()) return false;
  for (double m : mx)
    if (!std::isfinite(m) || m < 0) return false;
  return true;
}
}  // namespace

double life_expectancy_at_birth(const std::vector<AgeGroup>& groups, const std::vector<double>& mx,
                                LifeTableSex sex) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (!valid(groups, mx)) return nan;
  double a0 = 0, a1_4 = 0;
  coale_demeny(mx[0], sex, a0, a1_4);
  double l = 1.0, total_L = 0.0;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const double m = mx[g];
    const double n = groups[g].width();
    if (groups[g].open) {
      if (m <= 0) return nan;
      total_L += l / m;
      break;
    }
    const double q = group_q(groups[g], g, m, a0, a1_4);
    double L = 0;
    if (infant(groups[g], g)) {
      L = l * (1.0 - q) + l * q * a0;
    } else if (child(groups[g], g)) {
      L = 4.0 * l * (1.0 - q) + l * q * a1_4;
    } else {
      L = (m > 0) ? l * q / m : n * l;
    }
    if (q >= 1.0) {
      // Everyone alive at the start of the group dies in it: the table closes here, and the
      // years lived follow from the rate (m = d / L), continuous with the formula at q = 1.
      total_L += l / m;
      break;
    }
    total_L += L;
    l *= (1.0 - q);
  }
  return total_L < kMaxLifeExpectancy ? total_L : nan;
}

std::vector<double> survivorship(const std::vector<AgeGroup>& groups, const std::vector<double>& mx,
                                 LifeTableSex sex) {
  std::vector<double> l(groups.size(), std::numeric_limits<double>::quiet_NaN());
  if (!valid(groups, mx)) return l;
  double a0 = 0, a1_4 = 0;
  coale_demeny(mx[0], sex, a0, a1_4);
  double s = 1.0;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    l[g] = s;
    if (!groups[g].open) s *= 1.0 - group_q(groups[g], g, mx[g], a0, a1_4);
  }
  return l;
}

std::vector<double> brass_relational(const std::vector<AgeGroup>& groups,
                                     const std::vector<double>& mx, double alpha,
                                     LifeTableSex sex) {
  const std::vector<double> l = survivorship(groups, mx, sex);
  const std::size_t n = groups.size();
  std::vector<double> out(mx);
  if (!valid(groups, mx) || alpha == 0.0) return out;
  // l*(x) for x > 0: logit shifted by alpha.
  std::vector<double> ls(n + 1, 1.0);
  const double k = std::exp(2.0 * alpha);
  for (std::size_t g = 1; g < n; ++g) {
    const double odds = (1.0 - l[g]) / l[g];  // exp(2 Y)
    ls[g] = 1.0 / (1.0 + k * odds);
  }
  // Rates from the new survivors, group by group; a0 and 4a1 depend on the new m0.
  for (std::size_t g = 0; g + 1 < n; ++g) {
    const double q = 1.0 - ls[g + 1] / ls[g];
    const AgeGroup& grp = groups[g];
    if (infant(grp, g)) {
      double m = mx[g];
      for (int it = 0; it < 50; ++it) {  // q = m / (1 + (1 - a0(m)) m), a0 rising in m
        double a0 = 0, a1_4 = 0;
        coale_demeny(m, sex, a0, a1_4);
        const double next = q / (1.0 - (1.0 - a0) * q);
        if (std::fabs(next - m) < 1e-15) break;
        m = next;
      }
      out[g] = m;
    } else if (child(grp, g)) {
      double a0 = 0, a1_4 = 0;
      coale_demeny(out[0], sex, a0, a1_4);
      out[g] = q / (4.0 - (4.0 - a1_4) * q);
    } else {
      out[g] = -std::log1p(-q) / grp.width();
    }
  }
  if (n >= 2 && groups[n - 1].open && mx[n - 2] > 0)
    out[n - 1] = mx[n - 1] * out[n - 2] / mx[n - 2];
  return out;
}

}  // namespace laoxiao
