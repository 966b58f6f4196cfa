// Designs of experiments (core/design.hpp): grids, Latin hypercube strata, the Sobol sequence
// against its known first points and its net property, Saltelli's A/B/AB matrices, Morris
// trajectories that move one factor at a time by +-delta.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "core/design.hpp"
#include "core/sobol_directions.hpp"

namespace laoxiao {
namespace {

TEST(Design, GridHoldsEveryCombinationOnceTheLastDimensionFastest) {
  const auto g = grid_levels({2, 3, 2});
  ASSERT_EQ(g.size(), 12u);
  EXPECT_EQ(g[0], (std::vector<int>{0, 0, 0}));
  EXPECT_EQ(g[1], (std::vector<int>{0, 0, 1}));
  EXPECT_EQ(g[2], (std::vector<int>{0, 1, 0}));
  EXPECT_EQ(g[11], (std::vector<int>{1, 2, 1}));
  std::set<std::vector<int>> unique(g.begin(), g.end());
  EXPECT_EQ(unique.size(), g.size());
}

TEST(Design, LatinHypercubeHitsEachStratumOnceInEveryDimension) {
  const int n = 37, k = 5;
  const UnitDesign x = latin_hypercube(n, k, 20201101);
  ASSERT_EQ(x.size(), static_cast<std::size_t>(n));
  for (int d = 0; d < k; ++d) {
    std::vector<int> hits(n, 0);
    for (const auto& p : x) {
      ASSERT_GE(p[d], 0.0);
      ASSERT_LT(p[d], 1.0);
      ++hits[static_cast<std::size_t>(p[d] * n)];
    }
    for (int j = 0; j < n; ++j) EXPECT_EQ(hits[j], 1) << "dimension " << d << " stratum " << j;
  }
  // The same seed gives the same design; another seed another pairing of strata.
  EXPECT_EQ(latin_hypercube(n, k, 20201101), x);
  const UnitDesign y = latin_hypercube(n, k, 20201102);
  int same_stratum = 0;
  for (int i = 0; i < n; ++i)
    same_stratum += static_cast<int>(x[i][1] * n) == static_cast<int>(y[i][1] * n);
  EXPECT_LT(same_stratum, n / 2);
}

TEST(Design, SobolFirstPointsAreTheKnownSequence) {
  // The unscrambled Sobol sequence in Gray-code order with Joe and Kuo's direction numbers
  // (dimension 2: s=1, a=0, m=1; dimension 3: s=2, a=1, m=1,3), as in their reference program.
  const double expected[8][3] = {{0, 0, 0},
                                 {0.5, 0.5, 0.5},
                                 {0.75, 0.25, 0.25},
                                 {0.25, 0.75, 0.75},
                                 {0.375, 0.375, 0.625},
                                 {0.875, 0.875, 0.125},
                                 {0.625, 0.125, 0.875},
                                 {0.125, 0.625, 0.375}};
  const UnitDesign x = sobol_points(8, 3);
  for (int i = 0; i < 8; ++i)
    for (int d = 0; d < 3; ++d) EXPECT_EQ(x[i][d], expected[i][d]) << i << "," << d;
  // The table as published: its first rows and the last one kept.
  const auto& rows = sobol_direction_rows();
  EXPECT_EQ(rows[0].d, 2);
  EXPECT_EQ(rows[19].d, 21);
  EXPECT_EQ(rows[19].s, 7);
  EXPECT_EQ(rows[19].a, 4u);
  EXPECT_EQ(rows[19].m[6], 69u);
  EXPECT_EQ(rows.back().d, kSobolMaxDims);
}

TEST(Design, SobolPointsAreANetInEveryDimensionAndPair) {
  // The first 2^m points put one point in each interval [j/2^m, (j+1)/2^m) of every dimension
  // (every dimension's direction numbers are independent), and the first two dimensions form
  // a (0, m, 2)-net: one point in each dyadic box of area 2^-m.
  const int m = 10, n = 1 << m;
  const UnitDesign x = sobol_points(n, kSobolMaxDims);
  for (int d = 0; d < kSobolMaxDims; ++d) {
    std::vector<int> hits(n, 0);
    for (const auto& p : x) ++hits[static_cast<std::size_t>(p[d] * n)];
    for (int j = 0; j < n; ++j) ASSERT_EQ(hits[j], 1) << "dimension " << d + 1 << " interval " << j;
  }
  for (int a = 0; a <= m; ++a) {
    std::vector<int> hits(n, 0);
    for (const auto& p : x) {
      const int i = static_cast<int>(p[0] * (1 << a)), j = static_cast<int>(p[1] * (1 << (m - a)));
      ++hits[static_cast<std::size_t>(i * (1 << (m - a)) + j)];
    }
    for (int b = 0; b < n; ++b) ASSERT_EQ(hits[b], 1) << "boxes 2^-" << a << " x 2^-" << m - a;
  }
}

TEST(Design, SaltelliRowsAreATheAbMatricesAndB) {
  const int n = 16, k = 3;
  const UnitDesign x = saltelli_design(n, k);
  const UnitDesign base = sobol_points(n, 2 * k);
  ASSERT_EQ(x.size(), static_cast<std::size_t>(n * (k + 2)));
  for (int j = 0; j < n; ++j) {
    const auto& a = x[j * (k + 2)];
    const auto& b = x[j * (k + 2) + k + 1];
    for (int i = 0; i < k; ++i) {
      EXPECT_EQ(a[i], base[j][i]);
      EXPECT_EQ(b[i], base[j][k + i]);
      const auto& ab = x[j * (k + 2) + 1 + i];
      for (int c = 0; c < k; ++c) EXPECT_EQ(ab[c], c == i ? b[c] : a[c]);
    }
  }
}

TEST(Design, MorrisTrajectoriesMoveOneFactorAtATimeByDelta) {
  const int r = 25, k = 6, p = 4;
  const double delta = morris_delta(p);
  EXPECT_DOUBLE_EQ(delta, 4.0 / 6.0);
  const UnitDesign x = morris_design(r, k, p, 7);
  ASSERT_EQ(x.size(), static_cast<std::size_t>(r * (k + 1)));
  std::set<double> grid;
  for (int l = 0; l < p; ++l) grid.insert(l * (1.0 / (p - 1)));
  int up = 0, down = 0;
  for (int t = 0; t < r; ++t) {
    std::set<int> moved;
    for (int s = 0; s <= k; ++s) {
      const auto& pt = x[t * (k + 1) + s];
      for (double v : pt) EXPECT_TRUE(grid.count(v)) << v << " is not on the grid";
      if (s == 0) continue;
      const auto& prev = x[t * (k + 1) + s - 1];
      int changed = 0;
      for (int i = 0; i < k; ++i) {
        if (pt[i] == prev[i]) continue;
        ++changed;
        moved.insert(i);
        EXPECT_NEAR(std::fabs(pt[i] - prev[i]), delta, 1e-12);
        (pt[i] > prev[i] ? up : down)++;
      }
      EXPECT_EQ(changed, 1) << "trajectory " << t << " step " << s;
    }
    EXPECT_EQ(moved.size(), static_cast<std::size_t>(k)) << "each factor moves once";
  }
  // Directions are random: both occur.
  EXPECT_GT(up, r * k / 4);
  EXPECT_GT(down, r * k / 4);
  EXPECT_EQ(morris_design(r, k, p, 7), x);
  EXPECT_THROW(morris_design(r, k, 3, 7), std::invalid_argument);
}

}  // namespace
}  // namespace laoxiao
