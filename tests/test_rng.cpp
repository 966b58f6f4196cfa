#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "core/rng.hpp"
#include "core/units.hpp"

namespace laoxiao {
namespace {

// Known-answer vectors of Random123 (kat_vectors, "philox4x32 10" lines): counter, key, result.
TEST(Philox, KnownAnswers10Rounds) {
  struct Kat {
    Philox4x32Counter ctr;
    Philox4x32Key key;
    Philox4x32Counter want;
  };
  const Kat kats[] = {
      {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
      {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
       {0xffffffff, 0xffffffff},
       {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
      {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
       {0xa4093822, 0x299f31d0},
       {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
  };
  for (const auto& k : kats) EXPECT_EQ(philox4x32<10>(k.ctr, k.key), k.want);
}

TEST(Philox, KnownAnswer7Rounds) {
  // Random123 kat_vectors "philox4x32 7" with the pi inputs.
  EXPECT_EQ(
      (philox4x32<7>({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0})),
      (Philox4x32Counter{0x4dfccaba, 0x190a87f0, 0xc47362ba, 0xb6b5242a}));
}

TEST(Philox, BulkFillEqualsSingleDraws) {
  const RngKey key{12345, 7, 140827};
  std::vector<std::uint32_t> a(1000), b(1000), c(1000), d(1000);
  philox_fill(key, Stream::kDemography, 1450, 500, 1000, a.data(), b.data(), c.data(), d.data());
  for (std::uint32_t i = 0; i < 1000; ++i) {
    const auto r = key.draw(500 + i, 1450, Stream::kDemography);
    ASSERT_EQ(r[0], a[i]);
    ASSERT_EQ(r[3], d[i]);
  }
}

TEST(Philox, KeysSeparateStreams) {
  // Changing any part of the key or counter changes the draw.
  const RngKey base{1, 0, 5};
  const auto x = base.draw(10, 100, Stream::kDemography);
  EXPECT_NE(x, (RngKey{2, 0, 5}.draw(10, 100, Stream::kDemography)));
  EXPECT_NE(x, (RngKey{1, 1, 5}.draw(10, 100, Stream::kDemography)));
  EXPECT_NE(x, (RngKey{1, 0, 6}.draw(10, 100, Stream::kDemography)));
  EXPECT_NE(x, base.draw(11, 100, Stream::kDemography));
  EXPECT_NE(x, base.draw(10, 101, Stream::kDemography));
  EXPECT_NE(x, base.draw(10, 100, Stream::kNewborn));
  EXPECT_EQ(x, base.draw(10, 100, Stream::kDemography));
}

TEST(Philox, UniformWordsLookUniform) {
  // Chi-square over 64 bins of 2^16 draws: with 63 degrees of freedom the 99.99th percentile
  // is about 113; fixed key, so the result is deterministic.
  const RngKey key{2024, 0, 1};
  std::vector<double> bins(64, 0.0);
  const int n = 1 << 16;
  for (int i = 0; i < n / 4; ++i) {
    const auto r = key.draw(static_cast<std::uint32_t>(i), 0, Stream::kDemography);
    for (auto w : r) bins[w >> 26] += 1;
  }
  double chi2 = 0, expect = n / 64.0;
  for (double b : bins) chi2 += (b - expect) * (b - expect) / expect;
  EXPECT_LT(chi2, 113.0);
}

TEST(Units, ThresholdsRoundTrip) {
  EXPECT_EQ(probability_threshold(0.0), 0u);
  EXPECT_EQ(probability_threshold(-1.0), 0u);
  EXPECT_EQ(probability_threshold(1.0), 0xFFFFFFFFu);
  EXPECT_EQ(probability_threshold(0.5), 0x80000000u);
  EXPECT_NEAR(threshold_probability(probability_threshold(0.0123)), 0.0123, 1e-9);
  EXPECT_GT(uniform01(0), 0.0);
  EXPECT_LT(uniform01(0xFFFFFFFFu), 1.0);
}

TEST(Units, RateConversions) {
  // A hazard of 12/year for one month: 1 - e^-1.
  EXPECT_NEAR(monthly_probability_from_hazard(RatePerYear{12.0}).value, 1 - std::exp(-1.0), 1e-15);
  EXPECT_NEAR(monthly_probability_from_event_rate(RatePerYear{0.06}).value, 0.005, 1e-15);
  // Twelve monthly chances of p_m give the annual probability back.
  const double pm = monthly_probability_from_annual(AnnualProbability{0.3}).value;
  EXPECT_NEAR(1 - std::pow(1 - pm, 12), 0.3, 1e-14);
}

}  // namespace
}  // namespace laoxiao
