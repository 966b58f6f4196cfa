// Sensitivity estimators (sim/sensitivity.hpp) on functions whose indices are known: Sobol
// first-order and total indices of the Ishigami function within their bootstrap standard errors,
// and Morris elementary effects of linear and interacting functions.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "core/design.hpp"
#include "sim/sensitivity.hpp"

namespace laoxiao {
namespace {

/// Ishigami and Homma (1990) on [-pi, pi]^3 from the unit cube.
double ishigami(const std::vector<double>& u, double a = 7, double b = 0.1) {
  const double pi = std::numbers::pi;
  const double x1 = -pi + 2 * pi * u[0], x2 = -pi + 2 * pi * u[1], x3 = -pi + 2 * pi * u[2];
  return std::sin(x1) + a * std::sin(x2) * std::sin(x2) + b * std::pow(x3, 4) * std::sin(x1);
}

TEST(Sensitivity, IshigamiSobolIndicesWithinTheirStandardErrors) {
  // Analytical indices for a = 7, b = 0.1 (Sobol' and Levitan 1999; Saltelli et al. 2008):
  // V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2, V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2/8,
  // V13 = b^2 pi^8 (1/18 - 1/50), V3 = 0.
  const double a = 7, b = 0.1, pi = std::numbers::pi;
  const double V = a * a / 8 + b * std::pow(pi, 4) / 5 + b * b * std::pow(pi, 8) / 18 + 0.5;
  const double V1 = 0.5 * std::pow(1 + b * std::pow(pi, 4) / 5, 2), V2 = a * a / 8;
  const double V13 = b * b * std::pow(pi, 8) * (1.0 / 18 - 1.0 / 50);
  const double s1[] = {V1 / V, V2 / V, 0.0};
  const double st[] = {(V1 + V13) / V, V2 / V, V13 / V};
  EXPECT_NEAR(s1[0], 0.3139, 5e-5);
  EXPECT_NEAR(s1[1], 0.4424, 5e-5);
  EXPECT_NEAR(st[0], 0.5576, 5e-5);
  EXPECT_NEAR(st[2], 0.2437, 5e-5);

  const int n = 4096, k = 3;
  const UnitDesign x = saltelli_design(n, k);
  std::vector<double> y;
  for (const auto& u : x) y.push_back(ishigami(u));
  const SobolIndices r = sobol_indices(y, n, k, 500, 20201101);
  ASSERT_EQ(r.rows, n);
  EXPECT_NEAR(r.variance, V, 0.05 * V);
  for (int i = 0; i < k; ++i) {
    // The tolerance is three bootstrap standard errors of the estimate (fixed seed); the
    // errors themselves must be small for the test to mean anything.
    EXPECT_LT(r.s1_se[i], 0.03);
    EXPECT_LT(r.st_se[i], 0.03);
    EXPECT_NEAR(r.s1[i], s1[i], 3 * r.s1_se[i]) << "S1 of x" << i + 1 << " se " << r.s1_se[i];
    EXPECT_NEAR(r.st[i], st[i], 3 * r.st_se[i]) << "ST of x" << i + 1 << " se " << r.st_se[i];
    std::cout << "[ ishigami ] x" << i + 1 << ": S1 " << r.s1[i] << " +- " << r.s1_se[i]
              << " (exact " << s1[i] << "), ST " << r.st[i] << " +- " << r.st_se[i] << " (exact "
              << st[i] << ")\n";
  }
  // Rows with a NaN output are dropped, not propagated.
  y[5] = std::nan("");
  EXPECT_EQ(sobol_indices(y, n, k, 10, 1).rows, n - 1);
}

TEST(Sensitivity, MorrisEffectsOfALinearFunctionAreItsSlopes) {
  const int r = 20, k = 3;
  const UnitDesign x = morris_design(r, k, 4, 11);
  std::vector<double> y;
  for (const auto& u : x) y.push_back(2 * u[0] - 0.5 * u[1] + 0 * u[2] + 3);
  const MorrisIndices m = morris_indices(x, y, k);
  const double slope[] = {2, -0.5, 0};
  for (int i = 0; i < k; ++i) {
    EXPECT_EQ(m.effects[i], r);
    EXPECT_NEAR(m.mu[i], slope[i], 1e-12);
    EXPECT_NEAR(m.mu_star[i], std::fabs(slope[i]), 1e-12);
    EXPECT_NEAR(m.sigma[i], 0, 1e-12);
  }
}

TEST(Sensitivity, MorrisSigmaShowsInteractions) {
  // y = x1 x2: the effect of x1 depends on x2 (sigma > 0), x3 does nothing.
  const int r = 40, k = 3;
  const UnitDesign x = morris_design(r, k, 4, 12);
  std::vector<double> y;
  for (const auto& u : x) y.push_back(u[0] * u[1]);
  const MorrisIndices m = morris_indices(x, y, k);
  EXPECT_GT(m.sigma[0], 0.1);
  EXPECT_GT(m.sigma[1], 0.1);
  EXPECT_GT(m.mu_star[0], 0.2);
  EXPECT_EQ(m.mu_star[2], 0.0);
  EXPECT_EQ(m.sigma[2], 0.0);
}

}  // namespace
}  // namespace laoxiao
