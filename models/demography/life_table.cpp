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
}  // namespace

double life_expectancy_at_birth(const std::vector<AgeGroup>& groups, const std::vector<double>& mx,
                                LifeTableSex sex) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (groups.size() < 3 || groups.size() != mx.size()) return nan;
  for (double m : mx)
    if (!std::isfinite(m) || m < 0) return nan;
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
    double q = 0, L = 0;
    if (g == 0 && groups[g].lo == 0 && groups[g].hi == 0) {
      q = m / (1.0 + (1.0 - a0) * m);
      L = l * (1.0 - q) + l * q * a0;
    } else if (g == 1 && groups[g].lo == 1 && groups[g].hi == 4) {
      q = 4.0 * m / (1.0 + (4.0 - a1_4) * m);
      L = 4.0 * l * (1.0 - q) + l * q * a1_4;
    } else {
      q = -std::expm1(-n * m);
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

}  // namespace laoxiao
